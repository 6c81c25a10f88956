"""The earlier export (``--previous``): reading it, numbering revised events, cancelling the rest.

An event of the new export keeps its SEQUENCE when its content is unchanged and gets
SEQUENCE + 1 when it changed; an event of the earlier export that the new one no longer has is
written again with STATUS:CANCELLED and SEQUENCE + 1, so that calendar clients remove it.
"Content" is the event's unfolded content lines without DTSTAMP and SEQUENCE (a fingerprint).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...errors import Problem, coded
from .common import PRODID_PREFIX, IcsError
from .content import fold

if TYPE_CHECKING:
    from icalendar import Event


#: mmsched's UIDs: a UUID 5 (:func:`~.common.event_uid`), written in lower case. An event of
#: the earlier file with any other UID is not mmsched's (added by hand or by another program):
#: it is neither compared, nor cancelled, nor written again.
OWN_UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
#: The properties of an event that mmsched writes and that a cancelled event keeps (besides
#: DTSTAMP, STATUS and SEQUENCE, written anew); anything else in the earlier file (a URL, an
#: ATTACH, a nested component) is never published again.
KEPT = frozenset({"UID", "SUMMARY", "DTSTART", "DTEND", "CATEGORIES", "DESCRIPTION", "TRANSP"})
#: Characters of a line or value of the earlier file quoted in a message (as
#: :func:`mmsched.formats.limits.quote` quotes a plan's values).
MAX_QUOTE = 40


@dataclass(frozen=True, slots=True)
class PreviousEvent:
    """What a previous export said about one event: enough to number and cancel it."""

    uid: str
    sequence: int
    #: sha256 of the event's content lines (unfolded), DTSTAMP and SEQUENCE left out.
    fingerprint: str
    #: The event's content lines, unfolded (read by ``icalendar`` only if it is cancelled).
    lines: tuple[str, ...] = ()

    @property
    def day(self) -> dt.date | None:
        """The date the event starts on (its DTSTART's date, in the event's own wall clock),
        or None when it has no readable DTSTART."""
        for line in self.lines:
            name, _, value = _split_line(line)
            if name == "DTSTART":
                digits = value.strip()[:8]
                try:
                    return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
                except ValueError:
                    return None
        return None

    @property
    def stamp_line(self) -> str | None:
        """The event's DTSTAMP content line as it was written, if it has one."""
        return next((line for line in self.lines if _split_line(line)[0] == "DTSTAMP"), None)

    @property
    def component(self) -> Event:
        """The event as ``icalendar`` reads it.

        Raises:
            IcsError: ``icalendar`` cannot read it.
        """
        from icalendar import Event

        try:
            event = Event.from_ical("\r\n".join(self.lines) + "\r\n")
        except ValueError as exc:
            problem = coded(
                f"UID {self.uid}", "ics.previous.event_unreadable", detail=_quote(str(exc))
            )
            raise IcsError([problem]) from None
        assert isinstance(event, Event)
        return event


