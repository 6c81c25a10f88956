"""Real treatment courses (issue 4): closed days, moves, holds, dose levels, renal and age
rules, weight changes, monitoring, cumulative doses.

Every expected date below was worked out by hand from the regimen's day rules, the ward's
closed days and China's official 2026 holiday notice (春节 2026-02-15..23; 调休 working days
2026-02-14 and 2026-02-28); every dose from the BSA formula and half-up rounding.
"""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import mmsched
from mmsched.engine.schedule import Schedule
from mmsched.errors import MmschedError, PlanError, ScheduleError
from mmsched.formats.reader import load_ward

D = date.fromisoformat


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def plan_file(tmp_path: Path, ward: dict[str, Any] | None = None, **fields: Any) -> Path:
    """A case-1-like plan (156 cm, 52 kg, Mosteller 1.50 m², bortezomib 2 mg) with overrides."""
    data: dict[str, Any] = {
        "patient": {
            "id": "T-1",
            "sex": "F",
            "age": 48,
            "height_cm": 156,
            "weight_kg": 52,
            "childbearing_potential": False,  # the pregnancy tests: tests/test_issue_13_*
        },
        "regimen": "rvd-il2",
        "start": "2026-12-01",
        "doses": {"dexamethasone": "20 mg"},
    }
    if ward is not None:
        write(tmp_path / "ward.yaml", ward)
        data["ward"] = "ward.yaml"
    for key, value in fields.items():
        if key == "patient":
            data["patient"] = {**data["patient"], **value}
        else:
            data[key] = value
    return write(tmp_path / "plan.yaml", data)


def run(tmp_path: Path, ward: dict[str, Any] | None = None, **fields: Any) -> Schedule:
    return mmsched.expand(mmsched.load_plan(plan_file(tmp_path, ward, **fields)))


def dates(schedule: Schedule, drug: str) -> list[date]:
    return [a.date for a in schedule.administrations if a.drug == drug]


SUNDAYS_AND_CN = {"closed_weekdays": ["sun"], "holidays": "cn"}


# -- closed days ----------------------------------------------------------------------------


def test_calendar_follows_the_official_2026_notice() -> None:
    ward = load_ward_from({"closed_weekdays": ["sat", "sun"], "holidays": "cn"})
    # 春节 2026-02-15 (Sun) .. 2026-02-23 (Mon), every day closed, weekends included.
    assert all(ward.is_closed(D("2026-02-15") + timedelta(days=i)) for i in range(9))
    assert not ward.is_closed(D("2026-02-24"))
    # 调休: Saturdays 2026-02-14 and 2026-02-28 are working days, even with Saturdays closed.
    assert not ward.is_closed(D("2026-02-14"))
    assert not ward.is_closed(D("2026-02-28"))
    assert ward.is_closed(D("2026-03-07"))  # an ordinary Saturday
    # 国庆 2026-10-01..07 closed; 2026-09-20 (Sun) and 2026-10-10 (Sat) are working days.
    assert ward.is_closed(D("2026-10-07"))
    assert not ward.is_closed(D("2026-09-20"))
    assert not ward.is_closed(D("2026-10-10"))
    assert ward.why_closed(D("2026-02-17"), "zh") == "春节"
    assert ward.why_closed(D("2026-03-01"), "en") == "Sunday"


def load_ward_from(data: dict[str, Any]) -> Any:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return load_ward(write(Path(folder) / "ward.yaml", data))


def test_explicit_open_and_closed_dates_override(tmp_path: Path) -> None:
    ward = load_ward(
        write(
            tmp_path / "w.yaml",
            {
                "closed_weekdays": ["sun"],
                "holidays": "cn",
                "closed": ["2026-12-02"],
                "open": ["2026-02-16", "2026-12-06"],
            },
        )
    )
    assert ward.is_closed(D("2026-12-02"))  # a Wednesday closed by the ward
    assert not ward.is_closed(D("2026-02-16"))  # a Spring Festival day opened by the ward
    assert not ward.is_closed(D("2026-12-06"))  # a Sunday opened by the ward


