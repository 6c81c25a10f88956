"""Step 8: cycles whose weight moved past the plan's threshold, with the doses that change."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ...data.drugs import chinese_name
from ...errors import Said, ScheduleError
from ..course import Course
from ..schedule import DoseChange, WeightFlag
from ..units import format_amount, unit_words
from .body import Body, BodySizes
from .doses import CycleDoses
from .notes import Warnings


def weight_flags(
    course: Course,
    starts: list[date],
    bodies: list[Body],
    *,
    sizes: BodySizes,
    doses: CycleDoses,
    warnings: Warnings,
) -> list[WeightFlag]:
    """A flag (and a warning) for each cycle whose weight differs from the baseline by the
    plan's threshold or more, with each weight- or BSA-based dose before and after."""
    patient = course.patient
    baseline = sizes.on(date.min)
    threshold = course.weight_change_flag_percent
    flags = []
    for cycle, (start, body) in enumerate(zip(starts, bodies, strict=True), start=1):
        change = (body.weight_kg - patient.weight_kg) / patient.weight_kg * 100
        if abs(change) < threshold:
            continue
        changes = _dose_changes(course, cycle, baseline, body, doses.quiet())
        measured = max((m.date for m in course.measurements if m.date <= start), default=start)
        pct = change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        flags.append(
            WeightFlag(
                cycle, measured, body.weight_kg, patient.weight_kg, pct, body.bsa_m2,
                tuple(changes),
            )
        )  # fmt: skip
        _warn(course, cycle, body, pct=pct, changes=changes, warnings=warnings)
    return flags


def _dose_changes(
    course: Course, cycle: int, baseline: Body, body: Body, doses: CycleDoses
) -> list[DoseChange]:
    """Each weight- or BSA-based dose at the baseline body and at this cycle's. The baseline
    dose is never given: it is worked out apart (its warnings are not the schedule's), and a
    baseline dose that could not be given is left out of the comparison."""
    changes = []
    for rule in course.regimen.rules:
        if rule.dose.per is None:
            continue
        try:
            before = doses.dose(rule, cycle, baseline).result
        except ScheduleError:
            continue
        given = doses.dose(rule, cycle, body)
        if not given.days:
            continue  # not given in this cycle's phase
        after = given.result
        changes.append(DoseChange(rule.drug, before.dose, after.dose, after.unit))
    return changes


def _warn(
    course: Course,
    cycle: int,
    body: Body,
    *,
    pct: Decimal,
    changes: list[DoseChange],
    warnings: Warnings,
) -> None:
    weight, base = format_amount(body.weight_kg), format_amount(course.patient.weight_kg)
    threshold = format_amount(course.weight_change_flag_percent)
    names_zh = {r.drug: r.name_zh for r in course.regimen.rules}
    warnings.add(
        "warning.weight.changed",
        cycle=cycle,
        weight=weight,
        pct=f"{pct:+}",
        base=base,
        threshold=threshold,
        bsa=f"{body.bsa_m2:.2f}",
        changes=Said(
            ", ".join(
                f"{d.drug} {format_amount(d.before)} → {format_amount(d.after)} "
                f"{unit_words(d.unit)}"
                for d in changes
            ),
            "、".join(
                f"{chinese_name(d.drug, names_zh.get(d.drug))} "
                f"{format_amount(d.before)} → {format_amount(d.after)} {unit_words(d.unit, 'zh')}"
                for d in changes
            ),
        ),
    )
