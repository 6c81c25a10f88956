"""Issue 11: every dose a pharmacist would sign.

Each finding of the clinical review is reproduced here with numbers worked by hand from the
label or paper named beside it. Cockcroft-Gault: CrCl = (140 − age) × weight / (72 × SCr mg/dL),
× 0.85 for women (Cockcroft & Gault, Nephron 1976). Lenalidomide starting doses by CrCl: US label
(Revlimid), 2.x "Dosage adjustments for renal impairment": ≥ 60: 25 mg daily; 30 to < 60: 10 mg
daily; < 30 not on dialysis: 15 mg every 48 h; on dialysis: 5 mg daily, after dialysis on
dialysis days; CrCl < 11 (not on dialysis) not studied.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import mmsched
from mmsched import Administration, Patient, Plan, Schedule
from mmsched.errors import MmschedError, ScheduleError

START = date(2026, 12, 1)


def plan(
    regimen: str = "rvd",
    *,
    changes: list[dict[str, Any]] | None = None,
    doses: dict[str, str] | None = None,
    ward: Any = None,
    **patient: Any,
) -> Plan:
    fields: dict[str, Any] = {"id": "T-1", "sex": "M", "age": 60, "height_cm": 156, "weight_kg": 52}
    fields.update(patient)
    chosen = {"dexamethasone": "20 mg"} if regimen in ("rvd", "tvd", "rvd-il2") else {}
    if regimen == "tvd":
        chosen["thalidomide"] = "100 mg"
    chosen.update(doses or {})
    return Plan(
        patient=Patient(**fields),
        regimen=regimen,
        start=START,
        cycles=2,
        doses=chosen,
        changes=changes or [],
        ward=ward,
    )


def given(schedule: Schedule, drug: str, cycle: int | None = None) -> list[Administration]:
    return [
        a
        for a in schedule.administrations
        if a.drug == drug and (cycle is None or a.cycle == cycle)
    ]


def doses_of(schedule: Schedule, drug: str, cycle: int = 1) -> set[Decimal]:
    return {a.dose for a in given(schedule, drug, cycle)}


# --- 1. dialysis decides the band -----------------------------------------------------------


def test_dialysis_gets_the_dialysis_band_whatever_cockcroft_gault_says() -> None:
    """Patient M, 40 y, 85 kg, creatinine 221 µmol/L = 2.5 mg/dL: CG = 100 × 85 / 180 =
    47.2 mL/min, the 30-60 band (10 mg) by CrCl; on dialysis the label gives 5 mg daily."""
    s = mmsched.expand(
        plan(age=40, weight_kg=85, height_cm=175, serum_creatinine_umol_l=221, dialysis=True)
    )
    assert s.renal is not None and s.renal.crcl_ml_min == Decimal("47.2")
    lena = given(s, "lenalidomide", 1)
    assert {a.dose for a in lena} == {Decimal(5)} and [a.day for a in lena] == list(range(1, 29))
    assert lena[0].notes[0].startswith("renal band on dialysis: 5 mg")
    assert lena[0].instructions == ("on dialysis days, take it after dialysis",)
    assert lena[0].instructions_in("zh") == ("透析日于透析结束后服用",)
    # Not on dialysis, the same numbers give the 30-60 band: 10 mg.
    s = mmsched.expand(plan(age=40, weight_kg=85, height_cm=175, serum_creatinine_umol_l=221))
    assert doses_of(s, "lenalidomide") == {Decimal(10)}


# --- 2. band edges on the unrounded CrCl ----------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "scr", "shown", "dose", "every"),
    [
        # Age 68, man: CrCl = 72 × W / (72 × SCr) = W / SCr exactly.
        ("59.952", "1", "59.95", 10, 1),  # rounds to 60.0, but is below 60: 10 mg
        ("59.99", "1", "59.99", 10, 1),
        ("60", "1", "60.0", 25, 1),
        ("29.97", "1", "29.97", 15, 2),  # rounds to 30.0, but is below 30: 15 mg every 48 h
        ("59.98", "2", "29.99", 15, 2),
        ("60", "2", "30.0", 10, 1),
    ],
)
def test_band_edges_use_the_unrounded_crcl(
    weight: str, scr: str, shown: str, dose: int, every: int
) -> None:
    s = mmsched.expand(plan(age=68, weight_kg=Decimal(weight), serum_creatinine_mg_dl=Decimal(scr)))
    assert s.renal is not None and str(s.renal.crcl_ml_min) == shown
    lena = given(s, "lenalidomide", 1)
    assert {a.dose for a in lena} == {Decimal(dose)}
    assert [a.day for a in lena] == list(range(1, 29, every))
    if dose != 25:
        assert f"CrCl {shown} mL/min" in lena[0].notes[0]


# --- 3. below the studied range -------------------------------------------------------------


@pytest.mark.parametrize(("weight", "warned"), [("21.98", True), ("22", False)])
def test_crcl_below_the_studied_range_warns(weight: str, warned: bool) -> None:
    """Age 68, man, SCr 2 mg/dL: CrCl = W / 2: 21.98 kg gives 10.99 mL/min (below the 11 the
    label studied), 22 kg gives 11.0. Both get the < 30 band, 15 mg every 48 h."""
    s = mmsched.expand(plan(age=68, weight_kg=Decimal(weight), serum_creatinine_mg_dl=2))
    assert doses_of(s, "lenalidomide") == {Decimal(15)}
    studied = [w for w in s.warnings if "lowest the label studied" in w]
    assert bool(studied) is warned
    if warned:
        assert "CrCl 10.99 mL/min is below 11 mL/min" in studied[0]
        assert "US label (Revlimid)" in studied[0]


def test_no_crcl_bound_applies_on_dialysis() -> None:
    """On dialysis CG is not used: a CrCl of 5 (age 68, 20 kg, SCr 4 mg/dL) warns of nothing."""
    s = mmsched.expand(plan(age=68, weight_kg=20, serum_creatinine_mg_dl=4, dialysis=True))
    assert doses_of(s, "lenalidomide") == {Decimal(5)}
    assert not [w for w in s.warnings if "studied" in w]


# --- 4. a dose that skipped a rule says so where it is shown --------------------------------


def test_a_dose_without_its_renal_check_says_so_on_every_dose() -> None:
    s = mmsched.expand(plan())
    lena = given(s, "lenalidomide")
    assert {a.dose for a in lena} == {Decimal(25)}
    assert all(a.notes[0].startswith("NO RENAL CHECK") for a in lena)
    assert all(a.notes_in("zh")[0].startswith("未做肾功能核对") for a in lena)


# --- 5. obesity -----------------------------------------------------------------------------


def test_obesity_warns_with_ideal_and_adjusted_weight() -> None:
    """60 y man, 170 cm, 140 kg, SCr 1.6 mg/dL. Devine IBW = 50 + 0.9 × 17.6 = 65.84 kg;
    adjusted = 65.84 + 0.4 × 74.16 = 95.504 kg. CG = 80 × W / 115.2: actual 97.22 (25 mg),
    ideal 45.72 (10 mg), adjusted 66.32 (25 mg). Actual weight stays the default."""
    s = mmsched.expand(plan(age=60, height_cm=170, weight_kg=140, serum_creatinine_mg_dl="1.6"))
    assert s.renal is not None and s.renal.crcl_ml_min == Decimal("97.2")
    assert s.renal.ideal_weight_kg == Decimal("65.8")
    assert s.renal.adjusted_weight_kg == Decimal("95.5")
    assert dict(s.renal.crcl_by_weight) == {
        "actual": Decimal("97.2"),
        "ideal": Decimal("45.7"),
        "adjusted": Decimal("66.3"),
    }
    assert doses_of(s, "lenalidomide") == {Decimal(25)}
    (warning,) = [w for w in s.warnings if "ideal body weight" in w]
    assert "ideal weight 65.8 kg: CrCl 45.7 mL/min → lenalidomide 10 mg" in warning
    assert "adjusted weight 95.5 kg: CrCl 66.3 mL/min → lenalidomide 25 mg" in warning


@pytest.mark.parametrize(("basis", "dose"), [("ideal", 10), ("adjusted", 25), ("actual", 25)])
def test_a_plan_chooses_the_weight_for_cockcroft_gault(basis: str, dose: int) -> None:
    p = plan(age=60, height_cm=170, weight_kg=140, serum_creatinine_mg_dl="1.6")
    p = Plan.model_validate({**dict(p), "crcl_weight": basis})
    s = mmsched.expand(p)
    assert doses_of(s, "lenalidomide") == {Decimal(dose)}
    assert s.renal is not None and s.renal.weight_basis == basis


def test_no_obesity_warning_at_or_below_120_percent_of_ideal() -> None:
    """170 cm man: IBW 65.84 kg, 120 % is 79.008 kg: 79 kg is not obese."""
    s = mmsched.expand(plan(age=60, height_cm=170, weight_kg=79, serum_creatinine_mg_dl=1))
    assert not [w for w in s.warnings if "ideal body weight" in w]


# --- 6. dispensable doses -------------------------------------------------------------------


def test_half_a_lenalidomide_capsule_is_not_given() -> None:
    """25 mg × 50 % = 12.5 mg: no capsule (2.5, 5, 10, 15, 20, 25 mg, one a dose); the nearest
    at or below is 10 mg, 20 % less."""
    change = {"action": "dose-level", "drug": "lenalidomide", "from_cycle": 2, "percent": 50,
              "reason": "rash"}  # fmt: skip
    s = mmsched.expand(plan(serum_creatinine_umol_l=70, changes=[change]))
    assert doses_of(s, "lenalidomide", 1) == {Decimal(25)}
    assert doses_of(s, "lenalidomide", 2) == {Decimal(10)}
    c2 = given(s, "lenalidomide", 2)[0]
    assert c2.dispensed_as == "10 mg × 1"
    assert any("12.5 mg cannot be made" in n and "10 mg is given (-20.0 %)" in n for n in c2.notes)
    (warning,) = [w for w in s.warnings if "cannot be made" in w]
    assert "12.5 mg" in warning and "10 mg is given instead (-20.0 %)" in warning


def test_a_third_of_40_mg_dexamethasone_is_made_from_tablets() -> None:
    """CyBorD dexamethasone 40 mg PO × 33 % = 13.2 mg; tablets 0.5-6 mg combine: 13 mg at or
    below (6 + 6 + 1), (13 − 13.2) / 13.2 = −1.5 %."""
    change = {"action": "dose-level", "drug": "dexamethasone", "from_cycle": 1, "percent": 33,
              "reason": "insomnia"}  # fmt: skip
    s = mmsched.expand(plan("cybord", changes=[change]))
    dex = given(s, "dexamethasone", 1)
    assert {a.dose for a in dex} == {Decimal(13)}
    assert dex[0].dispensed_as == "6 mg × 2 + 1 mg × 1"
    assert any("(-1.5 %)" in n for n in dex[0].notes)


def test_below_the_smallest_strength_is_an_error() -> None:
    """25 mg × 5 % = 1.25 mg, below the 2.5 mg capsule."""
    change = {"action": "dose-level", "drug": "lenalidomide", "from_cycle": 1, "percent": 5,
              "reason": "x"}  # fmt: skip
    with pytest.raises(ScheduleError, match=r"1.25 mg is below the smallest strength held"):
        mmsched.expand(plan(serum_creatinine_umol_l=70, changes=[change]))


def test_a_full_oral_dose_takes_the_nearest_within_the_rounding_rule() -> None:
    """CyBorD cyclophosphamide 300 mg/m², rounded to 25 mg. 170 cm, 52.9 kg: Mosteller
    √(170 × 52.9 / 3600) = 1.5805 → 1.58 m²; 474 mg → 475 mg (25 mg step). A ward holding only
    50 mg tablets: 450 or 500; 500 is 26 mg above the calculated dose, more than half the step
    (12.5 mg) allows, so 450 mg: (450 − 474) / 474 = −5.1 % of the calculated dose."""
    ward = mmsched.engine.wardcal.WardCalendar(formulary={"cyclophosphamide": _tablets_50()})
    s = mmsched.expand(plan("cybord", height_cm=170, weight_kg="52.9", ward=ward))
    cyclo = given(s, "cyclophosphamide", 1)
    assert cyclo[0].dose_calculated == Decimal("474.00")
    assert {a.dose for a in cyclo} == {Decimal(450)}
    assert cyclo[0].dispensed_as == "50 mg × 9"
    assert any("474 mg (rounded to 475 mg)" in n and "(-5.1 %)" in n for n in cyclo[0].notes)
    # The regimen's own strengths (25 and 50 mg) make 475 mg exactly.
    s = mmsched.expand(plan("cybord", height_cm=170, weight_kg="52.9"))
    assert doses_of(s, "cyclophosphamide") == {Decimal(475)}
    assert given(s, "cyclophosphamide")[0].dispensed_as == "50 mg × 9 + 25 mg × 1"


def _tablets_50() -> Any:
    from mmsched.engine.dispensing import Strengths

    return Strengths((Decimal(50),), "mg", combine=True, max_units=20, source="ward formulary")


def test_the_ward_formulary_wins_and_many_tablets_are_warned_about(tmp_path: Path) -> None:
    """A ward holding dexamethasone 0.75 mg tablets only: CyBorD's 40 mg is 53 tablets
    (39.75 mg, −0.6 %); more than the ward's max_units of 50 is a warning."""
    ward = tmp_path / "ward.yaml"
    ward.write_text(
        "formulary:\n  dexamethasone: {strengths: [0.75 mg], combine: true, max_units: 50}\n",
        encoding="utf-8",
    )
    s = mmsched.expand(plan("cybord", ward=mmsched.load_ward(ward)))
    dex = given(s, "dexamethasone", 1)
    assert {a.dose for a in dex} == {Decimal("39.75")}
    assert dex[0].dispensed_as == "0.75 mg × 53"
    assert any("(-0.6 %)" in n for n in dex[0].notes)
    assert any("takes 53 units" in w and "more than 50" in w for w in s.warnings)


