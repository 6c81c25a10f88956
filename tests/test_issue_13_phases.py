"""Issue 13 item 7: phases (VRd induction followed by S0777 Rd maintenance), worked by hand.

vrd-21 from Mon 2027-01-04, eight 21-day cycles: cycle n starts on 2027-01-04 + 21 (n - 1), so
C8D1 = 2027-01-04 + 147 days = Mon 2027-05-31 and C8D21 = Sun 2027-06-20. The maintenance starts
the day after: C9D1 = Mon 2027-06-21 (C1D1 + 168 days), its cycles 28 days long: C10D1 = Mon
2027-07-19, C10D28 = Sun 2027-08-15. In maintenance lenalidomide is given on days 1-21
(C9: 06-21 to 07-11; C10: 07-19 to 08-08) and dexamethasone on days 1, 8, 15, 22 (C9: 06-21,
06-28, 07-05, 07-12; C10: 07-19, 07-26, 08-02, 08-09).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app
from mmsched.engine.diff import diff_schedules
from mmsched.errors import MmschedError
from mmsched.exports.diff_json import diff_to_dict
from mmsched.exports.schedule_json import schedule_to_dict

D = date.fromisoformat
START = "2027-01-04"
MAN = {"sex": "M", "age": 65, "serum_creatinine_umol_l": 80, "vte_risk": "standard"}


def plan(patient: dict[str, Any] | None = None, **fields: Any) -> mmsched.Plan:
    fields.setdefault("doses", {"aspirin": "100 mg", "maintenance": {"dexamethasone": "40 mg"}})
    return mmsched.Plan.model_validate(
        {
            "patient": {"id": "T-13m", "height_cm": 170, "weight_kg": 70, **(patient or MAN)},
            "regimen": fields.pop("regimen", "vrd-21"),
            "start": START,
            **fields,
        }
    )


def days(first: str, count: int, step: int = 1) -> list[date]:
    return [D(first) + timedelta(days=i * step) for i in range(count)]


def given(schedule: mmsched.Schedule, drug: str, cycle: int) -> list[date]:
    return [a.date for a in schedule.administrations if a.drug == drug and a.cycle == cycle]


@pytest.fixture(scope="module")
def two() -> mmsched.Schedule:
    return mmsched.expand(plan(maintenance_cycles=2))


def test_c8d21_and_c9d1(two: mmsched.Schedule) -> None:
    assert two.cycles == 10
    assert two.cycle_starts[7] == D("2027-05-31")  # C8D1
    assert two.cycle_starts[8] == D("2027-06-21")  # C9D1: the day after C8D21 (06-20)
    assert two.cycle_starts[9] == D("2027-07-19")  # C10D1: 28 days later
    assert two.end == D("2027-08-15")  # C10D28
    assert [two.phase_of(c) for c in (1, 8, 9, 10)] == [
        "induction", "induction", "maintenance", "maintenance"
    ]  # fmt: skip


def test_maintenance_lenalidomide_days_1_to_21_and_weekly_dexamethasone(
    two: mmsched.Schedule,
) -> None:
    # Induction's last cycle: lenalidomide days 1-14, dexamethasone 20 mg on 8 days.
    assert given(two, "lenalidomide", 8) == days("2027-05-31", 14)
    assert given(two, "bortezomib", 9) == []
    assert given(two, "lenalidomide", 9) == days("2027-06-21", 21)
    assert given(two, "lenalidomide", 10) == days("2027-07-19", 21)
    assert given(two, "dexamethasone", 9) == days("2027-06-21", 4, step=7)
    assert given(two, "dexamethasone", 10) == days("2027-07-19", 4, step=7)
    doses = {(a.drug, a.cycle): (a.dose, a.day) for a in two.administrations}
    assert doses["dexamethasone", 8][0] == 20 and doses["dexamethasone", 9][0] == 40
    assert doses["lenalidomide", 9][0] == 25
    # The maintenance regimen's own rows count its cycles from 1: C9 is its cycle 1.
    c9 = [a for a in two.administrations if a.cycle == 9 and a.drug == "dexamethasone"]
    assert [a.day for a in c9] == [1, 8, 15, 22]


def test_json_phases(two: mmsched.Schedule) -> None:
    data = schedule_to_dict(two)
    regimen = data["regimen"]
    assert regimen["cycle_days"] == 21  # keeps meaning the induction's
    assert regimen["phases"] == [
        {"phase": "induction", "id": "vrd-21", "name": "VRd, 21-day cycles (SWOG S0777)",
         "name_zh": "VRd 方案（21 天周期，SWOG S0777）", "cycle_days": 21, "first_cycle": 1,
         "last_cycle": 8, "until_progression": False},
        {"phase": "maintenance", "id": "rd-maintenance-s0777",
         "name": "Rd maintenance (SWOG S0777)", "name_zh": "Rd 维持治疗（SWOG S0777）",
         "cycle_days": 28, "first_cycle": 9, "last_cycle": 10, "until_progression": True},
    ]  # fmt: skip
    for key in ("administrations", "supportive", "monitoring"):
        for record in data[key]:
            assert record["phase"] == ("maintenance" if record["cycle"] >= 9 else "induction")
    # Aspirin every day of both phases, at the dose chosen for the induction (carried over);
    # aciclovir (bortezomib) only in the induction: 8 x 21 days.
    aspirin = [s for s in data["supportive"] if s["item"] == "aspirin"]
    assert len(aspirin) == 8 * 21 + 2 * 28 and {s["dose"] for s in aspirin} == {100}
    aciclovir = [s for s in data["supportive"] if s["item"] == "aciclovir"]
    assert len(aciclovir) == 8 * 21 and aciclovir[-1]["date"] == "2027-06-20"
    # Blood counts: with bortezomib (days 1, 4, 8, 11) in induction, and lenalidomide's own
    # (days 1, 8, 15 of C1-3, day 1 from C4; one count a day): C1-3 days 1, 4, 8, 11, 15 (5
    # each), C4-8 days 1, 4, 8, 11 (4 each); in maintenance as for any course of lenalidomide
    # in MM (weekly in its own cycles 1-2): C9 (from 06-21) and C10 (from 07-19) days 1, 8, 15,
    # 22.
    counts = [m["date"] for m in data["monitoring"] if m["test"] == "blood-count"]
    assert len(counts) == 3 * 5 + 5 * 4 + 4 + 4
    assert counts[-8:] == [
        "2027-06-21", "2027-06-28", "2027-07-05", "2027-07-12",
        "2027-07-19", "2027-07-26", "2027-08-02", "2027-08-09",
    ]  # fmt: skip


def test_pregnancy_tests_continue_across_the_phases() -> None:
    woman = {"sex": "F", "age": 30, "serum_creatinine_umol_l": 60, "vte_risk": "standard",
             "childbearing_potential": True, "irregular_menses": False}  # fmt: skip
    schedule = mmsched.expand(plan(woman, maintenance_cycles=2))
    tests = [m.date for m in schedule.monitoring if m.test == "pregnancy-test"]
    # Course days from C1D1 (2027-01-04 is day 1) to the course's last day, 2027-08-15 (day
    # 224): -13, 0, 8, 15, 22, 29, then every 28 days 57 ... 197. The maintenance's own
    # programme (tests 10-14 days and 24 h before its first day) is not started again.
    expected = [-13, 0, 8, 15, 22, 29, 57, 85, 113, 141, 169, 197]
    assert tests == [D(START) + timedelta(days=n - 1) for n in expected]
    assert tests[-2:] == [D("2027-06-21"), D("2027-07-19")]  # C9D1 and C10D1


def test_delays_across_the_boundary() -> None:
    # C8 delayed 3 days: C8D1 06-03, C8D21 06-23, so C9D1 06-24; C9 delayed 7 more: 07-01.
    schedule = mmsched.expand(plan(maintenance_cycles=2, delays={8: 3, 9: 7}))
    assert schedule.cycle_starts[7:] == (D("2027-06-03"), D("2027-07-01"), D("2027-07-29"))
    only_8 = mmsched.expand(plan(maintenance_cycles=2, delays={8: 3}))
    assert only_8.cycle_starts[8] == D("2027-06-24")
    assert given(only_8, "dexamethasone", 9)[0] == D("2027-06-24")


def test_a_hold_spanning_the_boundary() -> None:
    # Lenalidomide held 2027-06-10 to 2027-06-25: C8 days 11-14 (06-10 to 06-13) and C9 days
    # 1-5 (06-21 to 06-25) are not given; C9 resumes on day 6, 06-26.
    hold = {"action": "hold", "drug": "lenalidomide", "from": "2027-06-10",
            "until": "2027-06-25", "reason": "neutropenia"}  # fmt: skip
    schedule = mmsched.expand(plan(maintenance_cycles=2, changes=[hold]))
    assert given(schedule, "lenalidomide", 8) == days("2027-05-31", 10)
    assert given(schedule, "lenalidomide", 9) == days("2027-06-26", 16)
    held = [(s.cycle, s.day) for s in schedule.skipped if s.drug == "lenalidomide"]
    assert held == [(8, 11), (8, 12), (8, 13), (8, 14), (9, 1), (9, 2), (9, 3), (9, 4), (9, 5)]


def test_changes_name_cycles_in_the_continued_numbering() -> None:
    stop = {"action": "dose-level", "drug": "lenalidomide", "from_cycle": 10, "level": 2,
            "reason": "rash"}  # fmt: skip
    schedule = mmsched.expand(plan(maintenance_cycles=2, changes=[stop]))
    doses = {a.cycle: a.dose for a in schedule.administrations if a.drug == "lenalidomide"}
    assert doses[9] == 25 and doses[10] == 15  # two steps down from 25 mg: 20, then 15 mg


def test_a_dose_level_from_cycle_2_carries_into_maintenance() -> None:
    level = {"action": "dose-level", "drug": "lenalidomide", "from_cycle": 2, "level": 1,
             "reason": "thrombocytopenia"}  # fmt: skip
    schedule = mmsched.expand(plan(maintenance_cycles=2, changes=[level]))
    doses = {a.cycle: a.dose for a in schedule.administrations if a.drug == "lenalidomide"}
    # One step down from each phase's dose: 25 -> 20 mg in C2-C8 and in C9-C10.
    assert doses == {1: 25, 2: 20, 3: 20, 4: 20, 5: 20, 6: 20, 7: 20, 8: 20, 9: 20, 10: 20}
    # Renal band 10 mg (CrCl 30-60): one step down counts from 10 mg, in both phases: 5 mg.
    renal = {**MAN, "age": 70, "serum_creatinine_umol_l": 150}
    reduced = mmsched.expand(plan(renal, maintenance_cycles=1, changes=[level]))
    low = {a.cycle: a.dose for a in reduced.administrations if a.drug == "lenalidomide"}
    assert low[1] == 10 and low[2] == 5 and low[9] == 5
    # The maintenance's renal band for CrCl < 30 gives its own days (every other day of 1-21).
    dialysis_free = {**MAN, "age": 80, "serum_creatinine_umol_l": 300}
    severe = mmsched.expand(plan(dialysis_free, maintenance_cycles=1))
    assert [a.day for a in severe.administrations if a.drug == "lenalidomide" and a.cycle == 8] == [
        1, 3, 5, 7, 9, 11, 13
    ]  # fmt: skip
    assert [a.day for a in severe.administrations if a.cycle == 9 and a.drug == "lenalidomide"] == [
        1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21
    ]  # fmt: skip


def test_maintenance_cycles_0_is_the_plan_without_maintenance() -> None:
    without = mmsched.expand(plan(doses={"aspirin": "100 mg"}))
    zero = mmsched.expand(plan(doses={"aspirin": "100 mg"}, maintenance_cycles=0))
    assert without == zero and without.cycles == 8 and without.phases == ()
    # one entry per phase (issue 13): the induction alone, cycles 1-8 of 21 days
    phases = schedule_to_dict(without)["regimen"]["phases"]
    assert [(p["phase"], p["first_cycle"], p["last_cycle"], p["cycle_days"]) for p in phases] == [
        ("induction", 1, 8, 21)
    ]
    assert schedule_to_dict(without) == schedule_to_dict(zero)


def test_diff_across_the_phases() -> None:
    old = mmsched.expand(plan(maintenance_cycles=1))
    new = mmsched.expand(plan(maintenance_cycles=2, delays={9: 7}))
    changes = diff_to_dict(old, new, diff_schedules(old, new))["changes"]
    moved = [c for c in changes if c["kind"] == "moved" and c["name"] == "dexamethasone"]
    assert moved[0] == {
        "kind": "moved", "what": "administration", "name": "dexamethasone", "cycle": 9,
        "day": 1, "old_date": "2027-06-21", "new_date": "2027-06-28", "old_dose": 40,
        "new_dose": 40, "unit": "mg", "phase": "maintenance",
    }  # fmt: skip
    added = [c for c in changes if c["kind"] == "added" and c["what"] == "administration"]
    assert {c["cycle"] for c in added} == {10} and len(added) == 21 + 4


# --- min interval across the boundary, the cap, check -----------------------------------------


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


IND = """id: ind-x
name: {en: "Induction X"}
cycle_days: 7
cycles: 2
source: "test"
maintenance: {regimen: MAINT, cycles: 2}
drugs:
  - {drug: dexamethasone, dose: 20 mg, route: PO, days: "7", min_interval_hours: 72}
