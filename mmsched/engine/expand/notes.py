"""The warnings a schedule carries, in English and Chinese, each given once."""

from __future__ import annotations

from datetime import date

from ...data.drugs import chinese_name
from ..rules import DrugRule

#: A dose that closed days push this many days or more gets a warning: the cycle's other drugs
#: keep their days, and a ward would usually delay the whole cycle instead.
LONG_SHIFT_DAYS = 3


class Warnings:
    """Warnings collected while a course is expanded, in the order they were found."""

    __slots__ = ("_long_shifts", "en", "zh")

    def __init__(self) -> None:
        self.en: list[str] = []
        self.zh: list[str] = []
        self._long_shifts: set[tuple[str, int]] = set()

    def once(self, message: str, message_zh: str) -> None:
        """Add a warning, in English and in Chinese, unless it is there already."""
        if message not in self.en:
            self.en.append(message)
            self.zh.append(message_zh)

    def long_shift(
        self, drug: str, name_zh: str | None, cycle: int, day: int, *, planned: date, given: date
    ) -> None:
        """Warn once per drug and cycle when closed days push a dose far from its day."""
        if (drug, cycle) in self._long_shifts:
            return
        self._long_shifts.add((drug, cycle))
        days = (given - planned).days
        self.once(
            f"{drug} C{cycle}D{day} is given {days} days after its planned date ({planned} → "
            f"{given}) because the ward is closed; the other drugs of the cycle keep their days: "
            "consider delaying the cycle instead",
            f"{chinese_name(drug, name_zh)} C{cycle}D{day} 因病区休息推迟 {days} 天给药"
            f"（{planned} → {given}），而本周期其他药物日期不变：请考虑整个周期推迟",
        )


def zh(rule: DrugRule) -> str:
    """The drug's name in Chinese warnings."""
    return chinese_name(rule.drug, rule.name_zh)
