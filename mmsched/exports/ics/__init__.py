"""Schedules to one iCalendar file (RFC 5545) that ward staff import or subscribe to.

Pipeline, in order:

1. The header: VCALENDAR with PRODID, VERSION, CALSCALE, METHOD:PUBLISH, X-WR-CALNAME, the
   regimens' assumptions as DESCRIPTION (RFC 7986) and X-WR-CALDESC, and, for timed events,
   one VTIMEZONE generated from the zone database for the ward's zone.
2. For each schedule, in the order given, its events: one per treatment day (``group="day"``,
   every drug and test of the day in one event) or one per administration and per test
   (``group="drug"``). Each event is serialized and written before the next schedule is read,
   so a whole hospital's plans stream through without being held in memory.
3. Identity: the UID is a UUID 5 of stable keys (patient id, regimen, cycle, day of the cycle,
   and the drug or test with ``group="drug"``), so a re-export gives the same UIDs and a delay
   moves events instead of duplicating them. With a previous export, an event keeps its
   SEQUENCE when its content is unchanged and gets SEQUENCE + 1 when it changed.
4. Events of the previous export that the new one no longer has are written again with
   STATUS:CANCELLED and SEQUENCE + 1, so that calendar clients remove them.

Bytes follow RFC 5545 as the ``icalendar`` library writes them: CRLF line ends, lines folded
before 75 octets without splitting a UTF-8 character, ``\\ ; ,`` and newlines escaped in text.
``icalendar`` writes the header and the VTIMEZONE and reads the previous export; the events are
written by :mod:`.content` (the same bytes, several times faster), and no text can break the
file: control characters are replaced and one-line fields (SUMMARY, CATEGORIES, the calendar's
name) are kept on one line.

Pure: no clock, no locale, no files. The caller passes the time stamp (DTSTAMP) and the language
and does the writing (the CLI writes atomically).

The modules, each importing only those above it:

* :mod:`.common`: the error, PRODID, UIDs (:func:`event_uid`), groups, details, labels;
* :mod:`.content`: content lines: safe text, TEXT escaping, folding, date and duration values;
* :mod:`.previous`: reading an earlier export, SEQUENCE numbers and cancellations (steps 3, 4);
* :mod:`.options`: :class:`IcsOptions`, :class:`IcsStats`, the calendar's name and zone span;
* :mod:`.events`: each event's summary, description and categories (step 2);
* :mod:`.writer`: the header and the stream of serialized events (steps 1 to 4 in order).
"""

from __future__ import annotations

from .common import (
    DETAILS,
    GROUPS,
    PRODID_PREFIX,
    UID_NAMESPACE,
    Detail,
    Group,
    IcsError,
    event_uid,
)
from .events import MONITORING, EventText, schedule_events
from .options import (
    MAX_ALARM,
    IcsOptions,
    IcsStats,
    calendar_description,
    calendar_name,
    timezone_span,
    ward_calendar_name,
)
from .previous import PreviousCalendar, PreviousEvent
from .writer import TIMED_EVENT_LENGTH, EventWriter, feed_header, render_ics, write_ics

__all__ = [
    "DETAILS",
    "GROUPS",
    "MAX_ALARM",
    "MONITORING",
    "PRODID_PREFIX",
    "TIMED_EVENT_LENGTH",
    "UID_NAMESPACE",
    "Detail",
    "EventText",
    "EventWriter",
    "Group",
    "IcsError",
    "IcsOptions",
    "IcsStats",
    "PreviousCalendar",
    "PreviousEvent",
    "calendar_description",
    "calendar_name",
    "event_uid",
    "feed_header",
    "render_ics",
    "schedule_events",
    "timezone_span",
    "ward_calendar_name",
    "write_ics",
]