def test_an_override_that_cannot_be_dispensed_is_refused() -> None:
    change = {"action": "dose-level", "drug": "lenalidomide", "from_cycle": 1, "percent": 110,
              "override": True, "reason": "protocol"}  # fmt: skip
    with pytest.raises(ScheduleError, match=r"override dose 27.5 mg cannot be made.*25 mg"):
        mmsched.expand(plan(serum_creatinine_umol_l=70, changes=[change]))


def test_a_plan_choice_no_unit_makes_is_refused() -> None:
    with pytest.raises(MmschedError, match=r"75 mg cannot be made .* choose 50 mg or 100 mg"):
        plan("tvd", doses={"thalidomide": "75 mg"})


def test_check_reports_a_regimen_whose_own_doses_cannot_be_dispensed(tmp_path: Path) -> None:
    regimen = yaml.safe_load(
        (Path(mmsched.__file__).parent.parent / "regimens/rd.yaml").read_text(encoding="utf-8")
    )
    regimen["id"] = "rd-short"
    regimen["drugs"][0]["strengths"] = ["5 mg", "25 mg"]  # no 20, 15, 10 or 2.5 mg capsule
    path = tmp_path / "rd-short.yaml"
    path.write_text(yaml.safe_dump(regimen, allow_unicode=True), encoding="utf-8")
    with pytest.raises(MmschedError) as caught:
        mmsched.load_regimen(path)
    fields = {p.field for p in caught.value.problems}
    assert {"drugs[0].levels[1]", "drugs[0].levels[2]", "drugs[0].renal[1].dose"} <= fields
    message = str(caught.value)
    assert "20 mg cannot be made from the strengths 5, 25 mg (one unit a dose" in message


