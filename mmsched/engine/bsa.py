"""Body-surface area formulas (height in cm, weight in kg, result in m²).

Every formula is computed in :class:`~decimal.Decimal` at 28 significant digits, so the linear
formulas are exact and the power formulas are correct far beyond the 0.01 m² the result is
rounded to. The result is rounded half-up to 0.01 m² by :func:`body_surface_area`; doses are
computed from that rounded value, as a pharmacist computes them by hand.

The ``Decimal`` functions of :data:`FORMULAS` are the reference. Their power functions cost
about 0.1 ms a call, so :func:`body_surface_area` first computes Mosteller and the power
formulas in float (:func:`rounded_by_float`) and uses the ``Decimal`` reference only when the
float value is too close to a rounding boundary (x.xx5 m²) to tell which way the reference
rounds; the rounded BSA is the reference's either way (the bound is argued at
:data:`FLOAT_MARGIN`).

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

import math
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


# --- the same formulas in float, for speed ---------------------------------------------------


def _mosteller_float(h: float, w: float) -> float:
    return math.sqrt(h * w / 3600.0)


def _dubois_float(h: float, w: float) -> float:
    return 0.007184 * math.pow(h, 0.725) * math.pow(w, 0.425)


def _haycock_float(h: float, w: float) -> float:
    return 0.024265 * math.pow(h, 0.3964) * math.pow(w, 0.5378)


def _gehan_george_float(h: float, w: float) -> float:
    return 0.0235 * math.pow(h, 0.42246) * math.pow(w, 0.51456)


def _boyd_float(h: float, w: float) -> float:
    grams = w * 1000.0
    return 0.0003207 * math.pow(h, 0.3) * math.pow(grams, 0.7285 - 0.0188 * math.log10(grams))


#: The formulas that :func:`rounded_by_float` computes in float. Stevenson is linear: its
#: ``Decimal`` value is exact and as fast, and it has exact ties (1.585 at 159 cm / 60 kg).
FLOAT_FORMULAS: dict[str, Callable[[float, float], float]] = {
    "mosteller": _mosteller_float,
    "dubois": _dubois_float,
    "haycock": _haycock_float,
    "gehan-george": _gehan_george_float,
    "boyd": _boyd_float,
}

#: The float path answers for heights and weights in this range (cm and kg; plans allow
#: 50-250 cm and 10-350 kg); outside it, and for NaN, infinities or other types, the
#: ``Decimal`` reference runs and behaves as it always did.
FLOAT_RANGE = (1.0, 1000.0)

#: How close (relative to the BSA) the float value may come to a rounding boundary x.xx5
#: before the ``Decimal`` reference decides instead.
#:
#: Why 1e-9 is safe. The reference computes the formula for the exact ``Decimal`` H and W at 28
#: digits, each step rounded once (``**`` and ``log10`` within a unit of the 28th digit), so it
#: is within 1e-25 of the true value T, relatively. In float, with u = 2**-53 (1.1e-16) the
#: unit roundoff, relative errors against T are at most:
#:
#: * u for each correctly rounded step: H and W converted, the constant, each product, x100
#:   (an error in H or W only shrinks through H**a, as a < 1): 6u;
#: * for an exponent a stored as a float (off by a·u), a factor exp(a·u·ln H) on H**a: at most
#:   u·ln 1000 < 7u a power, as H and W lie in FLOAT_RANGE: 14u;
#: * for ``pow`` and ``log10`` of the C library, not required to be correctly rounded (``sqrt``
#:   is, by IEEE 754); glibc, musl, macOS and the Microsoft CRT are within a few units in the
#:   last place; allowing 16 ulp (32u) each: 64u for two powers;
#: * for Boyd, the exponent 0.7285 - 0.0188·log10(Wg) is off by less than 6u (log10 Wg is at
#:   most 6, so its 32u become 0.0188·6·32u < 4u), which moves Wg**e by less than
#:   ln(1e6)·6u < 83u: at most 160u in all for Boyd, 84u for the others, 5u for Mosteller.
#:
#: So the float BSA is within 200u (2.3e-14) of T, and within 3e-14 of the reference. When the
#: float value is further from x.xx5 than 1e-9 of itself, the reference lies on the same side
#: of x.xx5, not on it, and rounds half-up to the same hundredth. The margin is 40,000 times the
#: bound, so a C library far worse than those above is covered too; the tests measure the
#: actual difference (under 2e-15) and compare with the reference on grids and random values.
#: The price: fewer than one value in a million (for a BSA under 5 m²) falls within the margin,
#: and the exact ties of Mosteller (110.7 cm and 110.7 kg: 1.845) always do; they cost 2-120 µs.
FLOAT_MARGIN = 1e-9

#: The float path's answers by hundredths of a m² (Decimal("1.84") at 184), made once each.
_HUNDREDTHS: dict[int, Decimal] = {}


def rounded_by_float(formula: str, height_cm: Decimal, weight_kg: Decimal) -> Decimal | None:
    """BSA rounded half-up to 0.01 m² computed in float, or None when float cannot tell.

    The answer, when there is one, equals ``FORMULAS[formula](height_cm,
    weight_kg).quantize(BSA_STEP, rounding=ROUND_HALF_UP)`` (see :data:`FLOAT_MARGIN`). None:
    the formula has no float form (Stevenson, an unknown name), the inputs are not
    ``Decimal`` in :data:`FLOAT_RANGE`, or the value is within the margin of x.xx5.

    >>> rounded_by_float("dubois", Decimal(180), Decimal(80))  # 1.99597...
    Decimal('2.00')
    >>> rounded_by_float("mosteller", Decimal("110.7"), Decimal("110.7"))  # 110.7 / 60 = 1.845
    """
    compute = FLOAT_FORMULAS.get(formula)
    if compute is None or not isinstance(height_cm, Decimal) or not isinstance(weight_kg, Decimal):
        return None
    try:
        h, w = float(height_cm), float(weight_kg)
    except ValueError:  # a signalling NaN
        return None
    low, high = FLOAT_RANGE
    if not (low <= h <= high and low <= w <= high):  # also False for NaN
        return None
    hundredths = compute(h, w) * 100.0
    whole = math.floor(hundredths)
    above = hundredths - whole  # exact (Sterbenz)
    if abs(above - 0.5) <= FLOAT_MARGIN * hundredths:
        return None
    rounded = whole + 1 if above > 0.5 else whole
    answer = _HUNDREDTHS.get(rounded)
    if answer is None:
        # Made from text, so exact in any decimal context: "184e-2" is Decimal("1.84").
        answer = _HUNDREDTHS[rounded] = Decimal(f"{rounded}e-2")
    return answer


def body_surface_area(formula: str, height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """BSA in m² by the named formula, rounded half-up to 0.01 m².

    The value is the ``Decimal`` reference's (:data:`FORMULAS`), rounded; it is found in float
    when that is certain to give the same hundredth (:func:`rounded_by_float`). The float path
    neither reads nor signals the current decimal context (its traps and flags); under the
    default context the two ways cannot be told apart.

    >>> body_surface_area("mosteller", Decimal(175), Decimal(70))  # 1.84466...: 1.845 to 3 places
    Decimal('1.84')

    Raises:
        KeyError: ``formula`` is not one of :data:`FORMULAS`.
    """
    fast = rounded_by_float(formula, height_cm, weight_kg)
    if fast is not None:
        return fast
    exact = FORMULAS[formula](height_cm, weight_kg)
    return exact.quantize(BSA_STEP, rounding=ROUND_HALF_UP)
