"""Step 7: the monitoring tests of the course, on their days or with a drug's actual doses."""

from __future__ import annotations

from datetime import date, timedelta

from ...errors import Problem, ScheduleError
from ..course import Course
from ..placement import DrugCourse, Planned
from ..rules import MonitoringRule
from ..schedule import MonitoringEvent
from .cycles import cycle_ends

#: A test's date, its order in the regimen, cycle, day of the cycle and test id.
_Event = tuple[date, int, int, int, str]


def monitoring(
    course: Course,
    starts: list[date],
    placed: tuple[dict[str, DrugCourse], dict[str, list[Planned]]],
) -> list[MonitoringEvent]:
    """Every test, in date order (then the regimen's order), each date and test once."""
    events: list[_Event] = []
    ends = cycle_ends(course, starts)
    given: dict[str, dict[int, list[tuple[date, int]]]] = {}
    for order, rule in enumerate(course.regimen.monitoring_rules):
        for cycle, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
            if not rule.covers(cycle):
                continue
            if rule.with_drug is not None:
                by_cycle = given.get(rule.with_drug)
                if by_cycle is None:
                    by_cycle = given[rule.with_drug] = _given_by_cycle(rule.with_drug, placed)
                for when_given, day_given in by_cycle.get(cycle, ()):
                    events.append((when_given, order, cycle, day_given, rule.test))
                continue
            events.extend(_on_days(course, rule, order, cycle, start=start, end=end))
    events.sort()
    unique = dict.fromkeys((d, c, day, t) for d, _, c, day, t in events)
    return [MonitoringEvent(d, c, day, t) for d, c, day, t in unique]


def _given_by_cycle(
    drug: str, placed: tuple[dict[str, DrugCourse], dict[str, list[Planned]]]
) -> dict[int, list[tuple[date, int]]]:
    """The dates (and days of the cycle) ``drug`` is actually given on, by cycle."""
    courses, as_planned = placed
    by_cycle: dict[int, list[tuple[date, int]]] = {}
    for c, d, on, _, _ in as_planned.get(drug, ()):
        by_cycle.setdefault(c, []).append((on, d))
    drug_course = courses.get(drug)
    for slot in drug_course.slots if drug_course is not None else ():
        if slot.skipped is None:
            by_cycle.setdefault(slot.cycle, []).append((slot.date, slot.day))
    return by_cycle


def _on_days(
    course: Course, rule: MonitoringRule, order: int, cycle: int, *, start: date, end: date
) -> list[_Event]:
    """A test's days in one cycle, moved off closed days by its policy."""
    calendar = course.calendar
    events: list[_Event] = []
    for day in rule.days:
        when: date | None = start + timedelta(days=day - 1)
        assert when is not None
        if calendar.is_closed(when) and rule.on_closed_day != "keep":
            if rule.on_closed_day == "omit":
                continue
            if rule.on_closed_day == "shift-earlier":
                when = calendar.previous_open(when, start)
            else:
                when = calendar.next_open(when, end)
            if when is None:
                raise ScheduleError(
                    [
                        Problem(
                            f"monitoring {rule.test}",
                            f"cycle {cycle} day {day}: no open ward day to move it "
                            f"to within the cycle ({start} to {end - timedelta(1)})",
                        )
                    ]
                )
        events.append((when, order, cycle, day, rule.test))
    return events
