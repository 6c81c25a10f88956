"""BSA formulas against published check values and hand arithmetic, and half-up rounding.

Sources of the check values (see /work/shared/CLINICAL.md): 180 cm / 80 kg gives DuBois 1.996,
Mosteller 2.000, Haycock 2.007, Gehan-George 2.009, Boyd 2.007 (R package clinPK unit tests);
170 cm / 65 kg gives DuBois 1.754; 175 cm / 70 kg gives Mosteller 1.845. The Stevenson formula is
linear, so its values are worked out exactly by hand below.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from mmsched.engine.bsa import FORMULA_TEXT, FORMULAS, body_surface_area, boyd, stevenson
from mmsched.engine.dosing import compute_dose
from mmsched.engine.units import Dose

D = Decimal


def test_formula_names() -> None:
    assert set(FORMULAS) == {"mosteller", "dubois", "haycock", "gehan-george", "boyd", "stevenson"}
    assert set(FORMULA_TEXT) == set(FORMULAS)


@pytest.mark.parametrize(
    ("formula", "height_cm", "weight_kg", "published"),
    [
        ("mosteller", 180, 80, "2.000"),
        ("dubois", 180, 80, "1.996"),
        ("haycock", 180, 80, "2.007"),
        ("gehan-george", 180, 80, "2.009"),
        ("boyd", 180, 80, "2.007"),
        ("dubois", 170, 65, "1.754"),
        ("mosteller", 175, 70, "1.845"),
    ],
)
def test_published_values_to_three_places(
    formula: str, height_cm: int, weight_kg: int, published: str
) -> None:
    exact = FORMULAS[formula](D(height_cm), D(weight_kg))
    assert abs(exact - D(published)) <= D("0.0005")


@pytest.mark.parametrize(
    ("formula", "height_cm", "weight_kg", "rounded"),
    [
        ("mosteller", 180, 80, "2.00"),  # sqrt(14400 / 3600) = sqrt(4) = 2 exactly
        ("dubois", 180, 80, "2.00"),  # 1.996
        ("haycock", 180, 80, "2.01"),  # 2.007
        ("gehan-george", 180, 80, "2.01"),  # 2.009
        ("boyd", 180, 80, "2.01"),  # 2.007
        ("dubois", 170, 65, "1.75"),  # 1.754
        # 175/70: sqrt(12250 / 3600) = sqrt(3.40278); 1.8446^2 = 3.40255 and 1.8447^2 =
        # 3.40292, so the value is 1.8446..., which rounds to 1.84. Rounding the published
        # three-place 1.845 again would wrongly give 1.85.
        ("mosteller", 175, 70, "1.84"),
        # Case 1, 156/52: sqrt(8112 / 3600) = sqrt(2.25333); 1.5^2 = 2.25, 1.501^2 = 2.253,
        # 1.502^2 = 2.256: 1.501... -> 1.50.
        ("mosteller", 156, 52, "1.50"),
        # 170/70: sqrt(11900 / 3600) = sqrt(3.30556); 1.818^2 = 3.30512, 1.819^2 = 3.30876:
        # 1.818... -> 1.82.
        ("mosteller", 170, 70, "1.82"),
    ],
)
def test_rounded_to_hundredths(formula: str, height_cm: int, weight_kg: int, rounded: str) -> None:
    result = body_surface_area(formula, D(height_cm), D(weight_kg))
    assert result == D(rounded)
    assert result.as_tuple().exponent == -2  # always two places: "2.00", not "2"


@pytest.mark.parametrize(
    ("height_cm", "weight_kg", "exact"),
    [
        # 0.0061 x 160 = 0.9760; 0.0128 x 50 = 0.6400; 0.9760 + 0.6400 - 0.1529 = 1.4631
        (160, 50, "1.4631"),
        # case 2: 0.0061 x 152 = 0.9272; 0.0128 x 48 = 0.6144; 1.5416 - 0.1529 = 1.3887
        (152, 48, "1.3887"),
        # 0.0061 x 180 = 1.0980; 0.0128 x 80 = 1.0240; 2.1220 - 0.1529 = 1.9691
        (180, 80, "1.9691"),
        # 0.0061 x 170 = 1.0370; 0.0128 x 65 = 0.8320; 1.8690 - 0.1529 = 1.7161
        (170, 65, "1.7161"),
        # decimals in, decimals out: 0.0061 x 156.5 = 0.95465; 0.0128 x 52.5 = 0.6720;
        # 1.62665 - 0.1529 = 1.47375
        ("156.5", "52.5", "1.47375"),
    ],
)
def test_stevenson_by_hand(height_cm: object, weight_kg: object, exact: str) -> None:
    assert stevenson(D(str(height_cm)), D(str(weight_kg))) == D(exact)


@pytest.mark.parametrize(
    ("height_cm", "weight_kg", "rounded", "half_even"),
    [
        # Exact ties of the linear formula (found by searching 61 H + 128 W - 1529 = 50 mod 100,
        # then checked by hand). The hundredths digit is even, so half-even would round down.
        # 0.0061 x 159 = 0.9699; 0.0128 x 60 = 0.7680; 1.7379 - 0.1529 = 1.5850 exactly.
        (159, 60, "1.59", "1.58"),
        # 0.0061 x 143 = 0.8723; 0.0128 x 52 = 0.6656; 1.5379 - 0.1529 = 1.3850 exactly.
        (143, 52, "1.39", "1.38"),
        # 0.0061 x 155 = 0.9455; 0.0128 x 58 = 0.7424; 1.6879 - 0.1529 = 1.5350 exactly.
        (155, 58, "1.54", "1.54"),
    ],
)
def test_stevenson_exact_tie_rounds_half_up(
    height_cm: int, weight_kg: int, rounded: str, half_even: str
) -> None:
    exact = stevenson(D(height_cm), D(weight_kg))
    assert exact.quantize(D("0.001")) == exact  # a true tie: x.xx5, nothing after
    assert body_surface_area("stevenson", D(height_cm), D(weight_kg)) == D(rounded)
    # Half-even (the float round() rule) would give the other answer when the digit is even.
    assert exact.quantize(D("0.01"), rounding=ROUND_HALF_EVEN) == D(half_even)


def test_stevenson_case2_rounds_to_1_39() -> None:
    assert body_surface_area("stevenson", D(152), D(48)) == D("1.39")


def test_boyd_gram_form_equals_kilogram_form() -> None:
    # CLINICAL.md: with W in kg, Boyd is 0.0332965 H^0.3 W^(0.6157 - 0.0188 log10 W).
    # Worked independently in float, it must agree with the gram form to 1e-4 m^2.
    for height_cm, weight_kg in [(180, 80), (156, 52), (152, 48), (140, 35), (200, 150)]:
        kg_form = (
            0.0332965 * height_cm**0.3 * weight_kg ** (0.6157 - 0.0188 * math.log10(weight_kg))
        )
        assert abs(float(boyd(D(height_cm), D(weight_kg))) - kg_form) < 1e-4


@pytest.mark.parametrize("formula", sorted(FORMULAS))
def test_every_formula_agrees_with_a_float_rewrite(formula: str) -> None:
    # The coefficients as written in CLINICAL.md, in float: a typo in a coefficient or an
    # exponent moves the result by far more than 1e-6.
    floats = {
        "mosteller": lambda h, w: math.sqrt(h * w / 3600),
        "dubois": lambda h, w: 0.007184 * h**0.725 * w**0.425,
        "haycock": lambda h, w: 0.024265 * h**0.3964 * w**0.5378,
        "gehan-george": lambda h, w: 0.0235 * h**0.42246 * w**0.51456,
        "boyd": lambda h, w: (
            0.0003207 * h**0.3 * (w * 1000) ** (0.7285 - 0.0188 * math.log10(w * 1000))
        ),
        "stevenson": lambda h, w: 0.0061 * h + 0.0128 * w - 0.1529,
    }
    for height_cm, weight_kg in [(140, 35), (156, 52), (170, 65), (200, 150)]:
        exact = FORMULAS[formula](D(height_cm), D(weight_kg))
        assert abs(float(exact) - floats[formula](height_cm, weight_kg)) < 1e-6


def test_unknown_formula() -> None:
    with pytest.raises(KeyError):
        body_surface_area("fujimoto", D(170), D(65))


def test_dose_from_rounded_bsa_not_unrounded() -> None:
    # CLINICAL.md: 170 cm / 70 kg, bortezomib 1.3 mg/m2. Mosteller BSA 1.8181... rounds to
    # 1.82 m2; 1.3 x 1.82 = 2.366 mg. From the unrounded BSA it would be 1.3 x 1.8181 = 2.3636.
    bsa = body_surface_area("mosteller", D(170), D(70))
    result = compute_dose(Dose.parse("1.3 mg/m2"), bsa_m2=bsa, weight_kg=D(70), rounding=None)
    assert result.dose_calculated == D("2.366")
    assert result.dose == D("2.37")  # default step 0.01 mg: 2.366 -> 2.37
    unrounded = D("1.3") * FORMULAS["mosteller"](D(170), D(70))
    assert abs(unrounded - D("2.3636")) < D("0.00005")
    assert result.dose_calculated != unrounded