def test_spring_festival_course_shifts_doses_and_keeps_72_hours(tmp_path: Path) -> None:
    # RVD from Mon 2026-02-09. Bortezomib d1, 4, 8, 11 = 02-09, 02-12, 02-16, 02-19; the last
    # two fall in 春节 (02-15..02-23). d8 goes to the first open day, Tue 02-24; d11 must then
    # be at least 72 h after 02-24, so Fri 02-27. Dexamethasone IV d9-12 (02-17..02-20) run
    # along one day at a time from 02-24: 02-24, 02-25, 02-26, 02-27. Lenalidomide (PO, keep)
    # is taken at home every day, holidays included.
    schedule = run(
        tmp_path,
        SUNDAYS_AND_CN,
        regimen="rvd",
        start="2026-02-09",
        cycles=1,
        patient={"serum_creatinine_umol_l": 70},
    )
    assert dates(schedule, "bortezomib") == [
        D("2026-02-09"),
        D("2026-02-12"),
        D("2026-02-24"),
        D("2026-02-27"),
    ]
    assert dates(schedule, "dexamethasone") == [
        D("2026-02-09"),
        D("2026-02-10"),
        D("2026-02-11"),
        D("2026-02-12"),
        D("2026-02-24"),
        D("2026-02-25"),
        D("2026-02-26"),
        D("2026-02-27"),
    ]
    assert dates(schedule, "lenalidomide") == [
        D("2026-02-09") + timedelta(days=i) for i in range(28)
    ]
    bortezomib = [a for a in schedule.administrations if a.drug == "bortezomib"]
    gaps = [(b.date - a.date).days * 24 for a, b in itertools.pairwise(bortezomib)]
    assert gaps == [72, 288, 72]  # 72 h kept on both sides of the holiday
    d8, d11 = bortezomib[2], bortezomib[3]
    assert (d8.cycle, d8.day, d8.planned_date) == (1, 8, D("2026-02-16"))
    assert d8.shift_reason == "ward closed on 2026-02-16 (Spring Festival)"
    assert d8.shift_reason_zh == "2026-02-16 病区停诊（春节）"
    assert d11.planned_date == D("2026-02-19")
    assert "kept 72 h after C1D8 (2026-02-24)" in (d11.shift_reason or "")
    assert bortezomib[0].planned_date is None and bortezomib[0].shift_reason is None
    # The end-of-cycle lymphocyte panel (day 28 = Sun 03-08) moves earlier, to Sat 03-07.
    panels = [m.date for m in schedule.monitoring if m.test == "lymphocyte-subsets"]
    assert panels == [D("2026-02-09"), D("2026-03-07")]
    # Closed days push d8 eight days: the schedule says so, once per drug and cycle.
    long = [w for w in schedule.warnings if "days after its planned date" in w]
    assert long == [
        "bortezomib C1D8 is given 8 days after its planned date (2026-02-16 → 2026-02-24) "
        "because the ward is closed; the other drugs of the cycle keep their days: consider "
        "delaying the cycle instead",
        "dexamethasone C1D9 is given 7 days after its planned date (2026-02-17 → 2026-02-24) "
        "because the ward is closed; the other drugs of the cycle keep their days: consider "
        "delaying the cycle instead",
    ]
    # The blood count before each bortezomib dose follows the shifted doses; lenalidomide's
    # weekly counts (days 1, 8, 15, 22 = 02-09, 02-16, 02-23, 03-02) move off the holiday to
    # the next open day, 02-24, where one count is enough; 03-02 (Monday) is open.
    counts = [m.date for m in schedule.monitoring if m.test == "blood-count"]
    assert counts == [*dates(schedule, "bortezomib"), D("2026-03-02")]


def test_adjusted_working_saturday_opens_a_ward_closed_on_saturdays(tmp_path: Path) -> None:
    # RVD from Wed 2026-02-11: d4 is Sat 02-14, a 调休 working day -> given on 02-14.
    schedule = run(
        tmp_path,
        {"closed_weekdays": ["sat", "sun"], "holidays": "cn"},
        regimen="rvd",
        start="2026-02-11",
        cycles=1,
        patient={"serum_creatinine_umol_l": 70},
    )
    bortezomib = dates(schedule, "bortezomib")
    # d8 = 02-18 (春节) -> Tue 02-24; d11 = 02-21 -> at least 72 h later, Fri 02-27.
    assert bortezomib == [D("2026-02-11"), D("2026-02-14"), D("2026-02-24"), D("2026-02-27")]