# --- 7. reduced doses keep their arithmetic -------------------------------------------------


def test_a_reduced_dose_carries_its_calculation() -> None:
    change = {"action": "dose-level", "drug": "bortezomib", "from_cycle": 2, "level": 1,
              "reason": "neuropathy grade 2"}  # fmt: skip
    s = mmsched.expand(plan(changes=[change]))
    c2 = given(s, "bortezomib", 2)[0]
    # Velcade label level -1: 1 mg/m²; × 1.50 m² (Mosteller 156 cm, 52 kg) = 1.5 mg.
    assert (c2.dose, c2.basis) == (Decimal("1.5"), "1 mg/m² × 1.50 m²")


# --- the order of rules: a level counts down from the dose the rules gave -------------------


def test_a_level_counts_down_from_the_renal_dose() -> None:
    """Man 65 y, 70 kg, SCr 1.4 mg/dL: CG 52.1 → 10 mg. Level 1 is the next level below 10 mg
    in 25, 20, 15, 10, 5, 2.5: 5 mg, never 20 mg."""
    change = {"action": "dose-level", "drug": "lenalidomide", "from_cycle": 1, "level": 1,
              "reason": "neutropenia"}  # fmt: skip
    s = mmsched.expand(
        plan(age=65, weight_kg=70, height_cm=170, serum_creatinine_mg_dl="1.4", changes=[change])
    )
    assert doses_of(s, "lenalidomide") == {Decimal(5)}
    notes = given(s, "lenalidomide")[0].notes
    assert notes[0].startswith("renal band 30 ≤ CrCl < 60 mL/min: 10 mg")
    assert notes[1].startswith("dose level -1 from cycle 1: 5 mg")


