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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...errors import Problem
from .common import PRODID_PREFIX, IcsError

if TYPE_CHECKING:
    from icalendar import Event


@dataclass(frozen=True, slots=True)
class PreviousEvent:
    """What a previous export said about one event: enough to number and cancel it."""

    uid: str
    sequence: int
    #: sha256 of the event's content lines (unfolded), DTSTAMP and SEQUENCE left out.
    fingerprint: str
    component: Event


@dataclass(frozen=True, slots=True)
class PreviousCalendar:
    """The events of an earlier mmsched export, by UID, in the order of that file."""

    events: dict[str, PreviousEvent]

    @classmethod
    def parse(cls, data: bytes, source: str = "previous calendar") -> PreviousCalendar:
        """Read an earlier export.

        Raises:
            IcsError: ``data`` is not iCalendar, was not written by mmsched, or repeats a UID.
        """
        from icalendar import Calendar

        try:
            calendar = Calendar.from_ical(data)
        except ValueError as exc:
            raise IcsError(f"is not an iCalendar file ({exc})", file=source) from None
        if not isinstance(calendar, Calendar):
            raise IcsError("is not one VCALENDAR", file=source)
        prodid = str(calendar.get("PRODID", ""))
        if not prodid.startswith(PRODID_PREFIX):
            raise IcsError(
                f"was not written by mmsched (PRODID '{prodid}'); --previous takes the .ics file "
                "that mmsched wrote last time for these plans",
                file=source,
            )
        components = {str(event.get("UID", "")): event for event in calendar.events}
        problems: list[Problem] = []
        events: dict[str, PreviousEvent] = {}
        for uid, lines in _raw_events(data):
            sequence = 0
            for line in lines:
                name, _, value = _split_line(line)
                if name == "SEQUENCE":
                    try:
                        sequence = int(value)
                    except ValueError:
                        problems.append(
                            Problem(f"UID {uid}", f"SEQUENCE '{value}' is not a number")
                        )
            if not uid:
                problems.append(Problem("VEVENT", "an event has no UID"))
            elif uid in events:
                problems.append(Problem(f"UID {uid}", "appears twice"))
            elif uid not in components:
                problems.append(Problem(f"UID {uid}", "could not be read"))
            else:
                events[uid] = PreviousEvent(uid, sequence, _fingerprint(lines), components[uid])
        if problems:
            raise IcsError(problems, file=source)
        return cls(events)


def revised(data: bytes, old: PreviousEvent) -> tuple[bytes, bool]:
    """A new event written with ``SEQUENCE:0``, renumbered after the earlier export's ``old``.

    Returns the bytes and whether the content is unchanged (SEQUENCE kept; else SEQUENCE + 1).
    """
    unchanged = _fingerprint(_unfold(data)) == old.fingerprint
    return _set_sequence(data, old.sequence if unchanged else old.sequence + 1), unchanged


def cancelled(old: PreviousEvent, stamp: dt.datetime, word: str) -> tuple[bytes, bool]:
    """The old event once more, cancelled: STATUS:CANCELLED, no alarm, SEQUENCE + 1.

    ``word`` ("CANCELLED" in the export's language) goes in front of the summary. Returns the
    bytes and whether the old event was cancelled already and is written again unchanged
    (SEQUENCE kept).
    """
    from icalendar import Event

    event = Event.from_ical(old.component.to_ical())
    assert isinstance(event, Event)
    already = str(event.get("STATUS", "")).upper() == "CANCELLED"
    event.subcomponents = [c for c in event.subcomponents if c.name != "VALARM"]
    for name in ("DTSTAMP", "STATUS", "SEQUENCE"):
        event.pop(name, None)
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
    marker = b"\r\nSEQUENCE:0\r\n"
    assert data.count(marker) == 1
    return data.replace(marker, f"\r\nSEQUENCE:{sequence}\r\n".encode("ascii"))


_FOLD = re.compile(rb"\r?\n[ \t]")


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


def _raw_events(data: bytes) -> Iterator[tuple[str, list[str]]]:
    """Each VEVENT of an iCalendar file as its UID and its unfolded content lines."""
    lines: list[str] | None = None
    depth = 0
    uid = ""
    for line in _unfold(data):
        name, _, value = _split_line(line)
        if lines is None:
            if name == "BEGIN" and value.strip().upper() == "VEVENT":
                lines, depth, uid = [line], 1, ""
            continue
        lines.append(line)
        if name == "BEGIN":
            depth += 1
        elif name == "END":
            depth -= 1
            if depth == 0:
                yield uid, lines
                lines = None
        elif name == "UID" and depth == 1:
            uid = value
