"""Bundled regimens: every file loads, and every regimen's full date list, written out by hand.

The expected dates below are read off the regimen text (the seed case report's section 4 and
each published regimen's source) with a paper calendar, not taken from mmsched's output. A
contiguous stretch of daily dosing is written as ``run(first, last)``: every date from the first
to the last, both included; every other date is a literal.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

import mmsched
from mmsched import Patient, Plan, RegimenError, Schedule

ROOT = Path(__file__).resolve().parent.parent
REGIMEN_FILES = sorted((ROOT / "regimens").glob("*.yaml"))


def run(first: str, last: str) -> list[str]:
    """Every date from ``first`` to ``last``, both included (a daily stretch)."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    assert start <= end
    return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def patient() -> Patient:
    return Patient(id="T-1", sex="F", age=60, height_cm=160, weight_kg=60)


def expand(regimen: str, start: str, **plan: object) -> Schedule:
    return mmsched.expand(
        Plan(patient=patient(), regimen=regimen, start=date.fromisoformat(start), **plan)  # type: ignore[arg-type]
    )


def dates(schedule: Schedule, drug: str) -> list[str]:
    return [a.date.isoformat() for a in schedule.administrations if a.drug == drug]


# -- every bundled file ------------------------------------------------------------------------


def test_there_are_bundled_regimens() -> None:
    names = {p.stem for p in REGIMEN_FILES}
    assert {"rvd", "tvd", "rvd-il2", "tvd-il2", "vrd-21", "rd", "cybord", "drd"} <= names
    assert mmsched.bundled_regimen_ids() == sorted(names)


@pytest.mark.parametrize("path", REGIMEN_FILES, ids=lambda p: p.stem)
def test_bundled_file_loads(path: Path) -> None:
    by_path = mmsched.load_regimen(path)
    by_id = mmsched.load_regimen(path.stem)
    assert by_path.id == path.stem  # file name == id
    assert by_id.id == path.stem
    assert by_path.source.strip()
    assert by_path.name.en
    assert by_path.name.zh
    assert by_path.rules
    for rule in by_path.rules:
        assert rule.drug == rule.drug.lower()
        assert rule.route in {"PO", "SC", "IV", "IV push", "IM", "IT", "SL"}


# -- the seed's regimens: 28-day cycles, 2 cycles ------------------------------------------------


def test_rvd_il2_from_2026_12_01() -> None:
    # Cycle 1 starts 2026-12-01, cycle 2 on 2026-12-29 (1 + 28). Lenalidomide 25 mg daily
    # days 1-28; bortezomib days 1, 4, 8, 11; dexamethasone days 1-4 and 9-12; IL-2 days 1-7.
    s = expand("rvd-il2", "2026-12-01", doses={"dexamethasone": "20 mg"})
    assert [str(d) for d in s.cycle_starts] == ["2026-12-01", "2026-12-29"]
    assert dates(s, "lenalidomide") == run("2026-12-01", "2027-01-25")  # 56 days
    assert dates(s, "bortezomib") == [
        "2026-12-01", "2026-12-04", "2026-12-08", "2026-12-11",
        "2026-12-29", "2027-01-01", "2027-01-05", "2027-01-08",
    ]  # fmt: skip
    assert dates(s, "dexamethasone") == [
        "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04",
        "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12",
        "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01",
        "2027-01-06", "2027-01-07", "2027-01-08", "2027-01-09",
    ]  # fmt: skip
    assert dates(s, "interleukin-2") == run("2026-12-01", "2026-12-07") + run(
        "2026-12-29", "2027-01-04"
    )
    assert len(s.administrations) == 56 + 8 + 16 + 14
    # Day labels: 2027-01-01 is cycle 2 day 4 for bortezomib.
    new_year = [a for a in s.administrations if a.date == date(2027, 1, 1)]
    assert [(a.drug, a.cycle_day) for a in new_year] == [
        ("lenalidomide", "C2D4"),
        ("bortezomib", "C2D4"),
        ("dexamethasone", "C2D4"),
        ("interleukin-2", "C2D4"),
    ]


