"""The meaning checks of a plan, run on whichever of its fields are well formed.

The start date, the BSA formula, the age against the birth date, delays and changes naming real
cycles and drugs, and each dose chosen inside its range and dispensable from the strengths held.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import (
    TypeAdapter,
    ValidationError,
)

from ..data.drugs import chinese_name
from ..engine.bsa import FORMULAS
from ..engine.course import Maintenance
from ..engine.dispensing import Strengths, at_or_above, at_or_below, exactly
from ..engine.orderset import SupportiveRule
from ..engine.rules import DrugRule
from ..engine.units import Dose, format_amount
from ..engine.wardcal import WardCalendar
from ..errors import MmschedError, Problem, Said, coded, from_exception
from . import resolve
from .changes import Change, Delay, DoseLevel
from .regimen import Regimen
from .supportive_rules import parse_item_dose

if TYPE_CHECKING:
    from .plan import Patient, Plan


def plan_problems(
    values: dict[str, Any],
) -> tuple[list[Problem], dict[str, Dose], Maintenance | None]:
    """The meaning checks of a plan, on whichever of its fields are well formed; with the
    doses it chose and the maintenance phase it schedules."""
    problems: list[Problem] = []
    start: date | None = values.get("start")
    if start is not None and not date(2000, 1, 1) <= start <= date(2100, 12, 31):
        problems.append(coded("start", "plan.start.implausible", start=start))
    formula = values.get("bsa_formula")
    if formula is not None and formula not in FORMULAS:
        problems.append(
            coded(
                "bsa_formula",
                "plan.bsa_formula.unknown",
                formula=formula,
                allowed=list(FORMULAS),
            )
        )
    patient: Patient | None = values.get("patient")
    if patient and start and patient.birth_date is not None:
        if patient.birth_date >= start:
            problems.append(coded("patient.birth_date", "plan.birth_date.after_start"))
        elif not 0 <= patient.age_on(start) <= 120:
            problems.append(
                coded(
                    "patient.birth_date",
                    "plan.birth_date.implausible_age",
                    birth_date=patient.birth_date,
                    age=patient.age_on(start),
                    start=start,
                )
            )
        elif patient.age is not None and patient.age != patient.age_on(start):
            problems.append(
                coded(
                    "patient.age",
                    "plan.age.mismatch",
                    age=patient.age,
                    birth_date=patient.birth_date,
                    age_on_start=patient.age_on(start),
                    start=start,
                )
            )
    problems += _measurement_dates(values.get("measurements") or [])
    regimen: Regimen | None = values.get("regimen")
    if regimen is None:
        return problems, {}, None
    ward = values.get("ward")
    formulary = ward.formulary if isinstance(ward, WardCalendar) else None
    top = dict(values.get("doses") or {})
    later: list[Problem] = []  # reported after the delays and the induction's doses
    if "maintenance" in top:  # not a mapping: a mapping is taken apart by the plan model
        later.append(coded("doses.maintenance", "plan.maintenance_doses.not_a_mapping"))
        del top["maintenance"]
    block = values.get("maintenance_doses") or None
    found, maintenance = _maintenance(values, regimen, (top, block), later, formulary)
    total_cycles = (values.get("cycles") or regimen.cycles) + (
        maintenance.cycles if maintenance is not None else 0
    )
    for cycle, days in (values.get("delays") or {}).items():
        if not 1 <= cycle <= total_cycles:
            problems.append(
                coded(f"delays.{cycle}", "plan.cycle.no_such", cycle=cycle, total=total_cycles)
            )
        if not 0 <= days <= 365:
            problems.append(coded(f"delays.{cycle}", "plan.delays.out_of_range", days=days))
    delays = values.get("delays") or {}
    for i, change in enumerate(values.get("changes") or []):
        if isinstance(change, Delay) and change.cycle in delays:
            problems.append(coded(f"changes[{i}]", "plan.changes.delay_twice", cycle=change.cycle))
    # Without well-formed doses (already reported), their choices cannot be checked.
    _check_formulary(regimen, formulary or {}, problems)
    choices = _check_doses(regimen, top, problems, formulary) if "doses" in values else {}
    problems += later
    _check_changes(regimen, values.get("changes") or [], total_cycles, problems, found)
    return problems, choices, maintenance


def _maintenance(
    values: dict[str, Any],
    regimen: Regimen,
    doses: tuple[dict[str, str], dict[str, str] | None],
    problems: list[Problem],
    formulary: dict[str, Strengths] | None,
) -> tuple[Regimen | None, Maintenance | None]:
    """The maintenance phase the plan schedules, with its doses: those of
    ``doses.maintenance``, and a supportive item's dose chosen for the induction where the
    maintenance has the same item and the dose fits it (aspirin 100 mg stays 100 mg)."""
    top, block = doses
    cycles = values.get("maintenance_cycles") or 0
    if cycles == 0:
        if block is not None and regimen.maintenance is None:
            problems.append(
                coded(
                    "doses.maintenance", "plan.maintenance_doses.no_maintenance", regimen=regimen.id
                )
            )
        return None, None
    from .maintenance import maintenance_of  # only for a plan with a maintenance phase

    found, maintenance = maintenance_of(regimen, cycles, {}, problems)
    if found is None:
        return None, None
    items = {item.item for item in found.compiled.supportive if item.dose is not None}
    carried = {}
    for name, text in top.items():
        if name in items and found.rule(name) is None and name not in (block or {}):
            scratch: list[Problem] = []
            _check_doses(found, {name: text}, scratch, formulary, prefix="", required=False)
            if not scratch:
                carried[name] = text
    chosen = _check_doses(
        found, {**carried, **(block or {})}, problems, formulary, prefix="doses.maintenance."
    )
    return found, None if maintenance is None else replace(maintenance, chosen=chosen)


def _measurement_dates(measurements: list[Any]) -> list[Problem]:
    """Two measurements on one date are refused: which weight the cycle uses would depend on
    their order in the file (the last silently won)."""
    problems = []
    first: dict[date, int] = {}
    for i, measurement in enumerate(measurements):
        day = measurement.date
        if day in first:
            problems.append(
                coded(
                    f"measurements[{i}].date",
                    "plan.measurements.same_date",
                    day=day,
                    other=first[day],
                )
            )
        first.setdefault(day, i)
    return problems


def dose_choice_problem(regimen: Regimen, drug: str, text: str) -> str | None:
    """Why ``text`` cannot be the plan's dose for ``drug`` (not a drug of the regimen, not a
    range, outside it, not made of the strengths held), or None when it can: the check of a
    plan's ``doses``, for one answer at a time.

    >>> from mmsched.formats.reader import load_regimen
    >>> rvd = load_regimen("rvd")
    >>> dose_choice_problem(rvd, "dexamethasone", "20 mg") is None
    True
    >>> dose_choice_problem(rvd, "dexamethasone", "50 mg")
    "50 mg is outside the regimen's range for dexamethasone (10-40 mg); choose a dose inside it"
    """
    problem = dose_choice(regimen, drug, text)
    return None if problem is None else problem.message


def dose_choice(regimen: Regimen, drug: str, text: str) -> Problem | None:
    """:func:`dose_choice_problem` as the coded problem, to be written in either language."""
    problems: list[Problem] = []
    _check_doses(regimen, {drug: text}, problems)
    return next((p for p in problems if p.field == f"doses.{drug}"), None)


def _undispensable(rule: DrugRule, choice: Dose, held: Strengths | None) -> Problem | None:
    """Why a flat oral dose chosen in the plan cannot be given, or None when it can."""
    strengths = held or rule.strengths
    if rule.route != "PO" or strengths is None or choice.per is not None:
        return None
    if strengths.unit != choice.unit or exactly(choice.low, strengths) is not None:
        return None
    near = [
        d
        for d in (at_or_below(choice.low, strengths), at_or_above(choice.low, strengths))
        if d is not None and rule.dose.low <= d.dose <= rule.dose.high
    ]
    options = " or ".join(f"{format_amount(d.dose)} {choice.unit}" for d in near)
    params = {"choice": choice, "strengths": strengths.describe(), "source": strengths.source}
    if options:
        return coded("", "plan.doses.undispensable", **params, options=options)
    return coded("", "plan.doses.undispensable_in_range", **params, dose=rule.dose)


def _check_formulary(
    regimen: Regimen, formulary: dict[str, Strengths], problems: list[Problem]
) -> None:
    """A ward formulary in another unit than the regimen's dose cannot be used for it."""
    for drug, strengths in formulary.items():
        rule = regimen.rule(drug)
        if rule is not None and rule.route == "PO" and strengths.unit != rule.dose.unit:
            problems.append(
                coded(
                    "ward",
                    "plan.ward.formulary_unit",
                    drug=drug,
                    unit=strengths.unit,
                    regimen=regimen.id,
                    dose_unit=rule.dose.unit,
                )
            )


