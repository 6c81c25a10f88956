"""The plain-string floor the ``.ics`` writer is measured against.

It writes the same bytes as :func:`mmsched.exports.ics.write_ics` from the events' values alone
(UID, start, end, summary, description, categories: read back from mmsched's own file once,
outside the timing), with f-strings, ``str.replace`` for TEXT escaping and a byte-slicing fold:
no texts to compose, no UIDs to derive, no checks, no sanitizing. Written here, without
mmsched's code, so the floor is what the bytes cost and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

#: An event's values: uid, start, end (dates, or aware date-times in one zone), summary,
#: description, categories.
PlainEvent = tuple[str, Any, Any, str, str, list[str]]

_ESCAPED = re.compile(r"\\([\\;,nN])")
_FOLD = re.compile(rb"\r\n[ \t]")


def read_events(data: bytes) -> tuple[bytes, list[PlainEvent]]:
    """The header of an mmsched export (everything before the first VEVENT) and each event's
    values, read by hand (a whole-calendar parse of 70,000 events takes longer than the test).
    """
    header = data[: data.index(b"BEGIN:VEVENT")]
    events: list[PlainEvent] = []
    event: dict[str, Any] = {}
    for line in _FOLD.sub(b"", data).decode("utf-8").split("\r\n"):
        head, _, value = line.partition(":")
        name = head.partition(";")[0]
        if name in ("UID", "SUMMARY") or (name == "DESCRIPTION" and "DESCRIPTION" not in event):
            event[name] = _unescape(value)
        elif name in ("DTSTART", "DTEND"):
            event[name] = _when(head, value)
        elif name == "CATEGORIES":
            event[name] = [_unescape(c) for c in re.split(r"(?<!\\),", value)]
        elif line == "END:VEVENT":
            keys = ("UID", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "CATEGORIES")
            events.append(tuple(event[key] for key in keys))  # type: ignore[arg-type]
            event = {}
    return header, events


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: "\n" if m[1] in "nN" else m[1], text)


def _when(head: str, value: str) -> dt.date | tuple[str, str]:
    if "VALUE=DATE" in head:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    return head[head.find(";") :] if ";" in head else "", value  # written back as read


def _text(value: str) -> str:
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> bytes:
    data = line.encode()
    if len(data) < 75:
        return data + b"\r\n"
    out = []
    start = 0
    while len(data) - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        out.append(data[start:end])
        start = end
    out.append(data[start:])
    return b"\r\n ".join(out) + b"\r\n"


def _date(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def write_plain(
    header: bytes, events: list[PlainEvent], stamp: dt.datetime, triggers: list[str]
) -> bytes:
    """The whole file: the header as given, each event's lines, END:VCALENDAR."""
    stamp_line = f"DTSTAMP:{stamp:%Y%m%dT%H%M%S}Z\r\n".encode()
    out = [header]
    for uid, start, end, summary, description, categories in events:
        if isinstance(start, dt.date):
            when = f"DTSTART;VALUE=DATE:{_date(start)}\r\nDTEND;VALUE=DATE:{_date(end)}\r\n"
        else:
            when = f"DTSTART{start[0]}:{start[1]}\r\nDTEND{end[0]}:{end[1]}\r\n"
        summary_text = _text(summary)
        out += (
            b"BEGIN:VEVENT\r\n",
            _fold(f"SUMMARY:{summary_text}"),
            when.encode(),
            stamp_line,
            f"UID:{uid}\r\nSEQUENCE:0\r\n".encode(),
            _fold(f"CATEGORIES:{','.join(_text(c) for c in categories)}"),
            _fold(f"DESCRIPTION:{_text(description)}"),
            b"STATUS:CONFIRMED\r\nTRANSP:TRANSPARENT\r\n",
        )
        for trigger in triggers:
            out += (
                b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n",
                _fold(f"DESCRIPTION:{summary_text}"),
                f"TRIGGER:{trigger}\r\nEND:VALARM\r\n".encode(),
            )
        out.append(b"END:VEVENT\r\n")
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)
