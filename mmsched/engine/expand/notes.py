"""The warnings a schedule carries, each a message code with its parameters, given once."""

from __future__ import annotations

from datetime import date

from ...data.drugs import chinese_name
from ...errors import Said
from ..rules import DrugRule

#: A dose that closed days push this many days or more gets a warning: the cycle's other drugs
#: keep their days, and a ward would usually delay the whole cycle instead.
LONG_SHIFT_DAYS = 3


class Warnings:
    """Warnings collected while a course is expanded, in the order they were found: each with
    its code (:mod:`mmsched.errors.catalogue`), its English text and its Chinese text."""

    __slots__ = ("_long_shifts", "codes", "en", "zh")

    def __init__(self) -> None:
        self.en: list[str] = []
        self.zh: list[str] = []
        self.codes: list[str] = []
        self._long_shifts: set[tuple[str, int]] = set()

    def add(self, code: str, /, **params: object) -> None:
        """Add the warning ``code``, written in English and in Chinese from the catalogue
        (imported only when a schedule has something to say), unless the same English text is
        there already. Parameters are text, whole numbers, dates or :class:`Said`."""
        message, message_zh = note(code, **params)
        if message not in self.en:
            self.en.append(message)
            self.zh.append(message_zh)
            self.codes.append(code)

    def long_shift(
        self, drug: str, name_zh: str | None, cycle: int, day: int, *, planned: date, given: date
    ) -> None:
        """Warn once per drug and cycle when closed days push a dose far from its day."""
        if (drug, cycle) in self._long_shifts:
            return
        self._long_shifts.add((drug, cycle))
        self.add(
            "warning.dose.long_shift",
            drug=Said(drug, chinese_name(drug, name_zh)),
            cycle=cycle,
            day=day,
            days=(given - planned).days,
            planned=planned,
            given=given,
        )


def zh(rule: DrugRule) -> str:
    """The drug's name in Chinese warnings."""
    return chinese_name(rule.drug, rule.name_zh)


def said(rule: DrugRule) -> Said:
    """The drug's name in both languages, for a warning's sentence."""
    return Said(rule.drug, chinese_name(rule.drug, rule.name_zh))


#: Notes and warnings already written, by code and parameters: a note is made for each drug and
#: cycle, most repeat cycle after cycle and plan after plan, so each is written from the
#: catalogue once. Bounded: the 10,000 benchmark plans (every bundled regimen, varied patients)
#: make 5,945 different notes; at 4,096 the memo was emptied mid-batch and expansion of 10,000
#: plans ran about 15 % slower than with twice-formatted f-strings.
_WRITTEN: dict[tuple[object, ...], tuple[str, str]] = {}
_MOST_WRITTEN = 16_384


def note(code: str, /, **params: object) -> tuple[str, str]:
    """The message ``code`` (a dose's note, a warning) in English and in Chinese, from the
    catalogue. Parameters are text, whole numbers, dates or :class:`Said`, never a Decimal
    (1.5 and 1.50 are equal keys, but not the same text)."""
    key = (code, *params.items())
    found = _WRITTEN.get(key)
    if found is None:
        from ...errors.catalogue import render_en, render_zh

        en = render_en(code, params)
        found = (en, render_zh(code, params) or en)
        if len(_WRITTEN) >= _MOST_WRITTEN:
            _WRITTEN.clear()
        _WRITTEN[key] = found
    return found
