"""Step 7: the monitoring tests of the course, on their days or with a drug's actual doses.

A test's days may be days of each cycle (day 0 and negative days fall before the cycle's day 1
and keep their owning cycle: C2D0 is the last day of cycle 1), days counted from C1D1 in
calendar days whatever the cycles (``course_days``, ``course_every``: the pregnancy-test
programme counts weeks), or the days a drug is actually given. Its ``conditions`` are checked
on each date (:class:`~mmsched.engine.orderset.Conditions`).
"""

from __future__ import annotations

from datetime import date, timedelta

from ..course import Course
from ..placement import DrugCourse, Planned
from ..rules import MonitoringRule
from ..schedule import Administration, MonitoringEvent

#: ``_OFFSETS[n]`` is the offset of day ``n`` of a cycle from its first day.
_OFFSETS = tuple(timedelta(days=day - 1) for day in range(367))

#: A test's date, its order in the regimen, cycle, day of the cycle, test id and window end.
_Event = tuple[date, int, int, int, str, date | None]


def monitoring(
    course: Course,
    starts: list[date],
    ends: list[date],
    placed: tuple[dict[str, DrugCourse], dict[str, list[Planned]]],
    administrations: list[Administration] | None = None,
) -> list[MonitoringEvent]:
    """Every test, in date order (then the regimen's order), each date and test once;
    ``ends``: the day after each cycle."""
    events: list[_Event] = []
    given: dict[str, dict[int, list[tuple[date, int]]]] = {}
    patient = course.patient
    for order, rule in enumerate(course.regimen.monitoring_rules):
        if rule.conditions is not None and not rule.conditions.holds_for(patient):
            continue  # not for this patient: no date to work out
        if rule.course_days or rule.course_every:
            events.extend(_on_course_days(course, rule, order, starts, ends))
            continue
        for cycle, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
            if not rule.covers(cycle):
                continue
            if rule.with_drug is not None:
                by_cycle = given.get(rule.with_drug)
                if by_cycle is None:
                    by_cycle = given[rule.with_drug] = _given_by_cycle(rule.with_drug, placed)
                for when_given, day_given in by_cycle.get(cycle, ()):
                    events.append((when_given, order, cycle, day_given, rule.test, None))
                continue
            events.extend(_on_days(course, rule, order, cycle, start=start, end=end))
    if any(
        r.conditions is not None and r.conditions.on_dates for r in course.regimen.monitoring_rules
    ):
        events = _where_conditions_hold(course, events, administrations or [])
    # The window is last and follows from the date and the rule: it never decides the order.
    events.sort()
    found: list[MonitoringEvent] = []
    seen: set[tuple[date, str]] = set()
    for d, _, c, day, t, w in events:
        if (d, t) not in seen:
            seen.add((d, t))
            found.append(MonitoringEvent(d, c, day, t, w))
    return found


def _where_conditions_hold(
    course: Course, events: list[_Event], administrations: list[Administration]
) -> list[_Event]:
    """The events whose rule's conditions hold on their date."""
    rules = course.regimen.monitoring_rules
    needs_given = any(
        r.conditions is not None and (r.conditions.given or r.conditions.not_given) for r in rules
    )
    on = frozenset((a.drug, a.date) for a in administrations) if needs_given else frozenset()
    kept = []
    for event in events:
        conditions = rules[event[1]].conditions
        if conditions is None or conditions.holds_on(event[0], on):
            kept.append(event)
    return kept


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


def _on_course_days(
    course: Course, rule: MonitoringRule, order: int, starts: list[date], ends: list[date]
) -> list[_Event]:
    """A test on days counted from C1D1 (day 1) in calendar days (or from the first day of the
    maintenance phase, for its own programme), each with the cycle (and day of it) its date
    falls in; dates before C1D1 belong to cycle 1 (day 0, -13, ...)."""
    first, last = starts[rule.course_from - 1], ends[-1]
    days = list(rule.course_days)
    if rule.course_every is not None:
        day, step = rule.course_every
        while first + timedelta(days=day - 1) < last:
            days.append(day)
            day += step
    events: list[_Event] = []
    for day in sorted(set(days)):
        when = first + timedelta(days=day - 1)
        if when >= last:
            continue
        moved = course.calendar.off_closed_day(when, rule.on_closed_day)
        if moved is None:
            continue
        cycle = next((c for c in range(len(starts), 0, -1) if starts[c - 1] <= moved), 1)
        own = (moved - starts[cycle - 1]).days + 1
        window = moved + timedelta(days=rule.window_days) if rule.window_days else None
        events.append((moved, order, cycle, own, rule.test, window))
    return events


def _on_days(
    course: Course, rule: MonitoringRule, order: int, cycle: int, *, start: date, end: date
) -> list[_Event]:
    """A test's days in one cycle, moved off closed days by its policy."""
    calendar = course.calendar
    if not (calendar.closed_weekdays or calendar.holidays or calendar.closed) and (
        not rule.window_days and rule.days and rule.days[0] >= 1
    ):
        # A ward open every day, days of the cycle only, no window: nothing to move.
        test = rule.test
        return [(start + _OFFSETS[day], order, cycle, day, test, None) for day in rule.days]
    events: list[_Event] = []
    for day in rule.days:
        when: date | None = start + timedelta(days=day - 1)
        assert when is not None
        if day < 1:
            # Before day 1: the cycle's bounds do not apply (C1D0 is before the course).
            when = course.calendar.off_closed_day(when, rule.on_closed_day)
            if when is not None:
                window = when + timedelta(days=rule.window_days) if rule.window_days else None
                events.append((when, order, cycle, day, rule.test, window))
            continue
        if calendar.is_closed(when) and rule.on_closed_day != "keep":
            if rule.on_closed_day == "omit":
                continue
            planned = when
            # The policy's way first, then the other way, inside the cycle; a test never makes
            # a plan unusable: with the ward closed to the cycle's end it stays on its day.
            if rule.on_closed_day == "shift-earlier":
                when = calendar.previous_open(planned, start) or calendar.next_open(planned, end)
            else:
                when = calendar.next_open(planned, end) or calendar.previous_open(planned, start)
            when = when or planned
        window = when + timedelta(days=rule.window_days) if rule.window_days else None
        events.append((when, order, cycle, day, rule.test, window))
    return events