def test_rvd_from_2027_02_15() -> None:
    # 2027 is not a leap year: cycle 2 starts 2027-02-15 + 28 = 2027-03-15.
    s = expand("rvd", "2027-02-15", doses={"dexamethasone": "40 mg"})
    assert [str(d) for d in s.cycle_starts] == ["2027-02-15", "2027-03-15"]
    assert dates(s, "lenalidomide") == run("2027-02-15", "2027-04-11")
    assert dates(s, "bortezomib") == [
        "2027-02-15", "2027-02-18", "2027-02-22", "2027-02-25",
        "2027-03-15", "2027-03-18", "2027-03-22", "2027-03-25",
    ]  # fmt: skip
    assert dates(s, "dexamethasone") == (
        run("2027-02-15", "2027-02-18")
        + run("2027-02-23", "2027-02-26")
        + run("2027-03-15", "2027-03-18")
        + run("2027-03-23", "2027-03-26")
    )
    assert {a.drug for a in s.administrations} == {"lenalidomide", "bortezomib", "dexamethasone"}
    assert s.end == date(2027, 4, 11)


def test_tvd_from_2028_02_01_across_a_leap_day() -> None:
    # 2028 is a leap year: cycle 2 starts 2028-02-01 + 28 = 2028-02-29.
    s = expand("tvd", "2028-02-01", doses={"thalidomide": "100 mg", "dexamethasone": "20 mg"})
    assert [str(d) for d in s.cycle_starts] == ["2028-02-01", "2028-02-29"]
    assert dates(s, "thalidomide") == run("2028-02-01", "2028-03-27")
    assert dates(s, "lenalidomide") == []
    assert dates(s, "bortezomib") == [
        "2028-02-01", "2028-02-04", "2028-02-08", "2028-02-11",
        "2028-02-29", "2028-03-03", "2028-03-07", "2028-03-10",
    ]  # fmt: skip
    assert dates(s, "dexamethasone") == (
        run("2028-02-01", "2028-02-04")
        + run("2028-02-09", "2028-02-12")
        + run("2028-02-29", "2028-03-03")
        + run("2028-03-08", "2028-03-11")
    )


def test_tvd_il2_from_2026_12_03() -> None:
    # Case 2's start: cycle 2 starts 2026-12-03 + 28 = 2026-12-31.
    s = expand("tvd-il2", "2026-12-03", doses={"thalidomide": "100 mg", "dexamethasone": "20 mg"})
    assert [str(d) for d in s.cycle_starts] == ["2026-12-03", "2026-12-31"]
    assert dates(s, "thalidomide") == run("2026-12-03", "2027-01-27")
    assert dates(s, "bortezomib") == [
        "2026-12-03", "2026-12-06", "2026-12-10", "2026-12-13",
        "2026-12-31", "2027-01-03", "2027-01-07", "2027-01-10",
    ]  # fmt: skip
    assert dates(s, "dexamethasone") == (
        run("2026-12-03", "2026-12-06")
        + run("2026-12-11", "2026-12-14")
        + run("2026-12-31", "2027-01-03")
        + run("2027-01-08", "2027-01-11")
    )
    assert dates(s, "interleukin-2") == run("2026-12-03", "2026-12-09") + run(
        "2026-12-31", "2027-01-06"
    )
    assert dates(s, "lenalidomide") == []


# -- published regimens --------------------------------------------------------------------------