@dataclass(frozen=True, slots=True)
class PreviousCalendar:
    """The events of an earlier mmsched export, by UID, in the order of that file: mmsched's
    own events only (:data:`OWN_UID`); ``foreign`` counts the others, which are left out."""

    events: dict[str, PreviousEvent]
    foreign: int = 0

    def span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last date of its events (for the ``VTIMEZONE`` of an export that
        writes them again), or None without any dated event."""
        days = [day for event in self.events.values() if (day := event.day) is not None]
        return (min(days), max(days)) if days else None

    @classmethod
    def parse(cls, data: bytes, source: str = "previous calendar") -> PreviousCalendar:
        """Read an earlier export: one VCALENDAR with mmsched's PRODID. Its own events are kept
        as content lines; an event whose UID is not mmsched's is skipped unread, so a file
        with 100,000 of them costs a pass over its lines. A line quoted in a message is cut to
        40 characters.

        Raises:
            IcsError: ``data`` is not iCalendar, was not written by mmsched, or repeats a UID.
        """
        lines = _unfold(data)
        first = next((line for line in lines if line.strip()), "")
        if _split_line(first)[0] != "BEGIN" or _split_line(first)[2].strip().upper() != (
            "VCALENDAR"
        ):
            # Not quoted: a file that is not a calendar may be anything (an environment).
            raise IcsError(coded("", "ics.previous.not_icalendar"), file=source)
        prodid, found, foreign = _scan(lines, source)
        if not prodid.startswith(PRODID_PREFIX):
            problem = coded("", "ics.previous.not_mmsched", prodid=_quote(prodid))
            raise IcsError(problem, file=source)
        problems: list[Problem] = []
        events: dict[str, PreviousEvent] = {}
        for uid, sequence, event_lines in found:
            if uid in events:
                problems.append(coded(f"UID {uid}", "ics.previous.uid_twice"))
            elif isinstance(sequence, str):
                problems.append(
                    coded(f"UID {uid}", "ics.previous.sequence_not_number", sequence=sequence)
                )
            else:
                fingerprint = _fingerprint(event_lines)
                events[uid] = PreviousEvent(uid, sequence, fingerprint, tuple(event_lines))
        if problems:
            raise IcsError(problems, file=source)
        return cls(events, foreign)


def _scan(lines: list[str], source: str) -> tuple[str, list[tuple[str, int | str, list[str]]], int]:
    """The calendar's PRODID, its own events (UID, SEQUENCE or the quoted bad value, lines)
    and how many events are not mmsched's.

    Raises:
        IcsError: components that do not nest (an END without its BEGIN, a BEGIN never ended).
    """
    prodid = ""
    found: list[tuple[str, int | str, list[str]]] = []
    foreign = 0
    stack: list[str] = []
    event: list[str] | None = None
    uid, sequence = "", "0"
    for number, line in enumerate(lines, 1):
        name, _, value = _split_line(line)
        kind = value.strip().upper()
        if name == "BEGIN":
            stack.append(kind)
            if stack == ["VCALENDAR", "VEVENT"]:
                event, uid, sequence = [], "", "0"
        elif name == "END":
            if not stack or stack[-1] != kind:
                problem = coded("", "ics.previous.end_unopened", line=number, text=_quote(line))
                raise IcsError(problem, source)
            stack.pop()
            if event is not None and len(stack) == 1:
                event.append(line)
                if OWN_UID.fullmatch(uid):
                    found.append((uid, _sequence(sequence), event))
                else:
                    foreign += 1
                event = None
                continue
        elif name == "PRODID" and stack == ["VCALENDAR"]:
            prodid = value
        elif len(stack) == 2 and event is not None:  # the event's own properties, not nested
            if name == "UID":
                uid = value.strip()
            elif name == "SEQUENCE":
                sequence = value
        if event is not None:
            event.append(line)
    if stack:
        raise IcsError(coded("", "ics.previous.cut_short", inside=_quote(stack[-1])), source)
    return prodid, found, foreign


def _sequence(value: str) -> int | str:
    """A SEQUENCE as a number, or the value quoted for a message when it is not one."""
    text = value.strip()
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    return _quote(value)


def _quote(value: str) -> str:
    """``value`` for a message: its repr (control characters escaped), at most 40 characters."""
    text = repr(value)
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 2] + "…" + text[-1]


def revised(data: bytes, old: PreviousEvent) -> tuple[bytes, bool]:
    """A new event written with ``SEQUENCE:0``, renumbered after the earlier export's ``old``.

    Returns the bytes and whether the content is unchanged (SEQUENCE and DTSTAMP kept; else
    SEQUENCE + 1 and the new DTSTAMP): an unchanged event is the same bytes as last time.
    """
    unchanged = _fingerprint(_unfold(data)) == old.fingerprint
    if not unchanged:
        return _set_sequence(data, old.sequence + 1), False
    stamp = old.stamp_line
    if stamp is not None:
        data = _STAMP.sub(lambda _: b"\r\n" + fold(stamp), data, count=1)
    return _set_sequence(data, old.sequence), True


def cancelled(old: PreviousEvent, stamp: dt.datetime, word: str) -> tuple[bytes, bool]:
    """The old event once more, cancelled: STATUS:CANCELLED, no alarm, SEQUENCE + 1.

    Only what mmsched writes is kept (:data:`KEPT`; no nested component). ``word``
    ("CANCELLED" in the export's language) goes in front of the summary. Returns the bytes and
    whether the old event was cancelled already and is written again unchanged (SEQUENCE kept).

    Raises:
        IcsError: ``icalendar`` cannot read the old event.
    """
    event = old.component
    already = str(event.get("STATUS", "")).upper() == "CANCELLED"
    event.subcomponents = []
    for name in [name for name in event if name not in KEPT]:
        event.pop(name)
    event.add("dtstamp", stamp)
    if not already:
        summary = str(event.pop("SUMMARY", ""))
        event.add("summary", f"{word} · {summary}")
    event.add("status", "CANCELLED")
    event.add("sequence", 0)
    data: bytes = event.to_ical()
    if already and _fingerprint(_unfold(data)) == old.fingerprint:
        return _set_sequence(data, old.sequence), True
    return _set_sequence(data, old.sequence + 1), False


# --- content lines (RFC 5545 section 3.1) ---------------------------------------------------


def _set_sequence(data: bytes, sequence: int) -> bytes:
    """``data`` (one event, no nested component) with its ``SEQUENCE:0`` numbered."""
    marker = b"\r\nSEQUENCE:0\r\n"
    if data.count(marker) != 1:  # mmsched writes exactly one; say so rather than guess
        raise IcsError([coded("SEQUENCE", "ics.sequence_not_one")])
    return data.replace(marker, f"\r\nSEQUENCE:{sequence}\r\n".encode("ascii"))


_FOLD = re.compile(rb"\r?\n[ \t]")
#: The DTSTAMP line of an event as mmsched writes it (one line, never folded).
_STAMP = re.compile(rb"\r\nDTSTAMP:[0-9TZ]+\r\n")


def _unfold(data: bytes) -> list[str]:
    return _FOLD.sub(b"", data).decode("utf-8", errors="replace").splitlines()


def _split_line(line: str) -> tuple[str, str, str]:
    """A content line's name (upper case), parameters and value (RFC 5545 section 3.1)."""
    head, _, value = line.partition(":")
    name, _, params = head.partition(";")
    return name.strip().upper(), params, value


def _fingerprint(lines: list[str]) -> str:
    """What an event says, without when it was written (DTSTAMP) or its revision (SEQUENCE)."""
    kept = [line for line in lines if _split_line(line)[0] not in ("DTSTAMP", "SEQUENCE")]
    return hashlib.sha256("\n".join(kept).encode("utf-8")).hexdigest()
