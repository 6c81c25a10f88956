"""Issue 13, first phase: order sets (supportive items, conditions, day 0 / negative days,
pregnancy tests counted from C1D1, per-row doses and roles, infusion details), worked by hand.

Dates are counted on a calendar: date = the cycle's start + day - 1, so day 0 is the day before
day 1; course days are counted from C1D1 (day 1) whatever the cycles.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app
from mmsched.engine.orderset import CORTICOSTEROIDS
from mmsched.errors import MmschedError
from mmsched.exports.schedule_json import schedule_to_dict

D = date.fromisoformat


def plan(regimen: str | Path, start: str, patient: dict[str, Any], **fields: Any) -> mmsched.Plan:
    return mmsched.Plan(
        patient=mmsched.Patient(**{"id": "T-13", "height_cm": 180, "weight_kg": 80, **patient}),
        regimen=mmsched.load_regimen(regimen) if isinstance(regimen, Path) else regimen,
        start=D(start),
        **fields,
    )


def supportive(schedule: mmsched.Schedule, item: str) -> list[tuple[date, str]]:
    return [(s.date, s.cycle_day) for s in schedule.supportive if s.item == item]


# --- DRd cycle 1 (MAIA) ------------------------------------------------------------------------

# A man of 60, 180 cm and 80 kg (BMI 24.7), VTE risk high, DRd from Mon 2026-12-07, one cycle:
# daratumumab C1D1, 8, 15, 22 = 12-07, 12-14, 12-21, 12-28; MAIA gives the whole weekly
# dexamethasone (40 mg: MAIA's dose at 75 years or younger and BMI 18.5 or more; MAIA renal
# subgroup abstract, scilit.net/article/3e8486a0ddce50333982d564a46b64e1: "d: 40 mg [20 mg if
# aged >75 years or body-mass index ...] on Days 1, 8, 15, 22") before each infusion as the
# premedication (DARZALEX US label 2.3 and 14; sponsor's MAIA page), nothing the day after.
DARA_DAYS = [D("2026-12-07"), D("2026-12-14"), D("2026-12-21"), D("2026-12-28")]


@pytest.fixture(scope="module")
def drd() -> mmsched.Schedule:
    man = {"sex": "M", "age": 60, "serum_creatinine_umol_l": 80, "vte_risk": "high"}
    return mmsched.expand(plan("drd", "2026-12-07", man, cycles=1))


def test_drd_dexamethasone_is_the_premedication_on_every_infusion_day(
    drd: mmsched.Schedule,
) -> None:
    dara = [a.date for a in drd.administrations if a.drug == "daratumumab"]
    dex = [(a.date, a.dose) for a in drd.administrations if a.drug == "dexamethasone"]
    assert dara == DARA_DAYS
    assert dex == [(d, Decimal(40)) for d in DARA_DAYS]  # no split: nothing the day after
    roles = {drd.row_of(a).role for a in drd.administrations if a.drug == "dexamethasone"}  # type: ignore[union-attr]
    assert roles == {"premedication"}
    # 16 mg/kg × 80 kg = 1,280 mg.
    assert {a.dose for a in drd.administrations if a.drug == "daratumumab"} == {Decimal(1280)}


def test_drd_premedication_steroid_moves_with_a_moved_infusion() -> None:
    """A closed ward day (Mon 2026-12-14, C1D8) moves daratumumab to Tue 12-15 (shift-later,
    given on the ward); its corticosteroid premedication, dexamethasone 40 mg (MAIA), must be
    given before that infusion, so it moves to 12-15 too (clinical review, issue 13): an
    infusion without its steroid is an order a pharmacist refuses."""
    from mmsched.engine.wardcal import WardCalendar

    man = {"sex": "M", "age": 60, "serum_creatinine_umol_l": 80, "vte_risk": "high"}
    closed = WardCalendar(closed=frozenset({D("2026-12-14")}))
    schedule = mmsched.expand(plan("drd", "2026-12-07", man, cycles=1, ward=closed))
    moved = [D("2026-12-07"), D("2026-12-15"), D("2026-12-21"), D("2026-12-28")]
    assert [a.date for a in schedule.administrations if a.drug == "daratumumab"] == moved
    dex = [a for a in schedule.administrations if a.drug == "dexamethasone"]
    assert [a.date for a in dex] == moved
    assert {schedule.row_of(a).role for a in dex} == {"premedication"}  # type: ignore[union-attr]
    assert supportive(schedule, "paracetamol") == [
        (D("2026-12-07"), "C1D1"),
        (D("2026-12-15"), "C1D8"),
        (D("2026-12-21"), "C1D15"),
        (D("2026-12-28"), "C1D22"),
    ]


MAN_60 = {"sex": "M", "age": 60, "serum_creatinine_umol_l": 80, "vte_risk": "high"}


def test_a_plan_move_of_daratumumab_takes_its_premedication_steroid_along() -> None:
    """The clinical review's case: a plan change moves daratumumab C1D8 from Mon 12-14 to Wed
    12-16. Its dexamethasone premedication (MAIA: the weekly dose, before the infusion) moves
    to 12-16 with it and says why; the other weekly doses stay."""
    change = {"action": "move", "drug": "daratumumab", "date": "2026-12-14",
              "to": "2026-12-16", "reason": "infusion chair not free"}  # fmt: skip
    schedule = mmsched.expand(plan("drd", "2026-12-07", MAN_60, cycles=1, changes=[change]))
    moved = [D("2026-12-07"), D("2026-12-16"), D("2026-12-21"), D("2026-12-28")]
    assert [a.date for a in schedule.administrations if a.drug == "daratumumab"] == moved
    dex = [a for a in schedule.administrations if a.drug == "dexamethasone"]
    assert [(a.date, a.cycle_day, a.dose) for a in dex] == [
        (d, f"C1D{day}", Decimal(40)) for d, day in zip(moved, (1, 8, 15, 22), strict=True)
    ]
    assert dex[1].planned_date == D("2026-12-14")
    assert "given before daratumumab C1D8, which is on 2026-12-16" in dex[1].shift_reason_in("en")
    assert all(schedule.role_row(a) is not None for a in dex)
    assert supportive(schedule, "paracetamol")[1] == (D("2026-12-16"), "C1D8")


def test_a_held_infusion_leaves_the_weekly_dexamethasone_as_an_ordinary_dose() -> None:
    """Daratumumab omitted on C1D8 (12-14): the weekly dexamethasone of that day is still the
    regimen's dose (MAIA's lenalidomide-dexamethasone continue), on its own day, but it is no
    longer a premedication: no role, no timing, no premedication items that day."""
    change = {"action": "omit", "drug": "daratumumab", "date": "2026-12-14",
              "reason": "infusion reaction last week"}  # fmt: skip
    schedule = mmsched.expand(plan("drd", "2026-12-07", MAN_60, cycles=1, changes=[change]))
    dex = {a.date: a for a in schedule.administrations if a.drug == "dexamethasone"}
    assert sorted(dex) == DARA_DAYS
    assert schedule.role_row(dex[D("2026-12-14")]) is None
    assert schedule.role_row(dex[D("2026-12-21")]) is not None
    assert D("2026-12-14") not in [d for d, _ in supportive(schedule, "paracetamol")]
    data = schedule_to_dict(schedule)
    rows = {a["date"]: a for a in data["administrations"] if a["drug"] == "dexamethasone"}
    assert (rows["2026-12-14"]["role"], rows["2026-12-14"]["timing"]) == (None, None)
    assert (rows["2026-12-21"]["role"], rows["2026-12-21"]["with"]) == (
        "premedication",
        "daratumumab",
    )
    assert rows["2026-12-21"]["timing"] == {"minutes_before": [60, 180]}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{cycles: 1, days: '1', with: x, minutes_before: 60}", "add role: premedication"),
        (
            "{cycles: 1, days: '1', role: premedication, with: x, days_after: 1}",
            "gives minutes_before",
        ),
        (
            "{cycles: 1, days: '1', role: premedication, with: dexamethasone, minutes_before: 60}",
            "cannot follow the drug itself",
        ),
        (
            "{cycles: 1, days: '1', role: premedication, with: rituximab, minutes_before: 60}",
            "the regimen has no drug 'rituximab'",
        ),
        (
            "{cycles: 1, days: '2', role: premedication, with: x, minutes_before: 60}",
            "cycle 1 day 2: x is not given on it",
        ),
        ("{cycles: 1, days: '1', minutes_before: 60}", "go with 'with: DRUG'"),
    ],
)
def test_a_row_that_follows_a_drug_is_checked(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "follow.yaml"
    path.write_text(
        "id: follow\nname: Follow\ncycle_days: 28\nsource: test\ndrugs:\n"
        "  - {drug: x, dose: 1 mg, route: IV, days: '1, 8'}\n"
        f"  - drug: dexamethasone\n    dose: 20 mg\n    route: PO\n    schedule:\n      - {row}\n",
        encoding="utf-8",
    )
    with pytest.raises(MmschedError) as caught:
        mmsched.load_regimen(path)
    assert "drugs[1].schedule[0]" in str(caught.value) and message in str(caught.value)


def test_drd_antipyretic_and_antihistamine_before_each_infusion(drd: mmsched.Schedule) -> None:
    for item in ("paracetamol", "diphenhydramine"):
        records = [s for s in drd.supportive if s.item == item]
        assert [s.date for s in records] == DARA_DAYS
        assert {(s.minutes_before, s.with_drug, s.optional) for s in records} == {
            ((60, 180), "daratumumab", False)
        }
    paracetamol = next(s for s in drd.supportive if s.item == "paracetamol")
    assert (paracetamol.dose_low, paracetamol.dose_high, paracetamol.unit) == (650, 1000, "mg")
    # Montelukast: optional, before the first infusion only.
    assert supportive(drd, "montelukast") == [(D("2026-12-07"), "C1D1")]
    # Methylprednisolone <= 20 mg the day after ("consider"): optional, never with dexamethasone.
    assert supportive(drd, "methylprednisolone") == [
        (D("2026-12-08"), "C1D2"),
        (D("2026-12-15"), "C1D9"),
        (D("2026-12-22"), "C1D16"),
        (D("2026-12-29"), "C1D23"),
    ]
    # VTE risk high: enoxaparin every day of the cycle (12-07 to 2027-01-03), no aspirin, no prompt.
    enoxaparin = supportive(drd, "enoxaparin")
    assert (len(enoxaparin), enoxaparin[0][0], enoxaparin[-1][0]) == (
        28,
        D("2026-12-07"),
        D("2027-01-03"),
    )
    assert supportive(drd, "aspirin") == supportive(drd, "vte-risk-assessment") == []
    # Before the first dose: type and screen and HBV serology on C1D0 (the day before).
    assert [(m.date, m.cycle_day, m.test) for m in drd.monitoring if m.day == 0] == [
        (D("2026-12-06"), "C1D0", "type-and-screen"),
        (D("2026-12-06"), "C1D0", "hbv-serology"),
    ]
    assert drd.first_date == D("2026-12-06")


def test_drd_end_of_daratumumab_reminders(drd: mmsched.Schedule) -> None:
    """DARZALEX label: antiviral prophylaxis "for 3 months following the end of treatment".
    One cycle: the last daratumumab dose is C1D22 = 2026-12-28; the reminders are on that day
    and 91 days (13 weeks) later: 2026-12-28 + 91 = 2027-03-29 (3 days of December, 31 + 28 of
    January and February, 29 of March). Reminders, never doses."""
    reminders = [(s.item, s.date, s.is_prompt) for s in drd.supportive
                 if s.item.startswith("aciclovir-")]  # fmt: skip
    assert reminders == [
        ("aciclovir-after-daratumumab", D("2026-12-28"), True),
        ("aciclovir-stop", D("2027-03-29"), True),
    ]


def test_drd_infusion_details_by_occurrence_in_json(drd: mmsched.Schedule) -> None:
    data = schedule_to_dict(drd)
    dara = [a for a in data["administrations"] if a["drug"] == "daratumumab"]
    # Label: 1,000 mL for the first infusion, 500 mL after; medians 7.0, 4.3, 3.5 h.
    assert [(a["infusion"]["volume_ml"], a["infusion"]["duration_minutes"]) for a in dara] == [
        (1000, 420),
        (500, 258),
        (500, 210),
        (500, 210),
    ]
    assert {a["infusion"]["diluent"] for a in dara} == {"0.9% sodium chloride"}
    assert {a["phase"] for a in data["administrations"]} == {"induction"}
    first = next(s for s in data["supportive"] if s["item"] == "paracetamol")
    assert first["timing"] == {"minutes_before": [60, 180]}
    assert (first["dose"], first["unit"], first["route"], first["with"]) == (
        [650, 1000],
        "mg",
        "PO",
        "daratumumab",
    )
    methyl = next(s for s in data["supportive"] if s["item"] == "methylprednisolone")
    assert (methyl["timing"], methyl["optional"], methyl["phase"]) == (
        {"days_after": 1},
        True,
        "induction",
    )
    assert data["regimen"]["first_date"] == "2026-12-06"


# --- pregnancy tests (RVD) ---------------------------------------------------------------------

# Revlimid US label 5.1 / REMS: two tests before starting (within 10-14 days, and within 24 hours),
# weekly in the first 4 weeks, then every 4 weeks (every 2 weeks with irregular menses), counted
# in calendar days from C1D1. RVD from Tue 2026-12-01, three 28-day cycles (last day 2027-02-22):
#   day -13 = 12-01 - 14 days = 2026-11-17 (window to day -10, 11-20); day 0 = 11-30;
#   days 8, 15, 22 = 12-08, 12-15, 12-22; day 29 = 12-29 = C2D1; day 57 = 2027-01-26 = C3D1;
#   day 85 = 2027-02-23 is after the course.
REGULAR = [
    (D("2026-11-17"), "C1D-13"),
    (D("2026-11-30"), "C1D0"),
    (D("2026-12-08"), "C1D8"),
    (D("2026-12-15"), "C1D15"),
    (D("2026-12-22"), "C1D22"),
    (D("2026-12-29"), "C2D1"),
    (D("2027-01-26"), "C3D1"),
]


def pregnancy_tests(schedule: mmsched.Schedule) -> list[tuple[date, str]]:
    return [(m.date, m.cycle_day) for m in schedule.monitoring if m.test == "pregnancy-test"]


def woman(**fields: Any) -> dict[str, Any]:
    return {"sex": "F", "age": 30, "serum_creatinine_umol_l": 60, "vte_risk": "standard", **fields}


def test_rvd_woman_of_childbearing_potential_gets_the_programme_dates() -> None:
    patient = woman(childbearing_potential=True, irregular_menses=False)
    schedule = mmsched.expand(
        plan("rvd", "2026-12-01", patient, cycles=3, doses={"dexamethasone": "20 mg"})
    )
    assert pregnancy_tests(schedule) == REGULAR
    first = next(m for m in schedule.monitoring if m.test == "pregnancy-test")
    assert first.window_to == D("2026-11-20")
    # The pregnancy-prevention reminder 4 weeks before the first dose comes first: day -27 =
    # 12-01 - 28 days = 2026-11-03 (Revlimid US label 8.3: "avoid pregnancy 4 weeks before
    # therapy"); the men's condom reminder is not hers.
    assert schedule.first_date == D("2026-11-03")
    assert [(s.date, s.cycle_day) for s in schedule.supportive if s.item == "contraception"] == [
        (D("2026-11-03"), "C1D-27")
    ]
    assert not any(s.item == "condom-use" for s in schedule.supportive)
    assert not any("childbearing" in w for w in schedule.warnings)


def test_pregnancy_prevention_reminders_by_sex_once_per_course() -> None:
    """Lenalidomide REMS reminders: a woman who can become pregnant on day -27 of cycle 1 only;
    a man (condoms, even after a vasectomy) on C1D1 only; a woman who cannot, none. VRd + two
    maintenance cycles: the maintenance (its own cycle 1 is C9) does not repeat them."""
    man = {"sex": "M", "age": 60, "serum_creatinine_umol_l": 80, "vte_risk": "standard"}
    schedule = mmsched.expand(plan("rd", "2026-12-01", man, cycles=3))
    condom = [(s.date, s.cycle_day, s.is_prompt) for s in schedule.supportive
              if s.item == "condom-use"]  # fmt: skip
    assert condom == [(D("2026-12-01"), "C1D1", True)]
    record = next(s for s in schedule.supportive if s.item == "condom-use")
    assert "latex or synthetic condom" in (record.prompt_en or "") and record.dose_low is None
    older = woman(age=60, childbearing_potential=False)
    none = mmsched.expand(plan("rd", "2026-12-01", older, cycles=3))
    assert not any(s.item in ("contraception", "condom-use") for s in none.supportive)
    vrd = mmsched.Plan.model_validate(
        {
            "patient": {"id": "T-13", "height_cm": 170, "weight_kg": 70, **man},
            "regimen": "vrd-21",
            "start": "2027-01-04",
            "maintenance_cycles": 2,
        }
    )
    phased = mmsched.expand(vrd)
    assert [s.cycle_day for s in phased.supportive if s.item == "condom-use"] == ["C1D1"]


def test_irregular_menses_every_two_weeks_after_the_first_four() -> None:
    patient = woman(childbearing_potential=True, irregular_menses=True)
    schedule = mmsched.expand(
        plan("rvd", "2026-12-01", patient, cycles=3, doses={"dexamethasone": "20 mg"})
    )
    # Days 43, 57, 71 = 2027-01-12 (C2D15), 01-26 (C3D1), 02-09 (C3D15).
    assert pregnancy_tests(schedule) == [
        *REGULAR[:6],
        (D("2027-01-12"), "C2D15"),
        (D("2027-01-26"), "C3D1"),
        (D("2027-02-09"), "C3D15"),
    ]


def test_weeks_not_cycle_days_on_21_day_cycles() -> None:
    # VRd-21 from 2026-12-01: day 29 = 12-29 falls on C2D8 (cycle 2 starts 12-22).
    patient = woman(childbearing_potential=True, irregular_menses=False)
    schedule = mmsched.expand(plan("vrd-21", "2026-12-01", patient, cycles=2))
    assert (D("2026-12-29"), "C2D8") in pregnancy_tests(schedule)


def test_unrecorded_potential_schedules_the_tests_and_warns() -> None:
    schedule = mmsched.expand(
        plan("rvd", "2026-12-01", woman(), cycles=3, doses={"dexamethasone": "20 mg"})
    )
    assert pregnancy_tests(schedule) == REGULAR
    assert any("childbearing_potential is not recorded" in w for w in schedule.warnings)
    assert any("irregular_menses is not recorded" in w for w in schedule.warnings)


def test_seventy_year_old_man_has_no_pregnancy_test() -> None:
    man = {"sex": "M", "age": 70, "serum_creatinine_umol_l": 80, "vte_risk": "standard"}
    schedule = mmsched.expand(
        plan("rvd", "2026-12-01", man, cycles=3, doses={"dexamethasone": "20 mg"})
    )
    assert pregnancy_tests(schedule) == []
    assert not any("childbearing" in w for w in schedule.warnings)
    # Standard VTE risk, no dose chosen: aspirin every day, shown as the range 81-325 mg.
    aspirin = [s for s in schedule.supportive if s.item == "aspirin"]
    assert len(aspirin) == 84
    assert (aspirin[0].dose_low, aspirin[0].dose_high) == (81, 325)


def test_unrecorded_vte_risk_is_a_prompt_on_day_1_of_each_cycle() -> None:
    man = {"sex": "M", "age": 70, "serum_creatinine_umol_l": 80}
    schedule = mmsched.expand(
        plan(
            "tvd",
            "2026-12-01",
            man,
            cycles=2,
            doses={"thalidomide": "100 mg", "dexamethasone": "20 mg"},
        )
    )
    prompts = [s for s in schedule.supportive if s.item == "vte-risk-assessment"]
    assert [(s.date, s.dose_low, s.route) for s in prompts] == [
        (D("2026-12-01"), None, None),
        (D("2026-12-29"), None, None),
    ]
    assert prompts[0].prompt_en is not None and "assess" in prompts[0].prompt_en
    assert supportive(schedule, "aspirin") == supportive(schedule, "enoxaparin") == []


def test_a_man_cannot_be_recorded_with_childbearing_potential() -> None:
    with pytest.raises(MmschedError) as info:
        mmsched.Patient(
            id="X", sex="M", age=40, height_cm=170, weight_kg=70, childbearing_potential=True
        )
    assert "childbearing_potential: true is given for a man" in str(info.value)


# --- day 0 and negative days -------------------------------------------------------------------


def regimen_file(tmp_path: Path, text: str, name: str = "r.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HYDRATION = """\
id: rvd-hydrated
extends: rvd
name: RVD with hydration
source: test regimen
supportive:
  - item: sodium-chloride
    category: hydration
    dose: 500 mL
    route: IV
    days: "0"
    cycles: "CYCLES"
    source: test