def test_sunday_clash_moves_ward_doses_and_pushes_runs(tmp_path: Path) -> None:
    # RVD + IL-2 from Thu 2026-12-03, ward closed on Sundays.
    schedule = run(tmp_path, SUNDAYS_AND_CN, start="2026-12-03", cycles=1)
    # Bortezomib d4 = Sun 12-06 -> Mon 12-07; d8 = Thu 12-10 is exactly 72 h later and stays;
    # d11 = Sun 12-13 -> Mon 12-14.
    assert dates(schedule, "bortezomib") == [
        D("2026-12-03"),
        D("2026-12-07"),
        D("2026-12-10"),
        D("2026-12-14"),
    ]
    # IL-2 d1-7 (12-03..12-09): d4 on Sunday moves to Monday and pushes d5-d7 one day each.
    assert dates(schedule, "interleukin-2") == [
        D("2026-12-03"),
        D("2026-12-04"),
        D("2026-12-05"),
        D("2026-12-07"),
        D("2026-12-08"),
        D("2026-12-09"),
        D("2026-12-10"),
    ]
    # Dexamethasone d9-12 = 12-11, 12-12, Sun 12-13 -> 12-14, then d12 pushed to 12-15.
    assert dates(schedule, "dexamethasone")[4:] == [
        D("2026-12-11"),
        D("2026-12-12"),
        D("2026-12-14"),
        D("2026-12-15"),
    ]
    # Lenalidomide is oral (keep): still given on both Sundays.
    assert D("2026-12-06") in dates(schedule, "lenalidomide")


def test_omit_policy_drops_the_dose_and_records_it(tmp_path: Path) -> None:
    regimen = yaml.safe_load(
        (Path(mmsched.__file__).parent.parent / "regimens/rvd.yaml").read_text(encoding="utf-8")
    )
    regimen["id"] = "rvd-omit"
    regimen["drugs"][2]["on_closed_day"] = "omit"  # dexamethasone
    write(tmp_path / "rvd-omit.yaml", regimen)
    schedule = run(
        tmp_path,
        SUNDAYS_AND_CN,
        regimen="rvd-omit.yaml",
        start="2026-12-03",
        cycles=1,
        patient={"serum_creatinine_umol_l": 70},
    )
    # Dexamethasone d4 (Sun 12-06) and d11 (Sun 12-13) are dropped: 6 of 8 doses remain.
    assert len(dates(schedule, "dexamethasone")) == 6
    skipped = [(s.date, s.cycle_day, s.kind) for s in schedule.skipped]
    assert skipped == [(D("2026-12-06"), "C1D4", "closed"), (D("2026-12-13"), "C1D11", "closed")]


def test_no_open_day_left_in_the_cycle_is_an_error(tmp_path: Path) -> None:
    closed = [str(D("2026-12-05") + timedelta(days=i)) for i in range(30)]
    with pytest.raises(ScheduleError) as err:
        run(tmp_path, {"closed": closed}, cycles=1)
    message = str(err.value)
    assert "bortezomib" in message and "cycle 1" in message and "72 hours" in message


def test_missing_holiday_year_is_warned(tmp_path: Path) -> None:
    # Two cycles from 2026-12-01 reach into January 2027; only 2026 ships.
    schedule = run(tmp_path, SUNDAYS_AND_CN)
    assert any("no official holiday data for 2027" in w for w in schedule.warnings)


def test_later_years_come_from_holiday_files(tmp_path: Path) -> None:
    write(
        tmp_path / "cn-2027.yaml",
        {
            "country": "cn",
            "year": 2027,
            "source": "ward's own copy for the test",
            "holidays": [
                {
                    "name": {"en": "Spring Festival", "zh": "春节"},
                    "from": "2027-02-05",
                    "to": "2027-02-11",
                }
            ],
            "working_days": ["2027-02-20"],
        },
    )
    ward = load_ward(
        write(
            tmp_path / "ward.yaml",
            {
                "closed_weekdays": ["sun", "sat"],
                "holidays": "cn",
                "holiday_files": ["cn-2027.yaml"],
            },
        )
    )
    assert ward.is_closed(D("2027-02-08")) and not ward.is_closed(D("2027-02-20"))
    assert ward.holiday_years == frozenset({2026, 2027})


# -- plan changes ---------------------------------------------------------------------------


def test_move_that_breaks_72_hours_is_rejected(tmp_path: Path) -> None:
    change = {
        "action": "move",
        "drug": "bortezomib",
        "date": "2026-12-08",
        "to": "2026-12-06",
        "reason": "clinic day",
    }
    with pytest.raises(ScheduleError) as err:
        run(tmp_path, changes=[change])
    message = str(err.value)
    # d4 is 12-04; 12-06 is 48 h later.
    assert "48 hours after C1D4 (2026-12-04)" in message
    assert "at least 72 hours" in message and "choose 2026-12-07 or later" in message


