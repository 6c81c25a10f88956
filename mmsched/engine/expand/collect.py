"""Step 5: the administrations and skipped doses, in date order, and each drug's total."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

from ..course import Course
from ..placement import DrugCourse, Planned
from ..rules import DrugRule
from ..schedule import Administration, SkippedDose
from .doses import CycleDose
from .notes import LONG_SHIFT_DAYS, Warnings

_BY_DATE = attrgetter("date")
#: Each drug's total dose over the course, and its unit.
Totals = dict[str, tuple[Decimal, str]]


def collect(
    course: Course,
    placed: tuple[dict[str, DrugCourse], dict[str, list[Planned]]],
    doses: dict[str, list[CycleDose]],
    warnings: Warnings,
) -> tuple[list[Administration], list[SkippedDose], Totals]:
    """The administrations and skipped doses in date order, and each drug's total dose."""
    courses, as_planned = placed
    administrations: list[Administration] = []
    skipped: list[SkippedDose] = []
    totals: Totals = {}
    for rule in course.regimen.rules:
        per_cycle = doses[rule.drug]
        # A drug's given doses are placed in date order, so this sums them in date order.
        total, unit = Decimal(0), ""
        if rule.drug in as_planned:
            total, unit = _as_planned(rule, as_planned[rule.drug], per_cycle, administrations)
        if rule.drug in courses:
            total, unit = _from_slots(
                rule, courses[rule.drug], per_cycle, (total, unit),
                out=administrations, skipped=skipped, warnings=warnings,
            )  # fmt: skip
        if unit:  # some dose of the drug is given
            totals[rule.drug] = (total, unit)
    # Built drug by drug in the regimen's order, and a drug has at most one dose a day, so a
    # stable sort by date alone orders by date, then by the regimen's drug order.
    administrations.sort(key=_BY_DATE)
    skipped.sort(key=_BY_DATE)
    return administrations, skipped, totals


def _as_planned(
    rule: DrugRule,
    planned: list[Planned],
    per_cycle: list[CycleDose],
    out: list[Administration],
) -> tuple[Decimal, str]:
    """The doses of a drug that no closed day, interval or change moved: one record each."""
    append, new, drug, route = out.append, _new_administration, rule.drug, rule.route
    total, unit, current = Decimal(0), "", 0
    rows = rule.row_doses
    for cycle, day_of_cycle, day, _, _ in planned:
        if cycle != current or rows:  # the dose's fields, read once per cycle (or day)
            current = cycle
            cycle_dose = per_cycle[cycle - 1]
            if rows:
                cycle_dose = cycle_dose.on_day(day_of_cycle)
            result = cycle_dose.result
            dose, calculated, unit = result.dose, result.dose_calculated, result.unit
            prescribed, basis = result.prescribed, result.basis
            bsa_m2, rounding = result.bsa_m2, result.rounding
            notes, override, notes_zh = cycle_dose.notes, cycle_dose.override, cycle_dose.notes_zh
            instructions, instructions_zh = cycle_dose.instructions, cycle_dose.instructions_zh
            dispensed_as = cycle_dose.dispensed_as
        total += dose
        append(
            new(
                day, cycle, day_of_cycle, drug, dose, calculated, unit, route, prescribed,
                basis, bsa_m2, rounding, None, None, notes, None, override, notes_zh,
                instructions, instructions_zh, dispensed_as,
            )
        )  # fmt: skip
    return total, unit


def _from_slots(
    rule: DrugRule,
    drug_course: DrugCourse,
    per_cycle: list[CycleDose],
    so_far: tuple[Decimal, str],
    *,
    out: list[Administration],
    skipped: list[SkippedDose],
    warnings: Warnings,
) -> tuple[Decimal, str]:
    """The doses of a drug that were placed slot by slot: given ones, with why each moved,
    and the ones left out; a dose closed days pushed far from its day is warned about."""
    total, unit = so_far
    for slot in drug_course.slots:
        if slot.skipped is not None:
            skipped.append(
                SkippedDose(
                    slot.date, slot.cycle, slot.day, rule.drug, slot.skipped or "",
                    slot.skip_reason or "",
                )
            )  # fmt: skip
            continue
        cycle_dose = per_cycle[slot.cycle - 1].on_day(slot.day)
        result = cycle_dose.result
        total += result.dose
        unit = result.unit
        planned: date | None = None
        reason = reason_zh = None
        if slot.date != slot.planned:
            planned = slot.planned
            reason, reason_zh = "; ".join(slot.reasons_en), "；".join(slot.reasons_zh)
            if (slot.date - planned).days >= LONG_SHIFT_DAYS and not slot.move_reason:
                warnings.long_shift(
                    rule.drug, rule.name_zh, slot.cycle, slot.day, planned=planned, given=slot.date
                )
        out.append(
            _new_administration(
                slot.date, slot.cycle, slot.day, rule.drug, result.dose, result.dose_calculated,
                result.unit, rule.route, result.prescribed, result.basis, result.bsa_m2,
                result.rounding, planned, reason, cycle_dose.notes, reason_zh,
                cycle_dose.override, cycle_dose.notes_zh, cycle_dose.instructions,
                cycle_dose.instructions_zh, cycle_dose.dispensed_as,
            )
        )  # fmt: skip
    return total, unit


def _positional_constructor(cls: type[Any]) -> Callable[..., Any]:
    """A constructor of the frozen, slotted dataclass ``cls`` that takes every field
    positionally, in field order, and sets each slot through its descriptor.

    The dataclass's own ``__init__`` sets each field through ``object.__setattr__`` (it must get
    past the frozen ``__setattr__``); setting the slots directly gives the same object a fifth
    faster, which counts once per dose of every plan. Built from the dataclass's own fields,
    so it cannot fall out of step with them.
    """
    names = [f.name for f in fields(cls)]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{name}": getattr(cls, name).__set__ for name in names})
    body = "".join(f"    _set_{name}(self, {name})\n" for name in names)
    source = f"def new({', '.join(names)}):\n    self = _new(_cls)\n{body}    return self\n"
    exec(source, namespace)  # noqa: S102 - the source is built from field names only
    constructor: Callable[..., Any] = namespace["new"]
    return constructor


_new_administration: Callable[..., Administration] = _positional_constructor(Administration)
