"""The float path of body_surface_area gives the Decimal reference's rounded BSA, always.

``rounded_by_float`` computes Mosteller and the power formulas in float and answers only when
the value is further than FLOAT_MARGIN from a rounding boundary x.xx5; otherwise (and for
anything unusual) the Decimal reference of FORMULAS decides. Shown here on a grid against the
reference, on random heights and weights, and on values built to sit on or next to a boundary,
where the reference must be the one that answers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmsched.engine import bsa
from mmsched.engine.bsa import (
    BSA_STEP,
    FLOAT_FORMULAS,
    FLOAT_MARGIN,
    FORMULAS,
    body_surface_area,
    rounded_by_float,
)

D = Decimal
FAST = sorted(FLOAT_FORMULAS)  # boyd, dubois, gehan-george, haycock, mosteller


def reference(formula: str, height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """The rounding as it was before the float path: the Decimal formula, quantized half-up."""
    return FORMULAS[formula](height_cm, weight_kg).quantize(BSA_STEP, rounding=ROUND_HALF_UP)


def same(a: Decimal, b: Decimal) -> bool:
    """Equal and written alike ("2.00", not "2"): sign, digits and exponent."""
    return a.as_tuple() == b.as_tuple()


def test_every_formula_but_stevenson_has_a_float_form() -> None:
    assert set(FLOAT_FORMULAS) == set(FORMULAS) - {"stevenson"}


# --- a grid of the heights and weights plans allow -------------------------------------------

#: 50-250 cm by 5 cm, 10-350 kg by 2.5 kg: 5,617 points a formula, about 0.6 s each for the
#: reference. (A denser run, every 0.1 cm and 0.1 kg, 6.8 million points a formula, was made
#: once when the float path was written; see the commit message.)
GRID = [(D(h), D(w) / 2) for h in range(50, 251, 5) for w in range(20, 701, 5)]


@pytest.mark.parametrize("formula", FAST)
def test_grid_float_path_equals_reference(formula: str) -> None:
    compute = FLOAT_FORMULAS[formula]
    fallbacks = 0
    worst = 0.0
    for height_cm, weight_kg in GRID:
        exact = FORMULAS[formula](height_cm, weight_kg)
        want = exact.quantize(BSA_STEP, rounding=ROUND_HALF_UP)
        fast = rounded_by_float(formula, height_cm, weight_kg)
        if fast is None:
            fallbacks += 1
        else:
            assert same(fast, want), (formula, height_cm, weight_kg, fast, want)
        assert same(body_surface_area(formula, height_cm, weight_kg), want)
        error = abs(compute(float(height_cm), float(weight_kg)) - float(exact)) / float(exact)
        worst = max(worst, error)
    # The float values are within a few units of 1e-16 of the reference: FLOAT_MARGIN (1e-9)
    # is orders of magnitude wider than any disagreement between the two.
    assert worst < 1e-14
    assert worst < FLOAT_MARGIN / 10_000
    # No point of this grid is within the margin of x.xx5 (the tests below build such points).
    assert fallbacks == 0


# --- random plans -----------------------------------------------------------------------------


def decimals(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Decimals from ``low`` to ``high`` with 0, 1 or 2 places, as plan files write them."""
    return st.builds(
        lambda whole, places, digits: D(whole) + D(digits % 10**places).scaleb(-places),
        st.integers(low, high - 1),
        st.integers(0, 2),
        st.integers(0, 99),
    )


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FAST), decimals(50, 250), decimals(10, 350))
def test_random_plans_float_path_equals_reference(
    formula: str, height_cm: Decimal, weight_kg: Decimal
) -> None:
    want = reference(formula, height_cm, weight_kg)
    fast = rounded_by_float(formula, height_cm, weight_kg)
    assert fast is None or same(fast, want)
    assert same(body_surface_area(formula, height_cm, weight_kg), want)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FAST), decimals(1, 1000), decimals(1, 1000))
def test_whole_float_range_float_path_equals_reference(
    formula: str, height_cm: Decimal, weight_kg: Decimal
) -> None:
    # Beyond what a plan allows, up to the edges of FLOAT_RANGE (1-1000 cm and kg).
    want = reference(formula, height_cm, weight_kg)
    assert same(body_surface_area(formula, height_cm, weight_kg), want)


# --- on and next to a rounding boundary -------------------------------------------------------


def weight_on_boundary(formula: str, height_cm: Decimal, boundary: Decimal) -> Decimal:
    """The weight (28 digits) at which the reference BSA is ``boundary``, by bisection."""
    low, high = D(10), D(350)
    with localcontext() as ctx:
        ctx.prec = 28
        for _ in range(120):
            middle = (low + high) / 2
            if FORMULAS[formula](height_cm, middle) < boundary:
                low = middle
            else:
                high = middle
    return high


@pytest.fixture
def reference_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Decimal, Decimal]]:
    """Every call of a Decimal reference formula made through FORMULAS, recorded."""
    calls: list[tuple[str, Decimal, Decimal]] = []
    for name, function in list(FORMULAS.items()):

        def spy(
            h: Decimal,
            w: Decimal,
            name: str = name,
            function: Callable[[Decimal, Decimal], Decimal] = function,
        ) -> Decimal:
            calls.append((name, h, w))
            return function(h, w)

        monkeypatch.setitem(bsa.FORMULAS, name, spy)
    return calls


