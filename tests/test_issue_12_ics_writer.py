"""Issue 12, item 17: mmsched writes its events itself, byte for byte as ``icalendar`` did.

The oracle is ``icalendar`` 7 itself: :func:`icalendar_event` below is the serializer mmsched
used before (each event built as an ``icalendar.Event`` and its ``to_ical()``), kept here
unchanged. The writer must give the same bytes on every golden file, on the example plans in
every option, and on generated events (Unicode, CJK and emoji, ``\\ ; ,``, newlines, ``^``,
text long enough to fold at every kind of UTF-8 boundary, dates, zones and alarms). The parts
are compared with ``icalendar``'s own functions too: TEXT escaping, folding, durations, UIDs.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Calendar, Event
from icalendar.parser.string import _escape_char, _foldline
from icalendar.prop import vDuration

from mmsched import expand
from mmsched.exports.ics import (
    UID_NAMESPACE,
    IcsOptions,
    IcsStats,
    calendar_description,
    render_ics,
    timezone_span,
    write_ics,
)
from mmsched.exports.ics.common import uuid5_text
from mmsched.exports.ics.content import duration_value, escape, fold, one_line, safe_text
from mmsched.exports.ics.events import EventText, schedule_events
from mmsched.exports.ics.writer import TIMED_EVENT_LENGTH, EventWriter, _header
from mmsched.formats.reader import load_plan

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "ics"
STAMP = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def icalendar_event(text: EventText, options: IcsOptions) -> bytes:
    """One event as mmsched wrote it through ``icalendar`` until issue 12 (writer.py's
    ``_finish``, SEQUENCE numbering left out): the oracle."""
    event = Event()
    event.add("uid", text.uid)
    event.add("dtstamp", options.stamp)
    if options.time is None:
        event.add("dtstart", text.day)
        event.add("dtend", text.day + dt.timedelta(days=1))
    else:
        start = dt.datetime.combine(text.day, options.time, tzinfo=ZoneInfo(options.tz))
        event.add("dtstart", start)
        event.add("dtend", start + TIMED_EVENT_LENGTH)
    event.add("summary", text.summary)
    event.add("description", text.description)
    event.add("categories", list(text.categories))
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("sequence", 0)
    for before in options.alarms:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -before)
        alarm.add("description", text.summary)
        event.add_component(alarm)
    data: bytes = event.to_ical()
    return data


def icalendar_file(schedules: list[Any], options: IcsOptions) -> bytes:
    """The whole file with every event written by the oracle."""
    out = io.BytesIO()
    out.write(_header(options))
    for schedule in schedules:
        for text in schedule_events(schedule, options):
            out.write(icalendar_event(text, options))
    out.write(b"END:VCALENDAR\r\n")
    return out.getvalue()


def mmsched_event(text: EventText, options: IcsOptions) -> bytes:
    return EventWriter(options, IcsStats())(text)


def sanitized(text: EventText) -> EventText:
    """What the writer serializes: one-line fields on one line, no control characters."""
    return EventText(
        uid=text.uid,
        day=text.day,
        summary=one_line(text.summary),
        description=safe_text(text.description),
        categories=tuple(one_line(c) for c in text.categories),
    )


# --- every golden file --------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.ics")), ids=lambda p: p.name)
def test_each_event_of_a_golden_file_is_what_icalendar_writes(path: Path) -> None:
    """Each VEVENT of the golden file, read by icalendar and written again by it, gives the
    file's bytes (and ``test_ics.py::test_golden_handmade`` checks that mmsched writes them)."""
    data = path.read_bytes()
    calendar = Calendar.from_ical(data)
    written = [event.to_ical() for event in calendar.events]
    assert written
    in_file = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, flags=re.DOTALL)
    assert written == in_file


# --- the example plans, every choice --------------------------------------------------------

CHOICES = [
    {},
    {"lang": "en", "group": "drug"},
    {"detail": "full", "full_name": True},
    {"time": dt.time(8, 30), "alarms": (dt.timedelta(hours=2), dt.timedelta(days=1))},
    {"time": dt.time(23, 59), "tz": "America/New_York", "group": "drug", "lang": "en"},
    {"time": dt.time(0, 0), "tz": "Etc/UTC", "alarms": (dt.timedelta(minutes=90),)},
    {"time": dt.time(7, 0), "tz": "Africa/Abidjan"},  # icalendar takes it as UTC: a Z
    {"time": dt.time(9, 15), "tz": "Asia/Kolkata", "detail": "full", "lang": "en"},
]


@pytest.fixture(scope="module")
def example_schedules() -> list[Any]:
    paths = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
        (ROOT / "examples" / "ward").glob("*.yaml")
    )
    plans = [load_plan(path) for path in paths if "ward" not in path.stem]
    return [expand(plan) for plan in plans]