def test_vrd_21_from_2027_12_06_eight_cycles() -> None:
    # SWOG S0777: eight 21-day cycles. Starts: 2027-12-06, 12-27, 2028-01-17, 02-07, 02-28,
    # 03-20 (2028-02-29 exists), 04-10, 05-01.
    s = expand("vrd-21", "2027-12-06")
    assert s.cycles == 8
    assert [str(d) for d in s.cycle_starts] == [
        "2027-12-06", "2027-12-27", "2028-01-17", "2028-02-07",
        "2028-02-28", "2028-03-20", "2028-04-10", "2028-05-01",
    ]  # fmt: skip
    assert dates(s, "bortezomib") == [
        "2027-12-06", "2027-12-09", "2027-12-13", "2027-12-16",
        "2027-12-27", "2027-12-30", "2028-01-03", "2028-01-06",
        "2028-01-17", "2028-01-20", "2028-01-24", "2028-01-27",
        "2028-02-07", "2028-02-10", "2028-02-14", "2028-02-17",
        "2028-02-28", "2028-03-02", "2028-03-06", "2028-03-09",
        "2028-03-20", "2028-03-23", "2028-03-27", "2028-03-30",
        "2028-04-10", "2028-04-13", "2028-04-17", "2028-04-20",
        "2028-05-01", "2028-05-04", "2028-05-08", "2028-05-11",
    ]  # fmt: skip
    assert dates(s, "lenalidomide") == (
        run("2027-12-06", "2027-12-19")
        + run("2027-12-27", "2028-01-09")
        + run("2028-01-17", "2028-01-30")
        + run("2028-02-07", "2028-02-20")
        + run("2028-02-28", "2028-03-12")
        + run("2028-03-20", "2028-04-02")
        + run("2028-04-10", "2028-04-23")
        + run("2028-05-01", "2028-05-14")
    )
    assert dates(s, "dexamethasone") == [
        "2027-12-06", "2027-12-07", "2027-12-09", "2027-12-10",
        "2027-12-13", "2027-12-14", "2027-12-16", "2027-12-17",
        "2027-12-27", "2027-12-28", "2027-12-30", "2027-12-31",
        "2028-01-03", "2028-01-04", "2028-01-06", "2028-01-07",
        "2028-01-17", "2028-01-18", "2028-01-20", "2028-01-21",
        "2028-01-24", "2028-01-25", "2028-01-27", "2028-01-28",
        "2028-02-07", "2028-02-08", "2028-02-10", "2028-02-11",
        "2028-02-14", "2028-02-15", "2028-02-17", "2028-02-18",
        "2028-02-28", "2028-02-29", "2028-03-02", "2028-03-03",
        "2028-03-06", "2028-03-07", "2028-03-09", "2028-03-10",
        "2028-03-20", "2028-03-21", "2028-03-23", "2028-03-24",
        "2028-03-27", "2028-03-28", "2028-03-30", "2028-03-31",
        "2028-04-10", "2028-04-11", "2028-04-13", "2028-04-14",
        "2028-04-17", "2028-04-18", "2028-04-20", "2028-04-21",
        "2028-05-01", "2028-05-02", "2028-05-04", "2028-05-05",
        "2028-05-08", "2028-05-09", "2028-05-11", "2028-05-12",
    ]  # fmt: skip
    assert s.end == date(2028, 5, 21)


# Every Monday from 2027-01-04 (a Monday): 28-day cycles keep a weekly day-1/8/15/22 drug on
# Mondays, so the weekly dexamethasone of rd and drd is simply every Monday.
MONDAYS_2027 = [
    "2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25",
    "2027-02-01", "2027-02-08", "2027-02-15", "2027-02-22",
    "2027-03-01", "2027-03-08", "2027-03-15", "2027-03-22",
    "2027-03-29", "2027-04-05", "2027-04-12", "2027-04-19",
    "2027-04-26", "2027-05-03", "2027-05-10", "2027-05-17",
    "2027-05-24", "2027-05-31", "2027-06-07", "2027-06-14",
    "2027-06-21", "2027-06-28", "2027-07-05", "2027-07-12",
    "2027-07-19", "2027-07-26", "2027-08-02", "2027-08-09",
]  # fmt: skip
CYCLE_STARTS_2027 = [
    "2027-01-04", "2027-02-01", "2027-03-01", "2027-03-29",
    "2027-04-26", "2027-05-24", "2027-06-21", "2027-07-19",
]  # fmt: skip


def test_rd_from_2027_01_04_six_cycles() -> None:
    s = expand("rd", "2027-01-04")
    assert s.cycles == 6
    assert [str(d) for d in s.cycle_starts] == CYCLE_STARTS_2027[:6]
    assert dates(s, "lenalidomide") == (
        run("2027-01-04", "2027-01-24")
        + run("2027-02-01", "2027-02-21")
        + run("2027-03-01", "2027-03-21")
        + run("2027-03-29", "2027-04-18")
        + run("2027-04-26", "2027-05-16")
        + run("2027-05-24", "2027-06-13")
    )
    assert dates(s, "dexamethasone") == MONDAYS_2027[:24]


