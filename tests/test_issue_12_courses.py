"""Issue 12, item 3: one patient, two plan files (a finished course and the next one).

The ward sheet used to drop both while ``check`` said "all valid" and ``ics`` exported both.
Now a patient's plans whose courses (first to last dated event) do not overlap are all used;
when two overlap, every plan of that patient is left out, each file named with the other and
both date ranges, and the same rule holds in ``check`` and ``ics``. Ids compare regardless of
case everywhere.

Worked by hand from examples/ward/gz-0103-cybord.yaml (GZ-0103, CyBorD from Tue 2026-12-01, two
28-day cycles): Mosteller √(172 × 70 / 3600) = 1.8288 → 1.83 m²; cyclophosphamide 300 mg/m² ×
1.83 = 549 mg, rounded to 25 mg: 550 mg (days 1, 8, 15, 22); bortezomib 1.3 × 1.83 = 2.379 →
2.4 mg (days 1, 4, 8, 11); dexamethasone 40 mg (days 1-4, 9-12, 17-20). Cycle 2 starts
2026-12-29, so the course's last event is C2D22's cyclophosphamide on 2026-12-29 + 21 days =
2027-01-19: the course runs 2026-12-01 to 2027-01-19. A next course of one cycle from
2027-02-01 runs to its C1D22, 2027-02-22; one from 2027-01-19 (the first course's last day)
runs to 2027-02-09 and overlaps it by that day; one from 2027-06-01 runs to 2027-06-22.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from icalendar import Calendar
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app
from mmsched.engine.courses import course_span, several_courses
from mmsched.exports.ics import Group, IcsError, IcsOptions, event_uid, render_ics

WARD = EXAMPLES / "ward"
GZ0103 = WARD / "gz-0103-cybord.yaml"
ENV = {"MMSCHED_LANG": "en", "NO_COLOR": "1", "XDG_CONFIG_HOME": "/nonexistent-mmsched-test"}
STAMP = "2026-11-01T00:00:00Z"
FIX = "a nurse must decide which plan is right, then correct its dates or remove the other"
ON_SHEET = (
    "every plan of this patient is left off this sheet, since half a patient is worse than none"
)
IN_CHECK = (
    "the ward sheet leaves every plan of this patient off and mmsched ics refuses them, since "
    "half a patient is worse than none"
)
IN_ICS = "nothing is written: the calendar would hold both courses at once"


def course(folder: Path, name: str, start: str, *, pid: str = "GZ-0103") -> Path:
    """GZ-0103's CyBorD again, one cycle from ``start``, written to ``folder / name``."""
    text = GZ0103.read_text(encoding="utf-8")
    text = text.replace("start: 2026-12-01", f"start: {start}").replace("cycles: 2", "cycles: 1")
    path = folder / name
    path.write_text(text.replace("{id: GZ-0103,", f"{{id: {pid},"), encoding="utf-8")
    return path


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV)
    return result.exit_code, result.stdout, result.stderr


def gz0103(day: dict[str, Any]) -> list[tuple[str, float, int, int]]:
    return [
        (a["drug"], a["dose"], a["cycle"], a["day"])
        for a in day["administrations"]
        if a["patient_id"].casefold() == "gz-0103"
    ]


# --- the ward sheet -----------------------------------------------------------------------------