def test_move_this_dose_pushes_the_next_one(tmp_path: Path) -> None:
    change = {
        "action": "move",
        "drug": "bortezomib",
        "date": "2026-12-08",
        "to": "2026-12-09",
        "scope": "this",
        "reason": "platelets 45",
    }
    schedule = run(tmp_path, changes=[change])
    # d8 to Wed 12-09; d11 (Fri 12-11) is then 48 h later, so it goes to Sat 12-12.
    assert dates(schedule, "bortezomib")[:4] == [
        D("2026-12-01"),
        D("2026-12-04"),
        D("2026-12-09"),
        D("2026-12-12"),
    ]
    d8 = schedule.administrations[[a.drug for a in schedule.administrations].index("bortezomib")]
    moved = next(a for a in schedule.administrations if a.drug == "bortezomib" and a.day == 8)
    assert d8.day == 1 and moved.shift_reason == "moved by plan change: platelets 45"
    # Cycle 2 is untouched.
    assert dates(schedule, "bortezomib")[4:] == [
        D("2026-12-29"),
        D("2027-01-01"),
        D("2027-01-05"),
        D("2027-01-08"),
    ]


def test_move_rest_of_cycle_and_all(tmp_path: Path) -> None:
    cycle = {
        "action": "move",
        "drug": "bortezomib",
        "date": "2026-12-04",
        "to": "2026-12-05",
        "scope": "cycle",
        "reason": "transport",
    }
    schedule = run(tmp_path, changes=[cycle])
    assert dates(schedule, "bortezomib") == [
        D("2026-12-01"),
        D("2026-12-05"),
        D("2026-12-09"),
        D("2026-12-12"),
        D("2026-12-29"),
        D("2027-01-01"),
        D("2027-01-05"),
        D("2027-01-08"),
    ]
    every = {**cycle, "scope": "all"}
    schedule = run(tmp_path, changes=[every])
    assert dates(schedule, "bortezomib") == [
        D("2026-12-01"),
        D("2026-12-05"),
        D("2026-12-09"),
        D("2026-12-12"),
        D("2026-12-30"),
        D("2027-01-02"),
        D("2027-01-06"),
        D("2027-01-09"),
    ]


def test_changes_name_doses_by_their_shifted_date(tmp_path: Path) -> None:
    # From Thu 12-03 with Sundays closed, bortezomib d4 moved from Sun 12-06 to Mon 12-07.
    base = {"start": "2026-12-03", "cycles": 1}
    wrong = {"action": "omit", "drug": "bortezomib", "date": "2026-12-06", "reason": "x"}
    with pytest.raises(ScheduleError) as err:
        run(tmp_path, SUNDAYS_AND_CN, changes=[wrong], **base)
    assert "no bortezomib dose on 2026-12-06" in str(err.value)
    assert "2026-12-07" in str(err.value)
    right = {**wrong, "date": "2026-12-07"}
    schedule = run(tmp_path, SUNDAYS_AND_CN, changes=[right], **base)
    assert D("2026-12-07") not in dates(schedule, "bortezomib")


def test_hold_and_resume(tmp_path: Path) -> None:
    changes = [
        {
            "action": "hold",
            "drug": "lenalidomide",
            "from": "2026-12-15",
            "until": "2026-12-20",
            "reason": "rash",
        },
        {
            "action": "resume",
            "drug": "lenalidomide",
            "date": "2026-12-18",
            "reason": "rash resolved",
        },
    ]
    schedule = run(tmp_path, changes=changes)
    given = set(dates(schedule, "lenalidomide"))
    assert {D("2026-12-15"), D("2026-12-16"), D("2026-12-17")}.isdisjoint(given)
    assert {D("2026-12-14"), D("2026-12-18"), D("2026-12-19"), D("2026-12-20")} <= given
    assert len(given) == 56 - 3
    held = [(s.date, s.kind, s.reason) for s in schedule.skipped]
    assert held == [(D(f"2026-12-{d}"), "held", "rash") for d in (15, 16, 17)]


def test_open_hold_runs_until_resumed(tmp_path: Path) -> None:
    changes = [
        {"action": "hold", "drug": "lenalidomide", "from": "2026-12-15", "reason": "rash"},
        {"action": "resume", "drug": "lenalidomide", "date": "2027-01-02", "reason": "better"},
    ]
    given = dates(run(tmp_path, changes=changes), "lenalidomide")
    # Held 12-15..01-01: 18 days of 56.
    assert len(given) == 56 - 18 and D("2027-01-01") not in given and D("2027-01-02") in given