def test_a_level_past_the_lowest_is_refused() -> None:
    """Hepatic 0.7 mg/m² is bortezomib's lowest level: level 1 below it does not exist."""
    change = {"action": "dose-level", "drug": "bortezomib", "from_cycle": 2, "level": 1,
              "reason": "x"}  # fmt: skip
    with pytest.raises(ScheduleError, match=r"past the lowest level \(0.7 mg/m²\)"):
        mmsched.expand(plan(total_bilirubin_umol_l=40, bilirubin_uln_umol_l=20, changes=[change]))


# --- 9. hepatic impairment ------------------------------------------------------------------


def test_hepatic_impairment_starts_bortezomib_at_0_7_rounded_down() -> None:
    """Velcade US label: total bilirubin > 1.5 × ULN starts at 0.7 mg/m² in cycle 1 (and here
    every later cycle until a plan change). 40 / 20 µmol/L = 2.0 × ULN. 0.7 × 1.50 m² = 1.05 mg,
    rounded DOWN to the 0.1 mg step (HOPA 2018: no rounding up in organ dysfunction): 1.0 mg."""
    s = mmsched.expand(plan(total_bilirubin_umol_l=40, bilirubin_uln_umol_l=20))
    assert {a.dose for a in given(s, "bortezomib")} == {Decimal("1.0")}
    b = given(s, "bortezomib", 2)[0]
    assert b.dose_calculated == Decimal("1.050") and b.prescribed == "0.7 mg/m2"
    assert b.notes[0].startswith("hepatic impairment: total bilirubin 40 µmol/L is 2.00 × ULN")
    assert any("rounded down to 0.1 mg" in n for n in b.notes)


