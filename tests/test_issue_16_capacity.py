"""Issue 16: ward capacity, chair time, ``mmsched load`` and ``mmsched suggest-start``.

Every expected value is worked out by hand from the small wards written below: one chair and
one hour (60 chair-minutes a day), a patient already on the ward and a new plan, with the
chair minutes the test regimens give.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import with_lazy_commands
from mmsched.engine.capacity import WardCapacity
from mmsched.engine.chairtime import chair_days, chair_minutes
from mmsched.errors import MmschedError

TODAY = date(2027, 2, 1)
ENV = {"MMSCHED_LANG": "en", "MMSCHED_REGIMENS": "", "NO_COLOR": "1"}


def regimen(  # noqa: PLR0917 - the small wards' regimens, written in one line each
    folder: Path, name: str, days: str, minutes: int, cycle_days: int = 7, cycles: int = 1
) -> str:
    """A one-drug regimen: a subcutaneous dose on ``days`` taking ``minutes`` of chair."""
    (folder / f"r-{name}.yaml").write_text(
        f"id: {name}\nname: {name}\ncycle_days: {cycle_days}\ncycles: {cycles}\nsource: test\n"
        f"drugs:\n  - {{drug: bortezomib, dose: 1 mg, route: SC, days: '{days}', "
        f"chair_minutes: {minutes}}}\n",
        encoding="utf-8",
    )
    return f"r-{name}.yaml"


def plan(folder: Path, name: str, regimen_file: str, start: str, patient: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(
        f"patient: {{id: {patient}, sex: F, age: 60, height_cm: 160, weight_kg: 60}}\n"
        f"regimen: {regimen_file}\nstart: {start}\n",
        encoding="utf-8",
    )
    return path


def ward(folder: Path, extra: str = "", capacity: str = "{chairs: 1, hours: 1}") -> Path:
    path = folder / "ward.yaml"
    path.write_text(f"capacity: {capacity}\n{extra}", encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Folders ``on-ward/`` (the existing plans) and ``new/`` (new plans) under tmp_path."""
    (tmp_path / "on-ward").mkdir()
    (tmp_path / "new").mkdir()
    return tmp_path


def best(suggestion: mmsched.Suggestion) -> date:
    assert suggestion.chosen is not None
    return suggestion.chosen.start


# -- the three hand-worked wards of the issue -------------------------------------------------


def test_fine_in_cycle_1_but_overflowing_in_cycle_2(small: Path) -> None:
    # New plan: 40 min on day 1 of two 7-day cycles. Already on the ward: 30 min on 2027-03-09
    # (day 9 of a course starting 2027-03-01). Preferred 2027-03-02: cycle 1 (03-02) takes
    # 40 of 60 min, cycle 2 (03-09) 40 + 30 = 70 of 60: over. Every start whose two chair days
    # avoid 03-09 has none over and 66.7 % at most; nearest: 03-01 and 03-03, later first.
    on, new = small / "on-ward", small / "new"
    plan(on, "e", regimen(on, "e", "9", 30, cycle_days=28), "2027-03-01", "E1")
    new_plan = plan(new, "n", regimen(new, "n", "1", 40, cycles=2), "2027-03-02", "N1")
    (found,), errors = mmsched.suggest_start(new_plan, on, today=TODAY, ward_file=ward(small))
    assert errors == ()
    assert (found.earliest, found.latest) == (date(2027, 2, 27), date(2027, 3, 16))
    preferred = found.preferred_candidate
    assert preferred is not None
    assert preferred.over_dates == (date(2027, 3, 9),)
    assert [(load.date, load.used_minutes) for load in preferred.loads] == [
        (date(2027, 3, 2), 40),
        (date(2027, 3, 9), 70),
    ]
    assert best(found) == date(2027, 3, 3)
    assert [c.start for c in found.candidates[:2]] == [date(2027, 3, 3), date(2027, 3, 1)]
    first = found.candidates[0]
    assert (first.over_capacity_days, first.above_target_days, first.distance_days) == (0, 0, 1)
    assert first.peak_percent == Decimal(200) / 3  # 40 of 60 min, exact


