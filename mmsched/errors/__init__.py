"""The errors mmsched raises: one root, a few kinds, each naming where and how to fix.

Every message is written for the person who edits the file: it says which file, which field
(as a dotted path such as ``drugs[1].days``), what is wrong, and what is allowed instead.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

#: The languages a message is written in.
MessageLang = Literal["en", "zh"]

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
    """One thing wrong with an input: where it is and what to do about it.

    ``message`` is the English text; ``code`` (a stable dotted name such as
    ``plan.height_cm.looks_like_metres``) and ``params`` let each language write it in its own
    words (:mod:`mmsched.errors.catalogue`). A problem without a code reads the same in every
    language.

    >>> p = coded("patient.height_cm", "plan.height_cm.looks_like_metres", height="1.56",
    ...           write="156")
    >>> print(p)
    patient.height_cm: 1.56 looks like metres; height is in centimetres (write 156)
    >>> print(p.text("zh"))
    身高 1.56 似乎是以米为单位；身高以厘米填写，请写为 156。位置：patient.height_cm
    """

    field: str
    message: str
    code: str = ""
    params: Mapping[str, object] = dataclasses.field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message

    def text(self, lang: MessageLang = "en") -> str:
        """The problem for a person in ``lang``: in English ``field: message``; in Chinese the
        sentence, then the field once, as the place to fix (``……。位置：patient.height_cm``)."""
        sentence = self.sentence(lang)
        if lang == "en" or sentence is self.message:
            return str(self)
        return f"{sentence}位置：{self.field}" if self.field else sentence

    def sentence(self, lang: MessageLang = "en") -> str:
        """The message alone (no field) in ``lang``: the English text when there is no
        Chinese for its code."""
        if lang == "en" or not self.code:
            return self.message
        from .catalogue import render_zh

        return render_zh(self.code, self.params) or self.message


@dataclass(frozen=True, slots=True)
class Said:
    """A message parameter already written in both languages (a closed day's reason from the
    ward file): the sentence takes the words of its own language.

    >>> print(coded("", "schedule.resume.no_hold", drug=Said("x", "y")).text("zh"))
    此前没有 y 的暂停（“hold”），无法恢复。
    """

    en: str
    zh: str

    def __str__(self) -> str:
        return self.en


def coded(field: str, code: str, /, **params: object) -> Problem:
    """The problem ``code`` at ``field``, its English text written from the catalogue."""
    from .catalogue import render_en

    return Problem(field, render_en(code, params), code, params)


def from_exception(field: str, exc: Exception) -> Problem:
    """The problem at ``field`` that ``exc`` says: with its code when it is a
    :class:`CodedError`, else its text alone."""
    if isinstance(exc, CodedError):
        return Problem(field, str(exc), exc.code, exc.params)
    return Problem(field, str(exc))


class CodedError(ValueError):
    """A ``ValueError`` raised in a model's validator with its message code: pydantic keeps it,
    and :func:`mmsched.formats.validation.problems_from_validation` reads the code back."""

    def __init__(self, code: str, /, **params: object) -> None:
        from .catalogue import render_en

        self.code = code
        self.params: dict[str, object] = params
        super().__init__(render_en(code, params))


class MmschedError(Exception):
    """Root of every error mmsched raises on purpose.

    Args:
        problems: what is wrong, one entry per problem (all of them, not just the first).
        file: the file the problems are in, if they come from a file.
    """

    def __init__(self, problems: list[Problem] | Problem | str, file: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.file = file
        super().__init__(self.render())

    def render(self, lang: MessageLang = "en") -> str:
        """The message as shown to a person, in ``lang``: one paragraph, or one line per
        problem.

        >>> err = MmschedError([coded("patient.weight_kg", "plan.weight_kg.looks_like_grams",
        ...                           weight="52000", write="52")], file="plan.yaml")
        >>> print(err.render("zh"))
        plan.yaml：体重 52000 似乎是以克为单位；体重以千克填写，请写为 52。位置：patient.weight_kg
        """
        zh = lang == "zh"
        colon = "：" if zh else ": "
        where = f"{printable(self.file, newlines=False)}{colon}" if self.file else ""
        if len(self.problems) == 1:
            return printable(f"{where}{self.problems[0].text(lang)}")
        count = len(self.problems)
        lines = [f"{where}{count} 个问题：" if zh else f"{where}{count} problems:"]
        lines.extend(f"  - {printable(p.text(lang), newlines=False)}" for p in self.problems)
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