@pytest.mark.parametrize(
    ("bilirubin", "dose"),
    [
        ({"total_bilirubin_umol_l": 30, "bilirubin_uln_umol_l": 20}, "2.0"),  # exactly 1.5 ×
        ({"total_bilirubin_umol_l": "30.1", "bilirubin_uln_umol_l": 20}, "1.0"),  # above
        # 2.0 mg/dL and a limit of 20.5 µmol/L = 1.1988 mg/dL (17.1 µmol/L per mg/dL): 1.67 ×
        ({"total_bilirubin_mg_dl": 2, "bilirubin_uln_umol_l": "20.5"}, "1.0"),
    ],
)
def test_hepatic_band_edge_and_units(bilirubin: dict[str, Any], dose: str) -> None:
    """Level 0 at 1.50 m²: 1.3 × 1.50 = 1.95, half-up to 2.0 mg."""
    s = mmsched.expand(plan(**bilirubin))
    assert {a.dose for a in given(s, "bortezomib")} == {Decimal(dose)}


def test_no_bilirubin_is_a_note_not_an_alarm() -> None:
    s = mmsched.expand(plan(serum_creatinine_umol_l=70))
    b = given(s, "bortezomib", 1)[0]
    assert b.notes == ("hepatic dose not checked: the plan gives no total bilirubin",)
    assert not [w for w in s.warnings if "bilirubin" in w]


