"""The errors mmsched raises: one root, a few kinds, each naming where and how to fix.

Every message is written for the person who edits the file: it says which file, which field
(as a dotted path such as ``drugs[1].days``), what is wrong, and what is allowed instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: What a terminal would obey instead of showing: C0 and C1 control characters (ESC starts the
#: ANSI sequences that recolour, move the cursor or retitle the window; CR overwrites a line)
#: and the bidirectional embeddings, overrides and isolates that reorder what is shown
#: ("Trojan Source", CVE-2021-42574). Line feeds are kept by :func:`printable` unless asked.
#: The characters no text of a file may hold (:mod:`mmsched.formats.base`), as the inside of a
#: regular-expression class: every one of them but tab and line feed.
NOT_IN_TEXT = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\t{NOT_IN_TEXT}]")


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` safe to show on a terminal: each control or direction character written as its
    escape (``\\x1b``, ``\\u202e``), so that it is seen, never obeyed.

    >>> printable("Li\\x1b[2J Wei\\u202e")
    'Li\\\\x1b[2J Wei\\\\u202e'
    >>> printable("a\\nb"), printable("a\\nb", newlines=False)
    ('a\\nb', 'a\\\\nb')
    """
    if text.isprintable() or not (_UNSAFE.search(text) or (not newlines and "\n" in text)):
        return text
    return "".join(_escape(ch) if _unsafe(ch, newlines) else ch for ch in text)


def _unsafe(ch: str, newlines: bool) -> bool:
    return bool(_UNSAFE.match(ch)) or (ch == "\n" and not newlines)


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is and what to do about it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class MmschedError(Exception):
    """Root of every error mmsched raises on purpose.

    Args:
        problems: what is wrong, one entry per problem (all of them, not just the first).
        file: the file the problems are in, if they come from a file.
    """

    def __init__(self, problems: list[Problem] | str, file: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        self.problems: list[Problem] = list(problems)
        self.file = file
        super().__init__(self.render())

    def render(self) -> str:
        """The message as shown to a person: one paragraph, or one line per problem."""
        where = f"{printable(self.file, newlines=False)}: " if self.file else ""
        if len(self.problems) == 1:
            return printable(f"{where}{self.problems[0]}")
        lines = [f"{where}{len(self.problems)} problems:"]
        lines.extend(f"  - {printable(str(p), newlines=False)}" for p in self.problems)
        return printable("\n".join(lines))

    def in_file(self, file: str) -> MmschedError:
        """The same error, attributed to ``file`` (kept if one is set already)."""
        if self.file is None:
            self.file = file
            self.args = (self.render(),)
        return self


class RegimenError(MmschedError):
    """A regimen file (or a regimen built in code) is not valid."""


class PlanError(MmschedError):
    """A plan file (or a plan built in code) is not valid."""


class ScheduleError(MmschedError):
    """The plan is valid, but the schedule it asks for would break a regimen's safety rule."""