def test_resume_without_hold_is_an_error(tmp_path: Path) -> None:
    change = {"action": "resume", "drug": "lenalidomide", "date": "2026-12-18", "reason": "x"}
    with pytest.raises(ScheduleError, match="no hold of lenalidomide"):
        run(tmp_path, changes=[change])


def test_omit_and_stop(tmp_path: Path) -> None:
    changes = [
        {"action": "omit", "drug": "dexamethasone", "date": "2026-12-10", "reason": "insomnia"},
        {"action": "stop", "drug": "interleukin-2", "from": "2026-12-30", "reason": "fever"},
    ]
    schedule = run(tmp_path, changes=changes)
    assert D("2026-12-10") not in dates(schedule, "dexamethasone")
    assert len(dates(schedule, "dexamethasone")) == 15
    # IL-2: all 7 of cycle 1, and only 12-29 of cycle 2.
    assert dates(schedule, "interleukin-2")[-2:] == [D("2026-12-07"), D("2026-12-29")]
    assert len(dates(schedule, "interleukin-2")) == 8


def test_dose_level_from_cycle_2(tmp_path: Path) -> None:
    change = {
        "action": "dose-level",
        "drug": "bortezomib",
        "from_cycle": 2,
        "level": 1,
        "reason": "neuropathy grade 2",
    }
    # A normal bilirubin (10 of 21 µmol/L), so the hepatic rule leaves no note of its own.
    normal = {"total_bilirubin_umol_l": 10, "bilirubin_uln_umol_l": 21}
    schedule = run(tmp_path, changes=[change], patient=normal)
    doses = [(a.cycle, a.dose) for a in schedule.administrations if a.drug == "bortezomib"]
    # Level 0: 1.3 × 1.50 = 1.95 -> 2.0 mg; level 1: 1 mg/m² × 1.50 m² = 1.5 mg.
    assert doses == [(1, Decimal("2.0"))] * 4 + [(2, Decimal("1.5"))] * 4
    c2 = next(a for a in schedule.administrations if a.drug == "bortezomib" and a.cycle == 2)
    assert c2.prescribed == "1 mg/m2" and c2.basis == "1 mg/m² × 1.50 m²"
    assert c2.notes == ("dose level -1 from cycle 2: 1 mg/m² (neuropathy grade 2)",)
    assert c2.notes_in("zh") == ("自第 2 周期起剂量下调 1 级：1 mg/m²（neuropathy grade 2）",)


def test_dose_level_2_rounds_half_up(tmp_path: Path) -> None:
    change = {
        "action": "dose-level",
        "drug": "bortezomib",
        "from_cycle": 1,
        "level": 2,
        "reason": "neuropathy grade 3, restarted",
    }
    schedule = run(tmp_path, changes=[change])
    # 0.7 × 1.50 = 1.05 exactly: half-up to 0.1 gives 1.1 (float round would give 1.0).
    assert {a.dose for a in schedule.administrations if a.drug == "bortezomib"} == {Decimal("1.1")}


def test_percent_above_100_needs_override(tmp_path: Path) -> None:
    change = {
        "action": "dose-level",
        "drug": "bortezomib",
        "from_cycle": 2,
        "percent": 120,
        "reason": "trial protocol",
    }
    with pytest.raises(PlanError, match="override: true"):
        run(tmp_path, changes=[change])
    schedule = run(tmp_path, changes=[{**change, "override": True}])
    c2 = [a for a in schedule.administrations if a.drug == "bortezomib" and a.cycle == 2]
    # 1.3 mg/m² × 120 % = 1.56 mg/m²; × 1.50 m² = 2.34 mg, half-up to 0.1 mg: 2.3 mg.
    assert {a.dose for a in c2} == {Decimal("2.3")} and all(a.override for a in c2)
    assert any(
        n.startswith("OVERRIDE above the regimen's dose: 120 % from cycle 2") for n in c2[0].notes
    )


def test_an_override_no_capsule_can_make_is_refused(tmp_path: Path) -> None:
    """Lenalidomide 25 mg × 120 % = 30 mg: the largest capsule is 25 mg and capsules are not
    combined (Revlimid US label: 2.5, 5, 10, 15, 20, 25 mg), so no override can give it."""
    change = {
        "action": "dose-level",
        "drug": "lenalidomide",
        "from_cycle": 2,
        "percent": 120,
        "override": True,
        "reason": "trial protocol",
    }
    with pytest.raises(ScheduleError, match=r"override dose 30 mg cannot be made .* 25 mg"):
        run(tmp_path, changes=[change], patient={"serum_creatinine_umol_l": 70})


