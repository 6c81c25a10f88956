"""The ward's calendar: which days it is closed (weekly closed days, public holidays, extra
closed dates) and which are open anyway (adjusted working days, 调休, and explicit opens).

Precedence, from strongest: an explicit ``open`` date; an explicit ``closed`` date; a public
holiday; an adjusted working day (调休, which opens the ward even on a weekday listed in
``closed_weekdays``); the weekly closed days.

China's official 2026 holidays ship with mmsched (``mmsched/data/holidays/cn-2026.yaml``, from
the State Council's notice). Later years are read from files of the same form that the ward file
lists under ``holiday_files``; a schedule that reaches a year with no holiday data carries a
warning, so nobody takes a missing holiday for an open day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .dispensing import Strengths
from .names import LocalName

if TYPE_CHECKING:
    from .capacity import WardCapacity

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


#: How far a test or supportive item on a closed day looks for an open one.
OFF_CLOSED_SEARCH = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class WardCalendar:
    """Open and closed days of a ward, and the strengths its pharmacy holds (``formulary``).

    The default calendar is open every day and holds no formulary of its own.
    """

    closed_weekdays: frozenset[int] = frozenset()
    holidays: dict[date, LocalName] = field(default_factory=dict)
    working_days: frozenset[date] = frozenset()
    closed: frozenset[date] = frozenset()
    open: frozenset[date] = frozenset()
    #: Years for which official holiday data was loaded (empty: the ward uses none).
    holiday_years: frozenset[int] = frozenset()
    uses_holidays: bool = False
    #: The strengths the ward's pharmacy holds, by drug: they win over a regimen's.
    formulary: dict[str, Strengths] = field(default_factory=dict)
    #: The ward's IANA time zone ("Asia/Shanghai"): where "today" on the command line is
    #: taken. None: the system's local zone.
    timezone: str | None = None
    #: The ward's chairs and hours a day (``capacity:``), for ``mmsched load`` and
    #: ``mmsched suggest-start``; None: the ward file gives none.
    capacity: WardCapacity | None = None

    def is_closed(self, day: date) -> bool:
        """True when the ward is closed on ``day``."""
        if day in self.open:
            return False
        if day in self.closed or day in self.holidays:
            return True
        if day in self.working_days:
            return False
        return day.weekday() in self.closed_weekdays

    def why_closed(self, day: date, lang: str = "en") -> str:
        """Why the ward is closed on ``day`` ("Spring Festival", "Sunday", "ward closed")."""
        if day in self.closed:
            return "病区文件设为停诊日" if lang == "zh" else "a closed date in the ward file"
        holiday = self.holidays.get(day)
        if holiday is not None:
            return holiday.get(lang)
        return (WEEKDAYS_ZH if lang == "zh" else WEEKDAYS_EN)[day.weekday()]

    def next_open(self, day: date, limit: date) -> date | None:
        """The first open day on or after ``day`` and before ``limit``, or None."""
        while day < limit:
            if not self.is_closed(day):
                return day
            day += timedelta(days=1)
        return None

    def previous_open(self, day: date, floor: date) -> date | None:
        """The last open day on or before ``day`` and on or after ``floor``, or None."""
        while day >= floor:
            if not self.is_closed(day):
                return day
            day -= timedelta(days=1)
        return None

    def off_closed_day(self, when: date, policy: str) -> date | None:
        """``when`` moved off a closed day by ``policy`` (``keep``, ``omit`` gives None,
        ``shift-earlier``, ``shift-later``), for a test or a supportive item, which no interval
        binds: when no open day is found within two weeks it stays on its date (the ward
        arranges it)."""
        if policy == "keep" or not self.is_closed(when):
            return when
        if policy == "omit":
            return None
        if policy == "shift-earlier":
            return self.previous_open(when, when - OFF_CLOSED_SEARCH) or when
        return self.next_open(when, when + OFF_CLOSED_SEARCH) or when

    def missing_years(self, first: date, last: date) -> list[int]:
        """Years between ``first`` and ``last`` with no holiday data while holidays are used."""
        if not self.uses_holidays:
            return []
        return [y for y in range(first.year, last.year + 1) if y not in self.holiday_years]


OPEN_EVERY_DAY = WardCalendar()