def test_closed_day_pushes_a_dose_onto_a_full_day(small: Path) -> None:
    # Ward closed on Sundays. New plan: 40 min on days 1 and 6. Already on the ward: 30 min
    # on Monday 2027-03-08. Preferred Tuesday 03-02: day 6 is Sunday 03-07, closed, so the
    # dose shifts to Monday 03-08: 40 + 30 = 70 of 60, over. 03-03 (Wednesday) puts day 6
    # on 03-08 directly: over too. 03-01: days 03-01 and Saturday 03-06, none over: chosen
    # (distance 1; 03-04 is at distance 2).
    on, new = small / "on-ward", small / "new"
    plan(on, "e", regimen(on, "e", "8", 30, cycle_days=28), "2027-03-01", "E1")
    new_plan = plan(new, "n", regimen(new, "n", "1, 6", 40), "2027-03-02", "N1")
    (found,), _ = mmsched.suggest_start(
        new_plan, on, today=TODAY, ward_file=ward(small, "closed_weekdays: [sun]\n")
    )
    preferred = found.preferred_candidate
    assert preferred is not None
    assert preferred.over_dates == (date(2027, 3, 8),)
    assert preferred.shifted_doses == 1
    assert best(found) == date(2027, 3, 1)
    by_start = {c.start: c for c in found.candidates}
    assert by_start[date(2027, 3, 3)].over_dates == (date(2027, 3, 8),)
    assert date(2027, 2, 28) not in by_start  # a Sunday: not a candidate


def test_target_of_85_percent_moves_the_start(small: Path) -> None:
    # New plan: one dose of 40 min. Already on the ward: 15 min on 2027-03-02. Preferred
    # 03-02: 55 of 60 min = 91.7 %, within capacity but above 85 %; 03-03: 66.7 %. With the
    # target at 100 % the preferred date stays first.
    on, new = small / "on-ward", small / "new"
    plan(on, "e", regimen(on, "e", "2", 15), "2027-03-01", "E1")
    new_plan = plan(new, "n", regimen(new, "n", "1", 40), "2027-03-02", "N1")
    at_85 = ward(small, capacity="{chairs: 1, hours: 1, target_percent: 85}")
    (found,), _ = mmsched.suggest_start(new_plan, on, today=TODAY, ward_file=at_85)
    preferred = found.preferred_candidate
    assert preferred is not None
    assert (preferred.over_capacity_days, preferred.above_target_days) == (0, 1)
    assert best(found) == date(2027, 3, 3)
    (found,), _ = mmsched.suggest_start(new_plan, on, today=TODAY, ward_file=ward(small))
    assert best(found) == date(2027, 3, 2)


def test_new_plans_are_placed_one_after_the_other(small: Path) -> None:
    # Two new plans of one 40-min dose, both preferring 03-02, on an empty ward: the first
    # takes 03-02; the second would make it 80 of 60 min, so it goes to 03-03.
    on, new = small / "on-ward", small / "new"
    plan(on, "e", regimen(on, "e", "1", 10), "2027-04-01", "E1")
    one = plan(new, "a", regimen(new, "n", "1", 40), "2027-03-02", "N1")
    two = plan(new, "b", "r-n.yaml", "2027-03-02", "N2")
    found, _ = mmsched.suggest_start(one, on, more_plans=[two], today=TODAY, ward_file=ward(small))
    assert [best(s) for s in found] == [date(2027, 3, 2), date(2027, 3, 3)]
    assert found[1].preferred_candidate is not None
    assert found[1].preferred_candidate.over_dates == (date(2027, 3, 2),)


def test_a_plan_on_the_ward_with_the_new_patients_id_is_not_counted_twice(small: Path) -> None:
    on, new = small / "on-ward", small / "new"
    plan(on, "old", regimen(on, "n", "1", 40), "2027-03-02", "N1")
    new_plan = plan(new, "n", regimen(new, "n", "1", 40), "2027-03-02", "n1")
    (found,), _ = mmsched.suggest_start(new_plan, on, today=TODAY, ward_file=ward(small))
    assert best(found) == date(2027, 3, 2)  # 40 of 60: its own earlier version not added