def test_level_beyond_the_list_is_refused(tmp_path: Path) -> None:
    change = {
        "action": "dose-level",
        "drug": "bortezomib",
        "from_cycle": 1,
        "level": 3,
        "reason": "x",
    }
    with pytest.raises(PlanError, match="levels 0 to 2"):
        run(tmp_path, changes=[change])


# -- patient-dependent rules ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("patient", "crcl", "dose", "count"),
    [
        # Man 65 y, 70 kg, SCr 1.4 mg/dL: 75 × 70 / (72 × 1.4) = 52.08 -> 30 to < 60: 10 mg.
        (
            {
                "sex": "M",
                "age": 65,
                "weight_kg": 70,
                "height_cm": 170,
                "serum_creatinine_mg_dl": 1.4,
            },
            Decimal("52.1"),
            Decimal(10),
            28,
        ),
        # Woman 45 y, 60 kg, SCr 0.9 mg/dL: 95 × 60 / 64.8 × 0.85 = 74.77 -> >= 60: 25 mg.
        (
            {
                "sex": "F",
                "age": 45,
                "weight_kg": 60,
                "height_cm": 160,
                "serum_creatinine_mg_dl": 0.9,
            },
            Decimal("74.8"),
            Decimal(25),
            28,
        ),
        # Woman 63 y, 48 kg, SCr 150 µmol/L = 1.6968 mg/dL: 77 × 48 / 122.17 × 0.85 = 25.71
        # -> < 30, no dialysis: 15 mg every 48 h, days 1, 3, ..., 27 (14 doses).
        (
            {
                "sex": "F",
                "age": 63,
                "weight_kg": 48,
                "height_cm": 152,
                "serum_creatinine_umol_l": 150,
            },
            Decimal("25.7"),
            Decimal(15),
            14,
        ),
        # The same on dialysis: 5 mg daily.
        (
            {
                "sex": "F",
                "age": 63,
                "weight_kg": 48,
                "height_cm": 152,
                "serum_creatinine_umol_l": 150,
                "dialysis": True,
            },
            Decimal("25.7"),
            Decimal(5),
            28,
        ),
    ],
)
def test_lenalidomide_renal_bands(
    tmp_path: Path, patient: dict[str, Any], crcl: Decimal, dose: Decimal, count: int
) -> None:
    schedule = run(tmp_path, patient=patient, regimen="rvd", cycles=1)
    assert schedule.renal is not None and schedule.renal.crcl_ml_min == crcl
    lena = [a for a in schedule.administrations if a.drug == "lenalidomide"]
    assert {a.dose for a in lena} == {dose} and len(lena) == count
    if count == 14:
        assert [a.day for a in lena] == list(range(1, 28, 2))
    if patient.get("dialysis"):
        # On dialysis the band is the dialysis band whatever CrCl gives (US label): the note
        # says so and quotes no CrCl; the label's instruction comes with every dose.
        assert lena[0].notes[0].startswith("renal band on dialysis: 5 mg")
        assert "mL/min" not in lena[0].notes[0]
        assert lena[0].instructions == ("on dialysis days, take it after dialysis",)
    elif dose != 25:
        assert "Cockcroft-Gault" in lena[0].notes[0] and f"CrCl {crcl} mL/min" in lena[0].notes[0]
    else:
        assert lena[0].notes == ()


def test_missing_creatinine_warns_with_the_full_dose(tmp_path: Path) -> None:
    schedule = run(tmp_path, regimen="rvd", cycles=1)
    (warning,) = [w for w in schedule.warnings if "creatinine" in w]
    assert "lenalidomide" in warning and "full dose 25 mg" in warning
    (warning_zh,) = [w for w in schedule.warnings_in("zh") if "血肌酐" in w]
    assert "来那度胺" in warning_zh and "按全量 25 mg 给药" in warning_zh


def test_missing_creatinine_can_be_an_error(tmp_path: Path) -> None:
    regimen = yaml.safe_load(
        (Path(mmsched.__file__).parent.parent / "regimens/rvd.yaml").read_text(encoding="utf-8")
    )
    regimen["id"] = "rvd-strict"
    regimen["drugs"][0]["renal_missing"] = "error"
    write(tmp_path / "strict.yaml", regimen)
    with pytest.raises(MmschedError, match="serum_creatinine"):
        run(tmp_path, regimen="strict.yaml", cycles=1)