def test_a_bilirubin_needs_its_upper_limit() -> None:
    with pytest.raises(MmschedError, match="upper limit of normal"):
        plan(total_bilirubin_umol_l=40)


# --- 10. age and BMI rules of the published regimens ----------------------------------------


@pytest.mark.parametrize(("age", "dose"), [(75, 40), (76, 20)])
def test_rd_gives_20_mg_dexamethasone_over_75(age: int, dose: int) -> None:
    """FIRST: dexamethasone 40 mg days 1, 8, 15, 22; 20 mg for patients older than 75."""
    s = mmsched.expand(plan("rd", age=age, serum_creatinine_umol_l=70))
    assert doses_of(s, "dexamethasone") == {Decimal(dose)}


@pytest.mark.parametrize(("weight", "dose"), [("53", 20), ("54", 40)])
def test_drd_gives_20_mg_dexamethasone_under_bmi_18_5(weight: str, dose: int) -> None:
    """MAIA: 20 mg weekly for BMI < 18.5. 170 cm: 53 kg is 53 / 2.89 = 18.34; 54 kg is 18.69."""
    p = plan(
        "drd",
        height_cm=170,
        weight_kg=Decimal(weight),
        serum_creatinine_umol_l=70,
    )
    s = mmsched.expand(p)
    assert doses_of(s, "dexamethasone") == {Decimal(dose)}
    if dose == 20:
        assert given(s, "dexamethasone")[0].notes[0].startswith("BMI 18.3 < 18.5 kg/m²")


# --- 11. interpretations disclosed ----------------------------------------------------------


def test_every_bundled_regimen_discloses_its_assumptions_with_sources() -> None:
    for regimen_id in mmsched.bundled_regimen_ids():
        regimen = mmsched.load_regimen(regimen_id)
        assert regimen.assumptions, regimen_id
        assert all(a.en and a.zh and a.source for a in regimen.assumptions)
    s = mmsched.expand(plan("rvd-il2"))
    texts = [en for en, _, _ in s.assumptions]
    assert len(texts) == 3
    assert any("days 1-28" in t and "1-21 of 28" in t for t in texts)
    assert any("Interleukin-2 is given on days 1-7" in t for t in texts)


# --- found by review: each a regression test --------------------------------------------------


def test_dialysis_without_a_creatinine_still_gets_the_dialysis_band() -> None:
    """Dialysis decides the band on its own (US label): no creatinine is needed for 5 mg."""
    s = mmsched.expand(plan(dialysis=True))
    lena = given(s, "lenalidomide", 1)
    assert {a.dose for a in lena} == {Decimal(5)}
    assert lena[0].notes[0].startswith("renal band on dialysis: 5 mg")
    assert not any("NO RENAL CHECK" in n for n in lena[0].notes)


def test_crcl_weight_never_raises_the_crcl_of_a_thin_patient() -> None:
    """Man 60 y, 170 cm, 50 kg, SCr 1.0: actual 80 × 50 / 72 = 55.6 (10 mg); ideal weight
    65.84 kg would give 73.2 (25 mg). Ideal weight corrects for obesity, never upwards."""
    p = plan(age=60, height_cm=170, weight_kg=50, serum_creatinine_mg_dl=1)
    s = mmsched.expand(Plan.model_validate({**dict(p), "crcl_weight": "ideal"}))
    assert doses_of(s, "lenalidomide") == {Decimal(10)}
    assert s.renal is not None and s.renal.weight_basis == "actual"
    assert any("would give a higher CrCl than actual weight" in w for w in s.warnings)