def test_window_never_starts_before_today_unless_given(small: Path) -> None:
    on, new = small / "on-ward", small / "new"
    plan(on, "e", regimen(on, "e", "1", 10), "2027-04-01", "E1")
    new_plan = plan(new, "n", regimen(new, "n", "1", 40), "2027-03-02", "N1")
    (found,), _ = mmsched.suggest_start(new_plan, on, today=date(2027, 3, 1), ward_file=ward(small))
    assert found.earliest == date(2027, 3, 1)
    (found,), _ = mmsched.suggest_start(
        new_plan, on, today=date(2027, 3, 1), ward_file=ward(small),
        earliest=date(2027, 2, 20), latest=date(2027, 3, 1),
    )  # fmt: skip
    assert (found.earliest, found.latest) == (date(2027, 2, 20), date(2027, 3, 1))
    assert found.preferred_candidate is None  # outside the window


def test_an_infeasible_candidate_is_listed_with_its_reason_and_never_first(small: Path) -> None:
    # A move that names the dose of 2027-03-02: every other start has no dose on that date,
    # so the engine refuses it there.
    on, new = small / "on-ward", small / "new"
    plan(on, "e", regimen(on, "e", "1", 10), "2027-04-01", "E1")
    new_plan = plan(new, "n", regimen(new, "n", "1, 3", 40), "2027-03-02", "N1")
    text = new_plan.read_text(encoding="utf-8")
    new_plan.write_text(
        text + "changes:\n  - {action: omit, drug: bortezomib, date: 2027-03-04, reason: test}\n",
        encoding="utf-8",
    )
    (found,), _ = mmsched.suggest_start(new_plan, on, today=TODAY, ward_file=ward(small))
    # The omission moves with the plan: every candidate is feasible, and the preferred one
    # loses its day-3 dose (40 min on 03-02 only).
    assert all(c.feasible for c in found.candidates)
    assert best(found) == date(2027, 3, 2)
    assert [load.date for load in found.candidates[0].loads] == [date(2027, 3, 2)]


# -- ward files and chair time ----------------------------------------------------------------


def test_capacity_by_weekday_and_by_date(tmp_path: Path) -> None:
    path = ward(
        tmp_path,
        "closed_weekdays: [sun]\n",
        capacity="{chairs: 2, hours: 8, by_weekday: {sat: {chairs: 1, hours: 4}}, "
        "by_date: {2027-03-06: {chairs: 2}, 2027-03-09: {hours: 7.5}}}",
    )
    calendar = mmsched.load_ward(path)
    capacity = calendar.capacity
    assert isinstance(capacity, WardCapacity)
    assert capacity.minutes_on(date(2027, 3, 8)) == 2 * 8 * 60  # a Monday: 960
    assert capacity.minutes_on(date(2027, 3, 13)) == 1 * 4 * 60  # a Saturday: 240
    assert (
        capacity.minutes_on(date(2027, 3, 6)) == 2 * 4 * 60
    )  # the date's chairs, Saturday's hours
    assert capacity.minutes_on(date(2027, 3, 9)) == 2 * 450  # 7.5 hours
    assert calendar.is_closed(date(2027, 3, 7))


@pytest.mark.parametrize(
    ("capacity", "message"),
    [
        ("{chairs: 0, hours: 8}", "capacity.chairs"),
        ("{chairs: 2, hours: 7.33}", "not a whole number of minutes"),
        ("{chairs: 2, hours: 8, by_weekday: {funday: {chairs: 1}}}", "'funday' is not a weekday"),
        ("{chairs: 2, hours: 8, by_date: {2027-03-06: {}}}", "give chairs, hours or both"),
        ("{chairs: 2, hours: 8, target_percent: 120}", "target_percent"),
    ],
)
def test_bad_capacity_is_refused(tmp_path: Path, capacity: str, message: str) -> None:
    with pytest.raises(MmschedError) as error:
        mmsched.load_ward(ward(tmp_path, capacity=capacity))
    assert message in str(error.value)


