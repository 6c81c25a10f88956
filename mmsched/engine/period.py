"""A schedule seen through a window of dates (``--from`` / ``--to``), and the months it spans.

Every renderer shows the same window: the text calendar, CSV, HTML and JSON all list exactly
the administrations whose date is inside it, so a nurse comparing two outputs never finds one
dose in one and not in the other.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from ..errors import CodedError
from .schedule import Schedule, SupportiveRecord


def within(schedule: Schedule, start: date | None = None, end: date | None = None) -> Schedule:
    """The schedule with only the administrations, tests, supportive items and doses not given
    dated ``start..end`` (inclusive); the doses before ``start`` are counted
    (``given_before``), so a drug's first, second and later infusions keep their details.

    Everything else (patient, regimen, cycle starts, warnings) is kept, so a limited schedule
    still says which course it belongs to.

    Raises:
        ValueError: ``end`` is before ``start``.
    """
    if start is not None and end is not None and end < start:
        raise CodedError("usage.dates.before_from", end=end, start=start)
    if start is None and end is None:
        return schedule

    def inside(day: date) -> bool:
        return (start is None or start <= day) and (end is None or day <= end)

    before = dict(schedule.given_before)
    for adm in schedule.administrations:
        if start is not None and adm.date < start:
            before[adm.drug] = before.get(adm.drug, 0) + 1

    def supportive() -> tuple[SupportiveRecord, ...]:
        return tuple(s for s in schedule.supportive if inside(s.date))

    return dataclasses.replace(
        schedule,
        administrations=tuple(a for a in schedule.administrations if inside(a.date)),
        monitoring=tuple(m for m in schedule.monitoring if inside(m.date)),
        skipped=tuple(s for s in schedule.skipped if inside(s.date)),
        # The supportive items are still dated only when first asked for.
        order_set=None if schedule.order_set is None else supportive,
        given_before=tuple(before.items()),
    )


def treatment_span(schedule: Schedule) -> tuple[date, date]:
    """First and last day of the course: the cycles, widened by any dose moved outside them
    and by tests and supportive items before or after them (day 0, the day after a dose)."""
    dates = [a.date for a in schedule.administrations] + [m.date for m in schedule.monitoring]
    dates += [s.date for s in schedule.supportive]
    first = min([schedule.start, *dates])
    last = max([schedule.end, *dates])
    return first, last


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """Every (year, month) from ``first``'s month to ``last``'s, in order.

    >>> months_between(date(2026, 12, 1), date(2027, 1, 25))
    [(2026, 12), (2027, 1)]
    """
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def days_between(first: date, last: date) -> list[date]:
    """Every date from ``first`` to ``last`` inclusive (empty when ``last`` is before ``first``)."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
