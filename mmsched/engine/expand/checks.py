"""Step 6: the checks no schedule may fail (every interval, every lifetime maximum) and the
warning of a year without holiday data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ...data.drugs import test_name_zh
from ...errors import Said, ScheduleError, coded
from ..course import Course
from ..schedule import Administration, CumulativeDose, MonitoringEvent
from ..units import amount_words
from .collect import Totals
from .notes import Warnings


def check_intervals(course: Course, administrations: list[Administration]) -> None:
    """Refuse a schedule in which a drug's doses come closer than its minimum interval (a day
    for a drug without one)."""
    needs = {rule.drug: rule.min_interval_hours or 24 for rule in course.regimen.rules}
    last: dict[str, Administration] = {}
    problems = []
    for adm in administrations:
        drug = adm.drug
        before = last.get(drug)
        last[drug] = adm
        if before is None:
            continue
        hours = (adm.date - before.date).days * 24
        needed = needs[drug]
        if hours < needed:
            problems.append(
                coded(
                    adm.drug,
                    "schedule.interval.too_close",
                    before=before.cycle_day,
                    before_date=before.date,
                    day=adm.cycle_day,
                    date=adm.date,
                    hours=hours,
                    regimen=course.regimen.id,
                    needed=needed,
                )
            )
    if problems:
        raise ScheduleError(problems)


def cumulative(course: Course, totals: Totals) -> list[CumulativeDose]:
    """Each drug's total over the course; above a regimen's lifetime maximum is an error,
    since no schedule that crosses a drug's lifetime limit should be printed."""
    out, problems = [], []
    for rule in course.regimen.rules:
        if rule.drug not in totals:
            continue
        total, unit = totals[rule.drug]
        limit = rule.lifetime_max.low if rule.lifetime_max is not None else None
        item = CumulativeDose(rule.drug, total, unit, limit)
        if item.exceeds:
            problems.append(
                coded(
                    rule.drug,
                    "schedule.lifetime_max.exceeded",
                    total=Said(amount_words(total, unit), amount_words(total, unit, "zh")),
                    limit=Said(
                        amount_words(limit or Decimal(0), unit),
                        amount_words(limit or Decimal(0), unit, "zh"),
                    ),
                )
            )
        out.append(item)
    if problems:
        raise ScheduleError(problems)
    return out


def warn_tests_before_start_on_closed_days(
    course: Course, tests: list[MonitoringEvent], warnings: Warnings
) -> None:
    """Warn of each test due before the first day of treatment (day 0, a pregnancy test
    within 24 hours before, a type and screen) on a closed ward day: it gates the start, and
    nobody on the ward can take it that day."""
    calendar = course.calendar
    if not (calendar.closed_weekdays or calendar.holidays or calendar.closed):
        return
    for event in tests:
        if event.date >= course.start:
            break
        if calendar.is_closed(event.date):
            warnings.add(
                "warning.test.closed_before_start",
                test=Said(event.test, test_name_zh(event.test)),
                date=event.date,
                cycle_day=event.cycle_day,
                why=Said(calendar.why_closed(event.date), calendar.why_closed(event.date, "zh")),
            )


def warn_missing_holidays(course: Course, end: date, warnings: Warnings) -> None:
    """Warn of each year of the course for which the ward has no official holiday data."""
    for year in course.calendar.missing_years(course.start, end):
        warnings.add("warning.calendar.no_holiday_data", year=year)