"""
MAINT = """id: maint-x
name: {en: "Maintenance X"}
cycle_days: 7
cycles: 2
source: "test"
drugs:
  - {drug: dexamethasone, dose: 20 mg, route: PO, days: "1", min_interval_hours: 72}
"""


def x_plan(folder: Path, maintenance: str = "maint-x.yaml", cycles: int = 2) -> mmsched.Plan:
    write(folder, "maint-x.yaml", MAINT)
    ind = write(folder, "ind-x.yaml", IND.replace("MAINT", maintenance))
    return mmsched.Plan.model_validate(
        {
            "patient": {"id": "X", "sex": "M", "age": 60, "height_cm": 170, "weight_kg": 70},
            "regimen": mmsched.load_regimen(ind),
            "start": START,
            "maintenance_cycles": cycles,
        }
    )


def test_min_interval_across_the_boundary(tmp_path: Path) -> None:
    # C1D7 01-10, C2D7 01-17; the maintenance's C3D1 would be 01-18, 24 h later: kept 72 h
    # after 01-17, on 01-20. C4D1 (01-25) is five days after it.
    schedule = mmsched.expand(x_plan(tmp_path))
    dates = [(a.cycle_day, a.date) for a in schedule.administrations]
    assert dates == [
        ("C1D7", D("2027-01-10")), ("C2D7", D("2027-01-17")), ("C3D1", D("2027-01-20")),
        ("C4D1", D("2027-01-25")),
    ]  # fmt: skip
    assert schedule.administrations[2].planned_date == D("2027-01-18")


def test_the_cap_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MmschedError) as caught:
        x_plan(tmp_path, cycles=3)
    assert "maintenance_cycles: 3 cycles: regimen 'ind-x' gives at most 2 cycles" in str(
        caught.value
    )
    with pytest.raises(MmschedError) as caught:
        plan(regimen="rd", doses={}, maintenance_cycles=1)
    assert "regimen 'rd' names no maintenance regimen" in str(caught.value)


def test_a_maintenance_dose_choice_is_checked() -> None:
    """S0777's maintenance dexamethasone is a fixed 40 mg: the plan need not choose it, may
    write it out (the issue's example), and may not write another dose (a dose level change
    gives less)."""
    assert {a.dose for a in mmsched.expand(plan(doses={}, maintenance_cycles=1)).administrations
            if a.drug == "dexamethasone" and a.cycle == 9} == {Decimal(40)}  # fmt: skip
    plan(maintenance_cycles=1)  # doses: {maintenance: {dexamethasone: 40 mg}}
    with pytest.raises(MmschedError) as caught:
        plan(doses={"maintenance": {"dexamethasone": "20 mg"}}, maintenance_cycles=1)
    assert "doses.maintenance.dexamethasone" in str(caught.value)
    assert "fixed dose of 40 mg" in str(caught.value)


def test_check_validates_the_named_maintenance(tmp_path: Path) -> None:
    runner = CliRunner()
    write(tmp_path, "maint-x.yaml", MAINT)
    missing = write(tmp_path, "a.yaml", IND.replace("MAINT", "no-such-regimen"))
    chained = write(tmp_path, "b.yaml", IND.replace("MAINT", "vrd-21").replace("ind-x", "ind-y"))
    good = write(tmp_path, "c.yaml", IND.replace("MAINT", "maint-x.yaml").replace("ind-x", "z"))
    for path, text in (
        (missing, "cannot use 'no-such-regimen' as the maintenance regimen"),
        (chained, "'vrd-21' names a maintenance of its own ('rd-maintenance-s0777')"),
    ):
        result = runner.invoke(app, ["check", str(path)])
        assert result.exit_code == 1 and "maintenance.regimen" in result.output
        assert text in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["check", str(good)])
    assert result.exit_code == 0 and "maintenance maint-x.yaml (at most 2 cycles)" in result.output


def test_calendar_header_names_both_cycle_lengths(two: mmsched.Schedule) -> None:
    from mmsched.views.calendar_view import cycles_text

    assert cycles_text(two, "en") == (
        "C1–C8 induction: VRd, 21-day cycles (SWOG S0777) (vrd-21), 21-day cycles; "
        "C9–C10 maintenance: Rd maintenance (SWOG S0777) (rd-maintenance-s0777), 28-day cycles"
    )


def test_drug_table_rows_give_each_phase_its_own_days(two: mmsched.Schedule) -> None:
    """Dexamethasone 20 mg on days 1, 2, 4, 5, 8, 9, 11, 12 of C1-8 (S0777 VRd), 40 mg on days
    1, 8, 15, 22 of C9-10 (maintenance): each dose's row lists only its own cycles' days."""
    from mmsched.views.calendar_view import drug_rows, drug_sections

    rows = [r for r in drug_rows(two, "en") if r.drug == "dexamethasone"]
    assert [(r.days, r.dose) for r in rows] == [
        ("C1-8: 1, 2, 4, 5, 8, 9, 11, 12", "20 mg"),
        ("C9-10: 1, 8, 15, 22", "40 mg"),
    ]
    assert rows[0].how.startswith("C1-8: ") and rows[1].cycles == "C9-10"
    aciclovir = next(r for _, group in drug_sections(two, "en") for r in group
                     if r.name == "aciclovir")  # fmt: skip
    assert aciclovir.days == "C1-8: 1-21"


def test_diff_text_across_the_phases(tmp_path: Path) -> None:
    body = (
        "patient: {id: T1, sex: M, age: 65, height_cm: 170, weight_kg: 70, "
        "serum_creatinine_umol_l: 80, vte_risk: standard}\nregimen: vrd-21\nstart: 2027-01-04\n"
        "doses: {maintenance: {dexamethasone: 40 mg}}\n"
    )
    one = write(tmp_path, "one.yaml", body + "maintenance_cycles: 1\n")
    two = write(tmp_path, "two.yaml", body + "maintenance_cycles: 2\n")
    result = CliRunner().invoke(app, ["diff", str(one), str(two), "--lang", "en"])
    assert result.exit_code == 0, result.output
    # C10 (07-19 to 08-15): 21 lenalidomide, 4 dexamethasone doses and 4 blood counts (weekly
    # in the maintenance's own cycle 2) added.
    assert result.output.startswith("Changes for patient T1: 29\n")
    assert "added        C10D1   dexamethasone: Mon 19 Jul 2027 40 mg" in result.output


def test_diff_json_says_each_change_s_phase() -> None:
    one = mmsched.expand(plan(maintenance_cycles=1))
    two = mmsched.expand(plan(maintenance_cycles=2))
    changes = diff_to_dict(one, two, diff_schedules(one, two))["changes"]
    # C10 is the maintenance's second cycle: every change is added there.
    assert changes and {(c["kind"], c["cycle"], c["phase"]) for c in changes} == {
        ("added", 10, "maintenance")
    }
    fewer = diff_to_dict(
        one, mmsched.expand(plan(cycles=7)), diff_schedules(one, mmsched.expand(plan(cycles=7)))
    )
    assert {c["phase"] for c in fewer["changes"] if c["cycle"] == 8} == {"induction"}


def test_new_plan_writes_maintenance_cycles(tmp_path: Path) -> None:
    """`mmsched new plan --maintenance-cycles 2` for vrd-21: the plan schedules C9 and C10 of
    rd-maintenance-s0777; C9D1 = 2027-01-04 + 8 × 21 days = 2027-06-21. A regimen that names
    no maintenance refuses the option."""
    target = tmp_path / "vrd.yaml"
    args = ["new", "plan", "--regimen", "vrd-21", "--start", "2027-01-04", "--id", "T-M",
            "--sex", "M", "--age", "65", "--height", "170", "--weight", "70",
            "--vte-risk", "standard", "--maintenance-cycles", "2", "-o", str(target)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "maintenance_cycles: 2 " in target.read_text(encoding="utf-8")
    schedule = mmsched.expand(mmsched.load_plan(target))
    assert schedule.cycles == 10 and str(schedule.cycle_starts[8]) == "2027-06-21"
    refused = CliRunner().invoke(
        app, ["new", "plan", "--regimen", "rd", "--maintenance-cycles", "2", "-o", "-"]
    )
    assert refused.exit_code == 1
    assert "regimen 'rd' names no maintenance regimen" in refused.output


def test_regimens_show_the_order_set_and_the_maintenance() -> None:
    text = CliRunner().invoke(app, ["regimens", "show", "vrd-21", "--lang", "en"]).output
    assert "Order set: supportive items" in text
    assert "Maintenance: rd-maintenance-s0777, until progression" in text
    lines = text.splitlines()
    head = next(line for line in lines if line.startswith("Category"))
    start, end = head.index("When"), head.index("Only if")
    row = next(i for i, line in enumerate(lines) if line.startswith("prophylaxis   aciclovir-rev"))
    when = " ".join(line[start:end].strip() for line in lines[row : row + 4])
    assert when.startswith("with bortezomib, last dose of the plan only")
    import json

    data = json.loads(
        CliRunner().invoke(app, ["regimens", "show", "drd", "--format", "json"]).output
    )
    assert data["maintenance"] is None
    dex = next(d for d in data["drugs"] if d["drug"] == "dexamethasone")
    assert dex["days"][0]["role"] == "premedication"
    assert dex["days"][0]["timing"] == {"minutes_before": [60, 180]}
    stop = next(i for i in data["supportive"] if i["item"] == "aciclovir-stop")
    assert (stop["occurrence"], stop["timing"], stop["dose"]) == ("last", {"days_after": 91}, None)
    test = next(m for m in data["monitoring"] if m["course_every"] == [57, 28])
    assert test["conditions"] == {
        "sex": "F", "childbearing_potential": True, "irregular_menses": False
    }  # fmt: skip


def test_regimen_grid_says_which_rows_are_premedication() -> None:
    text = CliRunner().invoke(app, ["regimens", "show", "drd", "--lang", "en"]).output
    flat = " ".join(text.split())
    assert "C1-2: 1, 8, 15, 22 (premedication, with daratumumab);" in flat
    assert "C3-6: 8, 22; C7-: 1 (premedication, with daratumumab); C7-: 8, 15, 22" in flat