def test_cybord_from_2026_06_01_four_cycles() -> None:
    # Starts 2026-06-01, 06-29, 07-27, 08-24 (2026-06-01 is a Monday).
    s = expand("cybord", "2026-06-01")
    assert [str(d) for d in s.cycle_starts] == [
        "2026-06-01",
        "2026-06-29",
        "2026-07-27",
        "2026-08-24",
    ]
    assert dates(s, "cyclophosphamide") == [
        "2026-06-01", "2026-06-08", "2026-06-15", "2026-06-22",
        "2026-06-29", "2026-07-06", "2026-07-13", "2026-07-20",
        "2026-07-27", "2026-08-03", "2026-08-10", "2026-08-17",
        "2026-08-24", "2026-08-31", "2026-09-07", "2026-09-14",
    ]  # fmt: skip
    assert dates(s, "bortezomib") == [
        "2026-06-01", "2026-06-04", "2026-06-08", "2026-06-11",
        "2026-06-29", "2026-07-02", "2026-07-06", "2026-07-09",
        "2026-07-27", "2026-07-30", "2026-08-03", "2026-08-06",
        "2026-08-24", "2026-08-27", "2026-08-31", "2026-09-03",
    ]  # fmt: skip
    assert dates(s, "dexamethasone") == (
        run("2026-06-01", "2026-06-04")
        + run("2026-06-09", "2026-06-12")
        + run("2026-06-17", "2026-06-20")
        + run("2026-06-29", "2026-07-02")
        + run("2026-07-07", "2026-07-10")
        + run("2026-07-15", "2026-07-18")
        + run("2026-07-27", "2026-07-30")
        + run("2026-08-04", "2026-08-07")
        + run("2026-08-12", "2026-08-15")
        + run("2026-08-24", "2026-08-27")
        + run("2026-09-01", "2026-09-04")
        + run("2026-09-09", "2026-09-12")
    )


def test_drd_daratumumab_days_depend_on_the_cycle() -> None:
    # MAIA: weekly in cycles 1-2 (days 1, 8, 15, 22), every 2 weeks in 3-6 (days 1, 15),
    # every 4 weeks from cycle 7 (day 1). Eight cycles from Monday 2027-01-04.
    s = expand("drd", "2027-01-04", cycles=8)
    assert [str(d) for d in s.cycle_starts] == CYCLE_STARTS_2027
    assert dates(s, "daratumumab") == [
        "2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25",  # C1 weekly
        "2027-02-01", "2027-02-08", "2027-02-15", "2027-02-22",  # C2 weekly
        "2027-03-01", "2027-03-15",  # C3 every 2 weeks
        "2027-03-29", "2027-04-12",  # C4
        "2027-04-26", "2027-05-10",  # C5
        "2027-05-24", "2027-06-07",  # C6
        "2027-06-21",  # C7 every 4 weeks
        "2027-07-19",  # C8
    ]  # fmt: skip
    assert [a.cycle_day for a in s.administrations if a.drug == "daratumumab"] == [
        "C1D1", "C1D8", "C1D15", "C1D22", "C2D1", "C2D8", "C2D15", "C2D22",
        "C3D1", "C3D15", "C4D1", "C4D15", "C5D1", "C5D15", "C6D1", "C6D15",
        "C7D1", "C8D1",
    ]  # fmt: skip
    assert dates(s, "lenalidomide") == (
        run("2027-01-04", "2027-01-24")
        + run("2027-02-01", "2027-02-21")
        + run("2027-03-01", "2027-03-21")
        + run("2027-03-29", "2027-04-18")
        + run("2027-04-26", "2027-05-16")
        + run("2027-05-24", "2027-06-13")
        + run("2027-06-21", "2027-07-11")
        + run("2027-07-19", "2027-08-08")
    )
    assert dates(s, "dexamethasone") == MONDAYS_2027


def test_drd_default_twelve_cycles_dose_count() -> None:
    # 2 cycles x 4 + 4 cycles x 2 + 6 cycles x 1 = 22 daratumumab doses.
    s = expand("drd", "2027-01-04")
    assert s.cycles == 12
    assert len(dates(s, "daratumumab")) == 22


def test_same_day_order_follows_the_regimen() -> None:
    s = expand("drd", "2027-01-04", cycles=1)
    assert [a.drug for a in s.on(date(2027, 1, 4))] == [
        "daratumumab",
        "lenalidomide",
        "dexamethasone",
    ]
    s = expand("vrd-21", "2027-12-06", cycles=1)
    assert [a.drug for a in s.on(date(2027, 12, 6))] == [
        "bortezomib",
        "lenalidomide",
        "dexamethasone",
    ]


# -- composition: extends and replaces ---------------------------------------------------------


def drugs_of(regimen_id: str) -> list[tuple[str, str, str]]:
    regimen = mmsched.load_regimen(regimen_id)
    return [(r.drug, str(r.dose), r.route) for r in regimen.rules]


def test_tvd_has_thalidomide_in_lenalidomides_place() -> None:
    assert drugs_of("rvd") == [
        ("lenalidomide", "25 mg", "PO"),
        ("bortezomib", "1.3 mg/m2", "SC"),
        ("dexamethasone", "10-40 mg", "IV"),
    ]
    assert drugs_of("tvd") == [
        ("thalidomide", "50-200 mg", "PO"),
        ("bortezomib", "1.3 mg/m2", "SC"),
        ("dexamethasone", "10-40 mg", "IV"),
    ]


