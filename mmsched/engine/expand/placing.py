"""Step 4: each drug's doses on dates (:mod:`mmsched.engine.placement` does the placing).

The day rules give the planned dates; the ward's closed days move them by each drug's policy,
then the plan's moves, holds, omissions and stops apply in order, keeping every interval.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..changes import Hold, Move, Omit, Resume, Stop
from ..course import Course
from ..placement import DrugCourse, Planned, Slot, apply_changes, follow, stay_as_planned
from ..rules import DrugRule
from .doses import CycleDose

#: ``_DAY_OFFSETS[n]`` is the offset of day ``n`` of a cycle from its first day (n - 1 days).
_DAY_OFFSETS = tuple(timedelta(days=day - 1) for day in range(367))


def place(
    course: Course, starts: list[date], ends: list[date], doses: dict[str, list[CycleDose]]
) -> tuple[dict[str, DrugCourse], dict[str, list[Planned]]]:
    """Each drug's doses, placed: as slots (:class:`DrugCourse`) where a closed day, an
    interval or a plan change moves or drops any of them, else as planned (the common case,
    without the cost of a slot per dose). ``ends``: the day after each cycle."""
    dated = [
        (i, c)
        for i, c in enumerate(course.changes)
        if isinstance(c, Move | Hold | Resume | Omit | Stop)
    ]
    changed = {c.drug for _, c in dated}
    courses: dict[str, DrugCourse] = {}
    as_planned: dict[str, list[Planned]] = {}
    offsets = _DAY_OFFSETS
    for rule in course.regimen.rules:
        planned: list[Planned] = []
        append = planned.append
        per_cycle = doses[rule.drug]
        for cycle, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
            for day in per_cycle[cycle - 1].days:
                append((cycle, day, start + offsets[day], start, end))
        stays = stay_as_planned(rule, course.calendar, planned)
        if stays and rule.drug not in changed:
            as_planned[rule.drug] = planned
            continue
        slots = [Slot(c, d, on, on, on, start, end) for c, d, on, start, end in planned]
        drug_course = DrugCourse(rule, slots, course.calendar)
        if not stays:
            drug_course.settle()
        courses[rule.drug] = drug_course
    apply_changes(courses, dated)
    for rule in course.regimen.rules:
        if rule.follows and any(row.with_drug in courses for row in rule.days_by_cycle):
            _follow(rule, course, courses, as_planned)
    return courses, as_planned


def _follow(
    rule: DrugRule,
    course: Course,
    courses: dict[str, DrugCourse],
    as_planned: dict[str, list[Planned]],
) -> None:
    """Rows that follow a drug whose doses were placed off their planned dates (a closed day,
    a plan change) move with them; a drug taken as planned gets slots first."""
    planned = as_planned.pop(rule.drug, None)
    if planned is not None:
        slots = [Slot(c, d, on, on, on, start, end) for c, d, on, start, end in planned]
        courses[rule.drug] = DrugCourse(rule, slots, course.calendar)
    names_zh = {r.drug: r.name_zh for r in course.regimen.rules if r.name_zh}
    follow(courses[rule.drug], courses, names_zh)