def _check_doses(
    regimen: Regimen,
    doses: dict[str, str],
    problems: list[Problem],
    formulary: dict[str, Strengths] | None = None,
    *,
    prefix: str = "doses.",
    required: bool = True,
) -> dict[str, Dose]:
    """The doses chosen for ``regimen`` (fields named ``prefix`` + drug); ``required``: a
    drug given as a range must be chosen."""
    choices: dict[str, Dose] = {}
    items = {item.item: item for item in regimen.compiled.supportive}
    for drug, text in doses.items():
        rule = regimen.rule(drug)
        where = f"{prefix}{drug}"
        if rule is None and drug in items:
            choice = _item_choice(items[drug], text, where, problems)
            if choice is not None:
                choices[drug] = choice
            continue
        if rule is None:
            problems.append(
                coded(
                    where,
                    "plan.doses.no_such_drug",
                    regimen=regimen.id,
                    drug=drug,
                    drugs=[r.drug for r in regimen.rules],
                )
            )
            continue
        if not rule.dose.is_range:
            if _same_dose(text, rule.dose):
                continue  # the regimen's own dose, written out: nothing to choose
            problems.append(
                coded(where, "plan.doses.fixed_dose", drug=drug, dose=rule.dose, regimen=regimen.id)
            )
            continue
        choice = _choice(rule, text, (formulary or {}).get(drug), where, problems)
        if choice is not None:
            choices[drug] = choice
    for rule in regimen.rules if required else ():
        if rule.dose.is_range and rule.drug not in doses:
            example = f"{{{rule.drug}: {rule.dose.low} {rule.dose.unit_text}}}"
            if prefix != "doses.":
                example = f"{{maintenance: {example}}}"
            problems.append(
                coded(
                    f"{prefix}{rule.drug}",
                    "plan.doses.range_not_chosen",
                    drug=rule.drug,
                    dose=rule.dose,
                    regimen=regimen.id,
                    example=example,
                )
            )
    return choices