"""


def test_day_0_of_cycle_2_lands_on_cycle_1_last_day(tmp_path: Path) -> None:
    path = regimen_file(tmp_path, HYDRATION.replace("CYCLES", "2"))
    man = {"sex": "M", "age": 60, "vte_risk": "standard"}
    schedule = mmsched.expand(
        plan(path, "2026-12-01", man, cycles=2, doses={"dexamethasone": "20 mg"})
    )
    # Cycle 2 starts 12-29; its day 0 is 12-28, cycle 1's day 28; it keeps its owning cycle.
    ((when, cycle_day),) = supportive(schedule, "sodium-chloride")
    assert (when, cycle_day) == (D("2026-12-28"), "C2D0")
    record = next(s for s in schedule.supportive if s.item == "sodium-chloride")
    assert (record.dose_low, record.unit, record.route) == (500, "mL", "IV")


def test_day_0_hydration_before_c1d1_moves_first_date(tmp_path: Path) -> None:
    path = regimen_file(tmp_path, HYDRATION.replace("CYCLES", "1"))
    man = {"sex": "M", "age": 60, "vte_risk": "standard"}
    schedule = mmsched.expand(
        plan(path, "2026-12-01", man, cycles=2, doses={"dexamethasone": "20 mg"})
    )
    assert schedule_to_dict(schedule)["regimen"]["first_date"] == "2026-11-30"
    assert schedule_to_dict(schedule)["regimen"]["start"] == "2026-12-01"


def check(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", str(path)], env={"COLUMNS": "200"})
    return result.exit_code, " ".join(result.output.split())


def test_check_refuses_a_negative_day_on_an_anticancer_drug(tmp_path: Path) -> None:
    path = regimen_file(
        tmp_path,
        "id: bad\nname: Bad\ncycle_days: 28\nsource: test\n"
        "drugs:\n  - {drug: dexamethasone, dose: 20 mg, route: PO, days: '-1, 1'}\n",
    )
    code, out = check(path)
    assert code == 1
    assert "drugs[0].days" in out
    assert "are for supportive items and tests only" in out


def test_check_refuses_an_item_with_a_drug_the_regimen_lacks(tmp_path: Path) -> None:
    path = regimen_file(
        tmp_path,
        "id: bad\nextends: rvd\nname: Bad\nsource: test\nsupportive:\n"
        "  - {item: paracetamol, category: premedication, dose: 1000 mg, route: PO,\n"
        "     with: daratumumab, minutes_before: 60, source: test}\n",
    )
    code, out = check(path)
    assert code == 1
    assert "with" in out and "has no drug 'daratumumab'" in out


def test_an_item_never_repeats_an_anticancer_drug(tmp_path: Path) -> None:
    path = regimen_file(
        tmp_path,
        "id: bad\nextends: rvd\nname: Bad\nsource: test\nsupportive:\n"
        "  - {item: dexamethasone, category: premedication, dose: 20 mg, route: PO,\n"
        "     with: bortezomib, minutes_before: 60, source: test}\n",
    )
    code, out = check(path)
    assert code == 1
    assert "is one of the regimen's anticancer drugs" in out


def test_tvd_items_with_lenalidomide_follow_thalidomide(tmp_path: Path) -> None:
    path = regimen_file(
        tmp_path,
        "id: tvd-counted\nextends: tvd\nname: T\nsource: test\nmonitoring:\n"
        "  - {test: blood-count, with: lenalidomide, cycles: '1'}\n",
    )
    regimen = mmsched.load_regimen(path)
    assert regimen.monitoring_rules[0].with_drug == "thalidomide"
    # Inherited from rvd: the supportive items and the pregnancy tests.
    assert {s.item for s in regimen.compiled.supportive} >= {"aspirin", "enoxaparin", "aciclovir"}


# --- per-row doses: carfilzomib step-up --------------------------------------------------------

KD = """\
id: kd-test
name: Kd step-up (test)
cycle_days: 28
cycles: 2
source: "ENDEAVOR: carfilzomib 20 mg/m2 on C1D1-2, then 56 mg/m2"
drugs:
  - drug: carfilzomib
    dose: 56 mg/m2
    route: IV
    diluent: 5% glucose
    duration_minutes: 30
    schedule:
      - {cycles: "1", days: "1, 2", dose: 20 mg/m2, chair_minutes: 90}
      - {cycles: "1", days: "8, 9, 15, 16"}
      - {cycles: 2-, days: "1, 2, 8, 9, 15, 16"}
  - drug: dexamethasone
    dose: 20 mg
    route: PO
    schedule:
      - {cycles: "1", days: "1, 2, 8, 9, 15, 16", role: premedication}
      - {cycles: 2-, days: "1, 2, 8, 9, 15, 16, 22, 23"}
