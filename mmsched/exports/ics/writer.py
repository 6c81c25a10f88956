"""The calendar file itself: the header, each event serialized and written in turn, the
cancellations at the end, and the check that no UID is written twice."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, BinaryIO

from ...engine.schedule import Schedule
from ...errors import coded
from .common import LABELS, PRODID_PREFIX, IcsError
from .content import (
    date_value,
    datetime_value,
    duration_value,
    escape,
    fold,
    one_line,
    safe_text,
)
from .events import EventText, schedule_events
from .options import IcsOptions, IcsStats, calendar_description
from .previous import PreviousCalendar, cancelled, revised

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

#: The length of a timed event in the calendar: a slot to notice, not the infusion time.
TIMED_EVENT_LENGTH = dt.timedelta(hours=1)


class _Written:
    """The UIDs written so far, kept small enough for a province's plans.

    A UID is a UUID 5 of (patient id, regimen id, cycle, day, item), so two events can share
    one only when they share the patient id and the regimen id. Per such pair this keeps the
    16-byte UUIDs written, packed into one bytes object: about 1 KB a plan, where a set of UID
    strings took about 10 KB (a gigabyte for 100,000 plans). The schedule being written has
    its own set; of the previous export, only the UIDs written again are kept (the others are
    cancelled at the end).
    """

    __slots__ = ("_current", "_key", "_packed", "_previous", "again")

    def __init__(self, previous: PreviousCalendar | None) -> None:
        self._packed: dict[tuple[str, str], bytes] = {}
        self._key: tuple[str, str] | None = None
        self._current: set[bytes] = set()
        self._previous = previous.events if previous is not None else {}
        #: UIDs of the previous export written again.
        self.again: set[str] = set()

    def start(self, patient_id: str, regimen_id: str) -> None:
        """A schedule begins: the UIDs of its pair written so far are the ones it may not use."""
        self._pack()
        self._key = (patient_id, regimen_id)
        packed = self._packed.get(self._key, b"")
        self._current = {packed[i : i + 16] for i in range(0, len(packed), 16)}

    def add(self, uid: str) -> bool:
        """Record ``uid`` as written; False if it was written already."""
        digest = bytes.fromhex(uid.replace("-", ""))  # the UUID's 16 bytes
        if digest in self._current:
            return False
        self._current.add(digest)
        if uid in self._previous:
            self.again.add(uid)
        return True

    def _pack(self) -> None:
        if self._key is not None:
            self._packed[self._key] = b"".join(sorted(self._current))
            self._current = set()


def render_ics(schedules: Iterable[Schedule], options: IcsOptions) -> bytes:
    """The whole calendar as bytes (see :func:`write_ics` to stream). Without a
    ``calendar_description``, the regimens' assumptions are taken from the schedules."""
    schedules = list(schedules)
    if options.calendar_description is None:
        described = calendar_description(schedules, options.lang)
        options = replace(options, calendar_description=described)
    out = io.BytesIO()
    write_ics(schedules, out, options)
    return out.getvalue()


def write_ics(schedules: Iterable[Schedule], out: BinaryIO, options: IcsOptions) -> IcsStats:
    """Write one VCALENDAR with the events of every schedule to ``out``, one event at a time.

    Only one schedule's events and the UIDs written so far (packed, about 1 KB a plan; see
    :class:`_Written`) are held in memory.

    Raises:
        IcsError: two events would get the same UID (the same patient, regimen, cycle and day
            twice in one export, and no course start in the UID: see
            ``IcsOptions.several_courses``); part of the calendar may have been written to
            ``out``.
    """
    stats = IcsStats()
    written = _Written(options.previous)
    serialized = EventWriter(options, stats)
    window = options.window
    out.write(_header(options))
    for schedule in schedules:
        stats.schedules += 1
        written.start(schedule.patient_id, schedule.regimen_id)
        for event in schedule_events(schedule, options):
            if not written.add(event.uid):
                raise _same_uid(event, schedule)
            # An event outside the window is left out, and never cancelled (it was added to
            # the UIDs written, so its earlier version is not cancelled either).
            if window is None or window[0] <= event.day <= window[1]:
                out.write(serialized(event))
    if options.previous is not None:
        word = LABELS[options.lang]["cancelled"]
        for uid, old in options.previous.events.items():
            day = old.day if window is not None else None
            if day is not None and window is not None and not window[0] <= day <= window[1]:
                continue
            if uid not in written.again:
                data, still = cancelled(old, options.stamp, word)
                stats.events += 1
                if still:
                    stats.still_cancelled += 1
                else:
                    stats.cancelled += 1
                out.write(data)
    out.write(b"END:VCALENDAR\r\n")
    return stats