def test_check_knows_a_ward_file_by_its_capacity(tmp_path: Path) -> None:
    ward(tmp_path, capacity="{chairs: 8, hours: 8}")
    result = CliRunner().invoke(
        with_lazy_commands(), ["check", str(tmp_path / "ward.yaml")], env=ENV
    )
    assert result.exit_code == 0, result.output
    assert "capacity 8 chairs × 8 h = 3,840 chair-minutes a day, target 100 %" in result.output


def test_chair_minutes_of_the_bundled_regimens() -> None:
    # Case 1 (RVD + IL-2, 2026-12-01, no ward): day 1 has bortezomib SC 89 + dexamethasone IV
    # 143 + IL-2 SC 89 = 321 min; day 2 dexamethasone and IL-2: 232; day 5 IL-2 alone: 89.
    schedule = mmsched.expand(mmsched.load_plan(EXAMPLES / "case1-rvd-il2.yaml"))
    days = chair_days(schedule)
    assert days[date(2026, 12, 1)] == 321
    assert days[date(2026, 12, 2)] == 232
    assert days[date(2026, 12, 5)] == 89
    # Lenalidomide is PO: no day holds it alone among the chair days (C1D13: lenalidomide only).
    assert date(2026, 12, 13) not in days


def test_daratumumab_first_second_and_later_infusions() -> None:
    schedule = mmsched.expand(mmsched.load_plan(EXAMPLES / "ward" / "gz-0104-drd.yaml"))
    minutes = [
        m for a, m in zip(schedule.administrations, chair_minutes(schedule), strict=True)
        if a.drug == "daratumumab"
    ]  # fmt: skip
    assert minutes[:4] == [420, 258, 210, 210]
    oral = [
        m for a, m in zip(schedule.administrations, chair_minutes(schedule), strict=True)
        if a.route == "PO"
    ]  # fmt: skip
    assert oral and set(oral) == {0}


def test_defaults_by_route_and_infusion_duration(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(
        "id: r\nname: r\ncycle_days: 7\nsource: test\ndrugs:\n"
        "  - {drug: bortezomib, dose: 1 mg, route: SC, days: '1'}\n"
        "  - {drug: carfilzomib, dose: 20 mg, route: IV, days: '1', duration_minutes: 30,"
        " observation_minutes: 60}\n"
        "  - {drug: cyclophosphamide, dose: 50 mg, route: IV push, days: '2'}\n"
        "  - {drug: lenalidomide, dose: 5 mg, route: PO, days: '1-7'}\n",
        encoding="utf-8",
    )
    path = plan(tmp_path, "p", "r.yaml", "2027-03-01", "P1")
    schedule = mmsched.expand(mmsched.load_plan(path))
    # Day 1: SC default 89 + infusion 30 + observation 60 = 179; day 2: IV push default 143.
    assert chair_days(schedule) == {date(2027, 3, 1): 179, date(2027, 3, 2): 143}


def test_per_row_chair_minutes_by_occurrence(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(
        "id: r\nname: r\ncycle_days: 7\ncycles: 3\nsource: test\ndrugs:\n"
        "  - drug: daratumumab\n    dose: 16 mg/kg\n    route: IV\n    chair_minutes: 100\n"
        "    schedule:\n"
        "      - {cycles: 1-2, days: '1', chair_minutes: {first: 300, second: 200, later: 150}}\n"
        "      - {cycles: 3-, days: '1'}\n",
        encoding="utf-8",
    )
    path = plan(tmp_path, "p", "r.yaml", "2027-03-01", "P1")
    schedule = mmsched.expand(mmsched.load_plan(path))
    assert chair_minutes(schedule) == (300, 200, 100)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("chair_minutes: 30", "drugs[0].chair_minutes: lenalidomide is given PO, at home"),
        ("observation_minutes: 30", "drugs[0].observation_minutes"),
        ("chair_minutes: 0", None),
    ],
)
def test_an_oral_drug_takes_no_chair(tmp_path: Path, fields: str, message: str | None) -> None:
    (tmp_path / "r.yaml").write_text(
        "id: r\nname: r\ncycle_days: 7\nsource: test\ndrugs:\n"
        f"  - {{drug: lenalidomide, dose: 5 mg, route: PO, days: '1-7', {fields}}}\n",
        encoding="utf-8",
    )
    if message is None:
        mmsched.load_regimen(tmp_path / "r.yaml")
        return
    with pytest.raises(MmschedError) as error:
        mmsched.load_regimen(tmp_path / "r.yaml")
    assert message in str(error.value)


