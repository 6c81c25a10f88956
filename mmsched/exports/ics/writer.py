"""The calendar file itself: the header, each event serialized and written in turn, the
cancellations at the end, and the check that no UID is written twice."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Iterable
from dataclasses import replace
from typing import BinaryIO

from ...engine.schedule import Schedule
from ...errors import Problem
from .common import LABELS, PRODID_PREFIX, IcsError
from .events import EventText, schedule_events
from .options import IcsOptions, IcsStats, calendar_description
from .previous import PreviousCalendar, cancelled, revised

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
        digest = uuid.UUID(uid).bytes
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
    out.write(_header(options))
    for schedule in schedules:
        stats.schedules += 1
        written.start(schedule.patient_id, schedule.regimen_id)
        for event in schedule_events(schedule, options):
            if not written.add(event.uid):
                raise _same_uid(event, schedule)
            out.write(_finish(event, options, stats))
    if options.previous is not None:
        word = LABELS[options.lang]["cancelled"]
        for uid, old in options.previous.events.items():
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


def _header(options: IcsOptions) -> bytes:
    from icalendar import Calendar, Timezone, vText

    from ...data import __version__

    calendar = Calendar()
    calendar.add("prodid", f"{PRODID_PREFIX}mmsched {__version__}//{options.lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", options.calendar_name or LABELS[options.lang]["calendar"])
    if options.calendar_description:
        # RFC 7986 DESCRIPTION and the X-WR-CALDESC that Apple and Google clients read, both
        # TEXT (icalendar's Calendar.description setter leaves the newlines of the second
        # unescaped, so each is added as text).
        calendar.add("description", vText(options.calendar_description))
        calendar.add("x-wr-caldesc", vText(options.calendar_description))
    data: bytes = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert data.endswith(end)
    data = data[: -len(end)]
    if options.time is not None:
        first, last = options.tz_span or (dt.date(2000, 1, 1), dt.date(2100, 12, 31))
        zone = Timezone.from_tzid(options.tz, first_date=first, last_date=last)
        data += zone.to_ical()
    return data


def _same_uid(text: EventText, schedule: Schedule) -> IcsError:
    return IcsError(
        [
            Problem(
                f"patient {schedule.patient_id}",
                f"two events of regimen '{schedule.regimen_id}' get the same UID "
                f"({text.summary}): the same patient, regimen, cycle and day are exported "
                "twice; export each plan once (two courses of one regimen get their own UIDs "
                "when IcsOptions.several_courses names the patient, as mmsched ics does)",
            )
        ]
    )


def _finish(text: EventText, options: IcsOptions, stats: IcsStats) -> bytes:
    """The event serialized, with SEQUENCE numbered after the previous export if there is one."""
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", text.uid)
    event.add("dtstamp", options.stamp)
    if options.time is None:
        event.add("dtstart", text.day)
        event.add("dtend", text.day + dt.timedelta(days=1))
    else:
        from zoneinfo import ZoneInfo

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
    stats.events += 1
    old = options.previous.events.get(text.uid) if options.previous else None
    if old is None:
        stats.new += 1
        return data
    data, unchanged = revised(data, old)
    if unchanged:
        stats.unchanged += 1
    else:
        stats.changed += 1
    return data
