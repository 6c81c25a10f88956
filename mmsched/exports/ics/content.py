"""Content lines (RFC 5545 section 3.1) written by hand: TEXT escaping, folding, dates, safe text.

Each event used to be built as an ``icalendar`` component and serialized by it; that took about
90 % of an export (a hundred small objects an event, and folding one character at a time). The
events are now written here, byte for byte as ``icalendar`` 7 writes them (a test compares the
two on the golden files and on generated events); ``icalendar`` still writes the calendar's
header and its VTIMEZONE, and reads ``--previous``.

The rules, as ``icalendar`` applies them:

* TEXT (section 3.3.11): a literal ``\\N`` is read as a newline first (``icalendar`` does so;
  no mmsched text holds one), then ``\\`` becomes ``\\\\``, ``;`` ``\\;``, ``,`` ``\\,``, and
  each CRLF, LF or lone CR ``\\n``. A colon is not escaped.
* Folding: a line is cut before the character that would make it reach 75 octets, so each
  physical line holds at most 74 octets of the content line (plus the leading space of a
  continuation); a cut never splits a UTF-8 character, and a ``\\`` or ``^`` that would end a
  line is carried to the next one (``icalendar`` issue 1501). Lines end in CRLF.
* Dates: ``VALUE=DATE`` and ``YYYYMMDD``; date-times ``YYYYMMDDTHHMMSS`` with ``TZID=`` the
  zone's name, or a ``Z`` and no TZID for a zone ``icalendar`` takes as UTC.

Safe text (issue 12): no str can break the file. Before escaping, :func:`one_line` (SUMMARY,
CATEGORIES, the calendar's name) turns every line break into a space (and ``\\N`` into
``\\n``), and :func:`safe_text`
(DESCRIPTION) keeps line breaks; both replace every other control character (Unicode Cc: they
are not allowed in TEXT, and an escape sequence would reach the reader's screen) and any lone
surrogate (it cannot be written in UTF-8) with U+FFFD, the replacement character, so that a
reader sees that something was there. A tab is kept (RFC 5545 allows it).
"""

from __future__ import annotations

import datetime as dt
import re

#: Control characters (C0 but tab, LF and CR; DEL; C1) and lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
#: The same and the line breaks too, for a field that is one line.
_UNSAFE_ONE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
_BREAK = re.compile("\r\n|[\r\n]")
REPLACEMENT = "\ufffd"

#: Octets before which a content line is cut (``icalendar``'s limit, 75, counted as it does).
_LIMIT = 74


def safe_text(text: str) -> str:
    """``text`` without control characters (but tab and line breaks) or lone surrogates.

    >>> safe_text("a\\x1b[31mb\\nc\\td")
    'a\\ufffd[31mb\\nc\\td'
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(REPLACEMENT, text)


def one_line(text: str) -> str:
    """``text`` on one line: each line break (CRLF, LF, CR) a space, then as :func:`safe_text`;
    a literal ``\\N`` is written ``\\n`` (TEXT escaping would read it as a line break).

    >>> one_line("廖\\r\\n秀\\r妹\\x00"), one_line("C:\\\\Notes")
    ('廖 秀 妹\\ufffd', 'C:\\\\notes')
    """
    if "\\N" in text:
        text = text.replace("\\N", "\\n")
    if _UNSAFE_ONE_LINE.search(text) is None:
        return text
    return safe_text(_BREAK.sub(" ", text))


def escape(text: str) -> str:
    """TEXT escaping exactly as ``icalendar`` does it (the order matters).

    >>> escape("a,b;c\\\\d\\ne")
    'a\\\\,b\\\\;c\\\\\\\\d\\\\ne'
    """
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded (see the module's rules), with its CRLF.

    >>> fold("SUMMARY:" + "x" * 70)[72:]
    b'xx\\r\\n xxxx\\r\\n'
    """
    data = line.encode("utf-8")
    size = len(data)
    if size <= _LIMIT:
        return data + b"\r\n"
    parts = []
    start = 0
    while size - start > _LIMIT:
        end = start + _LIMIT
        while data[end] & 0xC0 == 0x80:  # inside a UTF-8 character: cut before it
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def date_value(day: dt.date) -> str:
    """A DATE value.

    >>> date_value(dt.date(2026, 12, 1))
    '20261201'
    """
    return f"{day.year:04}{day.month:02}{day.day:02}"


def datetime_value(moment: dt.datetime) -> str:
    """A DATE-TIME value's digits, wall clock as given (the caller adds a ``Z`` for UTC).

    >>> datetime_value(dt.datetime(2026, 12, 1, 8, 30, 5, 999))
    '20261201T083005'
    """
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )


def duration_value(delta: dt.timedelta) -> str:
    """A DURATION value as ``icalendar`` writes it (weeks as days, no zero parts).

    >>> duration_value(-dt.timedelta(hours=2)), duration_value(-dt.timedelta(days=1, seconds=90))
    ('-PT2H', '-P1DT1M30S')
    >>> duration_value(dt.timedelta(hours=1, seconds=5)), duration_value(dt.timedelta(0))
    ('PT1H0M5S', 'P0D')
    """
    sign = ""
    if delta.days < 0:
        sign, delta = "-", -delta
    time = ""
    if delta.seconds:
        hours, rest = divmod(delta.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        time = "T"
        if hours:
            time += f"{hours}H"
        if minutes or (hours and seconds):
            time += f"{minutes}M"
        if seconds:
            time += f"{seconds}S"
    if delta.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{abs(delta.days)}D{time}"
