""".ics export: a ward of 1,000 plans against icalendar alone, and 10,000 plans as a stream.

The reference serialises the very events mmsched writes (read back from mmsched's own file
once, outside the timing) with ``icalendar`` alone, property by property, and must give the
same bytes: the ratio is what mmsched adds on top of the serialiser (its texts, UIDs and
checks). The stream runs in a process of its own (``bench_ics_stream.py``), so its peak memory
(``ru_maxrss``) is the export's and nothing else's.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bench_support import around, report

from mmsched import Schedule, expand_many
from mmsched.exports.ics import IcsOptions, write_ics
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


def _events_of(data: bytes) -> tuple[bytes, list[tuple[Any, ...]]]:
    """The header of an export, and each event's properties as Python values (read with
    icalendar's property parsers; a whole-calendar parse of 70,000 events takes longer than
    the benchmark)."""
    from icalendar.prop import vDDDTypes

    header = data[: data.index(b"BEGIN:VEVENT")]
    events: list[tuple[Any, ...]] = []
    event: dict[str, Any] = {}
    for line in re.sub(rb"\r\n[ \t]", b"", data).decode("utf-8").split("\r\n"):
        head, _, value = line.partition(":")
        name = head.partition(";")[0]
        if name in ("UID", "SUMMARY", "DESCRIPTION"):
            event[name] = _unescape(value)
        elif name in ("DTSTART", "DTEND"):
            event[name] = vDDDTypes.from_ical(value)
        elif name == "CATEGORIES":
            event[name] = [_unescape(c) for c in re.split(r"(?<!\\),", value)]
        elif line == "END:VEVENT":
            events.append(
                tuple(
                    event[key]
                    for key in ("UID", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "CATEGORIES")
                )
            )
            event = {}
    return header, events


_ESCAPED = re.compile(r"\\([\\;,nN])")


def _unescape(text: str) -> str:
    """RFC 5545 TEXT unescaped: \\n, \\; \\, and \\\\."""
    return _ESCAPED.sub(lambda m: "\n" if m[1] in "nN" else m[1], text)


def _icalendar_alone(header: bytes, events: list[tuple[Any, ...]]) -> bytes:
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


def test_ics_ward_against_icalendar_alone(benchmark: Any, ward_schedules: list[Schedule]) -> None:
    benchmark.group = ".ics (in process)"
    options = IcsOptions(stamp=STAMP, lang="zh", calendar_name="Ward")
    data = _mmsched_bytes(ward_schedules, options)
    header, events = _events_of(data)
    assert _icalendar_alone(header, events) == data  # the same events, byte for byte

    measured, reference = around(
        benchmark,
        lambda: _mmsched_bytes(ward_schedules, options),
        lambda: _icalendar_alone(header, events),
        rounds=1,
    )
    report(
        benchmark,
        f".ics of {WARD:,} plans",
        value=f"{measured:.2f} s",
        reference=f"{reference:.2f} s",
        ratio=measured / reference,
        target="≤ 1.3× icalendar alone",
        met=measured / reference <= 1.3,
        events=len(events),
        events_per_second=len(events) / measured,
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
