"""A day ward's capacity and its load: chair-minutes a day, used and available.

A ward file's ``capacity:`` (validated by :mod:`mmsched.formats.ward`) becomes a
:class:`WardCapacity`: ``chairs`` × ``hours`` × 60 chair-minutes a day, with weekday and dated
overrides; a closed day has none. :func:`day_loads` adds up the patients' chair minutes
(:mod:`.chairtime`) per date and compares them with the capacity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .wardcal import WardCalendar
from .wardsheet import WardError


@dataclass(frozen=True)
class CapacityOverride:
    """Chairs and/or hours for a weekday or a date; a field left out (None) is not changed."""

    chairs: int | None = None
    hours: Decimal | None = None


@dataclass(frozen=True)
class WardCapacity:
    """The ward's chairs and nursing hours a day, and the load it wants to stay under.

    ``by_weekday`` (0 Monday .. 6 Sunday) and ``by_date`` override ``chairs`` and ``hours``
    field by field; a date wins over a weekday, a weekday over the base.
    """

    chairs: int
    hours: Decimal
    target_percent: Decimal = Decimal(100)
    by_weekday: Mapping[int, CapacityOverride] = field(default_factory=dict)
    by_date: Mapping[date, CapacityOverride] = field(default_factory=dict)

    def minutes_on(self, day: date) -> int:
        """The chair-minutes of ``day`` (open or not: see :func:`capacity_on`).

        >>> WardCapacity(8, Decimal(8)).minutes_on(date(2026, 12, 1))
        3840
        >>> sat = {5: CapacityOverride(4, Decimal(4))}
        >>> eve = {date(2026, 12, 26): CapacityOverride(chairs=2)}
        >>> WardCapacity(8, Decimal(8), by_weekday=sat, by_date=eve).minutes_on(date(2026, 12, 26))
        480
        """
        chairs, hours = self.chairs, self.hours
        for override in (self.by_weekday.get(day.weekday()), self.by_date.get(day)):
            if override is not None:
                chairs = override.chairs if override.chairs is not None else chairs
                hours = override.hours if override.hours is not None else hours
        return int(chairs * hours * 60)


def capacity_on(capacity: WardCapacity, calendar: WardCalendar, day: date) -> int | None:
    """The chair-minutes of ``day``, or None when the ward is closed: no capacity."""
    return None if calendar.is_closed(day) else capacity.minutes_on(day)


def percent_of(used: int, capacity: int | None) -> Decimal | None:
    """``used`` as a percentage of ``capacity``, exact (None on a closed day).

    >>> percent_of(300, 480), percent_of(0, None)
    (Decimal('62.5'), None)
    """
    if capacity is None or capacity <= 0:
        return None
    return Decimal(used * 100) / Decimal(capacity)


def rounded_percent(percent: Decimal | None) -> Decimal | None:
    """A percentage rounded half-up to 0.1, as the outputs give it.

    >>> rounded_percent(Decimal(200) / Decimal(3)), rounded_percent(Decimal("0.05"))
    (Decimal('66.7'), Decimal('0.1'))
    """
    return None if percent is None else percent.quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class DayLoad:
    """One date's load: chair-minutes used by how many patients, the capacity (None: closed),
    the percentage used (exact; None when closed) and whether the use is over the capacity
    (on a closed day, any use is)."""

    date: date
    used_minutes: int
    capacity_minutes: int | None
    percent: Decimal | None
    patients: int

    @property
    def over(self) -> bool:
        return self.used_minutes > (self.capacity_minutes or 0)

    def above(self, target_percent: Decimal) -> bool:
        """Whether the load is above ``target_percent`` (over capacity counts as above)."""
        return self.over or (self.percent is not None and self.percent > target_percent)


def add_days(totals: dict[date, tuple[int, int]], days: Mapping[date, int]) -> None:
    """Add one patient's chair minutes per date into ``totals`` ((minutes, patients) a date)."""
    for day, minutes in days.items():
        used, patients = totals.get(day, (0, 0))
        totals[day] = (used + minutes, patients + 1)


def day_loads(
    patients: Iterable[Mapping[date, int]],
    capacity: WardCapacity,
    calendar: WardCalendar,
    first: date,
    last: date,
) -> list[DayLoad]:
    """The load of every date from ``first`` to ``last``, from each patient's chair minutes
    per date (:func:`~.chairtime.chair_days`)."""
    totals: dict[date, tuple[int, int]] = {}
    for days in patients:
        add_days(totals, days)
    return loads_between(totals, capacity, calendar, first, last)


def loads_between(
    totals: Mapping[date, tuple[int, int]],
    capacity: WardCapacity,
    calendar: WardCalendar,
    first: date,
    last: date,
) -> list[DayLoad]:
    """:func:`day_loads` from totals already added up."""
    found = []
    day = first
    while day <= last:
        used, patients = totals.get(day, (0, 0))
        available = capacity_on(capacity, calendar, day)
        found.append(DayLoad(day, used, available, percent_of(used, available), patients))
        day += timedelta(days=1)
    return found


@dataclass(frozen=True)
class WardLoad:
    """The ward's load from ``first`` to ``last``: one :class:`DayLoad` a date, the capacity
    it was measured against, how many plans count, and the files that could not be used."""

    first: date
    last: date
    days: tuple[DayLoad, ...]
    capacity: WardCapacity
    plans: int
    errors: tuple[WardError, ...]

    @property
    def over_dates(self) -> tuple[date, ...]:
        """The dates whose use is over the capacity."""
        return tuple(day.date for day in self.days if day.over)