def _same_dose(text: str, dose: Dose) -> bool:
    """Whether ``text`` is exactly the regimen's fixed ``dose`` ("40 mg" for 40 mg)."""
    try:
        written = Dose.parse(text)
    except ValueError:
        return False
    return not written.is_range and written.unit_text == dose.unit_text and written.low == dose.low


def _item_choice(
    item: SupportiveRule, text: str, where: str, problems: list[Problem]
) -> Dose | None:
    """The plan's dose of a supportive item inside the item's range (a range not chosen is
    shown as a range)."""
    dose = item.dose
    if dose is None or not dose.is_range:
        code = "plan.doses.item_prompt" if dose is None else "plan.doses.item_fixed"
        problems.append(coded(where, code, item=item.item, dose=dose))
        return None
    try:
        choice = parse_item_dose(text)
    except ValueError as exc:
        problems.append(from_exception(where, exc))
        return None
    if choice.is_range or choice.unit_text != dose.unit_text:
        problems.append(
            coded(where, "plan.doses.choose_one", unit=dose.unit_text, dose=dose,
                  example=f"{format_amount(dose.low)} {dose.unit_text}")
        )  # fmt: skip
        return None
    if not dose.low <= choice.low <= dose.high:
        problems.append(
            coded(
                where,
                "plan.doses.outside_range",
                choice=choice,
                drug=_named(item.item, item.name_zh),
                dose=dose,
            )
        )
        return None
    return choice