# -- the load ---------------------------------------------------------------------------------


def test_ward_load_by_day(small: Path) -> None:
    # E: 30 min on 03-08 and 03-09; F: 40 min on 03-09; PO-only G adds nothing. 60 min a day,
    # closed on Sundays (03-07).
    on = small / "on-ward"
    plan(on, "e", regimen(on, "e", "1, 2", 30), "2027-03-08", "E1")
    plan(on, "f", regimen(on, "f", "2", 40), "2027-03-08", "F1")
    (on / "g-r.yaml").write_text(
        "id: g\nname: g\ncycle_days: 7\nsource: test\ndrugs:\n"
        "  - {drug: lenalidomide, dose: 5 mg, route: PO, days: '1-7'}\n",
        encoding="utf-8",
    )
    plan(on, "g", "g-r.yaml", "2027-03-08", "G1")
    load = mmsched.ward_load(
        on, date(2027, 3, 7), date(2027, 3, 10), ward(small, "closed_weekdays: [sun]\n")
    )
    assert [(d.used_minutes, d.capacity_minutes, d.patients, d.over) for d in load.days] == [
        (0, None, 0, False),
        (30, 60, 1, False),
        (70, 60, 2, True),
        (0, 60, 0, False),
    ]
    assert load.days[0].percent is None
    assert load.days[1].percent == 50
    assert load.over_dates == (date(2027, 3, 9),)
    assert load.plans == 3


def test_capacity_from_the_plans_ward_file_and_disagreement(small: Path) -> None:
    on = small / "on-ward"
    ward(on)
    plan(on, "e", regimen(on, "e", "1", 30), "2027-03-08", "E1")
    with_ward = on / "e.yaml"
    with_ward.write_text(with_ward.read_text(encoding="utf-8") + "ward: ward.yaml\n", "utf-8")
    load = mmsched.ward_load(on, date(2027, 3, 8), date(2027, 3, 8))
    assert load.days[0].capacity_minutes == 60
    (small / "other.yaml").write_text("capacity: {chairs: 2, hours: 1}\n", encoding="utf-8")
    plan(on, "f", "r-e.yaml", "2027-03-08", "F1")
    f = on / "f.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "ward: ../other.yaml\n", "utf-8")
    with pytest.raises(MmschedError) as error:
        mmsched.ward_load(on, date(2027, 3, 8), date(2027, 3, 8))
    assert "name different ward files" in str(error.value)


def test_no_capacity_anywhere_is_one_clear_error(small: Path) -> None:
    on = small / "on-ward"
    plan(on, "e", regimen(on, "e", "1", 30), "2027-03-08", "E1")
    result = CliRunner().invoke(
        with_lazy_commands(),
        ["load", str(on), "--from", "2027-03-08", "--to", "2027-03-09"],
        env=ENV,
    )
    assert result.exit_code == 1
    assert "no ward capacity" in result.output and "--ward FILE" in result.output
    assert "Traceback" not in result.output


# -- the commands -----------------------------------------------------------------------------


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(with_lazy_commands(), list(args), env=ENV)
    return result.exit_code, result.output


