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

from ..engine.bsa import FORMULAS
from ..engine.course import Maintenance
from ..engine.dispensing import Strengths, at_or_above, at_or_below, exactly
from ..engine.orderset import SupportiveRule
from ..engine.rules import DrugRule
from ..engine.units import Dose, format_amount
from ..engine.wardcal import WardCalendar
from ..errors import MmschedError, Problem
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
        problems.append(Problem("start", f"{start} is not a plausible start date (2000 to 2100)"))
    formula = values.get("bsa_formula")
    if formula is not None and formula not in FORMULAS:
        problems.append(
            Problem(
                "bsa_formula",
                f"'{formula}' is not a known formula; use one of {', '.join(FORMULAS)}",
            )
        )
    patient: Patient | None = values.get("patient")
    if patient and start and patient.birth_date is not None:
        if patient.birth_date >= start:
            problems.append(Problem("patient.birth_date", "is on or after the start date"))
        elif not 0 <= patient.age_on(start) <= 120:
            problems.append(
                Problem(
                    "patient.birth_date",
                    f"{patient.birth_date} makes the patient {patient.age_on(start)} on the "
                    f"start date {start}; an age is 0 to 120: check the year",
                )
            )
        elif patient.age is not None and patient.age != patient.age_on(start):
            problems.append(
                Problem(
                    "patient.age",
                    f"age {patient.age} does not match birth_date {patient.birth_date} "
                    f"({patient.age_on(start)} on the start date {start}); correct one of them "
                    "or give only one",
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
        later.append(
            Problem(
                "doses.maintenance",
                "give the maintenance phase's doses as a mapping, e.g. "
                "maintenance: {dexamethasone: 40 mg}",
            )
        )
        del top["maintenance"]
    block = values.get("maintenance_doses") or None
    found, maintenance = _maintenance(values, regimen, (top, block), later, formulary)
    total_cycles = (values.get("cycles") or regimen.cycles) + (
        maintenance.cycles if maintenance is not None else 0
    )
    for cycle, days in (values.get("delays") or {}).items():
        if not 1 <= cycle <= total_cycles:
            problems.append(
                Problem(
                    f"delays.{cycle}", f"there is no cycle {cycle}; cycles run 1 to {total_cycles}"
                )
            )
        if not 0 <= days <= 365:
            problems.append(
                Problem(f"delays.{cycle}", f"{days} days: a delay is 0 to 365 days later")
            )
    delays = values.get("delays") or {}
    for i, change in enumerate(values.get("changes") or []):
        if isinstance(change, Delay) and change.cycle in delays:
            problems.append(
                Problem(
                    f"changes[{i}]",
                    f"cycle {change.cycle} is delayed here and in 'delays' too, and the two "
                    "would add up; keep one of them",
                )
            )
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
                Problem(
                    "doses.maintenance",
                    f"regimen '{regimen.id}' names no maintenance regimen; leave "
                    "doses.maintenance out",
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
                Problem(
                    f"measurements[{i}].date",
                    f"{day} is the date of measurements[{first[day]}] too; give one "
                    "measurement per date (weight and height together in it)",
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
    problems: list[Problem] = []
    _check_doses(regimen, {drug: text}, problems)
    return next((p.message for p in problems if p.field == f"doses.{drug}"), None)


def _undispensable(rule: DrugRule, choice: Dose, held: Strengths | None) -> str | None:
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
    return f"{choice} cannot be made from the strengths {strengths.describe()} " + (
        f"({strengths.source}); choose {options}"
        if options
        else f"({strengths.source}) inside the regimen's range {rule.dose}; check the strengths"
    )


def _check_formulary(
    regimen: Regimen, formulary: dict[str, Strengths], problems: list[Problem]
) -> None:
    """A ward formulary in another unit than the regimen's dose cannot be used for it."""
    for drug, strengths in formulary.items():
        rule = regimen.rule(drug)
        if rule is not None and rule.route == "PO" and strengths.unit != rule.dose.unit:
            problems.append(
                Problem(
                    "ward",
                    f"the ward's formulary gives {drug} in {strengths.unit}, but regimen "
                    f"'{regimen.id}' doses it in {rule.dose.unit}; write the strengths in "
                    f"{rule.dose.unit} in the ward file",
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
                Problem(
                    where,
                    f"regimen '{regimen.id}' has no drug '{drug}'; its drugs are "
                    f"{', '.join(r.drug for r in regimen.rules)}",
                )
            )
            continue
        if not rule.dose.is_range:
            if _same_dose(text, rule.dose):
                continue  # the regimen's own dose, written out: nothing to choose
            problems.append(
                Problem(
                    where,
                    f"{drug} has a fixed dose of {rule.dose} in regimen '{regimen.id}'; "
                    "only a dose range is chosen in the plan (to give less, write a "
                    "dose_level change; to confirm the dose, write exactly "
                    f"{rule.dose})",
                )
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
                Problem(
                    f"{prefix}{rule.drug}",
                    f"{rule.drug} is prescribed as a range ({rule.dose}) in regimen "
                    f"'{regimen.id}'; choose the dose in the plan, e.g. "
                    f"doses: {example}",
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
        shown = "a prompt" if dose is None else f"a fixed dose of {dose}"
        problems.append(
            Problem(where, f"{item.item} has {shown}; only a dose range is chosen in the plan")
        )
        return None
    try:
        choice = parse_item_dose(text)
    except ValueError as exc:
        problems.append(Problem(where, str(exc)))
        return None
    if choice.is_range or choice.unit_text != dose.unit_text:
        problems.append(
            Problem(where, f"choose one dose in {dose.unit_text} inside {dose}, e.g. "
                    f"'{format_amount(dose.low)} {dose.unit_text}'")
        )  # fmt: skip
        return None
    if not dose.low <= choice.low <= dose.high:
        problems.append(
            Problem(where, f"{choice} is outside the regimen's range for {item.item} ({dose}); "
                    "choose a dose inside it")
        )  # fmt: skip
        return None
    return choice


def _choice(
    rule: DrugRule, text: str, held: Strengths | None, where: str, problems: list[Problem]
) -> Dose | None:
    """The plan's dose inside the drug's range, or None with the problem added."""
    try:
        choice = Dose.parse(text)
    except ValueError as exc:
        problems.append(Problem(where, str(exc)))
        return None
    if choice.is_range or choice.unit_text != rule.dose.unit_text:
        problems.append(
            Problem(
                where,
                f"choose one dose in {rule.dose.unit_text} inside {rule.dose}, e.g. "
                f"'{rule.dose.low} {rule.dose.unit_text}'",
            )
        )
    elif not rule.dose.low <= choice.low <= rule.dose.high:
        problems.append(
            Problem(
                where,
                f"{choice} is outside the regimen's range for {rule.drug} ({rule.dose}); "
                "choose a dose inside it",
            )
        )
    elif (problem := _undispensable(rule, choice, held)) is not None:
        problems.append(Problem(where, problem))
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
                Problem(
                    f"{where}.drug",
                    f"regimen {named} has no drug '{drug}'; its drugs are {', '.join(drugs)}",
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
            problems.append(
                Problem(
                    where,
                    f"there is no cycle {cycle}; cycles run 1 to {total_cycles}",
                )
            )


def _check_level(
    regimen: Regimen, rule: DrugRule, change: DoseLevel, where: str, problems: list[Problem]
) -> None:
    assert change.level is not None
    levels = rule.levels
    if not levels:
        problems.append(
            Problem(
                f"{where}.level",
                f"regimen '{regimen.id}' defines no dose levels for "
                f"{change.drug}; use 'percent' instead",
            )
        )
    elif change.level >= len(levels):
        problems.append(
            Problem(
                f"{where}.level",
                f"{change.drug} has levels 0 to {len(levels) - 1} ({', '.join(map(str, levels))})",
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
