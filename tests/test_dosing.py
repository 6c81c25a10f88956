"""From a prescribed dose to the dose given: BSA, weight, flat, rounding steps, the basis text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mmsched.engine.dosing import compute_dose, rounding_deviation
from mmsched.engine.units import Dose

D = Decimal


def test_per_m2_with_step() -> None:
    # Case 1: 1.3 mg/m2 x 1.50 m2 = 1.950 mg; 0.1 mg step, a tie: half-up gives 2.0.
    r = compute_dose(
        Dose.parse("1.3 mg/m2"), bsa_m2=D("1.50"), weight_kg=D(52), rounding=Dose.parse("0.1 mg")
    )
    assert (r.dose, r.dose_calculated, r.unit) == (D("2.0"), D("1.95"), "mg")
    assert r.basis == "1.3 mg/m² × 1.50 m²"
    assert r.rounding == "0.1 mg"
    assert r.prescribed == "1.3 mg/m2"
    assert r.bsa_m2 == D("1.50")


def test_per_m2_case2() -> None:
    # Case 2: 1.3 x 1.39 = 1.807 mg -> 1.8 mg.
    r = compute_dose(
        Dose.parse("1.3 mg/m2"), bsa_m2=D("1.39"), weight_kg=D(48), rounding=Dose.parse("0.1 mg")
    )
    assert (r.dose, r.dose_calculated) == (D("1.8"), D("1.807"))


def test_per_m2_with_25_mg_step() -> None:
    # Cyclophosphamide 300 mg/m2 x 1.50 m2 = 450 mg exactly; x 1.46 = 438 mg: 438 / 25 = 17.52
    # -> 18 -> 450 mg; x 1.45 = 435: 17.4 -> 17 -> 425 mg.
    step = Dose.parse("25 mg")
    cases = [("1.50", "450", "450"), ("1.46", "438", "450"), ("1.45", "435", "425")]
    for bsa, calculated, given in cases:
        r = compute_dose(Dose.parse("300 mg/m2"), bsa_m2=D(bsa), weight_kg=D(52), rounding=step)
        assert (r.dose_calculated, r.dose) == (D(calculated), D(given))
        assert r.rounding == "25 mg"


def test_per_m2_without_step_rounds_to_hundredths() -> None:
    # 1.3 x 1.82 = 2.366 -> 2.37 (0.01 of the unit when the regimen gives no step).
    r = compute_dose(Dose.parse("1.3 mg/m2"), bsa_m2=D("1.82"), weight_kg=D(70), rounding=None)
    assert (r.dose, r.dose_calculated, r.rounding) == (D("2.37"), D("2.366"), "0.01 mg")


def test_per_kg_uses_the_recorded_weight() -> None:
    # Daratumumab 16 mg/kg x 52 kg = 832 mg; x 48.5 kg = 776 mg; x 70.3 kg = 1124.8 mg.
    for weight, expected, basis in [
        ("52", "832", "16 mg/kg × 52 kg"),
        ("48.5", "776", "16 mg/kg × 48.5 kg"),
        ("70.3", "1124.8", "16 mg/kg × 70.3 kg"),
    ]:
        r = compute_dose(
            Dose.parse("16 mg/kg"), bsa_m2=D("1.50"), weight_kg=D(weight), rounding=None
        )
        assert r.dose == D(expected)
        assert r.dose_calculated == D(expected)
        assert r.basis == basis
        assert r.bsa_m2 is None


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [("25 mg", "25", "mg"), ("500,000 IU", "500000", "IU"), ("20 mg", "20", "mg")],
)
def test_flat_dose_is_not_rounded(text: str, amount: str, unit: str) -> None:
    r = compute_dose(Dose.parse(text), bsa_m2=D("2.31"), weight_kg=D(99), rounding=None)
    assert (r.dose, r.dose_calculated, r.unit) == (D(amount), D(amount), unit)
    assert r.basis == "flat dose"
    assert r.rounding is None
    assert r.bsa_m2 is None


def test_range_must_be_resolved_first() -> None:
    with pytest.raises(AssertionError):
        compute_dose(Dose.parse("10-40 mg"), bsa_m2=D("1.5"), weight_kg=D(52), rounding=None)


def test_rounding_deviation() -> None:
    # 1.95 -> 2.0: |2.0 - 1.95| / 1.95 = 0.05 / 1.95 = 0.0256...
    r = compute_dose(
        Dose.parse("1.3 mg/m2"), bsa_m2=D("1.50"), weight_kg=D(52), rounding=Dose.parse("0.1 mg")
    )
    assert abs(rounding_deviation(r) - D("0.02564")) < D("0.00001")
    # 300 x 0.5 = 150 mg to a 25 mg step is exact: no deviation.
    r = compute_dose(
        Dose.parse("300 mg/m2"), bsa_m2=D("0.50"), weight_kg=D(20), rounding=Dose.parse("25 mg")
    )
    assert rounding_deviation(r) == 0
