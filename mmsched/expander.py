"""The expander: a validated plan in, every dated and dosed administration out.

Pure: no files, no clock, no locale. Pipeline, in order:

1. BSA from the plan's formula, rounded half-up to 0.01 m², then the optional cap.
2. One dose per drug: the prescribed dose (or the plan's choice inside a range) times BSA or
   weight, rounded to the regimen's step.
3. Cycle starts: ``start + (cycle - 1) × cycle_days`` plus every delay of that cycle and the ones
   before it.
4. For each cycle, each drug's days of that cycle, as dates.
5. Safety check: every drug with ``min_interval_hours`` keeps it between consecutive doses
   (doses on the same time of day, so a gap of N days is N × 24 hours).
"""

from __future__ import annotations

from datetime import timedelta

from .bsa import body_surface_area
from .dosing import ROUNDING_TOLERANCE, DoseResult, compute_dose, rounding_deviation
from .errors import Problem, ScheduleError
from .models import Plan
from .schedule import Administration, Schedule
from .units import format_amount


def expand(plan: Plan) -> Schedule:
    """Expand a plan into its schedule.

    Raises:
        ScheduleError: the schedule would break a regimen's minimum interval.
    """
    regimen = plan.regimen
    patient = plan.patient
    warnings: list[str] = []

    bsa_uncapped = body_surface_area(plan.bsa_formula, patient.height_cm, patient.weight_kg)
    bsa = bsa_uncapped
    if plan.bsa_cap_m2 is not None and bsa_uncapped > plan.bsa_cap_m2:
        bsa = plan.bsa_cap_m2
        warnings.append(
            f"BSA capped at {bsa:.2f} m² by the plan (calculated {bsa_uncapped:.2f} m²); "
            "every BSA-based dose uses the capped value"
        )

    doses: dict[str, DoseResult] = {}
    for rule in regimen.rules:
        prescribed = plan.chosen_dose(rule.drug) or rule.dose
        result = compute_dose(
            prescribed, bsa_m2=bsa, weight_kg=patient.weight_kg, rounding=rule.rounding
        )
        if result.dose_calculated > 0 and rounding_deviation(result) > ROUNDING_TOLERANCE:
            warnings.append(
                f"{rule.drug}: rounding to {result.rounding} moves the dose from "
                f"{format_amount(result.dose_calculated)} to {format_amount(result.dose)} "
                f"{result.unit}, more than 10 % (HOPA 2018); check the rounding step"
            )
        doses[rule.drug] = result

    cycle_starts = []
    delay_total = 0
    for cycle in range(1, plan.total_cycles + 1):
        delay_total += plan.delays.get(cycle, 0)
        offset = (cycle - 1) * regimen.cycle_days + delay_total
        cycle_starts.append(plan.start + timedelta(days=offset))

    administrations: list[Administration] = []
    for cycle, cycle_start in enumerate(cycle_starts, start=1):
        for rule in regimen.rules:
            result = doses[rule.drug]
            for day in rule.days_for(cycle):
                administrations.append(
                    Administration(
                        date=cycle_start + timedelta(days=day - 1),
                        cycle=cycle,
                        day=day,
                        drug=rule.drug,
                        dose=result.dose,
                        dose_calculated=result.dose_calculated,
                        unit=result.unit,
                        route=rule.route,
                        prescribed=result.prescribed,
                        basis=result.basis,
                        bsa_m2=result.bsa_m2,
                        rounding=result.rounding,
                    )
                )
    order = {rule.drug: i for i, rule in enumerate(regimen.rules)}
    administrations.sort(key=lambda a: (a.date, order[a.drug]))
    _check_intervals(plan, administrations)

    return Schedule(
        patient_id=patient.id,
        patient_name=patient.name,
        sex=patient.sex,
        age=patient.age_on(plan.start),
        regimen_id=regimen.id,
        regimen_name=regimen.name.en,
        regimen_name_zh=regimen.name.zh,
        cycle_days=regimen.cycle_days,
        cycles=plan.total_cycles,
        start=plan.start,
        cycle_starts=tuple(cycle_starts),
        height_cm=patient.height_cm,
        weight_kg=patient.weight_kg,
        bsa_m2=bsa,
        bsa_formula=plan.bsa_formula,
        bsa_uncapped_m2=bsa_uncapped,
        administrations=tuple(administrations),
        warnings=tuple(warnings),
        drugs=tuple((rule.drug, rule.name_zh) for rule in regimen.rules),
    )


def _check_intervals(plan: Plan, administrations: list[Administration]) -> None:
    """Refuse a schedule in which a drug's doses come closer than its minimum interval."""
    last: dict[str, Administration] = {}
    problems = []
    for adm in administrations:
        rule = plan.regimen.rule(adm.drug)
        assert rule is not None
        before = last.get(adm.drug)
        last[adm.drug] = adm
        if before is None or rule.min_interval_hours is None:
            continue
        hours = (adm.date - before.date).days * 24
        if hours < rule.min_interval_hours:
            problems.append(
                Problem(
                    adm.drug,
                    f"{before.cycle_day} ({before.date}) and {adm.cycle_day} ({adm.date}) are "
                    f"{hours} hours apart; regimen '{plan.regimen.id}' requires at least "
                    f"{rule.min_interval_hours} hours",
                )
            )
    if problems:
        raise ScheduleError(problems)