def test_the_dose_level_in_force_is_the_latest_start_not_the_last_listed() -> None:
    """Rd, CrCl ≥ 60 (25 mg): level 1 from cycle 2 (20 mg), level 2 from cycle 3 (15 mg),
    listed in the other order."""
    changes = [
        {"action": "dose-level", "drug": "lenalidomide", "from_cycle": 3, "level": 2,
         "reason": "b"},
        {"action": "dose-level", "drug": "lenalidomide", "from_cycle": 2, "level": 1,
         "reason": "a"},
    ]  # fmt: skip
    p = plan("rd", serum_creatinine_umol_l=70)
    s = mmsched.expand(Plan.model_validate({**dict(p), "cycles": 3, "changes": changes}))
    assert [doses_of(s, "lenalidomide", c) for c in (1, 2, 3)] == [
        {Decimal(25)},
        {Decimal(20)},
        {Decimal(15)},
    ]


def _regimen_file(tmp_path: Path, drug: dict[str, Any]) -> Path:
    path = tmp_path / "custom.yaml"
    regimen = {"id": "custom", "name": "Custom", "cycle_days": 28, "source": "test",
               "drugs": [drug]}  # fmt: skip
    path.write_text(yaml.safe_dump(regimen, allow_unicode=True), encoding="utf-8")
    return path


RENAL = [
    {"crcl_min": 60, "dose": "25 mg"},
    {"crcl_min": 30, "dose": "10 mg"},
    {"crcl_min": 0, "dialysis": False, "dose": "15 mg", "days": "1-21/2"},
    {"crcl_min": 0, "dialysis": True, "dose": "5 mg"},
]


def test_a_band_never_raises_a_dose_the_plan_chose_lower(tmp_path: Path) -> None:
    drug = {"drug": "lenalidomide", "dose": "10-25 mg", "route": "PO", "days": "1-21",
            "renal": RENAL}  # fmt: skip
    s = mmsched.expand(
        Plan(
            patient=Patient(id="A", sex="F", age=45, height_cm=160, weight_kg=60,
                            serum_creatinine_mg_dl="0.9"),  # CrCl 74.8: the 25 mg band
            regimen=mmsched.load_regimen(_regimen_file(tmp_path, drug)),
            start=START,
            doses={"lenalidomide": "10 mg"},
        )
    )  # fmt: skip
    assert doses_of(s, "lenalidomide") == {Decimal(10)}


def test_bands_in_any_order_and_in_the_dose_s_own_basis(tmp_path: Path) -> None:
    ascending = {"drug": "lenalidomide", "dose": "25 mg", "route": "PO", "days": "1-21",
                 "renal": list(reversed(RENAL))}  # fmt: skip
    s = mmsched.expand(
        Plan(
            patient=Patient(id="A", sex="F", age=45, height_cm=160, weight_kg=60,
                            serum_creatinine_mg_dl="0.9"),  # CrCl 74.8: 25 mg
            regimen=mmsched.load_regimen(_regimen_file(tmp_path, ascending)),
            start=START,
        )
    )  # fmt: skip
    assert doses_of(s, "lenalidomide") == {Decimal(25)}
    bands = [{"crcl_min": 30, "dose": "1.3 mg/m2"}, {"crcl_min": 0, "dose": "1.2 mg"}]
    per_m2 = {"drug": "bortezomib", "dose": "1.3 mg/m2", "route": "SC", "days": "1, 8",
              "renal": bands}  # fmt: skip
    with pytest.raises(MmschedError, match=r"renal\[1\]\.dose.*write it in mg/m2"):
        mmsched.load_regimen(_regimen_file(tmp_path, per_m2))
    no_floor = {**ascending, "renal": [RENAL[0], RENAL[1], RENAL[3]]}
    with pytest.raises(MmschedError, match="not for dialysis must start at crcl_min: 0"):
        mmsched.load_regimen(_regimen_file(tmp_path, no_floor))