def test_il2_is_added_at_the_end() -> None:
    il2 = ("interleukin-2", "500,000 IU", "SC")
    assert drugs_of("rvd-il2") == [*drugs_of("rvd"), il2]
    assert drugs_of("tvd-il2") == [*drugs_of("tvd"), il2]


@pytest.mark.parametrize("regimen_id", ["tvd", "rvd-il2", "tvd-il2"])
def test_extended_regimens_inherit_cycles(regimen_id: str) -> None:
    regimen = mmsched.load_regimen(regimen_id)
    assert (regimen.id, regimen.cycle_days, regimen.cycles) == (regimen_id, 28, 2)
    assert regimen.extends is not None
    bortezomib = regimen.rule("bortezomib")
    assert bortezomib is not None
    assert bortezomib.min_interval_hours == 72
    assert str(bortezomib.rounding) == "0.1 mg"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_same_name_replaces_in_place(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "rvd-low.yaml",
        "id: rvd-low\nextends: rvd\nname: RVD, bortezomib 1 mg/m2\n"
        "drugs:\n  - {drug: bortezomib, dose: 1 mg/m2, route: SC, days: '1, 8, 15, 22'}\n",
    )
    regimen = mmsched.load_regimen(path)
    assert [(r.drug, str(r.dose)) for r in regimen.rules] == [
        ("lenalidomide", "25 mg"),
        ("bortezomib", "1 mg/m2"),
        ("dexamethasone", "10-40 mg"),
    ]
    rule = regimen.rule("bortezomib")
    assert rule is not None
    assert rule.days_for(1) == (1, 8, 15, 22)
    assert rule.min_interval_hours is None  # the whole entry is replaced, not merged
    assert regimen.name.en == "RVD, bortezomib 1 mg/m2"
    assert regimen.source == mmsched.load_regimen("rvd").source


def test_extends_a_file_by_relative_path(tmp_path: Path) -> None:
    write(
        tmp_path,
        "base.yaml",
        "id: base\nname: Base\ncycle_days: 21\ncycles: 3\nsource: test\n"
        "drugs:\n  - {drug: lenalidomide, dose: 25 mg, route: PO, days: 1-14}\n",
    )
    child = write(
        tmp_path,
        "child.yaml",
        "id: child\nextends: base.yaml\nname: Child\n"
        "drugs:\n  - {drug: dexamethasone, dose: 20 mg, route: PO, days: '1, 8, 15'}\n",
    )
    regimen = mmsched.load_regimen(child)
    assert (regimen.id, regimen.cycle_days, regimen.cycles) == ("child", 21, 3)
    assert [r.drug for r in regimen.rules] == ["lenalidomide", "dexamethasone"]


def test_replacing_a_missing_drug_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.yaml",
        "id: bad\nextends: rvd\nname: Bad\n"
        "drugs:\n  - {drug: pomalidomide, replaces: melphalan, dose: 4 mg, route: PO,"
        " days: 1-21}\n",
    )
    with pytest.raises(RegimenError) as info:
        mmsched.load_regimen(path)
    assert info.value.file == str(path)
    assert [str(p) for p in info.value.problems] == [
        "drugs[0].replaces: the base regimen 'rvd' has no drug 'melphalan' to replace"
    ]


def test_extends_loop_is_an_error(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "id: a\nextends: b.yaml\nname: A\n")
    write(tmp_path, "b.yaml", "id: b\nextends: a.yaml\nname: B\n")
    with pytest.raises(RegimenError, match=r"regimens extend each other in a loop: a\.yaml"):
        mmsched.load_regimen(a)


# -- minimum interval ----------------------------------------------------------------------------


def interval_regimen(folder: Path, days: str, cycle_days: int = 28, hours: int = 72) -> Path:
    return write(
        folder,
        "interval.yaml",
        f"id: interval\nname: Interval test\ncycle_days: {cycle_days}\ncycles: 2\n"
        "source: test\ndrugs:\n"
        f"  - {{drug: bortezomib, dose: 1.3 mg/m2, route: SC, days: '{days}', "
        f"min_interval_hours: {hours}}}\n",
    )