@pytest.mark.parametrize("chosen", CHOICES, ids=lambda c: ",".join(map(str, c.values())) or "-")
def test_the_examples_are_written_as_icalendar_writes_them(
    example_schedules: list[Any], chosen: dict[str, Any]
) -> None:
    choice = dict(chosen)
    lang = choice.pop("lang", "zh")
    described = calendar_description(example_schedules, lang)
    span = timezone_span(example_schedules) if "time" in choice else None
    options = IcsOptions(
        stamp=STAMP, lang=lang, calendar_description=described, tz_span=span, **choice
    )
    assert len(example_schedules) >= 8
    written = render_ics(example_schedules, options)
    assert written == icalendar_file(example_schedules, options)
    assert written.count(b"BEGIN:VEVENT") > 100


# --- generated events -----------------------------------------------------------------------

#: Characters that make escaping and folding work: the escaped ones, ``^`` and ``\N``, line
#: breaks, a tab, and characters of 1, 2, 3 and 4 octets in UTF-8 (CJK, emoji, a ZWJ sequence).
TRICKY = [*'\\;,:"^N\n\r\t ·→²µ', "\r\n", "\\N", "\\n", "廖秀妹", "万国际单位", "💊", "👩\u200d⚕️"]
texts = st.lists(
    st.one_of(
        st.sampled_from(TRICKY),
        st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12),
        st.text(alphabet="a\\", max_size=80),  # runs of backslashes across a fold
    ),
    max_size=40,
).map("".join)
ZONES = ["Asia/Shanghai", "UTC", "Etc/UTC", "Africa/Abidjan", "Europe/London", "Pacific/Apia"]


@st.composite
def event_and_options(draw: st.DrawFn) -> tuple[EventText, IcsOptions]:
    day = draw(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)))
    text = EventText(
        uid=str(draw(st.uuids())),
        day=day,
        summary=draw(texts),
        description=draw(texts),
        categories=tuple(draw(st.lists(texts, min_size=1, max_size=4))),
    )
    alarms = draw(
        st.lists(
            st.timedeltas(dt.timedelta(minutes=1), dt.timedelta(days=28)),
            max_size=3,
            unique=True,
        )
    )
    stamp = draw(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2090, 1, 1)))
    timed = draw(st.booleans())
    options = IcsOptions(
        stamp=stamp.replace(tzinfo=dt.UTC),
        lang=draw(st.sampled_from(["zh", "en"])),
        time=draw(st.times()) if timed else None,
        tz=draw(st.sampled_from(ZONES)),
        alarms=tuple(alarms),
    )
    return text, options


@settings(max_examples=400, deadline=None)
@given(event_and_options())
def test_generated_events_are_written_as_icalendar_writes_them(
    case: tuple[EventText, IcsOptions],
) -> None:
    text, options = case
    assert mmsched_event(text, options) == icalendar_event(sanitized(text), options)


@settings(max_examples=1000, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",))).filter(lambda s: "\n" not in s))
@example("DESCRIPTION:" + "廖" * 30)
@example("DESCRIPTION:" + "a" * 61 + "💊" * 5)
@example("DESCRIPTION:" + "a" * 72 + "\\,b" + "c" * 80)
@example("SUMMARY:" + "^" * 200)
def test_folding_is_icalendars(line: str) -> None:
    assert fold(line) == _foldline(line).encode("utf-8") + b"\r\n"


@settings(max_examples=500)
@given(texts)
@example("C:\\New folder; a, b\r\nc\rd\n")
def test_text_escaping_is_icalendars(text: str) -> None:
    assert escape(text) == _escape_char(text)


@given(st.timedeltas(dt.timedelta(days=-400), dt.timedelta(days=400)))
@example(-dt.timedelta(hours=1, seconds=5))
@example(dt.timedelta(0))
def test_durations_are_icalendars(delta: dt.timedelta) -> None:
    assert duration_value(delta) == vDuration(delta).to_ical().decode("ascii")


@given(st.text())
def test_uids_are_uuid5(name: str) -> None:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return  # uuid5 cannot take it either; an id never holds a lone surrogate
    assert uuid5_text(name) == str(uuid.uuid5(UID_NAMESPACE, name))


def test_write_ics_counts_and_numbers_as_before(example_schedules: list[Any]) -> None:
    """The stream (write_ics) gives what render_ics gives, and counts every event."""
    options = IcsOptions(stamp=STAMP, lang="en", calendar_description="")
    out = io.BytesIO()
    stats = write_ics(example_schedules, out, options)
    assert out.getvalue() == icalendar_file(example_schedules, options)
    assert stats.events == stats.new == out.getvalue().count(b"BEGIN:VEVENT")