def feed_header(options: IcsOptions, refresh: dt.timedelta) -> bytes:
    """The calendar's head for a subscribed feed (everything before its events): as a file's,
    with ``REFRESH-INTERVAL`` (RFC 7986) and ``X-PUBLISHED-TTL`` (the name Outlook and Apple
    read) saying how often clients should fetch it again."""
    every = duration_value(refresh)
    lines = f"REFRESH-INTERVAL;VALUE=DURATION:{every}\r\nX-PUBLISHED-TTL:{every}\r\n"
    return _header(options, lines.encode("ascii"))


def _header(options: IcsOptions, extra: bytes = b"") -> bytes:
    from icalendar import Calendar, Timezone, vText

    from ...data import __version__

    calendar = Calendar()
    calendar.add("prodid", f"{PRODID_PREFIX}mmsched {__version__}//{options.lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # A line break in a patient's name would end the line, so the name is one line.
    name = options.calendar_name or LABELS[options.lang]["calendar"]
    # As TEXT (issue 17): a comma or semicolon in a regimen's name, unescaped, cut the name
    # in vobject and Radicale.
    # icalendar drops a byte-order mark at the start of a value: it is dropped here, so the
    # name written is the name meant.
    calendar.add("x-wr-calname", vText(one_line(name).lstrip("\ufeff")))
    if options.calendar_description:
        # RFC 7986 DESCRIPTION and the X-WR-CALDESC that Apple and Google clients read, both
        # TEXT (icalendar's Calendar.description setter leaves the newlines of the second
        # unescaped, so each is added as text).
        described = safe_text(options.calendar_description)
        calendar.add("description", vText(described))
        calendar.add("x-wr-caldesc", vText(described))
    data: bytes = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert data.endswith(end)
    data = data[: -len(end)] + extra
    if options.time is not None:
        first, last = options.tz_span or (dt.date(2000, 1, 1), dt.date(2100, 12, 31))
        zone = Timezone.from_tzid(options.tz, first_date=first, last_date=last)
        data += zone.to_ical()
    return data


def _same_uid(text: EventText, schedule: Schedule) -> IcsError:
    where = f"patient {schedule.patient_id}"
    regimen = schedule.regimen_id
    return IcsError([coded(where, "ics.same_uid", regimen=regimen, summary=text.summary)])


class EventWriter:
    """Serializes events as ``icalendar`` would (:mod:`.content`), with what every event of the
    export shares worked out once: DTSTAMP, the form of DTSTART and DTEND, the alarms.

    Called with an event, it writes it for a file export (SEQUENCE numbered after
    ``options.previous``); :meth:`feed_event` writes an event of a served feed, whose
    SEQUENCE, time stamps and status come from the server's history.
    """

    __slots__ = ("_alarms", "_options", "_stamp", "_stats", "_time_form", "_zone")

    def __init__(self, options: IcsOptions, stats: IcsStats | None = None) -> None:
        self._options = options
        self._stats = stats if stats is not None else IcsStats()
        stamp = datetime_value(options.stamp)
        self._stamp = f"DTSTAMP:{stamp}Z\r\n".encode("ascii")
        self._zone: ZoneInfo | None = None
        self._time_form = (":", "")
        if options.time is not None:
            self._zone, self._time_form = _time_form(options.tz)
        self._alarms = [f"TRIGGER:{duration_value(-before)}\r\n" for before in options.alarms]

    def __call__(self, text: EventText) -> bytes:
        """The event serialized, with SEQUENCE numbered after the previous export if any."""
        return self._numbered(text.uid, self._event(text, self._stamp, b"SEQUENCE:0\r\n"))

    def feed_event(
        self, text: EventText, *, sequence: int, changed: dt.datetime, cancelled: bool = False
    ) -> bytes:
        """An event of a subscribed feed: its SEQUENCE, and DTSTAMP and LAST-MODIFIED the time
        its content last changed; a cancelled event has STATUS:CANCELLED, "已取消 · " (or
        "CANCELLED · ") before its summary and no alarm."""
        moment = datetime_value(changed.astimezone(dt.UTC))
        stamp = f"DTSTAMP:{moment}Z\r\nLAST-MODIFIED:{moment}Z\r\n".encode("ascii")
        status = b"SEQUENCE:%d\r\n" % sequence
        if cancelled:
            word = LABELS[self._options.lang]["cancelled"]
            text = replace(text, summary=f"{word} · {text.summary}")
        return self._event(text, stamp, status, cancelled=cancelled)

    def _event(
        self, text: EventText, stamp: bytes, sequence: bytes, *, cancelled: bool = False
    ) -> bytes:
        summary = escape(one_line(text.summary))
        summary_line = fold(f"SUMMARY:{summary}")
        if self._zone is None:
            end = text.day + dt.timedelta(days=1)
            when = (
                f"DTSTART;VALUE=DATE:{date_value(text.day)}\r\n"
                f"DTEND;VALUE=DATE:{date_value(end)}\r\n"
            )
        else:
            assert self._options.time is not None
            start = dt.datetime.combine(text.day, self._options.time, tzinfo=self._zone)
            params, utc = self._time_form
            when = (
                f"DTSTART{params}{datetime_value(start)}{utc}\r\n"
                f"DTEND{params}{datetime_value(start + TIMED_EVENT_LENGTH)}{utc}\r\n"
            )
        categories = ",".join(escape(one_line(c)) for c in text.categories)
        parts = [
            b"BEGIN:VEVENT\r\n",
            summary_line,
            when.encode("ascii"),
            stamp,
            fold(f"UID:{escape(one_line(text.uid))}"),
            sequence,  # SEQUENCE:0 is numbered after the previous export by _numbered
            fold(f"CATEGORIES:{categories}"),
            fold(f"DESCRIPTION:{escape(safe_text(text.description))}"),
            b"STATUS:CANCELLED\r\n" if cancelled else b"STATUS:CONFIRMED\r\n",
            b"TRANSP:TRANSPARENT\r\n",
        ]
        if self._alarms and not cancelled:
            alarm_text = fold(f"DESCRIPTION:{summary}")
            for trigger in self._alarms:
                parts += (b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n", alarm_text)
                parts += (trigger.encode("ascii"), b"END:VALARM\r\n")
        parts.append(b"END:VEVENT\r\n")
        return b"".join(parts)

    def _numbered(self, uid: str, data: bytes) -> bytes:
        stats = self._stats
        stats.events += 1
        previous = self._options.previous
        old = previous.events.get(uid) if previous is not None else None
        if old is None:
            stats.new += 1
            return data
        data, unchanged = revised(data, old)
        if unchanged:
            stats.unchanged += 1
        else:
            stats.changed += 1
        return data


def _time_form(tz: str) -> tuple[ZoneInfo, tuple[str, str]]:
    """The zone of timed events, and what DTSTART and DTEND write before and after the digits:
    ``;TZID=Asia/Shanghai:`` and nothing, or ``:`` and ``Z`` for a zone that ``icalendar``
    takes as UTC (``Etc/UTC``, and zones it finds equivalent to UTC such as ``Africa/Abidjan``).
    """
    from zoneinfo import ZoneInfo

    from icalendar.parser import Parameters
    from icalendar.timezone.tzid import tzid_from_tzinfo

    zone = ZoneInfo(tz)
    # A ZoneInfo always has an id (its key, or one icalendar finds equivalent).
    tzid = tzid_from_tzinfo(zone) or tz
    if tzid == "UTC":
        return zone, (":", "Z")
    params = Parameters({"TZID": tzid}).to_ical()
    return zone, (f";{params.decode('utf-8')}:", "")
