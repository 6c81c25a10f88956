"""Real calendar clients read what ``mmsched ics`` writes: icalendar, ical.js and khal.

Every example plan (``examples/*.yaml`` and ``examples/ward/*.yaml``, found when the tests run)
and the whole ward in one feed are exported, read back by each client, and compared event by
event with :func:`mmsched.expand`: the UID, the date, the cycle and day, the drugs. "It parsed"
is not enough.

ical.js (Mozilla's parser, used by Thunderbird) runs under node with ``tests/interop/
ics_to_json.mjs``; khal (Debian's package) imports into a throwaway configuration and lists
the events back. Both are marked ``interop`` and skipped, with the reason, when missing;
``.ci/run`` installs them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from icalendar import Calendar
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app
from mmsched.engine.schedule import Schedule
from mmsched.exports.ics import event_uid

INTEROP = Path(__file__).resolve().parent / "interop"
NODE_SCRIPT = INTEROP / "ics_to_json.mjs"
STAMP = "2026-11-01T00:00:00Z"


def example_plans() -> list[Path]:
    """The example plans that make one ward: examples/*.yaml and examples/ward/*.yaml."""
    return sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "ward").glob("*.yaml"))


def other_plans() -> list[Path]:
    """Plans in other example folders (a course with its ward calendar), exported alone: they
    may be another version of a ward patient's plan, so they are not part of the ward feed."""
    found = []
    for path in sorted(EXAMPLES.glob("*/*.yaml")):
        if path.parent.name != "ward" and "\npatient:" in "\n" + path.read_text(encoding="utf-8"):
            found.append(path)
    return found


#: Each example alone, and the ward's plans all in one feed.
CASES = [
    pytest.param([p], id=f"{p.parent.name}/{p.stem}") for p in example_plans() + other_plans()
] + [pytest.param(example_plans(), id="whole-ward")]
#: all-day events grouped by day (the default), and timed events one per dose, with alarms.
MODES = {
    "day": ["--group", "day"],
    "drug-timed": ["--group", "drug", "--time", "09:00", "--alarm", "1d", "--alarm", "2h"],
}


def need_icaljs() -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed (.ci/run runs the interop tests with it)")
    if not (INTEROP / "node_modules" / "ical.js").is_dir():
        pytest.skip(
            "ical.js is not installed: npm install --no-audit --no-fund --prefix tests/interop "
            "ical.js@2"
        )


def need_khal() -> None:
    if shutil.which("khal") is None:
        pytest.skip("khal is not installed: apt-get install khal (.ci/run installs it)")


# --- what the calendar should hold, from mmsched.expand -----------------------------------------


def cycle_day(summary: str) -> str:
    """The C#D# of a summary: its first word in a patient's calendar, after the patient in a
    ward's ("廖某妹 · C1D4 …", issue 17)."""
    return next(word for word in summary.split(" ") if re.fullmatch(r"C\d+D\d+", word))


def expected_events(schedules: list[Schedule], group: str) -> dict[str, dict[str, Any]]:
    """UID -> date, C#D# and categories (English names), worked out from the schedules."""
    expected: dict[str, dict[str, Any]] = {}
    for s in schedules:
        if group == "drug":
            for a in s.administrations:
                uid = event_uid(s.patient_id, s.regimen_id, a.cycle, a.day, f"drug:{a.drug}")
                expected[uid] = {"date": a.date, "cd": a.cycle_day, "categories": [a.drug]}
            for m in s.monitoring:
                uid = event_uid(s.patient_id, s.regimen_id, m.cycle, m.day, f"test:{m.test}")
                expected[uid] = {"date": m.date, "cd": m.cycle_day, "categories": ["MONITORING"]}
            # Issue 13: an order-set item has its own event, but one given minutes before a
            # drug, which is in that drug's event.
            for r in s.supportive:
                if r.minutes_before is None:
                    uid = event_uid(s.patient_id, s.regimen_id, r.cycle, r.day, f"item:{r.item}")
                    expected[uid] = {"date": r.date, "cd": r.cycle_day, "categories": [r.item]}
            continue
        dates = sorted(
            {a.date for a in s.administrations}
            | {m.date for m in s.monitoring}
            | {r.date for r in s.supportive}
        )
        for day in dates:
            # The cycle the date falls in (the last one started by then) and its day number; a
            # test before C1D1 (DRd's type and screen on day 0, issue 13) is cycle 1's, day 0.
            started = (i for i, start in enumerate(s.cycle_starts, 1) if start <= day)
            cycle = max(started, default=1)
            number = (day - s.cycle_starts[cycle - 1]).days + 1
            drugs = list(dict.fromkeys(a.drug for a in s.administrations if a.date == day))
            tests = ["MONITORING"] if any(m.date == day for m in s.monitoring) else []
            # The order set's items of the day after the drugs: those given before a drug,
            # the others, then the reminders.
            items = [r for r in s.supportive if r.date == day]
            items.sort(key=lambda r: 2 if r.is_prompt else 0 if r.minutes_before else 1)
            named = list(dict.fromkeys(drugs + [r.item for r in items]))
            uid = event_uid(s.patient_id, s.regimen_id, cycle, number)
            expected[uid] = {"date": day, "cd": f"C{cycle}D{number}", "categories": named + tests}
    return expected


