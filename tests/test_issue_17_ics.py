"""Issue 17, item 5: what the client test found in the ``.ics`` export, fixed in files and feeds.

The calendar's name is TEXT (escaped); the ``VTIMEZONE`` covers the events carried over from
``--previous``; a ward-wide calendar puts the patient first in each summary, after a status
prefix; an unchanged event keeps its ``DTSTAMP`` with ``--previous``; ``mmsched ics`` takes a
folder and ``--from``/``--to``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import EXAMPLES
from icalendar import Calendar
from typer.testing import CliRunner

from mmsched.cli.app import app
from mmsched.exports.ics import IcsOptions, render_ics

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
WARD = EXAMPLES / "ward"
ENV = {"MMSCHED_LANG": None, "LANG": "C.UTF-8", "XDG_CONFIG_HOME": "/nonexistent-mmsched-test"}
T1, T2 = "2026-11-01T00:00:00Z", "2026-11-20T08:00:00Z"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV)
    return result.exit_code, result.stdout, result.stderr


def events(path: Path) -> list[dict[str, str]]:
    """Each event's UID, DTSTART digits, DTSTAMP, SEQUENCE, STATUS and SUMMARY, as read back."""
    found = []
    for event in Calendar.from_ical(path.read_bytes()).events:
        found.append(
            {
                "uid": str(event["UID"]),
                "start": event["DTSTART"].to_ical().decode()[:8],
                "stamp": event["DTSTAMP"].to_ical().decode(),
                "sequence": str(event.get("SEQUENCE", "")),
                "status": str(event.get("STATUS", "")),
                "summary": str(event["SUMMARY"]),
            }
        )
    return found


def test_the_calendar_name_is_escaped_as_text() -> None:
    options = IcsOptions(
        dt.datetime(2026, 11, 1, tzinfo=dt.UTC), "en", calendar_name="VRd; 21 days, split"
    )
    data = render_ics([], options)
    assert b"\r\nX-WR-CALNAME:VRd\\; 21 days\\, split\r\n" in data


