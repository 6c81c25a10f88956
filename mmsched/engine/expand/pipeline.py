"""The expander's pipeline: a compiled course in, its schedule out, one named step at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Protocol

from ...errors import MmschedError
from ..course import Course
from ..schedule import Schedule
from .body import BodySizes
from .checks import (
    check_intervals,
    cumulative,
    warn_missing_holidays,
    warn_tests_before_start_on_closed_days,
)
from .collect import collect
from .cycles import cycle_ends, cycle_starts
from .doses import CycleDoses
from .monitoring import monitoring
from .notes import Warnings
from .placing import place
from .renal import renal_assessment
from .supportive import OrderSet, order_set_warnings
from .weight import weight_flags


class HasCourse(Protocol):
    """Anything that compiles to a course: a validated :class:`mmsched.Plan`."""

    @property
    def course(self) -> Course: ...


def expand(plan: Course | HasCourse) -> Schedule:
    """Expand a plan (or its compiled :class:`~mmsched.engine.course.Course`) into its schedule.

    Raises:
        ScheduleError: the schedule would break a regimen's rule (an interval, a dose that
            cannot be placed before the next cycle, a change that names no dose).
        PlanError: a renally dosed drug without creatinine, where the regimen makes it an error.
        Either names the plan's file when the plan was loaded from one.
    """
    course = plan if isinstance(plan, Course) else plan.course
    try:
        return run(course)
    except MmschedError as exc:
        if course.source is None:
            raise
        raise exc.in_file(course.source) from None


def expand_many(plans: Iterable[Course | HasCourse]) -> Iterator[Schedule]:
    """Expand plans one at a time (for nightly batches); stops at the first error."""
    for plan in plans:
        yield expand(plan)


def run(course: Course) -> Schedule:
    """The steps, in order; each is a function (or small class) of its own module."""
    warnings = Warnings()
    phasing = None
    if course.maintenance is not None and course.maintenance.cycles:
        from ..phases import phased  # only for a course with a maintenance phase

        phasing = phased(course)
        course = phasing.course  # both phases' rules, cycles continued
    starts = cycle_starts(course, None if phasing is None else phasing.lengths)
    last_length = course.regimen.cycle_days if phasing is None else phasing.lengths[-1]
    ends = cycle_ends(starts, last_length)
    sizes = BodySizes(course, warnings)
    bodies = [sizes.on(start) for start in starts]
    renal = renal_assessment(course, warnings, phasing)
    doses = CycleDoses(course, renal, warnings, phasing)
    per_cycle = {
        rule.drug: [doses.dose(rule, cycle, body) for cycle, body in enumerate(bodies, start=1)]
        for rule in course.regimen.rules
    }
    placed = place(course, starts, ends, per_cycle)
    administrations, skipped, totals = collect(course, placed, per_cycle, warnings)
    check_intervals(course, administrations)
    last_day = ends[-1] - timedelta(days=1)
    warn_missing_holidays(course, last_day, warnings)
    # patient.bsa_m2 and the header are the patient's recorded (baseline) measures; each dose
    # carries the BSA of its own cycle.
    baseline = sizes.on(date.min)
    tests = monitoring(course, starts, ends, placed, administrations)
    warn_tests_before_start_on_closed_days(course, tests, warnings)
    given = tuple(administrations)
    maintenance_from = None if phasing is None else phasing.table[1].first_cycle
    order_set = (
        OrderSet(course, tuple(starts), given, maintenance_from)
        if regimen_has_order_set(course)
        else None
    )
    order_set_warnings(course, tuple(starts), given, warnings)
    flags = weight_flags(course, starts, bodies, sizes=sizes, doses=doses, warnings=warnings)
    totals_checked = cumulative(course, totals)
    patient, regimen = course.patient, course.regimen
    return Schedule(
        patient_id=patient.id,
        patient_name=patient.name,
        sex=patient.sex,
        age=patient.age,
        regimen_id=regimen.id,
        regimen_name=regimen.name.en,
        regimen_name_zh=regimen.name.zh,
        cycle_days=regimen.cycle_days,
        cycles=len(starts),
        start=course.start,
        cycle_starts=tuple(starts),
        height_cm=baseline.height_cm,
        weight_kg=baseline.weight_kg,
        bsa_m2=baseline.bsa_m2,
        bsa_formula=course.bsa_formula,
        bsa_uncapped_m2=baseline.bsa_uncapped_m2,
        administrations=given,
        warnings=tuple(warnings.en),
        warnings_zh=tuple(warnings.zh),
        warning_codes=tuple(warnings.codes),
        monitoring=tuple(tests),
        drugs=tuple((rule.drug, rule.name_zh) for rule in regimen.rules),
        skipped=tuple(skipped),
        weight_flags=tuple(flags),
        cumulative=tuple(totals_checked),
        renal=renal,
        assumptions=tuple((a.en, a.zh, a.source) for a in regimen.assumptions),
        order_set=order_set,
        rules=regimen.rules,
        phases=() if phasing is None else phasing.table,
    )


def regimen_has_order_set(course: Course) -> bool:
    """Whether the regimen has supportive items to date."""
    return bool(course.regimen.supportive)