def export(plans: list[Path], out: Path, *args: str) -> bytes:
    result = CliRunner().invoke(
        app,
        ["ics", *map(str, plans), "-o", str(out), "--dtstamp", STAMP, "--lang", "en", *args],
        env={"LANG": "C.UTF-8", "SOURCE_DATE_EPOCH": None},
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.fixture(params=CASES)
def plans(request: pytest.FixtureRequest) -> list[Path]:
    found: list[Path] = request.param
    if not found:
        pytest.skip("no example plans")
    return found


@pytest.fixture(params=list(MODES))
def mode(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def exported(plans: list[Path], mode: str, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    schedules = [mmsched.expand(mmsched.load_plan(p)) for p in plans]
    out = tmp_path / "export.ics"
    export(plans, out, *MODES[mode])
    return out, expected_events(schedules, mode.split("-", maxsplit=1)[0])


# --- icalendar ----------------------------------------------------------------------------------


def test_icalendar_round_trip(exported: tuple[Path, dict[str, Any]], mode: str) -> None:
    path, expected = exported
    data = path.read_bytes()
    calendar = Calendar.from_ical(data)
    assert calendar.to_ical() == data
    assert [c.name for c in calendar.walk() if c.errors] == []
    assert calendar.get_missing_tzids() == set()
    found = {}
    for event in calendar.events:
        start = event.start
        if mode == "drug-timed":
            assert start.astimezone(dt.UTC).time() == dt.time(1, 0)  # 09:00 in Shanghai
            start = start.date()
        found[str(event["UID"])] = {
            "date": start,
            "cd": cycle_day(str(event["SUMMARY"])),
            "categories": [str(c) for c in event.categories],
        }
    assert found == expected


# --- ical.js ------------------------------------------------------------------------------------


def icaljs(path: Path) -> dict[str, Any]:
    need_icaljs()
    result = subprocess.run(
        ["node", str(NODE_SCRIPT), str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


@pytest.mark.interop
def test_icaljs_reads_every_event(exported: tuple[Path, dict[str, Any]], mode: str) -> None:
    path, expected = exported
    parsed = icaljs(path)
    assert (parsed["version"], parsed["method"], parsed["calscale"]) == (
        "2.0",
        "PUBLISH",
        "GREGORIAN",
    )
    assert parsed["prodid"].startswith("-//mmsched//")
    found = {}
    for event in parsed["events"]:
        assert (event["sequence"], event["status"], event["stamp"]) == (0, "CONFIRMED", STAMP)
        start, end = event["start"], event["end"]
        if mode == "drug-timed":
            # A TZID that ical.js could not resolve would read as floating time.
            assert (start["isDate"], start["zone"], event["startTzid"]) == (
                False,
                "Asia/Shanghai",
                "Asia/Shanghai",
            )
            assert start["value"].endswith("T09:00:00")
            assert start["utc"].endswith("T01:00:00Z")
            assert end["utc"].endswith("T02:00:00Z")
            assert [a["trigger"] for a in event["alarms"]] == ["-P1D", "-PT2H"]
            assert {a["action"] for a in event["alarms"]} == {"DISPLAY"}
            assert all(a["description"] == event["summary"] for a in event["alarms"])
        else:
            assert start["isDate"] and end["isDate"]
            first = dt.date.fromisoformat(start["value"])
            assert dt.date.fromisoformat(end["value"]) == first + dt.timedelta(days=1)
            assert event["alarms"] == []
        found[event["uid"]] = {
            "date": dt.date.fromisoformat(start["value"][:10]),
            "cd": cycle_day(event["summary"]),
            "categories": event["categories"],
        }
    assert found == expected


# --- khal ---------------------------------------------------------------------------------------


class Khal:
    """khal with a configuration and a calendar of its own, in a temporary folder."""

    FORMAT = "{uid}|{start}|{end}|{categories}|{cancelled}|{title}"

    def __init__(self, folder: Path) -> None:
        need_khal()
        self.folder = folder
        (folder / "ward").mkdir(parents=True)
        self.config = folder / "khal.conf"
        self.config.write_text(
            f"""[calendars]
[[ward]]
path = {folder / "ward"}
type = calendar
[sqlite]
path = {folder / "khal.db"}
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Asia/Shanghai
default_timezone = Asia/Shanghai
[default]
default_calendar = ward
""",
            encoding="utf-8",
        )

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["khal", "-c", str(self.config), *args],
            capture_output=True,
            text=True,
            check=False,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(self.folder)},
        )
        assert result.returncode == 0, result.stderr
        assert "error" not in result.stderr.lower(), result.stderr
        return result.stdout

    def import_file(self, path: Path) -> None:
        self.run("import", "--batch", "-a", "ward", str(path))

    def events(self, first: dt.date, last: dt.date) -> Iterator[dict[str, str]]:
        end = last + dt.timedelta(days=1)
        listing = self.run(
            "list", "--once", "--format", self.FORMAT, "--day-format", "",
            first.isoformat(), end.isoformat(),
        )  # fmt: skip
        for line in listing.splitlines():
            if not line.strip():
                continue
            uid, start, stop, categories, cancelled, title = line.split("|", 5)
            yield {
                "uid": uid,
                "start": start,
                "end": stop,
                "categories": categories,
                "cancelled": cancelled.strip(),
                "title": title,
            }

    def files(self) -> int:
        return len(list((self.folder / "ward").glob("*.ics")))


@pytest.mark.interop
def test_khal_imports_and_lists_every_event(
    exported: tuple[Path, dict[str, Any]], mode: str, tmp_path: Path
) -> None:
    path, expected = exported
    khal = Khal(tmp_path / "khal")
    khal.import_file(path)
    assert khal.files() == len(expected)
    dates = [e["date"] for e in expected.values()]
    found = {}
    for event in khal.events(min(dates), max(dates)):
        assert event["uid"] not in found, "listed twice"
        if mode == "drug-timed":
            assert event["start"].endswith(" 09:00")
            assert event["end"].endswith(" 10:00")
        else:
            assert event["end"] == event["start"]  # khal shows the exclusive DTEND as that day
        assert event["cancelled"] == ""
        found[event["uid"]] = {
            "date": dt.date.fromisoformat(event["start"][:10]),
            "cd": cycle_day(event["title"]),
            "categories": event["categories"].split(","),
        }
    assert found == expected


# --- updates in real clients --------------------------------------------------------------------


CASE1 = (EXAMPLES / "case1-rvd-il2.yaml").read_text(encoding="utf-8")


def variant(folder: Path, name: str, extra: str) -> Path:
    path = folder / name
    path.write_text(CASE1 + extra, encoding="utf-8")
    return path


@pytest.mark.interop
def test_khal_moves_a_delayed_cycle_and_drops_a_cut_one(tmp_path: Path) -> None:
    """Import, then import the update on top: events move (no duplicates), then get cancelled."""
    khal = Khal(tmp_path / "khal")
    first, moved, cut = (tmp_path / f"{n}.ics" for n in ("first", "moved", "cut"))
    drug = ("--group", "drug")
    export([variant(tmp_path, "a.yaml", "")], first, *drug)
    delayed = variant(tmp_path, "b.yaml", "delays: {2: 7}\n")
    export([delayed], moved, *drug, "--previous", str(first))
    one_cycle = tmp_path / "c.yaml"
    one_cycle.write_text(CASE1.replace("cycles: 2", "cycles: 1"), encoding="utf-8")
    export([one_cycle], cut, *drug, "--previous", str(moved))
    window = (dt.date(2026, 12, 1), dt.date(2027, 2, 28))

    khal.import_file(first)
    before = {e["uid"]: e for e in khal.events(*window)}
    khal.import_file(moved)
    after = {e["uid"]: e for e in khal.events(*window)}
    assert set(after) == set(before)
    assert khal.files() == len(before)
    bortezomib = sorted(
        e["start"] for e in after.values() if e["title"].split(" ")[1] == "bortezomib"
    )
    assert bortezomib == [
        "2026-12-01", "2026-12-04", "2026-12-08", "2026-12-11",
        "2027-01-05", "2027-01-08", "2027-01-12", "2027-01-15",
    ]  # fmt: skip

    khal.import_file(cut)
    final = {e["uid"]: e for e in khal.events(*window)}
    assert set(final) == set(before)
    for uid, event in final.items():
        if before[uid]["title"].startswith("C2"):
            assert event["cancelled"] == "CANCELLED", event
            assert event["title"].startswith("CANCELLED · C2")
            assert event["start"] == after[uid]["start"]
        else:
            assert event["cancelled"] == "", event
            assert event["start"] == before[uid]["start"]


@pytest.mark.interop
def test_icaljs_reads_cancellations_and_sequences(tmp_path: Path) -> None:
    two, one = tmp_path / "two.ics", tmp_path / "one.ics"
    export([variant(tmp_path, "a.yaml", "")], two)
    cut = tmp_path / "cut.yaml"
    cut.write_text(CASE1.replace("cycles: 2", "cycles: 1"), encoding="utf-8")
    assert "cycles: 1" in cut.read_text(encoding="utf-8")
    export([cut], one, "--previous", str(two))
    events = icaljs(one)["events"]
    cancelled = [e for e in events if e["status"] == "CANCELLED"]
    confirmed = [e for e in events if e["status"] == "CONFIRMED"]
    assert cancelled
    assert len(cancelled) + len(confirmed) == len(events)
    assert all(e["summary"].startswith("CANCELLED · C2D") for e in cancelled)
    assert {e["sequence"] for e in cancelled} == {1}
    assert all(e["summary"].startswith("C1D") for e in confirmed)
    assert {e["sequence"] for e in confirmed} == {0}


# --- text: escaping and folding as the clients read them ---------------------------------------


def tricky_export(folder: Path, note: str) -> tuple[Path, str, str]:
    """One event whose note is ``note``, the summary and the description a client must show."""
    from test_ics_bytes import schedule

    from mmsched.exports.ics import IcsOptions, render_ics

    path = folder / "tricky.ics"
    stamp = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    options = IcsOptions(stamp=stamp, lang="zh", full_name=True)
    path.write_bytes(render_ics([schedule(note, name="欧阳,娜;娜")], options))
    description = "\n".join(
        [
            "患者 欧阳,娜;娜 · GZ-0009",
            "手写方案（hand） · C1D1 · 2026年12月1日 星期二",
            "硼替佐米 1.3 mg/m² → 2 mg · 皮下注射（SC）",
            f"  备注：{note}",
        ]
    )
    return path, "C1D1 硼替佐米 · 欧阳,娜;娜", description


#: , ; : a newline, 4-octet characters, and enough Chinese to fold many times.
NOTE = "剂量调整,见医嘱;复核:已核对\n第二行 𠀀🩸" + "硼替佐米" * 20


@pytest.mark.interop
def test_icaljs_reads_escaped_and_folded_text(tmp_path: Path) -> None:
    from test_ics_bytes import TRICKY

    for note in (NOTE, TRICKY + NOTE):  # TRICKY adds literal backslashes
        path, summary, description = tricky_export(tmp_path, note)
        (event,) = icaljs(path)["events"]
        assert event["summary"] == summary
        assert event["description"] == description


@pytest.mark.interop
def test_khal_reads_escaped_and_folded_text(tmp_path: Path) -> None:
    # Not with backslashes: khal 0.10.5 reads text with Debian's icalendar 4.0.3, whose
    # unescaping mangles a literal backslash (a note "a", backslash, "nb" comes back as "a",
    # line break, "b"); ical.js and icalendar 7 read the same bytes right (see above).
    path, summary, description = tricky_export(tmp_path, NOTE)
    khal = Khal(tmp_path / "khal")
    khal.import_file(path)
    listing = khal.run(
        "list", "--once", "--format", "{title}\x1e{description}\x1d", "--day-format", "",
        "2026-12-01", "2026-12-02",
    )  # fmt: skip
    assert listing.split("\x1d")[0].split("\x1e") == [summary, description]