def test_age_rule_warns_over_75_above_20_mg(tmp_path: Path) -> None:
    old = run(
        tmp_path,
        patient={"age": 78, "serum_creatinine_umol_l": 70},
        doses={"dexamethasone": "40 mg"},
    )
    assert any("dexamethasone" in w and "aged 78" in w and "20 mg" in w for w in old.warnings)
    fine = run(tmp_path, patient={"age": 78, "serum_creatinine_umol_l": 70})
    assert not any("dexamethasone" in w for w in fine.warnings)
    young = run(
        tmp_path,
        patient={"age": 75, "serum_creatinine_umol_l": 70},
        doses={"dexamethasone": "40 mg"},
    )
    assert not any("dexamethasone" in w for w in young.warnings)


# -- weight, monitoring, totals -------------------------------------------------------------


def test_twelve_percent_weight_loss_is_flagged_and_redoses_cycle_2(tmp_path: Path) -> None:
    # 52 kg -> 45.76 kg is -12 %. Cycle 2 starts 12-29, after the 12-27 measurement:
    # Mosteller √(156 × 45.76 / 3600) = 1.40817 -> 1.41 m²; 1.3 × 1.41 = 1.833 -> 1.8 mg.
    schedule = run(tmp_path, measurements=[{"date": "2026-12-27", "weight_kg": 45.76}])
    bortezomib = [
        (a.cycle, a.dose, a.bsa_m2) for a in schedule.administrations if a.drug == "bortezomib"
    ]
    assert (
        bortezomib
        == [(1, Decimal("2.0"), Decimal("1.50"))] * 4 + [(2, Decimal("1.8"), Decimal("1.41"))] * 4
    )
    (flag,) = schedule.weight_flags
    assert (flag.cycle, flag.date, flag.weight_kg, flag.change_percent) == (
        2,
        D("2026-12-27"),
        Decimal("45.76"),
        Decimal("-12.0"),
    )
    assert [(d.drug, d.before, d.after) for d in flag.doses] == [
        ("bortezomib", Decimal("2.0"), Decimal("1.8"))
    ]
    assert (
        "第 2 周期：体重 45.76 kg，较基线 52 kg 变化 -12.0%（阈值 10%）；体表面积 1.41 m²："
        "硼替佐米 2 → 1.8 mg。"  # no trailing zero (ISMP)
    ) in schedule.warnings_in("zh")
    assert schedule.bsa_m2 == Decimal("1.50")  # patient.bsa_m2 stays the baseline
    data = json.loads(mmsched.schedule_to_json(schedule))
    assert data["weight_flags"][0]["change_percent"] == -12
    assert data["weight_flags"][0]["doses"] == [
        {"drug": "bortezomib", "before": 2, "after": 1.8, "unit": "mg"}
    ]


def test_small_weight_change_is_not_flagged_but_redoses(tmp_path: Path) -> None:
    # 52 -> 49 kg is -5.8 %: under the 10 % threshold. √(156 × 49 / 3600) = 1.4572 -> 1.46;
    # 1.3 × 1.46 = 1.898 -> 1.9 mg.
    schedule = run(tmp_path, measurements=[{"date": "2026-12-20", "weight_kg": 49}])
    assert schedule.weight_flags == ()
    c2 = {a.dose for a in schedule.administrations if a.drug == "bortezomib" and a.cycle == 2}
    assert c2 == {Decimal("1.9")}
    flagged = run(
        tmp_path,
        measurements=[{"date": "2026-12-20", "weight_kg": 49}],
        weight_change_flag_percent=5,
    )
    assert [f.cycle for f in flagged.weight_flags] == [2]


