"""The last dose rule: an oral dose is made of the strengths held (:mod:`..dispensing`).

A reduced dose becomes the nearest dispensable dose at or below it; a full dose the nearest
within its rounding rule (half a step, never more than 10 % above the calculated dose), else the
nearest below. A change is a note on the dose and a warning naming the calculated dose, the
given dose and the difference in %. Below the smallest strength, and an override dose that
cannot be made exactly, are errors: no schedule prints a dose nobody can give.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from ...errors import Said, ScheduleError, coded
from ..dispensing import (
    Dispensed,
    DispensingLimitError,
    Strengths,
    at_or_above,
    at_or_below,
    exactly,
    source_words,
)
from ..dosing import DoseResult, rounding_allowance
from ..rules import DrugRule
from ..units import amount_words, unit_words
from .notes import Warnings, note, said


def dispense(
    rule: DrugRule,
    result: DoseResult,
    strengths: Strengths | None,
    *,
    reduced: bool,
    override: bool,
    notes: list[tuple[str, str]],
    warnings: Warnings,
) -> tuple[DoseResult, str | None]:
    """The dose made dispensable, and how it is made ("6 mg × 3 + 2 mg × 1"); a dose that is
    not oral, or of a drug whose strengths nobody gave, is returned as it is."""
    if rule.route != "PO" or strengths is None:
        return result, None
    if strengths.unit != result.unit:
        raise ScheduleError(
            [
                coded(
                    rule.drug,
                    "schedule.strengths.other_unit",
                    source=source_words(strengths),
                    strengths_unit=Said(
                        unit_words(strengths.unit), unit_words(strengths.unit, "zh")
                    ),
                    unit=Said(unit_words(result.unit), unit_words(result.unit, "zh")),
                )
            ]
        )
    try:
        made = exactly(result.dose, strengths)
        changed = made is None
        if made is None:
            made = _nearest(rule, result, strengths, reduced=reduced, override=override)
    except DispensingLimitError as exc:  # the drug's name on it, for the person who reads it
        raise ScheduleError([replace(p, field=rule.drug) for p in exc.problems]) from None
    if changed:
        _tell(rule, result, made, strengths, notes=notes, warnings=warnings)
        result = replace(result, dose=made.dose)
    if strengths.combine and made.count > strengths.max_units:
        warnings.add(
            "warning.dispense.many_units",
            drug=said(rule),
            amount=Said(
                amount_words(made.dose, result.unit), amount_words(made.dose, result.unit, "zh")
            ),
            count=made.count,
            made=made.describe(result.unit),
            most=strengths.max_units,
            source=source_words(strengths),
        )
    return result, made.describe(result.unit)


def _nearest(
    rule: DrugRule, result: DoseResult, strengths: Strengths, *, reduced: bool, override: bool
) -> Dispensed:
    below = at_or_below(result.dose, strengths)
    above = at_or_above(result.dose, strengths)
    if override:
        near = [d.dose for d in (below, above) if d is not None]
        options = Said(
            " or ".join(amount_words(d, result.unit) for d in near),
            "或".join(amount_words(d, result.unit, "zh") for d in near),
        )
        raise ScheduleError(
            [
                coded(
                    rule.drug,
                    "schedule.override.cannot_make",
                    dose=_amount(result.dose, result.unit),
                    strengths=strengths.describe(),
                    source=source_words(strengths),
                    options=options,
                )
            ]
        )
    if not reduced and above is not None:
        allowed = result.dose_calculated + rounding_allowance(result)
        closer = below is None or above.dose - result.dose < result.dose - below.dose
        if above.dose <= allowed and closer:
            return above
    if below is None:
        raise ScheduleError(
            [
                coded(
                    rule.drug,
                    "schedule.strengths.below_smallest",
                    dose=_amount(result.dose, result.unit),
                    strengths=strengths.describe(),
                    source=source_words(strengths),
                )
            ]
        )
    return below


def _amount(amount: Decimal, unit: str) -> Said:
    return Said(amount_words(amount, unit), amount_words(amount, unit, "zh"))


def _tell(
    rule: DrugRule,
    result: DoseResult,
    made: Dispensed,
    strengths: Strengths,
    *,
    notes: list[tuple[str, str]],
    warnings: Warnings,
) -> None:
    wanted, given = amount_words(result.dose, result.unit), amount_words(made.dose, result.unit)
    wanted_zh = amount_words(result.dose, result.unit, "zh")
    given_zh = amount_words(made.dose, result.unit, "zh")
    calculated = result.dose_calculated
    if calculated != result.dose:  # a dose per m² or kg: name what was calculated, and rounded
        exact = amount_words(calculated, result.unit)
        exact_zh = amount_words(calculated, result.unit, "zh")
        wanted = f"{exact} (rounded to {wanted})"
        wanted_zh = f"{exact_zh}（取整为 {wanted_zh}）"
    # The difference from the calculated dose: what the patient gets against what was asked.
    change = ((made.dose - calculated) / calculated * 100).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    how = "one unit a dose" if not strengths.combine else "units combined"
    how_zh = "每次一粒" if not strengths.combine else "可组合"
    notes.append(
        note(
            "note.dispense.cannot_make",
            wanted=Said(wanted, wanted_zh),
            strengths=strengths.describe(),
            how=Said(how, how_zh),
            given=Said(given, given_zh),
            change=f"{change:+}",
        )
    )
    warnings.add(
        "warning.dispense.cannot_make",
        drug=said(rule),
        wanted=Said(wanted, wanted_zh),
        strengths=strengths.describe(),
        source=source_words(strengths),
        how=Said(how, how_zh),
        given=Said(given, given_zh),
        change=f"{change:+}",
    )