def test_courses_that_do_not_overlap_are_all_on_the_sheet(tmp_path: Path) -> None:
    following = course(tmp_path, "next.yaml", "2027-02-01")
    code, out, err = run(
        "ward", WARD, following, "--from", "2027-01-19", "--to", "2027-02-01", "-f", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    days = {day["date"]: day for day in data["days"]}
    assert gz0103(days["2027-01-19"]) == [("cyclophosphamide", 550, 2, 22)]
    assert gz0103(days["2027-02-01"]) == [
        ("cyclophosphamide", 550, 1, 1),
        ("bortezomib", 2.4, 1, 1),
        ("dexamethasone", 40, 1, 1),
    ]
    assert all(gz0103(days[d]) == [] for d in days if d not in ("2027-01-19", "2027-02-01"))
    assert data["errors"] == []
    # "plans read" counts the files used: examples/ward's six and the next course.
    code, out, _ = run("ward", WARD, following, "--date", "2027-02-01")
    assert code == 0
    assert out.startswith("Ward day sheet (plans read: 7)\n")


def test_the_day_sheet_keeps_only_the_course_of_the_day(tmp_path: Path) -> None:
    following = course(tmp_path, "next.yaml", "2027-02-01")
    first_day = [("cyclophosphamide", 550.0), ("bortezomib", 2.4), ("dexamethasone", 40.0)]
    for day, file, doses in [
        (date(2027, 1, 19), GZ0103, [("cyclophosphamide", 550.0)]),
        (date(2027, 2, 1), following, first_day),
    ]:
        sheet = mmsched.day_sheet([WARD, following], day)
        assert (sheet.plans, sheet.errors) == (7, ())
        (patient,) = [p for p in sheet.day.patients if p.schedule.patient_id == "GZ-0103"]
        assert patient.file == str(file)
        given = patient.schedule.administrations
        assert {a.date for a in given} == {day}
        assert [(a.drug, float(a.dose)) for a in given] == doses


def overlap_messages(original: Path, overlapping: Path, later: Path, tail: str) -> list[str]:
    return [
        f"patient GZ-0103: this plan's course (2026-12-01 to 2027-01-19) overlaps the plan in "
        f"{overlapping} (2027-01-19 to 2027-02-09): {tail}; {FIX}",
        f"patient GZ-0103: this plan's course (2027-01-19 to 2027-02-09) overlaps the plan in "
        f"{original} (2026-12-01 to 2027-01-19): {tail}; {FIX}",
        f"patient GZ-0103: this plan's course (2027-06-01 to 2027-06-22) overlaps no other, but "
        f"the plans in {original} and {overlapping} overlap: {tail}; {FIX}",
    ]


def test_overlapping_courses_leave_every_plan_of_the_patient_off(tmp_path: Path) -> None:
    # Overlapping by one day (2027-01-19, the first course's last): both are left off, and so is
    # a third plan that overlaps neither. The other patients still print.
    overlapping = course(tmp_path, "b-overlap.yaml", "2027-01-19")
    later = course(tmp_path, "c-later.yaml", "2027-06-01")
    code, out, err = run("ward", WARD, overlapping, later, "--date", "2026-12-11", "-f", "json")
    assert code == 1
    data = json.loads(out)
    (day,) = data["days"]
    assert gz0103(day) == []
    # tests/test_ward.py's totals for 2026-12-11 without GZ-0103 (2.4 mg bortezomib, 40 mg
    # dexamethasone).
    totals = {t["drug"]: (t["dose"], t["patients"]) for t in day["totals"]}
    assert totals == {
        "bortezomib": (2.5, 1),
        "dexamethasone": (40, 2),
        "lenalidomide": (60, 3),
        "thalidomide": (100, 1),
    }
    assert [(e["file"], e["on_sheet"]) for e in data["errors"]] == [
        (str(GZ0103), False),
        (str(overlapping), False),
        (str(later), False),
    ]
    expected = overlap_messages(GZ0103, overlapping, later, ON_SHEET)
    assert [e["message"] for e in data["errors"]] == expected
    assert err.splitlines() == [
        f"error: {file}: {message}"
        for file, message in zip((GZ0103, overlapping, later), expected, strict=True)
    ]
    code, out, _ = run("ward", WARD, overlapping, later, "--date", "2026-12-11")
    assert out.startswith("Ward day sheet (plans read: 5)\n")
    assert "3 plan files could not be used: those patients are NOT on this sheet" in out
    assert "GZ-0105 张某" in out and "GZ-0103 李某华" not in out


def test_the_whole_ward_and_a_half_open_range_follow_the_same_rule(tmp_path: Path) -> None:
    from mmsched.batch.ward import load_plans

    overlapping = course(tmp_path, "b-overlap.yaml", "2027-01-19")
    later = course(tmp_path, "c-later.yaml", "2027-06-01")
    ward = load_plans([WARD, overlapping, later])
    assert len(ward.patients) == 5
    assert "GZ-0103" not in {p.schedule.patient_id for p in ward.patients}
    expected = overlap_messages(GZ0103, overlapping, later, ON_SHEET)
    assert [e.message for e in ward.errors] == expected
    # --from without --to holds the whole ward (to find the last date): the same errors.
    code, out, _ = run("ward", WARD, overlapping, later, "--from", "2027-01-01", "-f", "json")
    assert code == 1
    assert [e["message"] for e in json.loads(out)["errors"]] == expected


def test_a_lower_case_id_is_the_same_patient(tmp_path: Path) -> None:
    overlapping = course(tmp_path, "lower.yaml", "2027-01-19", pid="gz-0103")
    code, out, _ = run("ward", WARD, overlapping, "--date", "2027-01-19", "-f", "json")
    assert code == 1
    data = json.loads(out)
    assert gz0103(data["days"][0]) == []
    assert [e["file"] for e in data["errors"]] == [str(GZ0103), str(overlapping)]
    assert data["errors"][1]["message"].startswith("patient gz-0103: this plan's course")


# --- check --------------------------------------------------------------------------------------


def test_check_reports_overlapping_courses_as_the_sheet_does(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    original = folder / "a-gz-0103.yaml"
    original.write_text(GZ0103.read_text(encoding="utf-8"), encoding="utf-8")
    overlapping = course(folder, "b-overlap.yaml", "2027-01-19")
    later = course(folder, "c-later.yaml", "2027-06-01")
    code, out, _ = run("check", folder)
    assert code == 1
    assert out.splitlines() == [
        f"error {file}: {message}"
        for file, message in zip(
            (original, overlapping, later),
            overlap_messages(original, overlapping, later, IN_CHECK),
            strict=True,
        )
    ] + ["3 files checked, 3 with problems"]
    # Without the overlapping plan, the two courses are valid together; a folder and a file in
    # it name one plan, not two that overlap.
    overlapping.unlink()
    code, out, _ = run("check", folder, original)
    assert code == 0, out
    assert out.endswith("3 files checked, all valid\n")


def test_check_of_the_examples_finds_case_1_twice() -> None:
    # examples/case1-rvd-il2.yaml and examples/course/case1-course.yaml are both GZ-0001's case 1
    # from 2026-12-01: two 28-day cycles, the last event the lymphocyte panel on C2D28,
    # 2026-12-29 + 27 days = 2027-01-25.
    case1, real = EXAMPLES / "case1-rvd-il2.yaml", EXAMPLES / "course" / "case1-course.yaml"
    code, out, _ = run("check", EXAMPLES)
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("error ")]
    assert errors == [
        f"error {here}: patient GZ-0001: this plan's course (2026-12-01 to 2027-01-25) overlaps "
        f"the plan in {other} (2026-12-01 to 2027-01-25): {IN_CHECK}; {FIX}"
        for here, other in ((case1, real), (real, case1))
    ]
    # 13: two cases, the course folder's plan and ward, six ward plans, the library's rvd-4,
    # the capacity example's ward and new plan (issue 16).
    assert out.endswith("13 files checked, 2 with problems\n")


# --- ics ----------------------------------------------------------------------------------------


def uids(path: Path) -> dict[str, list[str]]:
    """Each event's UID by its summary's C#D# and the patient's masked name."""
    found: dict[str, list[str]] = {}
    for event in Calendar.from_ical(path.read_bytes()).events:
        # The C#D# after the patient: these are ward calendars (issue 17).
        summary = str(event["SUMMARY"])
        code = next(w for w in summary.split() if re.fullmatch(r"C\d+D\d+", w))
        found.setdefault(code, []).append(str(event["UID"]))
    return found


def test_ics_gives_two_courses_of_one_regimen_their_own_uids(tmp_path: Path) -> None:
    single, both = tmp_path / "single.ics", tmp_path / "both.ics"
    following = course(tmp_path, "next.yaml", "2027-02-01", pid="gz-0103")
    code, out, err = run("ics", GZ0103, "-o", single, "--dtstamp", STAMP)
    # Issue 13: CyBorD's aciclovir every day makes every day of the two 28-day cycles an event.
    assert (code, out) == (0, f"wrote {single}: 56 events from 1 plan\n"), err
    # A single course keeps the UIDs it always had (no course start in the key).
    assert uids(single)["C1D1"] == [event_uid("GZ-0103", "cybord", 1, 1)]
    # Two plans of cybord for GZ-0103 (one written gz-0103): each course's UIDs carry its start.
    # Every day of each 28-day cycle (aciclovir daily, issue 13): 56 + 28 events.
    code, out, err = run("ics", GZ0103, following, "-o", both, "--dtstamp", STAMP)
    assert (code, out) == (0, f"wrote {both}: 84 events from 2 plans\n"), err
    assert uids(both)["C1D1"] == [
        event_uid("GZ-0103", "cybord", 1, 1, course_start=date(2026, 12, 1)),
        event_uid("gz-0103", "cybord", 1, 1, course_start=date(2027, 2, 1)),
    ]
    assert uids(both)["C2D22"] == [
        event_uid("GZ-0103", "cybord", 2, 22, course_start=date(2026, 12, 1))
    ]
    name = str(Calendar.from_ical(both.read_bytes())["X-WR-CALNAME"])
    assert name == "Ward chemotherapy calendar · 1 patient"


def test_ics_keeps_plain_uids_for_courses_of_different_regimens(tmp_path: Path) -> None:
    # GZ-0103 on RVD from 2027-02-01 after the CyBorD course: no UID could clash, none changes.
    following = tmp_path / "rvd.yaml"
    following.write_text(
        "patient: {id: GZ-0103, sex: M, age: 58, height_cm: 172, weight_kg: 70}\n"
        "regimen: rvd\nstart: 2027-02-01\ndoses: {dexamethasone: 20 mg}\n",
        encoding="utf-8",
    )
    out = tmp_path / "feed.ics"
    code, _, err = run("ics", GZ0103, following, "-o", out, "--dtstamp", STAMP)
    assert code == 0, err
    assert sorted(uids(out)["C1D1"]) == sorted(
        [event_uid("GZ-0103", "cybord", 1, 1), event_uid("GZ-0103", "rvd", 1, 1)]
    )


@pytest.mark.parametrize("pid", ["GZ-0103", "gz-0103"])
def test_ics_refuses_overlapping_courses_and_writes_nothing(tmp_path: Path, pid: str) -> None:
    overlapping = course(tmp_path, "b-overlap.yaml", "2027-01-19", pid=pid)
    later = course(tmp_path, "c-later.yaml", "2027-06-01")
    feed = tmp_path / "feed.ics"
    feed.write_bytes(b"earlier export\r\n")
    result = CliRunner().invoke(
        app,
        ["ics", str(GZ0103), str(overlapping), str(later), "-o", str(feed), "--dtstamp", STAMP],
        env=ENV,
    )
    assert result.exit_code == 1
    expected = overlap_messages(GZ0103, overlapping, later, IN_ICS)
    expected[1] = expected[1].replace("patient GZ-0103", f"patient {pid}")
    assert result.stderr.splitlines() == [
        f"error: {file}: {message}"
        for file, message in zip((GZ0103, overlapping, later), expected, strict=True)
    ]
    assert feed.read_bytes() == b"earlier export\r\n"


def test_check_says_the_same_of_a_plan_named_twice(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    original = folder / "a-gz-0103.yaml"
    original.write_text(GZ0103.read_text(encoding="utf-8"), encoding="utf-8")
    overlapping = course(folder, "b-overlap.yaml", "2027-01-19")
    code, out, _ = run("check", folder, original)
    assert code == 1
    first = (
        f"error {original}: patient GZ-0103: this plan's course (2026-12-01 to 2027-01-19) "
        f"overlaps the plan in {overlapping} (2027-01-19 to 2027-02-09): {IN_CHECK}; {FIX}"
    )
    assert out.splitlines()[0] == first
    assert out.splitlines()[2] == first  # the folder's a-gz-0103.yaml, then the file named
    assert out.endswith("3 files checked, 3 with problems\n")


@pytest.mark.parametrize("group", ["day", "drug"])
def test_the_library_gives_two_courses_their_own_uids_when_told(
    tmp_path: Path, group: Group
) -> None:
    first = mmsched.expand(mmsched.load_plan(GZ0103))
    following = mmsched.expand(mmsched.load_plan(course(tmp_path, "next.yaml", "2027-02-01")))
    stamp = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    plain = IcsOptions(stamp=stamp, lang="en", group=group)
    # Without it, C1D1 of both courses would share a UID: refused, as before.
    with pytest.raises(IcsError, match="same UID"):
        render_ics([first, following], plain)
    pairs = several_courses([course_span(first, "a"), course_span(following, "b")])
    assert pairs == frozenset({("gz-0103", "cybord")})
    data = render_ics(
        [first, following], IcsOptions(stamp=stamp, lang="en", group=group, several_courses=pairs)
    )
    alone = [render_ics([s], plain).count(b"BEGIN:VEVENT") for s in (first, following)]
    assert data.count(b"BEGIN:VEVENT") == sum(alone) > 0
    # The pairs may name the patient in any case.
    upper = frozenset({("GZ-0103", "cybord")})
    told = IcsOptions(stamp=stamp, lang="en", group=group, several_courses=upper)
    assert render_ics([first, following], told) == data