def test_a_weight_flag_does_not_warn_of_a_dose_never_given() -> None:
    """CyBorD, a ward holding 50 mg cyclophosphamide tablets. Baseline 175 cm, 63 kg: 1.75 m²,
    525 mg (never given: 55 kg is measured before the start). 55 kg: √(175 × 55 / 3600) = 1.64 m²;
    300 × 1.64 = 492 → 500 mg, ten 50 mg tablets: no dispensing warning at all."""
    ward = mmsched.engine.wardcal.WardCalendar(formulary={"cyclophosphamide": _tablets_50()})
    p = plan("cybord", height_cm=175, weight_kg=63, ward=ward)
    p = Plan.model_validate(
        {**dict(p), "measurements": [{"date": date(2026, 11, 30), "weight_kg": 55}]}
    )
    s = mmsched.expand(p)
    assert doses_of(s, "cyclophosphamide") == {Decimal(500)}
    assert not [w for w in s.warnings if "525" in w]
    assert s.weight_flags and s.weight_flags[0].doses[0].before == Decimal(500)


def test_bmi_is_shown_on_its_side_of_the_limit() -> None:
    """170 cm, 53.4 kg: 53.4 / 2.89 = 18.477, below 18.5: shown 18.48, never 18.5."""
    p = plan("drd", height_cm=170, weight_kg="53.4", serum_creatinine_umol_l=70)
    s = mmsched.expand(p)
    assert given(s, "dexamethasone")[0].notes[0].startswith("BMI 18.48 < 18.5 kg/m²")


def test_a_dialysis_band_is_described_without_a_crcl_bound() -> None:
    rule = mmsched.load_regimen("rvd").rule("lenalidomide")
    assert rule is not None
    band = next(b for b in rule.renal if b.dialysis is True)
    assert (band.describe(Decimal(30)), band.describe(Decimal(30), "zh")) == ("on dialysis", "透析")


def test_a_formulary_in_another_unit_is_refused_with_the_plan(tmp_path: Path) -> None:
    ward = tmp_path / "ward.yaml"
    ward.write_text("formulary:\n  dexamethasone: {strengths: [750 mcg], combine: true}\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(MmschedError, match="formulary gives dexamethasone in mcg"):
        plan("cybord", ward=mmsched.load_ward(ward))


def test_suggested_doses_stay_inside_the_range(tmp_path: Path) -> None:
    """Dexamethasone 20-40 mg PO (a regimen of this test's own: the bundled ones fix their oral
    dexamethasone), a ward with 0.75 mg tablets: 40 mg is 53.3 tablets; 39.75 mg is in the
    range, 40.5 mg is not and is not suggested. Rd's fixed 40 mg (FIRST) is given as
    the largest dose they make at or below it: 53 × 0.75 = 39.75 mg (never rounded up)."""
    ward = tmp_path / "ward.yaml"
    ward.write_text("formulary:\n  dexamethasone: {strengths: [0.75 mg], combine: true}\n",
                    encoding="utf-8")  # fmt: skip
    regimen = tmp_path / "dex-range.yaml"
    regimen.write_text(
        "id: dex-range\nname: Dex range\ncycle_days: 28\nsource: test\ndrugs:\n"
        "  - {drug: dexamethasone, dose: 20-40 mg, route: PO, days: '1, 8, 15, 22',\n"
        "     strengths: [0.5 mg, 0.75 mg, 1 mg, 1.5 mg, 2 mg, 4 mg, 6 mg], combine: true}\n",
        encoding="utf-8",
    )
    with pytest.raises(MmschedError) as caught:
        plan(str(regimen), ward=mmsched.load_ward(ward), doses={"dexamethasone": "40 mg"})
    assert "choose 39.75 mg" in str(caught.value) and "40.5" not in str(caught.value)
    fixed = mmsched.expand(plan("rd", ward=mmsched.load_ward(ward), serum_creatinine_umol_l=70))
    dex = given(fixed, "dexamethasone")
    assert {(a.dose, a.dispensed_as) for a in dex} == {(Decimal("39.75"), "0.75 mg × 53")}