def test_load_text_json_csv_html(small: Path) -> None:
    on = small / "on-ward"
    plan(on, "e", regimen(on, "e", "1, 2", 30), "2027-03-08", "E1")
    plan(on, "f", regimen(on, "f", "2", 40), "2027-03-08", "F1")
    w = str(ward(small))
    base = ["load", str(on), "--from", "2027-03-08", "--to", "2027-03-09", "--ward", w]
    code, text = _invoke(*base)
    assert code == 0, text
    # 30 of 60 min: 10 of the 20 cells; 70 of 60: 20 cells, the line, 3.3 cells past it.
    assert "2027-03-08  Mon         30        60    50.0     1  ##########          |\n" in text
    assert "2027-03-09  Tue         70        60   116.7     2  ####################|!!!   " in text
    assert "Capacity: 1 chair × 1 h = 60 chair-minutes a day; target 100 %" in text
    assert "Days over capacity: 1 (2027-03-09)" in text
    code, out = _invoke(*base, "--format", "json")
    data = json.loads(out)
    assert data["schema"] == "mmsched.load/1"
    assert (data["from"], data["to"]) == ("2027-03-08", "2027-03-09")
    assert data["days"][1] == {
        "date": "2027-03-09", "used_minutes": 70, "capacity_minutes": 60, "percent": 116.7,
        "patients": 2, "over": True,
    }  # fmt: skip
    code, out = _invoke(*base, "--format", "csv")
    assert out.splitlines() == [
        "date,used_minutes,capacity_minutes,percent,patients,over",
        "2027-03-08,30,60,50.0,1,false",
        "2027-03-09,70,60,116.7,2,true",
    ]
    code, out = _invoke(*base, "--format", "html", "--lang", "zh")
    assert (
        "<svg" in out
        and "<script" not in out.lower()
        and "http://" not in out.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    assert "@page { size: A4" in out and "超出容量" in out


def test_load_refuses_a_long_or_reversed_range(small: Path) -> None:
    code, out = _invoke("load", str(small), "--from", "2027-03-08", "--to", "2028-03-08")
    assert code == 2 and "366" in out
    code, out = _invoke("load", str(small), "--from", "2027-03-08", "--to", "2027-03-01")
    assert code == 2 and "earlier" in out


def test_suggest_start_refuses_a_reversed_window(small: Path) -> None:
    code, out = _invoke(
        "suggest-start", str(small / "p.yaml"), str(small),
        "--earliest", "2027-03-08", "--latest", "2027-03-01",
    )  # fmt: skip
    assert code == 2 and "earlier" in out


def test_suggest_start_text_and_json(small: Path) -> None:
    on, new = small / "on-ward", small / "new"
    plan(on, "e", regimen(on, "e", "9", 30, cycle_days=28), "2027-03-01", "E1")
    new_plan = plan(new, "n", regimen(new, "n", "1", 40, cycles=2), "2027-03-02", "N1")
    w = str(ward(small))
    args = ["suggest-start", str(new_plan), str(on), "--ward", w, "--earliest", "2027-02-27"]
    code, text = _invoke(*args, "--top", "3")
    assert code == 0, text
    assert "Suggested start: 2027-03-03 (1 day after the preferred date)" in text
    assert "Why not the preferred date 2027-03-02:" in text
    assert "2027-03-09: over capacity by 10 min (70 of 60 min, 116.7 %)" in text
    code, out = _invoke(*args, "--top", "2", "--format", "json")
    data = json.loads(out)
    assert data["schema"] == "mmsched.suggest/1"
    (entry,) = data["suggestions"]
    assert (entry["plan"], entry["patient"], entry["preferred"]) == (
        str(new_plan), "N1", "2027-03-02",
    )  # fmt: skip
    assert entry["candidates"][0] == {
        "start": "2027-03-03", "feasible": True, "reason": None, "over_capacity_days": 0,
        "above_target_days": 0, "distance_days": 1, "peak_percent": 66.7, "over_dates": [],
        "shifted_doses": 0,
    }  # fmt: skip
    assert len(entry["candidates"]) == 2
    code, zh = _invoke(*args, "--lang", "zh")
    assert "建议开始日期：2027-03-03（比首选日期晚 1 天）" in zh


def test_the_calendar_command_does_not_import_the_new_commands() -> None:
    import subprocess
    import sys

    script = (
        "import sys\nfrom mmsched.cli import main\nsys.argv = ['mmsched', 'calendar', "
        f"{str(EXAMPLES / 'case1-rvd-il2.yaml')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(' '.join(m for m in sys.modules if 'capacity' in m or 'suggest' in m))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stderr.strip() == ""
