""".ics export: a ward of 1,000 plans against plain strings, and 10,000 plans as a stream.

The reference (``bench_ics_plain.py``) writes the very events mmsched writes (read back from
mmsched's own file once, outside the timing) with f-strings and ``str.replace``, and must give
the same bytes: the ratio is what mmsched costs on top of the bytes themselves (its texts,
UIDs, checks and the serializer). Reported beside it: mmsched's serializer alone on the same
events' texts, and ``icalendar`` alone writing them (mmsched's serializer before issue 12).
The stream runs in a process of its own (``bench_ics_stream.py``), so its peak memory
(``ru_maxrss``) is the export's and nothing else's.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bench_ics_plain import PlainEvent, read_events, write_plain
from bench_support import around, report, timed

from mmsched import Schedule, expand_many
from mmsched.exports.ics import IcsOptions, IcsStats, write_ics
from mmsched.exports.ics.events import EventText, schedule_events
from mmsched.exports.ics.writer import EventWriter
from mmsched.formats.plan import Plan

WARD = 1_000
STREAM_SIZES = (1_000, 10_000)
STAMP = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def ward_schedules(plans: list[Plan]) -> list[Schedule]:
    return list(expand_many(plans[:WARD]))


def _mmsched_bytes(schedules: list[Schedule], options: IcsOptions) -> bytes:
    out = io.BytesIO()
    write_ics(schedules, out, options)
    return out.getvalue()


def _serialized(texts: list[EventText], options: IcsOptions) -> bytes:
    """The events' texts (made beforehand) through mmsched's serializer alone."""
    serialize = EventWriter(options, IcsStats())
    return b"".join(serialize(text) for text in texts)


def _icalendar_alone(header: bytes, events: list[PlainEvent]) -> bytes:
    """The same events serialized by ``icalendar``, as mmsched did before issue 12."""
    from icalendar import Event

    out = io.BytesIO()
    out.write(header)
    for uid, start, end, summary, description, categories in events:
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", STAMP)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", summary)
        event.add("description", description)
        event.add("categories", categories)
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        event.add("sequence", 0)
        out.write(event.to_ical())
    out.write(b"END:VCALENDAR\r\n")
    return out.getvalue()


def test_ics_ward_against_plain_strings(benchmark: Any, ward_schedules: list[Schedule]) -> None:
    benchmark.group = ".ics (in process)"
    options = IcsOptions(stamp=STAMP, lang="zh", calendar_name="Ward")
    data = _mmsched_bytes(ward_schedules, options)
    header, events = read_events(data)
    texts = [text for schedule in ward_schedules for text in schedule_events(schedule, options)]
    # The same bytes, all four ways, before anything is timed.
    assert write_plain(header, events, STAMP, []) == data
    assert header + _serialized(texts, options) + b"END:VCALENDAR\r\n" == data
    assert _icalendar_alone(header, events) == data

    measured, reference = around(
        benchmark,
        lambda: _mmsched_bytes(ward_schedules, options),
        lambda: write_plain(header, events, STAMP, []),
        rounds=3,
    )
    serializer = statistics.median(timed(lambda: _serialized(texts, options), 3))
    icalendar = statistics.median(timed(lambda: _icalendar_alone(header, events), 1))
    report(
        benchmark,
        f".ics of {WARD:,} plans",
        value=f"{measured:.2f} s",
        reference=f"plain strings {reference:.2f} s",
        ratio=measured / reference,
        target="≤ 3× plain strings",
        met=measured / reference <= 3,
        events=len(events),
        events_per_second=len(events) / measured,
    )
    report(
        benchmark,
        ".ics: the serializer alone (texts made beforehand)",
        value=f"{serializer:.2f} s",
        reference=f"plain strings {reference:.2f} s",
        ratio=serializer / reference,
    )
    report(
        benchmark,
        ".ics: icalendar alone, the same events (as before issue 12)",
        value=f"{icalendar:.2f} s",
        reference=f"mmsched {measured:.2f} s",
        ratio=icalendar / measured,
    )


def _stream(count: int, folder: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(HERE / "bench_ics_stream.py"), str(count), str(folder / "out.ics")],
        cwd=HERE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def test_ics_stream_memory(benchmark: Any, tmp_path: Path) -> None:
    """Peak memory of a streamed export, 1,000 and 10,000 plans (generated, validated,
    expanded and written one at a time in a new process)."""
    benchmark.group = ".ics stream (process)"
    small, large = STREAM_SIZES
    first = _stream(small, tmp_path)
    runs: list[dict[str, Any]] = []
    benchmark.pedantic(lambda: runs.append(_stream(large, tmp_path)), rounds=1)
    last = runs[-1]
    report(
        benchmark,
        f".ics stream {large:,} plans: peak memory",
        value=f"{last['peak_mb']:.0f} MB",
        reference=f"{first['peak_mb']:.0f} MB",
        ratio=last["peak_mb"] / first["peak_mb"],
        target="< 300 MB (reference: 1,000 plans)",
        met=last["peak_mb"] < 300,
        **{f"{large}": last, f"{small}": first},
    )
    report(
        benchmark,
        f".ics stream: time {large // small}× plans",
        value=f"{last['seconds']:.1f} s",
        reference=f"{first['seconds']:.1f} s",
        ratio=last["seconds"] / first["seconds"],
        target="≤ 11×",
        met=last["seconds"] / first["seconds"] <= 11,
    )