@pytest.mark.parametrize("formula", FAST)
@pytest.mark.parametrize(("height_cm", "boundary"), [("156", "1.505"), ("180", "2.045")])
def test_near_boundary_the_reference_decides(
    formula: str,
    height_cm: str,
    boundary: str,
    reference_calls: list[tuple[str, Decimal, Decimal]],
) -> None:
    height = D(height_cm)
    on = weight_on_boundary(formula, height, D(boundary))
    # Just below the boundary the BSA rounds down, just above it rounds up; 1e-15 of the
    # weight moves the BSA by far less than FLOAT_MARGIN, so float alone cannot tell.
    below, above = on * (1 - D("1e-15")), on * (1 + D("1e-15"))
    down = D(boundary) - D("0.005")
    up = D(boundary) + D("0.005")
    for weight, expected in [(below, down), (above, up)]:
        assert rounded_by_float(formula, height, weight) is None
        reference_calls.clear()
        result = body_surface_area(formula, height, weight)
        assert reference_calls == [(formula, height, weight)]  # the fallback was taken
        assert same(result, expected.quantize(BSA_STEP))
    # A weight well away from any boundary is answered in float: no reference call.
    reference_calls.clear()
    body_surface_area(formula, height, D(60))
    assert reference_calls == []


@pytest.mark.parametrize(
    ("height_cm", "weight_kg", "rounded"),
    [
        # Exact ties of Mosteller: sqrt(H x W / 3600) = H / 60 when H = W.
        ("110.7", "110.7", "1.85"),  # 110.7 / 60 = 1.845 exactly
        ("112.5", "112.5", "1.88"),  # 1.875 exactly
        ("98.7", "98.7", "1.65"),  # 1.645 exactly
        # 180 x 61.6005 = 11088.09 = 3600 x 3.080025 = 3600 x 1.755^2
        ("180", "61.6005", "1.76"),
        # 180.9 x 20.1 = 3636.09 = 3600 x 1.005^2, and 67 x 54.27 the same: here float gives
        # 100.49999999999999 hundredths, which alone would round to 1.00.
        ("180.9", "20.1", "1.01"),
        ("67", "54.27", "1.01"),
    ],
)
def test_mosteller_exact_ties_round_half_up_through_the_reference(
    height_cm: str,
    weight_kg: str,
    rounded: str,
    reference_calls: list[tuple[str, Decimal, Decimal]],
) -> None:
    height, weight = D(height_cm), D(weight_kg)
    assert FORMULAS["mosteller"](height, weight) * 1000 % 10 == 5  # a true tie
    # Float may land on either side of the tie: it must not decide.
    hundredths = FLOAT_FORMULAS["mosteller"](float(height), float(weight)) * 100
    assert abs(hundredths - math.floor(hundredths) - 0.5) <= FLOAT_MARGIN * hundredths
    assert rounded_by_float("mosteller", height, weight) is None
    reference_calls.clear()
    result = body_surface_area("mosteller", height, weight)
    assert reference_calls == [("mosteller", height, weight)]  # the fallback was taken
    assert same(result, D(rounded))


# --- inputs the float path leaves to the reference --------------------------------------------


@pytest.mark.parametrize(
    ("formula", "height_cm", "weight_kg"),
    [
        ("stevenson", D(170), D(65)),  # no float form: exact in Decimal
        ("dubois", D("0.5"), D(65)),  # below FLOAT_RANGE
        ("dubois", D(170), D(1001)),  # above FLOAT_RANGE
        ("haycock", D("NaN"), D(65)),
        ("boyd", D(170), D("Infinity")),
        ("gehan-george", D(-170), D(65)),
        ("mosteller", D("sNaN"), D(65)),
        ("boyd", D(170), D(0)),
    ],
)
def test_unusual_inputs_behave_as_the_reference(
    formula: str, height_cm: Decimal, weight_kg: Decimal
) -> None:
    assert rounded_by_float(formula, height_cm, weight_kg) is None

    def outcome(function: Callable[[], Decimal]) -> object:
        try:
            return str(function())
        except (InvalidOperation, ArithmeticError, ValueError) as exc:
            return type(exc)

    assert outcome(lambda: body_surface_area(formula, height_cm, weight_kg)) == outcome(
        lambda: reference(formula, height_cm, weight_kg)
    )


def test_values_that_are_not_decimal_go_to_the_reference() -> None:
    # The reference raises on a float weight (Decimal x float); so must the fast function.
    assert rounded_by_float("dubois", D(170), 65.0) is None  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        body_surface_area("mosteller", D(170), 65.0)  # type: ignore[arg-type]


def test_unknown_formula_is_still_a_key_error() -> None:
    assert rounded_by_float("fujimoto", D(170), D(65)) is None
    with pytest.raises(KeyError):
        body_surface_area("fujimoto", D(170), D(65))