def test_monitoring_events_on_the_right_days(tmp_path: Path) -> None:
    schedule = run(tmp_path)
    events = [(m.date, m.cycle_day, m.test) for m in schedule.monitoring]
    # Lymphocyte subsets at C1D1 and on day 28 of each cycle (12-28, 01-25); a blood count on
    # each bortezomib day (d1, 4, 8, 11 of cycles starting 12-01 and 12-29) and weekly for
    # lenalidomide in cycles 1-2 (days 1, 8, 15, 22: 15 and 22 are new, 12-15, 12-22, 01-12,
    # 01-19; one count a day).
    assert events == [
        (D("2026-12-01"), "C1D1", "lymphocyte-subsets"),
        (D("2026-12-01"), "C1D1", "blood-count"),
        (D("2026-12-04"), "C1D4", "blood-count"),
        (D("2026-12-08"), "C1D8", "blood-count"),
        (D("2026-12-11"), "C1D11", "blood-count"),
        (D("2026-12-15"), "C1D15", "blood-count"),
        (D("2026-12-22"), "C1D22", "blood-count"),
        (D("2026-12-28"), "C1D28", "lymphocyte-subsets"),
        (D("2026-12-29"), "C2D1", "blood-count"),
        (D("2027-01-01"), "C2D4", "blood-count"),
        (D("2027-01-05"), "C2D8", "blood-count"),
        (D("2027-01-08"), "C2D11", "blood-count"),
        (D("2027-01-12"), "C2D15", "blood-count"),
        (D("2027-01-19"), "C2D22", "blood-count"),
        (D("2027-01-25"), "C2D28", "lymphocyte-subsets"),
    ]


def test_cumulative_doses(tmp_path: Path) -> None:
    schedule = run(tmp_path)
    totals = {(c.drug, c.dose, c.unit) for c in schedule.cumulative}
    # 2 cycles: lenalidomide 25 mg × 56, bortezomib 2 mg × 8, dexamethasone 20 mg × 16,
    # IL-2 500,000 IU × 14.
    assert totals == {
        ("lenalidomide", 1400, "mg"),
        ("bortezomib", Decimal("16.0"), "mg"),
        ("dexamethasone", 320, "mg"),
        ("interleukin-2", 7000000, "IU"),
    }


def test_lifetime_maximum_is_checked(tmp_path: Path) -> None:
    regimen = yaml.safe_load(
        (Path(mmsched.__file__).parent.parent / "regimens/rvd.yaml").read_text(encoding="utf-8")
    )
    regimen["id"] = "rvd-max"
    regimen["drugs"][1]["lifetime_max"] = "15 mg"
    write(tmp_path / "max.yaml", regimen)
    # Two cycles of 4 × 2 mg = 16 mg, above 15 mg: refused, not printed.
    with pytest.raises(ScheduleError) as err:
        run(tmp_path, regimen="max.yaml", patient={"serum_creatinine_umol_l": 70})
    (problem,) = err.value.problems
    assert problem.field == "bortezomib"
    assert "totals 16 mg, above the regimen's lifetime maximum of 15 mg" in problem.message
    # One cycle (8 mg) is within it.
    schedule = run(tmp_path, regimen="max.yaml", cycles=1, patient={"serum_creatinine_umol_l": 70})
    (bortezomib,) = [c for c in schedule.cumulative if c.drug == "bortezomib"]
    assert (bortezomib.dose, bortezomib.lifetime_max, bortezomib.exceeds) == (8, 15, False)


def test_every_faulty_change_is_reported_with_the_plan_file(tmp_path: Path) -> None:
    changes = [
        {
            "action": "move",
            "drug": "bortezomib",
            "date": "2026-12-08",
            "to": "2026-12-06",
            "reason": "clinic day",
        },
        {"action": "omit", "drug": "dexamethasone", "date": "2026-12-05", "reason": "x"},
        {"action": "omit", "drug": "dexamethasone", "date": "2026-12-10", "reason": "insomnia"},
    ]
    path = plan_file(tmp_path, changes=changes)
    with pytest.raises(ScheduleError) as err:
        mmsched.expand(mmsched.load_plan(path))
    assert err.value.file == str(path)
    # The move breaks 72 h; 12-05 is not a dexamethasone day (d1-4 = 12-01..12-04, d9-12 =
    # 12-09..12-12). The third change is fine and is not reported.
    assert [p.field for p in err.value.problems] == ["changes[0]", "changes[1]"]
    assert "no dexamethasone dose on 2026-12-05" in err.value.problems[1].message


def test_a_missing_holiday_file_names_the_ward_file(tmp_path: Path) -> None:
    ward = write(tmp_path / "ward.yaml", {"holidays": "cn", "holiday_files": ["cn-2027.yaml"]})
    with pytest.raises(MmschedError) as err:
        load_ward(ward)
    assert err.value.file == str(ward)
    (problem,) = err.value.problems
    assert problem.field == "holiday_files"
    assert problem.message == f"{tmp_path / 'cn-2027.yaml'}: no such file; check the path"