def test_min_interval_within_a_cycle_is_refused(tmp_path: Path) -> None:
    # Days 1 and 3 are 2 x 24 = 48 hours apart, less than 72.
    path = interval_regimen(tmp_path, "1, 3, 8")
    with pytest.raises(RegimenError) as info:
        mmsched.load_regimen(path)
    assert [str(p) for p in info.value.problems] == [
        "drugs[0].min_interval_hours: bortezomib on cycle 1 day 1 and cycle 1 day 3 are 48 hours "
        "apart, less than the 72 hours the regimen requires; space the days out"
    ]


def test_min_interval_across_the_cycle_boundary_is_refused(tmp_path: Path) -> None:
    # Day 28 of cycle 1 and day 1 of cycle 2 are one day (24 hours) apart.
    path = interval_regimen(tmp_path, "1, 28")
    with pytest.raises(RegimenError, match=re.escape("cycle 1 day 28 and cycle 2 day 1 are 24")):
        mmsched.load_regimen(path)
    # Day 27 -> next day 1 is 2 days (48 h); still too close.
    path = interval_regimen(tmp_path, "1, 27")
    with pytest.raises(RegimenError, match=re.escape("cycle 1 day 27 and cycle 2 day 1 are 48")):
        mmsched.load_regimen(path)


def test_min_interval_exactly_kept_is_accepted(tmp_path: Path) -> None:
    # Day 1 -> day 4 is exactly 72 hours (the label's d1/d4); day 26 -> next day 1 is
    # 3 days = 72 hours across the boundary.
    regimen = mmsched.load_regimen(interval_regimen(tmp_path, "1, 4, 26"))
    assert regimen.rules[0].days_for(2) == (1, 4, 26)


def test_min_interval_in_a_schedule_across_cycles(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sched.yaml",
        "id: sched\nname: S\ncycle_days: 21\nsource: test\ndrugs:\n"
        "  - drug: bortezomib\n    dose: 1.3 mg/m2\n    route: SC\n    min_interval_hours: 72\n"
        "    schedule:\n      - {cycles: 1, days: '1, 20'}\n      - {cycles: 2-, days: '1'}\n",
    )
    with pytest.raises(RegimenError, match=re.escape("cycle 1 day 20 and cycle 2 day 1 are 48")):
        mmsched.load_regimen(path)


def test_a_delay_moves_the_later_cycle_and_keeps_the_interval() -> None:
    # rvd from 2026-12-01 with cycle 2 three days late: cycle 2 starts 2026-12-29 + 3 =
    # 2027-01-01, so its bortezomib days 1, 4, 8, 11 are 01-01, 01-04, 01-08, 01-11.
    schedule = expand("rvd", "2026-12-01", doses={"dexamethasone": "20 mg"}, delays={2: 3})
    assert dates(schedule, "bortezomib") == [
        "2026-12-01", "2026-12-04", "2026-12-08", "2026-12-11",
        "2027-01-01", "2027-01-04", "2027-01-08", "2027-01-11",
    ]  # fmt: skip


@pytest.mark.parametrize("base", ["rvx", "no-such-base.yaml"])
def test_bad_extends_names_the_file_and_the_extends_field(base: str, tmp_path: Path) -> None:
    path = write(tmp_path, "child.yaml", f"id: child\nextends: {base}\nname: Child\n")
    with pytest.raises(mmsched.MmschedError) as info:
        mmsched.load_regimen(path)
    assert info.value.file == str(path)
    assert [p.field for p in info.value.problems] == ["extends"]
    assert base in info.value.problems[0].message


def test_editing_a_base_regimen_reaches_the_regimens_that_extend_it(tmp_path: Path) -> None:
    base = write(
        tmp_path,
        "base.yaml",
        "id: base\nname: Base\ncycle_days: 21\nsource: test\n"
        "drugs:\n  - {drug: lenalidomide, dose: 25 mg, route: PO, days: 1-14}\n",
    )
    child = write(tmp_path, "child.yaml", "id: child\nextends: base.yaml\nname: Child\n")
    assert str(mmsched.load_regimen(child).rules[0].dose) == "25 mg"
    # A renal dose reduction written into the base file (and a later modification time).
    base.write_text(base.read_text(encoding="utf-8").replace("25 mg", "10 mg"), encoding="utf-8")
    stamp = base.stat()
    os.utime(base, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 2_000_000_000))
    assert str(mmsched.load_regimen(base).rules[0].dose) == "10 mg"
    assert str(mmsched.load_regimen(child).rules[0].dose) == "10 mg"