def _named(drug: str, name_zh: str | None) -> Said:
    """A drug or item named in both languages, for a problem's sentence."""
    return Said(drug, chinese_name(drug, name_zh))


def _choice(
    rule: DrugRule, text: str, held: Strengths | None, where: str, problems: list[Problem]
) -> Dose | None:
    """The plan's dose inside the drug's range, or None with the problem added."""
    try:
        choice = Dose.parse(text)
    except ValueError as exc:
        problems.append(from_exception(where, exc))
        return None
    if choice.is_range or choice.unit_text != rule.dose.unit_text:
        problems.append(
            coded(
                where,
                "plan.doses.choose_one",
                unit=rule.dose.unit_text,
                dose=rule.dose,
                example=f"{rule.dose.low} {rule.dose.unit_text}",
            )
        )
    elif not rule.dose.low <= choice.low <= rule.dose.high:
        problems.append(
            coded(
                where,
                "plan.doses.outside_range",
                choice=choice,
                drug=_named(rule.drug, rule.name_zh),
                dose=rule.dose,
            )
        )
    elif (problem := _undispensable(rule, choice, held)) is not None:
        problems.append(replace(problem, field=where))
    else:
        return choice
    return None


def _check_changes(
    regimen: Regimen,
    changes: list[Change],
    total_cycles: int,
    problems: list[Problem],
    maintenance: Regimen | None = None,
) -> None:
    phases = [regimen] if maintenance is None else [regimen, maintenance]
    drugs = {r.drug: r for phase in reversed(phases) for r in phase.rules}
    for i, change in enumerate(changes):
        where = f"changes[{i}]"
        drug = getattr(change, "drug", None)
        if drug is not None and drug not in drugs:
            named = " or ".join(f"'{phase.id}'" for phase in phases)
            problems.append(
                coded(
                    f"{where}.drug",
                    "plan.changes.no_such_drug",
                    regimen=named,
                    drug=drug,
                    drugs=list(drugs),
                )
            )
            continue
        if isinstance(change, DoseLevel) and change.level is not None:
            # A level carries into the maintenance: each phase that gives the drug needs it.
            for phase in phases:
                rule = phase.rule(change.drug)
                if rule is not None:
                    _check_level(phase, rule, change, where, problems)
        cycle = getattr(change, "from_cycle", None) or getattr(change, "cycle", None)
        if cycle is not None and cycle > total_cycles:
            problems.append(coded(where, "plan.cycle.no_such", cycle=cycle, total=total_cycles))


def _check_level(
    regimen: Regimen, rule: DrugRule, change: DoseLevel, where: str, problems: list[Problem]
) -> None:
    assert change.level is not None
    levels = rule.levels
    if not levels:
        problems.append(
            coded(f"{where}.level", "plan.changes.no_levels", regimen=regimen.id, drug=change.drug)
        )
    elif change.level >= len(levels):
        problems.append(
            coded(
                f"{where}.level",
                "plan.changes.level_out_of_range",
                drug=change.drug,
                top=len(levels) - 1,
                levels=list(map(str, levels)),
            )
        )


def well_formed_fields(
    model: type[Plan], data: dict[str, Any], problems: list[Problem]
) -> dict[str, Any]:
    """The fields of a plan that pydantic did not fault, validated one by one, so the meaning
    checks can still run on them when another field is malformed."""
    failed = {p.field.split(".")[0].split("[")[0] for p in problems}
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in failed or info.annotation is None:
            continue
        raw = data[name] if name in data else info.get_default(call_default_factory=True)
        if name == "regimen" and isinstance(raw, str):
            try:
                raw = resolve.regimen(raw)
            except MmschedError:
                continue
        adapter: TypeAdapter[Any] = TypeAdapter(info.annotation)
        try:
            values[name] = adapter.validate_python(raw)
        except (ValidationError, MmschedError):
            continue
    return values
