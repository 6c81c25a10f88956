"""Body-surface area formulas (height in cm, weight in kg, result in m²).

Every formula is computed in :class:`~decimal.Decimal` at 28 significant digits, so the linear
formulas are exact and the power formulas are correct far beyond the 0.01 m² the result is
rounded to. The result is rounded half-up to 0.01 m² by :func:`body_surface_area`; doses are
computed from that rounded value, as a pharmacist computes them by hand.

Sources (the coefficients are checked against these published values in the tests):

* Mosteller RD. Simplified calculation of body-surface area. N Engl J Med 1987;317:1098.
* Du Bois D, Du Bois EF. A formula to estimate the approximate surface area if height and weight
  be known. Arch Intern Med 1916;17:863-71. Centimetre form, constant 0.007184.
* Haycock GB et al. Geometric method for measuring body surface area. J Pediatr 1978;93:62-6.
* Gehan EA, George SL. Estimation of human body surface area from height and weight.
  Cancer Chemother Rep 1970;54:225-35.
* Boyd E. The growth of the surface area of the human body. Univ. of Minnesota Press, 1935;
  weight in grams, logarithm base 10.
* Stevenson PH. Height-weight-surface formula for the estimation of surface area in Chinese
  subjects. Chin J Physiol 1937;12:327-30 (许文生公式): 0.0061·H + 0.0128·W − 0.1529.

Published check values (R package clinPK unit tests; Mosteller's paper): 180 cm / 80 kg gives
DuBois 1.996, Mosteller 2.000, Haycock 2.007, Gehan-George 2.009, Boyd 2.007; 175 cm / 70 kg gives
Mosteller 1.845.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, localcontext

BsaFormula = Callable[[Decimal, Decimal], Decimal]


def mosteller(height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """Mosteller 1987: √(H·W / 3600).

    >>> round(mosteller(Decimal(180), Decimal(80)), 3)
    Decimal('2.000')
    """
    with localcontext() as ctx:
        ctx.prec = 28
        return (height_cm * weight_kg / Decimal(3600)).sqrt()


def dubois(height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """Du Bois & Du Bois 1916: 0.007184 · H^0.725 · W^0.425.

    >>> round(dubois(Decimal(180), Decimal(80)), 3)
    Decimal('1.996')
    """
    with localcontext() as ctx:
        ctx.prec = 28
        return Decimal("0.007184") * height_cm ** Decimal("0.725") * weight_kg ** Decimal("0.425")


def haycock(height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """Haycock 1978: 0.024265 · H^0.3964 · W^0.5378.

    >>> round(haycock(Decimal(180), Decimal(80)), 3)
    Decimal('2.007')
    """
    with localcontext() as ctx:
        ctx.prec = 28
        return Decimal("0.024265") * height_cm ** Decimal("0.3964") * weight_kg ** Decimal("0.5378")


def gehan_george(height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """Gehan & George 1970: 0.0235 · H^0.42246 · W^0.51456.

    >>> round(gehan_george(Decimal(180), Decimal(80)), 3)
    Decimal('2.009')
    """
    with localcontext() as ctx:
        ctx.prec = 28
        return Decimal("0.0235") * height_cm ** Decimal("0.42246") * weight_kg ** Decimal("0.51456")


def boyd(height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """Boyd 1935: 0.0003207 · H^0.3 · Wg^(0.7285 − 0.0188 · log10 Wg), Wg the weight in grams.

    >>> round(boyd(Decimal(180), Decimal(80)), 3)
    Decimal('2.007')
    """
    with localcontext() as ctx:
        ctx.prec = 28
        grams = weight_kg * 1000
        exponent = Decimal("0.7285") - Decimal("0.0188") * grams.log10()
        return Decimal("0.0003207") * height_cm ** Decimal("0.3") * grams**exponent


def stevenson(height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """Stevenson 1937 (许文生), for Chinese adults: 0.0061·H + 0.0128·W − 0.1529.

    >>> stevenson(Decimal(160), Decimal(50))
    Decimal('1.4631')
    """
    return Decimal("0.0061") * height_cm + Decimal("0.0128") * weight_kg - Decimal("0.1529")


#: The formulas by the names used in plan files. Mosteller is the default.
FORMULAS: dict[str, BsaFormula] = {
    "mosteller": mosteller,
    "dubois": dubois,
    "haycock": haycock,
    "gehan-george": gehan_george,
    "boyd": boyd,
    "stevenson": stevenson,
}
DEFAULT_FORMULA = "mosteller"

#: How each formula is written for people, for the "which formula" line of every output.
FORMULA_TEXT: dict[str, str] = {
    "mosteller": "Mosteller: √(H × W / 3600)",
    "dubois": "DuBois & DuBois: 0.007184 × H^0.725 × W^0.425",
    "haycock": "Haycock: 0.024265 × H^0.3964 × W^0.5378",
    "gehan-george": "Gehan & George: 0.0235 × H^0.42246 × W^0.51456",
    "boyd": "Boyd: 0.0003207 × H^0.3 × Wg^(0.7285 − 0.0188 × log10 Wg)",
    "stevenson": "Stevenson (许文生): 0.0061 × H + 0.0128 × W − 0.1529",
}

BSA_STEP = Decimal("0.01")


def body_surface_area(formula: str, height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """BSA in m² by the named formula, rounded half-up to 0.01 m².

    >>> body_surface_area("mosteller", Decimal(175), Decimal(70))  # 1.84466...: 1.845 to 3 places
    Decimal('1.84')

    Raises:
        KeyError: ``formula`` is not one of :data:`FORMULAS`.
    """
    exact = FORMULAS[formula](height_cm, weight_kg)
    return exact.quantize(BSA_STEP, rounding=ROUND_HALF_UP)
