"""Step 6: the checks no schedule may fail (every interval, every lifetime maximum) and the
warning of a year without holiday data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
            why_en, why_zh = calendar.why_closed(event.date), calendar.why_closed(event.date, "zh")
            warnings.once(
                f"{event.test} on {event.date} ({event.cycle_day}), before the first dose, falls "
                f"on a closed ward day ({why_en}): arrange it elsewhere or on the start day "
                "before the first dose",
                f"{event.test}（{event.date}，{event.cycle_day}）在首剂之前，但当天病区休息"
                f"（{why_zh}）：请另行安排，或于开始日首剂前完成",
            )


def warn_missing_holidays(course: Course, end: date, warnings: Warnings) -> None:
    """Warn of each year of the course for which the ward has no official holiday data."""
    for year in course.calendar.missing_years(course.start, end):
        warnings.once(
            f"the ward calendar has no official holiday data for {year}: public holidays "
            f"in {year} are NOT treated as closed days; add that year's file under "
            "holiday_files in the ward file",
            f"病区日历没有 {year} 年的法定节假日数据：{year} 年的节假日不会按休息日处理；"
            "请在病区文件的 holiday_files 中加入该年的节假日文件",
        )