def test_a_ward_summary_starts_with_the_patient_and_a_cancellation_before_it(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    assert run("ics", WARD, "-o", first, "--dtstamp", T1, "--lang", "zh")[0] == 0
    summaries = [e["summary"] for e in events(first)]
    # GZ-0101 陈秀英 is masked 陈某英; VRd-21's first day: bortezomib, lenalidomide, dexamethasone.
    assert any(s.startswith("陈某英 · C1D1 ") for s in summaries)
    assert all(re.match(r"\S+ · C\d+D\d+ ", s) for s in summaries)
    # One plan alone: the patient's own calendar, the patient last as before.
    alone = tmp_path / "alone.ics"
    assert run("ics", WARD / "gz-0101-vrd21.yaml", "-o", alone, "--dtstamp", T1)[0] == 0
    assert all(re.search(r" · 陈某英$", e["summary"]) for e in events(alone))
    # Without GZ-0101's plan, its events come back cancelled: the status, then the patient.
    others = [p for p in sorted(WARD.glob("*.yaml")) if p.name != "gz-0101-vrd21.yaml"]
    code, _, err = run("ics", *others, "-o", second, "--previous", first, "--dtstamp", T2)
    assert code == 0, err
    cancelled = [e for e in events(second) if e["status"] == "CANCELLED"]
    assert cancelled and all(e["summary"].startswith("已取消 · 陈某英 · C") for e in cancelled)


def test_unchanged_events_keep_their_dtstamp_with_previous(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = CASE1.read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    old, new = tmp_path / "old.ics", tmp_path / "new.ics"
    assert run("ics", plan, "-o", old, "--dtstamp", T1)[0] == 0
    assert run("ics", plan, "-o", new, "--previous", old, "--dtstamp", T2)[0] == 0
    assert old.read_bytes() == new.read_bytes()  # nothing changed: the same bytes
    # Cycle 2 delayed by 7 days: its events change (new stamp, SEQUENCE 1); cycle 1's do not.
    assert "\ncycles: 2\n" in text
    plan.write_text(text.replace("\ncycles: 2\n", "\ncycles: 2\ndelays: {2: 7}\n"), "utf-8")
    code, _, err = run("ics", plan, "-o", new, "--previous", old, "--dtstamp", T2)
    assert code == 0, err
    found = events(new)
    first_cycle = [e for e in found if e["summary"].startswith("C1D")]
    second_cycle = [e for e in found if e["summary"].startswith("C2D")]
    assert first_cycle and second_cycle
    assert {(e["stamp"], e["sequence"]) for e in first_cycle} == {("20261101T000000Z", "0")}
    assert {(e["stamp"], e["sequence"]) for e in second_cycle} == {("20261120T080000Z", "1")}


def _zone_years(path: Path) -> list[int]:
    calendar = Calendar.from_ical(path.read_bytes())
    (zone,) = calendar.walk("VTIMEZONE")
    return sorted(int(str(c["DTSTART"].to_ical().decode())[:4]) for c in zone.subcomponents)


def test_the_time_zone_covers_events_carried_over_from_previous(tmp_path: Path) -> None:
    later = tmp_path / "later.yaml"
    text = (WARD / "gz-0102-rd.yaml").read_text(encoding="utf-8")
    later.write_text(re.sub(r"\nstart: \S+\n", "\nstart: 2030-03-04\n", text), "utf-8")
    timed = ["--time", "09:00", "--tz", "Europe/Berlin"]
    old, new = tmp_path / "old.ics", tmp_path / "new.ics"
    assert run("ics", CASE1, "-o", old, "--dtstamp", T1, *timed)[0] == 0
    # Case 1 (December 2026 to February 2027) is cancelled in a calendar of a 2030 plan: its
    # events are still written, in Berlin time, so the zone must cover 2026 (from 2025: a year
    # early, for alarms), not only 2029 to 2031.
    code, _, err = run("ics", later, "-o", new, "--previous", old, "--dtstamp", T2, *timed)
    assert code == 0, err
    assert any(e["status"] == "CANCELLED" and e["start"] < "2027" for e in events(new))
    assert _zone_years(new)[0] <= 2025
    alone = tmp_path / "alone.ics"
    assert run("ics", later, "-o", alone, "--dtstamp", T2, *timed)[0] == 0
    assert _zone_years(alone)[0] >= 2029


def test_a_folder_and_a_window(tmp_path: Path) -> None:
    whole, part = tmp_path / "whole.ics", tmp_path / "part.ics"
    plans = sorted(WARD.glob("*.yaml"))
    assert run("ics", *plans, "-o", whole, "--dtstamp", T1)[0] == 0
    code, out, err = run(
        "ics", WARD, "-o", part, "--dtstamp", T1, "--from", "2026-12-10", "--to", "2026-12-12"
    )
    assert code == 0, err
    inside = [e for e in events(whole) if "20261210" <= e["start"] <= "20261212"]
    assert inside and len(inside) < len(events(whole))
    assert events(part) == inside
    # With --previous, the events outside the window are left out, not cancelled.
    again = tmp_path / "again.ics"
    code, out, err = run(
        "ics", WARD, "-o", again, "--previous", whole, "--dtstamp", T2,
        "--from", "2026-12-10", "--to", "2026-12-12",
    )  # fmt: skip
    assert code == 0, err
    assert "0 cancelled" in out
    assert events(again) == inside


def test_a_window_that_ends_before_it_starts_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(
        "ics",
        CASE1,
        "-o",
        tmp_path / "x.ics",
        "--from",
        "2027-01-02",
        "--to",
        "2027-01-01",
        "--lang",
        "en",
    )
    assert code == 2
    assert "2027-01-01 is before 2027-01-02" in err