"""


def test_carfilzomib_step_up_is_one_drug_with_row_doses(tmp_path: Path) -> None:
    path = regimen_file(tmp_path, KD)
    man = {"sex": "M", "age": 60}
    schedule = mmsched.expand(plan(path, "2026-12-07", man, cycles=2))
    # BSA Mosteller √(180 × 80 / 3600) = 2 m²: 20 × 2 = 40 mg on C1D1-2, 56 × 2 = 112 mg after.
    doses = [(a.cycle_day, a.dose) for a in schedule.administrations if a.drug == "carfilzomib"]
    assert doses[:6] == [
        ("C1D1", 40),
        ("C1D2", 40),
        ("C1D8", 112),
        ("C1D9", 112),
        ("C1D15", 112),
        ("C1D16", 112),
    ]
    assert {d for cd, d in doses[6:]} == {112}
    data = schedule_to_dict(schedule)
    carfilzomib = [a for a in data["administrations"] if a["drug"] == "carfilzomib"]
    assert [a["chair_minutes"] for a in carfilzomib[:3]] == [90, 90, None]
    assert carfilzomib[0]["infusion"] == {
        "diluent": "5% glucose",
        "volume_ml": None,
        "duration_minutes": 30,
        "rate": None,
    }
    dex = [a for a in data["administrations"] if a["drug"] == "dexamethasone"]
    assert {a["role"] for a in dex if a["cycle"] == 1} == {"premedication"}
    assert {a["role"] for a in dex if a["cycle"] == 2} == {None}


def test_rows_may_not_give_the_same_day_twice(tmp_path: Path) -> None:
    path = regimen_file(tmp_path, KD.replace('days: "8, 9, 15, 16"}', 'days: "2, 8, 9, 15, 16"}'))
    code, out = check(path)
    assert code == 1
    assert "cycle 1 day 2 is covered by schedule[0] too" in out


def test_no_day_carries_two_corticosteroids_in_bundled_drd(drd: mmsched.Schedule) -> None:
    by_date: dict[date, set[str]] = {}
    for a in drd.administrations:
        if a.drug in CORTICOSTEROIDS:
            by_date.setdefault(a.date, set()).add(a.drug)
    for s in drd.supportive:
        if s.item in CORTICOSTEROIDS:
            by_date.setdefault(s.date, set()).add(s.item)
    assert all(len(names) == 1 for names in by_date.values())


def test_blood_counts_stay_when_daratumumab_or_bortezomib_stops() -> None:
    """Clinical review round 2 (B1): the counts follow lenalidomide's need, not the antibody's
    or the proteasome inhibitor's doses. DRd from Mon 2026-12-07 with C1D8 (12-14) omitted:
    the count of 12-14 stays (weekly in C1-2). VRd-21 from Mon 2027-01-04 with bortezomib
    stopped from C2D1 (01-25): C2 and C3 keep days 1, 8, 15 (01-25, 02-01, 02-08; 02-15,
    02-22, 03-01), C4 day 1 (03-08)."""
    omit = {"action": "omit", "drug": "daratumumab", "date": "2026-12-14", "reason": "fever"}
    drd = mmsched.expand(plan("drd", "2026-12-07", MAN_60, cycles=1, changes=[omit]))
    counts = [m.date for m in drd.monitoring if m.test == "blood-count"]
    assert counts == DARA_DAYS
    stop = {"action": "stop", "drug": "bortezomib", "from": "2027-01-25", "reason": "neuropathy"}
    man = {"sex": "M", "age": 64, "serum_creatinine_umol_l": 80, "vte_risk": "standard"}
    vrd = mmsched.expand(plan("vrd-21", "2027-01-04", man, cycles=4, changes=[stop]))
    later = [m.date for m in vrd.monitoring if m.test == "blood-count" and m.cycle >= 2]
    assert later == [
        D("2027-01-25"), D("2027-02-01"), D("2027-02-08"),
        D("2027-02-15"), D("2027-02-22"), D("2027-03-01"),
        D("2027-03-08"),
    ]  # fmt: skip


def test_ward_sheet_lists_a_day_with_only_supportive_items(tmp_path: Path) -> None:
    """Clinical review round 2 (B2): Rd for a man at high VTE risk from Mon 2027-01-04; C1D23
    (Tue 01-26) has no anticancer dose (lenalidomide days 1-21, dexamethasone days 1, 8, 15,
    22) but enoxaparin 40 mg subcut, given on the ward: it is on the sheet and in the totals."""
    path = tmp_path / "rd.yaml"
    path.write_text(
        "patient: {id: T-78, sex: M, age: 78, height_cm: 170, weight_kg: 70,\n"
        "          serum_creatinine_umol_l: 80, vte_risk: high}\n"
        "regimen: rd\nstart: 2027-01-04\ncycles: 2\n",
        encoding="utf-8",
    )
    days, _, errors = mmsched.range_sheets(str(path), D("2027-01-26"), D("2027-01-26"))
    assert not errors and not days[0].items
    assert [(s.record.item, s.record.cycle_day) for s in days[0].supportive] == [
        ("enoxaparin", "C1D23")
    ]
