"""``mmsched ics``: updates that move events instead of duplicating them, cancellations,
byte-identical re-exports, atomic writes, options and errors, through typer's CliRunner.

Case 1 (RVD + IL-2 from Tue 2026-12-01, two 28-day cycles) by hand: cycle 2 starts 2026-12-29;
delayed by 7 days it starts 2027-01-05, so bortezomib C2D1, D4, D8, D11 move from 12-29, 01-01,
01-05, 01-08 to 01-05, 01-08, 01-12, 01-15.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from icalendar import Calendar
from typer.testing import CliRunner

from mmsched.cli.app import app

STAMP = "2026-11-01T00:00:00Z"
EPOCH = "1793491200"  # 2026-11-01T00:00:00Z
CASE1 = """\
patient: {id: GZ-0001, name: 廖秀妹, sex: F, age: 48, height_cm: 156, weight_kg: 52,
          childbearing_potential: false, vte_risk: standard}
regimen: rvd-il2
start: 2026-12-01
cycles: CYCLES
doses: {dexamethasone: 20 mg}
"""


def run(*args: str | Path, env: dict[str, str | None] | None = None) -> Any:
    base: dict[str, str | None] = {"LANG": "C.UTF-8", "SOURCE_DATE_EPOCH": None}
    base["MMSCHED_LANG"] = None  # the default rule: zh under LANG=C.UTF-8
    base.update(env or {})
    return CliRunner().invoke(app, ["ics", *map(str, args)], env=base)


#: Errors in English (issue 14: errors follow the command's language).
EN: dict[str, str | None] = {"MMSCHED_LANG": "en"}


def plan(folder: Path, name: str = "plan.yaml", cycles: int = 2, extra: str = "") -> Path:
    path = folder / name
    path.write_text(CASE1.replace("CYCLES", str(cycles)) + extra, encoding="utf-8")
    return path


def read(path: Path) -> list[dict[str, Any]]:
    calendar = Calendar.from_ical(path.read_bytes())
    return [
        {
            "uid": str(e["UID"]),
            "start": e.start,
            "sequence": int(e.get("SEQUENCE", 0)),
            "status": str(e.get("STATUS", "")),
            "summary": str(e["SUMMARY"]),
            "cycle": int(re.search(r"\bC(\d+)D\d+\b", str(e["SUMMARY"]))[1]),  # type: ignore[index]
            "alarms": len(e.walk("VALARM")),
        }
        for e in calendar.events
    ]


def bortezomib_dates(events: list[dict[str, Any]]) -> list[dt.date]:
    return sorted(e["start"] for e in events if "bortezomib" in e["summary"])


# --- stable identity ----------------------------------------------------------------------------


def test_reexport_is_byte_identical_with_dtstamp_or_source_date_epoch(tmp_path: Path) -> None:
    source = plan(tmp_path)
    for name, args, env in [
        ("a.ics", ["--dtstamp", STAMP], {}),
        ("b.ics", ["--dtstamp", STAMP], {}),
        ("c.ics", [], {"SOURCE_DATE_EPOCH": EPOCH}),
        ("d.ics", ["--dtstamp", "2026-11-01T08:00:00+08:00"], {}),
    ]:
        result = run(source, "-o", tmp_path / name, *args, env=env)
        assert result.exit_code == 0, result.output
    first = (tmp_path / "a.ics").read_bytes()
    assert b"DTSTAMP:20261101T000000Z\r\n" in first
    for name in ("b.ics", "c.ics", "d.ics"):
        assert (tmp_path / name).read_bytes() == first


def test_without_a_stamp_the_clock_is_used_in_utc(tmp_path: Path) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert run(plan(tmp_path), "-o", tmp_path / "now.ics").exit_code == 0
    after = dt.datetime.now(dt.UTC)
    stamps = {
        e["DTSTAMP"].dt for e in Calendar.from_ical((tmp_path / "now.ics").read_bytes()).events
    }
    assert len(stamps) == 1
    assert before <= stamps.pop() <= after


@pytest.mark.parametrize("group", ["day", "drug"])
def test_delay_moves_events_keeps_uids_and_raises_sequence(tmp_path: Path, group: str) -> None:
    old, new = tmp_path / "old.ics", tmp_path / "new.ics"
    common = ["--group", group, "--dtstamp", STAMP, "--lang", "en", "--alarm", "1d"]
    assert run(plan(tmp_path), "-o", old, *common).exit_code == 0
    delayed = plan(tmp_path, "delayed.yaml", extra="delays: {2: 7}\n")
    result = run(delayed, "-o", new, "--previous", old, *common)
    assert result.exit_code == 0, result.output
    before = {e["uid"]: e for e in read(old)}
    after = {e["uid"]: e for e in read(new)}
    assert set(after) == set(before)  # same UIDs: nothing duplicated, nothing cancelled
    for uid, event in after.items():
        was = before[uid]
        assert was["sequence"] == 0
        assert event["status"] == "CONFIRMED"
        if event["cycle"] == 2:
            assert event["start"] == was["start"] + dt.timedelta(days=7), event["summary"]
            assert event["sequence"] == 1, event["summary"]
        else:
            assert event["start"] == was["start"]
            assert event["sequence"] == 0, event["summary"]
    assert bortezomib_dates(list(after.values()))[4:] == [
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 8),
        dt.date(2027, 1, 12),
        dt.date(2027, 1, 15),
    ]
    moved = sum(e["cycle"] == 2 for e in after.values())
    assert result.output == (
        f"wrote {new}: {len(after)} events from 1 plan "
        f"(0 new, {moved} changed, {len(after) - moved} unchanged, 0 cancelled)\n"
    )


@pytest.mark.parametrize("group", ["day", "drug"])
def test_cut_to_one_cycle_cancels_every_cycle_2_event(tmp_path: Path, group: str) -> None:
    common = ["--group", group, "--dtstamp", STAMP, "--alarm", "2h"]
    two, one, again, back = (tmp_path / f"{n}.ics" for n in ("two", "one", "again", "back"))
    assert run(plan(tmp_path), "-o", two, *common).exit_code == 0
    cut = plan(tmp_path, "cut.yaml", cycles=1)
    result = run(cut, "-o", one, "--previous", two, *common)
    assert result.exit_code == 0, result.output

    before = {e["uid"]: e for e in read(two)}
    after = {e["uid"]: e for e in read(one)}
    assert set(after) == set(before)
    cycle2 = [uid for uid, e in before.items() if e["cycle"] == 2]
    assert cycle2
    for uid, event in after.items():
        if uid in cycle2:
            assert event["status"] == "CANCELLED"
            assert event["sequence"] == 1
            assert event["start"] == before[uid]["start"]
            assert event["summary"] == f"已取消 · {before[uid]['summary']}"
            assert event["alarms"] == 0
        else:
            assert (event["status"], event["sequence"]) == ("CONFIRMED", 0)
            assert event["alarms"] == 1
    assert f"{len(cycle2)} cancelled)" in result.output

    # Once more against the cut export: nothing changes, the cancellations are kept as they were.
    result = run(cut, "-o", again, "--previous", one, *common)
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == one.read_bytes()
    assert f"0 cancelled, {len(cycle2)} cancelled earlier)" in result.output

    # Cycle 2 planned again: the same events come back, confirmed, with a higher SEQUENCE.
    assert run(plan(tmp_path), "-o", back, "--previous", again, *common).exit_code == 0
    restored = {e["uid"]: e for e in read(back)}
    assert set(restored) == set(before)
    for uid in cycle2:
        assert (restored[uid]["status"], restored[uid]["sequence"]) == ("CONFIRMED", 2)
        assert restored[uid]["start"] == before[uid]["start"]


def test_previous_may_be_the_output_file(tmp_path: Path) -> None:
    feed = tmp_path / "ward.ics"
    assert run(plan(tmp_path), "-o", feed, "--dtstamp", STAMP).exit_code == 0
    first = feed.read_bytes()
    result = run(plan(tmp_path), "-o", feed, "--previous", feed, "--dtstamp", STAMP)
    assert result.exit_code == 0, result.output
    assert feed.read_bytes() == first
    assert "(0 new, 0 changed, 56 unchanged, 0 cancelled)" in result.output


# --- atomic writes ------------------------------------------------------------------------------


def test_a_failing_plan_leaves_the_earlier_file_intact(tmp_path: Path) -> None:
    feed = tmp_path / "ward.ics"
    feed.write_bytes(b"earlier export\r\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text(CASE1.replace("CYCLES", "2").replace("156", "1.56"), encoding="utf-8")
    result = run(plan(tmp_path), bad, "-o", feed, "--dtstamp", STAMP, env=EN)
    assert result.exit_code == 1
    assert "looks like metres" in result.output
    assert feed.read_bytes() == b"earlier export\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "plan.yaml", "ward.ics"]


def test_a_failing_write_leaves_the_earlier_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = tmp_path / "ward.ics"
    feed.write_bytes(b"earlier export\r\n")

    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mmsched.cli.fileio.os.replace", disk_full)
    result = run(plan(tmp_path), "-o", feed, "--dtstamp", STAMP, env=EN)
    assert result.exit_code == 1
    assert result.output == f"error: {feed}: cannot write it (No space left on device)\n"
    assert feed.read_bytes() == b"earlier export\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml", "ward.ics"]


def test_the_same_plan_twice_is_refused_and_nothing_written(tmp_path: Path) -> None:
    source = plan(tmp_path)
    result = run(source, source, "-o", tmp_path / "x.ics", "--dtstamp", STAMP, env=EN)
    assert result.exit_code == 1
    assert result.output == f"error: {source}: this file is given twice; give each plan once\n"
    assert not (tmp_path / "x.ics").exists()


# --- options ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang_env", "expected"),
    [("en_GB.UTF-8", "Patient 廖某妹"), ("zh_CN.UTF-8", "患者 廖某妹"), (None, "患者 廖某妹")],
)
def test_language_follows_lang_unless_given(
    tmp_path: Path, lang_env: str | None, expected: str
) -> None:
    out = tmp_path / "x.ics"
    assert run(plan(tmp_path), "-o", out, env={"LANG": lang_env}).exit_code == 0
    assert str(Calendar.from_ical(out.read_bytes()).events[0]["DESCRIPTION"]).startswith(expected)
    assert run(plan(tmp_path), "-o", out, "--lang", "zh", env={"LANG": "en_US"}).exit_code == 0
    assert str(Calendar.from_ical(out.read_bytes()).events[0]["DESCRIPTION"]).startswith("患者")


def test_options_reach_the_file(tmp_path: Path) -> None:
    out = tmp_path / "x.ics"
    args = ["--time", "08:30", "--tz", "Asia/Shanghai", "--alarm", "1d", "--alarm", "30m"]
    args += ["--full-name", "--detail", "full", "--group", "drug", "--dtstamp", STAMP]
    result = run(plan(tmp_path), "-o", out, *args)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    calendar = Calendar.from_ical(data)
    assert calendar.get_missing_tzids() == set()
    first = calendar.events[0]
    assert first.start == dt.datetime(2026, 12, 1, 8, 30, tzinfo=first.start.tzinfo)
    assert first.start.astimezone(dt.UTC).hour == 0
    assert [a["TRIGGER"].dt for a in first.walk("VALARM")] == [
        -dt.timedelta(days=1),
        -dt.timedelta(minutes=30),
    ]
    assert "廖秀妹" in str(first["SUMMARY"])
    assert "体表面积 1.50 m²" in str(first["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == "廖秀妹 · RVD + 白介素-2"


def test_whole_ward_in_one_feed(tmp_path: Path) -> None:
    plans = sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "ward").glob("*.yaml"))
    out = tmp_path / "ward.ics"
    result = run(*plans, "-o", out, "--dtstamp", STAMP)
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(out.read_bytes())
    assert str(calendar["X-WR-CALNAME"]).startswith("病区化疗日历 · ")
    assert result.output.endswith(f"events from {len(plans)} plans\n")


@pytest.mark.parametrize(
    ("args", "env", "message", "code"),
    [
        # Values in the command line's own formats are usage errors (README: exit code 2).
        (["--alarm", "1w"], {}, "--alarm: '1w': write a number and d, h or m", 2),
        (["--alarm", "29d"], {}, "between 1 minute and 28 days", 2),
        (["--time", "9h"], {}, "--time: '9h': write HH:MM", 2),
        (["--time", "24:00"], {}, "--time: '24:00'", 2),
        (["--time", "09:00", "--tz", "Beijing"], {}, "'Beijing' is not a time zone", 2),
        (["--dtstamp", "2026-11-01T00:00:00"], {}, "--dtstamp: '2026-11-01T00:00:00': write", 2),
        (["--dtstamp", "yesterday"], {}, "--dtstamp: 'yesterday'", 2),
        ([], {"SOURCE_DATE_EPOCH": "soon"}, "SOURCE_DATE_EPOCH: 'soon' is not a number", 1),
        (["--previous", "missing.ics"], {}, "leave out --previous for a first export", 1),
    ],
)
def test_errors_exit_with_a_message(
    tmp_path: Path, args: list[str], env: dict[str, str | None], message: str, code: int
) -> None:
    result = run(plan(tmp_path), "-o", tmp_path / "x.ics", *args, env={**EN, **env})
    assert result.exit_code == code
    assert result.output.startswith("error: ")
    assert message in result.output
    assert not (tmp_path / "x.ics").exists()


def test_previous_from_another_program_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "google.ics"
    other.write_bytes(
        b"BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//EN\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    )
    result = run(plan(tmp_path), "-o", tmp_path / "x.ics", "--previous", other, env=EN)
    assert result.exit_code == 1
    assert f"error: {other}: was not written by mmsched" in result.output


def test_help_lists_every_option() -> None:
    result = CliRunner().invoke(app, ["ics", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in (
        "--output",
        "--group",
        "--time",
        "--tz",
        "--dtstamp",
        "--previous",
        "--alarm",
        "--full-name",
        "--detail",
        "--lang",
    ):
        assert option in result.output


def test_readme_documents_every_option() -> None:
    import typer.main

    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Calendar files (.ics)\n", 1)[1].split("\n## ", 1)[0]
    command = typer.main.get_command(app).commands["ics"]  # type: ignore[attr-defined]
    options = [name for p in command.params for name in p.opts if name.startswith("--")]
    assert len(options) >= 10
    for name in options:
        if name != "--output":  # documented as -o
            assert f"`{name}" in section, f"README's .ics section does not explain {name}"


def test_override_dose_is_marked_in_summaries(tmp_path: Path) -> None:
    # Case 1's dexamethasone is 20 mg IV on days 1-4 and 9-12; at 150 % by an override it is
    # 30 mg. On C1D4 (Fri 2026-12-04) case 1 also gives lenalidomide (daily), bortezomib (days
    # 1, 4, 8, 11) with its blood count and IL-2 (1-7).
    source = plan(
        tmp_path,
        extra="changes:\n  - {action: dose-level, drug: dexamethasone, from_cycle: 1, "
        'percent: 150, override: true, reason: "trial"}\n',
    )
    day, drug = tmp_path / "day.ics", tmp_path / "drug.ics"
    args = ["--dtstamp", STAMP, "--lang", "en"]
    assert run(source, "-o", day, *args).exit_code == 0
    assert run(source, "-o", drug, "--group", "drug", *args).exit_code == 0
    c1d4 = [e["summary"] for e in read(day) if e["start"] == dt.date(2026, 12, 4)]
    assert c1d4 == [
        "C1D4 lenalidomide, bortezomib, dexamethasone OVERRIDE, interleukin-2 + tests · 廖某妹"
    ]
    dexamethasone = [e["summary"] for e in read(drug) if "dexamethasone" in e["summary"]]
    assert len(dexamethasone) == 2 * 8
    assert dexamethasone[3] == "C1D4 dexamethasone 30 mg OVERRIDE IV · 廖某妹"
    assert all(" 30 mg OVERRIDE IV · " in s for s in dexamethasone)
