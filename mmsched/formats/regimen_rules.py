"""Compiling a regimen file's drugs and tests into the engine's rules, every problem collected.

Each function parses one part of a validated :class:`~mmsched.formats.regimen.DrugSpec` (its
dose, route, rounding step, days, levels, renal and hepatic bands, strengths, age and BMI
rules) and adds what is wrong to the caller's list of problems, so a regimen file's problems
are all reported at once.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

from ..data.drugs import ROUTES
from ..engine.dayrules import parse_cycles, parse_days
from ..engine.dispensing import Strengths, at_or_below, exactly
from ..engine.rules import (
    WARD_ROUTES,
    ChairMinutes,
    CompiledAgeRule,
    CompiledBmiRule,
    CompiledRenalBand,
    CycleDays,
    DrugRule,
    Instruction,
    MonitoringRule,
)
from ..engine.rules import (
    HepaticBand as HepaticRule,
)
from ..engine.units import Dose, format_amount
from ..errors import Problem, coded, from_exception
from .supportive_rules import (
    compile_conditions,
    compile_course_days,
    compile_infusion,
    earliest_day,
    resolve_drug,
    window_minutes,
)

if TYPE_CHECKING:
    from .regimen import ByOccurrence, DrugSpec, MonitoringSpec, Regimen, ScheduleEntry


_DRUG_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


#: Route codes by their upper-case spelling, so "sc" or "iv PUSH" in a file is understood.
ROUTE_CODES = {code.upper(): code for code in ROUTES}


def compile_drug(
    spec: DrugSpec, cycle_days: int, where: str, problems: list[Problem]
) -> DrugRule | None:
    """Parse one drug's text fields, adding what is wrong to ``problems``."""
    start = len(problems)
    if not _DRUG_NAME.match(spec.drug):
        problems.append(coded(f"{where}.drug", "regimen.drug.not_a_name", drug=spec.drug))
    dose: Dose | None = None
    try:
        dose = Dose.parse(spec.dose)
    except ValueError as exc:
        problems.append(from_exception(f"{where}.dose", exc))
    route = _compile_route(spec, where, problems)
    rounding = _compile_rounding(spec, dose, where, problems)
    days_by_cycle = _compile_days(spec, cycle_days, where, problems)
    infusion = compile_infusion(spec, where, problems)
    levels = _compile_levels(spec, dose, where, problems)
    renal = _compile_renal(spec, dose, cycle_days, where, problems)
    age_rule, bmi_rule = _compile_age_and_bmi(spec, dose, where, problems)
    lifetime_max = _compile_lifetime_max(spec, dose, where, problems)
    strengths = _compile_strengths(spec, dose, route, where, problems)
    hepatic = _compile_hepatic(spec, dose, where, problems)
    chair = compile_chair_minutes(spec.chair_minutes, f"{where}.chair_minutes", problems)
    _check_home_chair(spec, route, chair, days_by_cycle, where, problems)
    if len(problems) > start or dose is None:
        return None
    rule = DrugRule(
        drug=spec.drug,
        dose=dose,
        route=route,
        days_by_cycle=days_by_cycle,
        min_interval_hours=spec.min_interval_hours,
        rounding=rounding,
        name_zh=spec.name_zh,
        on_closed_day=spec.on_closed_day or ("shift-later" if route in WARD_ROUTES else "keep"),
        levels=levels,
        renal=renal,
        renal_missing=spec.renal_missing,
        renal_source=spec.renal_source,
        age_rule=age_rule,
        lifetime_max=lifetime_max,
        strengths=strengths,
        hepatic=hepatic,
        hepatic_source=spec.hepatic_source,
        bmi_rule=bmi_rule,
        instruction=_instruction(spec.instruction, spec.instruction_zh),
        infusion=infusion,
        chair_minutes=chair,
        observation_minutes=spec.observation_minutes,
    )
    _check_row_doses(rule, spec, where, problems)
    if strengths is not None:
        _check_dispensable(rule, strengths, where, problems)
    if spec.min_interval_hours is not None:
        clash = _first_interval_clash(rule, cycle_days)
        if clash:
            problems.append(replace(clash, field=f"{where}.min_interval_hours"))
            return None
    return rule


def _compile_age_and_bmi(
    spec: DrugSpec, dose: Dose | None, where: str, problems: list[Problem]
) -> tuple[CompiledAgeRule | None, CompiledBmiRule | None]:
    """The drug's age and BMI rules, their maximum doses in the dose's unit."""
    age_rule = None
    if spec.age_rule is not None:
        max_dose = _parse_dose_like(
            spec.age_rule.max_dose, dose, f"{where}.age_rule.max_dose", problems
        )
        if max_dose is not None:
            rule_spec = spec.age_rule
            age_rule = CompiledAgeRule(rule_spec.over, max_dose, rule_spec.action, rule_spec.source)
    bmi_rule = None
    if spec.bmi_rule is not None:
        max_dose = _parse_dose_like(
            spec.bmi_rule.max_dose, dose, f"{where}.bmi_rule.max_dose", problems
        )
        if max_dose is not None:
            bmi = spec.bmi_rule
            bmi_rule = CompiledBmiRule(bmi.under, max_dose, bmi.action, bmi.source)
    return age_rule, bmi_rule


def _compile_route(spec: DrugSpec, where: str, problems: list[Problem]) -> str:
    """The route code ("sc" or "iv PUSH" in a file is understood), or a problem."""
    route = ROUTE_CODES.get(" ".join(spec.route.split()).upper(), spec.route)
    if route not in ROUTES:
        problems.append(
            coded(
                f"{where}.route",
                "regimen.route.unknown",
                route=spec.route,
                allowed=list(ROUTES),
            )
        )
    return route


def _compile_rounding(
    spec: DrugSpec, dose: Dose | None, where: str, problems: list[Problem]
) -> Dose | None:
    """The rounding step: an amount in the dose's unit."""
    if spec.rounding is None:
        return None
    try:
        rounding = Dose.parse(spec.rounding)
    except ValueError as exc:
        problems.append(from_exception(f"{where}.rounding", exc))
        return None
    if rounding.per is not None or rounding.is_range:
        problems.append(coded(f"{where}.rounding", "regimen.rounding.not_an_amount"))
    elif dose is not None and rounding.unit != dose.unit:
        problems.append(
            coded(f"{where}.rounding", "regimen.rounding.unit", step=rounding.unit, dose=dose.unit)
        )
    return rounding


def _instruction(en: str | None, zh: str | None) -> Instruction | None:
    """An instruction in English (required, the common language of every output) and
    Chinese; a Chinese one alone is kept as the English text too, never dropped."""
    if en:
        return Instruction(en, zh)
    return Instruction(zh, zh) if zh else None


def _compile_strengths(
    spec: DrugSpec, dose: Dose | None, route: str, where: str, problems: list[Problem]
) -> Strengths | None:
    """The unit strengths of an oral drug, ascending, in the dose's unit."""
    if spec.strengths is None:
        return None
    if route != "PO":
        problems.append(coded(f"{where}.strengths", "regimen.strengths.oral_only"))
        return None
    amounts: set[Decimal] = set()
    for i, text in enumerate(spec.strengths):
        strength = _parse_dose_like(text, None, f"{where}.strengths[{i}]", problems)
        if strength is None:
            continue
        if strength.per is not None or (dose is not None and strength.unit != dose.unit):
            unit = dose.unit if dose is not None else "the dose's unit"
            problems.append(
                coded(f"{where}.strengths[{i}]", "regimen.strengths.unit", text=text, unit=unit)
            )
        elif strength.low <= 0:
            problems.append(
                coded(f"{where}.strengths[{i}]", "regimen.strengths.not_a_strength", text=text)
            )
        else:
            amounts.add(strength.low)
    if not amounts:
        if not spec.strengths:
            problems.append(coded(f"{where}.strengths", "regimen.strengths.empty"))
        return None
    unit = dose.unit if dose is not None else ""
    return Strengths(tuple(sorted(amounts)), unit, spec.combine, spec.max_units)


def _compile_hepatic(
    spec: DrugSpec, dose: Dose | None, where: str, problems: list[Problem]
) -> tuple[HepaticRule, ...]:
    """Hepatic bands by bilirubin / ULN, highest threshold first, in the dose's unit."""
    if spec.hepatic is None or dose is None:
        return ()
    bands = []
    for i, band in enumerate(spec.hepatic):
        band_dose = _parse_dose_like(band.dose, dose, f"{where}.hepatic[{i}].dose", problems)
        if band_dose is not None:
            instruction = _instruction(band.instruction, band.instruction_zh)
            bands.append(HepaticRule(band.bilirubin_uln_above, band_dose, instruction))
    thresholds = [b.bilirubin_uln_above for b in bands]
    if len(set(thresholds)) != len(thresholds):
        problems.append(coded(f"{where}.hepatic", "regimen.hepatic.same_threshold"))
    return tuple(sorted(bands, key=lambda b: b.bilirubin_uln_above, reverse=True))


def _check_dispensable(
    rule: DrugRule, strengths: Strengths, where: str, problems: list[Problem]
) -> None:
    """Every flat dose the regimen itself names (its dose, levels, renal and hepatic doses)
    must be made of its strengths: a regimen must not prescribe a dose no pharmacy can give."""
    named: list[tuple[str, Dose]] = [("dose", rule.dose)]
    named += [(f"levels[{i}]", level) for i, level in enumerate(rule.levels)]
    named += [(f"renal[{i}].dose", band.dose) for i, band in enumerate(rule.renal)]
    named += [(f"hepatic[{i}].dose", band.dose) for i, band in enumerate(rule.hepatic)]
    for field, dose in named:
        if dose.per is not None:
            continue  # a per-m² or per-kg dose is made dispensable for each patient
        for amount in {dose.low, dose.high}:
            if exactly(amount, strengths) is None:
                below = at_or_below(amount, strengths)
                nearest: Problem | str = ""
                if below:
                    near = format_amount(below.dose)
                    nearest = coded(
                        "", "regimen.strengths.part_nearest", amount=near, unit=dose.unit
                    )
                one_unit = "" if strengths.combine else coded("", "regimen.strengths.part_one_unit")
                problems.append(
                    coded(
                        f"{where}.{field}",
                        "regimen.strengths.cannot_make",
                        amount=format_amount(amount),
                        unit=dose.unit,
                        strengths=strengths.describe(),
                        one_unit=one_unit,
                        nearest=nearest,
                    )
                )


def _compile_lifetime_max(
    spec: DrugSpec, dose: Dose | None, where: str, problems: list[Problem]
) -> Dose | None:
    if spec.lifetime_max is None:
        return None
    lifetime_max = _parse_dose_like(spec.lifetime_max, None, f"{where}.lifetime_max", problems)
    if lifetime_max is not None and dose is not None and lifetime_max.unit != dose.unit:
        problems.append(coded(f"{where}.lifetime_max", "regimen.lifetime_max.unit", unit=dose.unit))
    return lifetime_max


def _parse_dose_like(
    text: str, like: Dose | None, where: str, problems: list[Problem]
) -> Dose | None:
    """Parse a single dose; with ``like``, it must be in the same unit and basis."""
    try:
        dose = Dose.parse(text)
    except ValueError as exc:
        problems.append(from_exception(where, exc))
        return None
    if dose.is_range:
        problems.append(coded(where, "regimen.dose.not_a_range_here", text=text))
        return None
    if like is not None and dose.unit_text != like.unit_text:
        problems.append(
            coded(
                where,
                "regimen.dose.other_unit",
                text=text,
                unit=dose.unit_text,
                like=like.unit_text,
            )
        )
        return None
    return dose


def _compile_levels(
    spec: DrugSpec, dose: Dose | None, where: str, problems: list[Problem]
) -> tuple[Dose, ...]:
    if spec.levels is None or dose is None:
        return ()
    levels = [
        _parse_dose_like(text, dose, f"{where}.levels[{i}]", problems)
        for i, text in enumerate(spec.levels)
    ]
    if any(level is None for level in levels):
        return ()
    parsed = tuple(level for level in levels if level is not None)
    if dose.is_range or not parsed or parsed[0].low != dose.low:
        problems.append(coded(f"{where}.levels", "regimen.levels.first_full", dose=dose))
    elif any(b.low >= a.low for a, b in pairwise(parsed)):
        problems.append(coded(f"{where}.levels", "regimen.levels.go_down"))
    return parsed


def _compile_renal(
    spec: DrugSpec, dose: Dose | None, cycle_days: int, where: str, problems: list[Problem]
) -> tuple[CompiledRenalBand, ...]:
    if spec.renal is None or dose is None:
        return ()
    bands = []
    for i, band in enumerate(spec.renal):
        # In the dose's own unit and basis: a band of "1.2 mg" for a drug dosed per m² would
        # leave the levels counting down in another unit.
        band_dose = _parse_dose_like(band.dose, dose, f"{where}.renal[{i}].dose", problems)
        days = None
        if band.days is not None:
            try:
                days = parse_days(band.days, cycle_days)
            except ValueError as exc:
                problems.append(from_exception(f"{where}.renal[{i}].days", exc))
                continue
        if band_dose is not None:
            bands.append(
                CompiledRenalBand(
                    band.crcl_min,
                    band.dialysis,
                    band_dose,
                    days,
                    band.studied_min,
                    _instruction(band.instruction, band.instruction_zh),
                )
            )
    first: dict[tuple[object, bool], int] = {}
    for i, band in enumerate(spec.renal):
        key = (band.crcl_min, band.dialysis is True)
        if key in first:
            problems.append(
                coded(
                    f"{where}.renal[{i}].crcl_min",
                    "regimen.renal.same_start_dialysis" if key[1] else "regimen.renal.same_start",
                    first=first[key],
                    crcl=band.crcl_min,
                )
            )
        first.setdefault(key, i)
    if bands and not any(b.crcl_min == 0 and b.dialysis is not True for b in bands):
        problems.append(coded(f"{where}.renal", "regimen.renal.start_at_zero"))
    return tuple(bands)


def compile_monitoring(
    spec: MonitoringSpec, regimen: Regimen, where: str, problems: list[Problem]
) -> MonitoringRule | None:
    """One test: its days (day 0 and negative days allowed), the days counted from C1D1, or
    the drug it goes with (``with:``, or ``with_drug:``), and its conditions."""
    start = len(problems)
    if not _DRUG_NAME.match(spec.test):
        problems.append(coded(f"{where}.test", "regimen.monitoring.not_a_test_id", test=spec.test))
    if spec.with_ is not None and spec.with_drug is not None:
        problems.append(coded(where, "regimen.monitoring.with_twice"))
    with_drug = spec.with_ if spec.with_ is not None else spec.with_drug
    field = "with" if spec.with_ is not None else "with_drug"
    given = [x is not None for x in (spec.days, with_drug, spec.course_days)]
    if sum(given) != 1:
        problems.append(coded(where, "regimen.monitoring.one_timing"))
    first, last = 1, None
    if spec.cycles is not None:
        try:
            first, last = parse_cycles(spec.cycles)
        except ValueError as exc:
            problems.append(from_exception(f"{where}.cycles", exc))
    days: tuple[int, ...] = ()
    if spec.days is not None:
        try:
            days = parse_days(
                spec.days, regimen.cycle_days, earliest=earliest_day(regimen.cycle_days)
            )
        except ValueError as exc:
            problems.append(from_exception(f"{where}.days", exc))
    course_days: tuple[int, ...] = ()
    every = None
    if spec.course_days is not None:
        course_days, every = compile_course_days(spec.course_days, f"{where}.course_days", problems)
    resolved = None
    if with_drug is not None:
        resolved = resolve_drug(regimen, with_drug)
        if resolved is None:
            problems.append(coded(f"{where}.{field}", "regimen.with.no_such_drug", drug=with_drug))
    conditions = compile_conditions(spec.conditions, regimen, where, problems)
    if len(problems) > start:
        return None
    return MonitoringRule(
        spec.test, first, last, days, resolved, spec.on_closed_day, conditions, spec.source,
        course_days, every, spec.window_days,
    )  # fmt: skip


def _compile_days(
    spec: DrugSpec, cycle_days: int, where: str, problems: list[Problem]
) -> tuple[CycleDays, ...]:
    if (spec.days is None) == (spec.schedule is None):
        problems.append(coded(where, "regimen.drug.days_or_schedule", drug=spec.drug))
        return ()
    if spec.days is not None:
        try:
            return (CycleDays(1, None, parse_days(spec.days, cycle_days)),)
        except ValueError as exc:
            problems.append(from_exception(f"{where}.days", exc))
            return ()
    entries: list[CycleDays] = []
    assert spec.schedule is not None
    if not spec.schedule:
        problems.append(coded(f"{where}.schedule", "regimen.schedule.empty"))
    for j, entry in enumerate(spec.schedule):
        try:
            first, last = parse_cycles(entry.cycles)
        except ValueError as exc:
            problems.append(from_exception(f"{where}.schedule[{j}].cycles", exc))
            continue
        try:
            days = parse_days(entry.days, cycle_days)
        except ValueError as exc:
            problems.append(from_exception(f"{where}.schedule[{j}].days", exc))
            continue
        for k, other in enumerate(entries):
            shared = _first_shared_cycle(first, last, other.first, other.last)
            both = sorted(set(days) & set(other.days))
            if shared is not None and both:
                problems.append(
                    coded(
                        f"{where}.schedule[{j}].cycles",
                        "regimen.schedule.overlap",
                        cycle=shared,
                        day=both[0],
                        other=k,
                    )
                )
                break
        row = _row(
            entry, first=first, last=last, days=days, where=f"{where}.schedule[{j}]",
            problems=problems,
        )  # fmt: skip
        entries.append(row)
    return tuple(sorted(entries, key=lambda e: e.first))


def _row(
    entry: ScheduleEntry,
    *,
    first: int,
    last: int | None,
    days: tuple[int, ...],
    where: str,
    problems: list[Problem],
) -> CycleDays:
    """A schedule row with its own dose, role, chair minutes and infusion details, if any."""
    dose = None
    if entry.dose is not None:
        dose = _parse_dose_like(entry.dose, None, f"{where}.dose", problems)
    infusion = compile_infusion(entry, where, problems)
    chair = compile_chair_minutes(entry.chair_minutes, f"{where}.chair_minutes", problems)
    window = _row_timing(entry, where, problems)
    return CycleDays(
        first, last, days, dose, entry.role, chair, infusion,
        entry.with_, window, entry.days_after,
    )  # fmt: skip


def _row_timing(
    entry: ScheduleEntry, where: str, problems: list[Problem]
) -> tuple[int, int] | None:
    """The window before the followed drug of a row ``with:`` a drug; checks that a row that
    follows a drug has a role and the timing that goes with it."""
    timed = entry.minutes_before is not None or entry.days_after is not None
    if entry.with_ is None:
        if timed:
            problems.append(
                coded(where, "regimen.row.timing_without_with")
            )  # fmt: skip
        return None
    if entry.role == "premedication" and (entry.minutes_before is None or entry.days_after):
        problems.append(
            coded(where, "regimen.row.premedication_timing")
        )  # fmt: skip
    elif entry.role == "post-medication" and (entry.days_after is None or entry.minutes_before):
        problems.append(
            coded(where, "regimen.row.post_medication_timing")
        )  # fmt: skip
    elif entry.role is None:
        problems.append(
            coded(where, "regimen.row.with_needs_role")
        )  # fmt: skip
    if entry.minutes_before is None:
        return None
    return window_minutes(entry.minutes_before, f"{where}.minutes_before", problems)


def resolve_row_anchors(
    rules: list[DrugRule], regimen: Regimen, problems: list[Problem]
) -> list[DrugRule]:
    """Rows ``with:`` a drug: the drug resolved (a replaced drug is its replacement), never the
    row's own drug, and each of the row's days a day the drug is given in the same cycle (or,
    with ``days_after``, that many days after one)."""
    by_name = {rule.drug: rule for rule in rules}
    found = []
    for i, rule in enumerate(rules):
        if not rule.follows:
            found.append(rule)
            continue
        rows = []
        for j, row in enumerate(rule.days_by_cycle):
            if row.with_drug is None:
                rows.append(row)
                continue
            where = f"drugs[{i}].schedule[{j}].with"
            anchor = resolve_drug(regimen, row.with_drug)
            if anchor is None or anchor == rule.drug:
                code = (
                    "regimen.row.follows_itself"
                    if anchor == rule.drug
                    else "regimen.with.no_such_drug"
                )
                problems.append(coded(where, code, drug=row.with_drug))
                continue
            if anchor in by_name:
                _check_anchor_days(row, by_name[anchor], where, problems)
            rows.append(replace(row, with_drug=anchor))
        found.append(replace(rule, days_by_cycle=tuple(rows)))
    return found


def _check_anchor_days(
    row: CycleDays, anchor: DrugRule, where: str, problems: list[Problem]
) -> None:
    """Each day of ``row`` is ``row.offset_days`` after a day ``anchor`` is given on, in every
    cycle the row covers (the open-ended rows checked at the last cycle any row names)."""
    bounds = [row.first, row.last or row.first]
    for entry in anchor.days_by_cycle:
        bounds += [entry.first, entry.last or entry.first]
    for cycle in range(row.first, (row.last or max(bounds)) + 1):
        given = set(anchor.days_for(cycle))
        missing = [d for d in row.days if d - row.offset_days not in given]
        if missing:
            code = (
                "regimen.row.not_after_drug_day"
                if row.offset_days
                else "regimen.row.not_on_drug_day"
            )
            days: object = sorted(given) or coded("", "regimen.row.no_days")
            problems.append(
                coded(where, code, cycle=cycle, day=missing[0], drug=anchor.drug,
                      offset=row.offset_days, days=days)
            )  # fmt: skip
            return


#: The longest chair time of one dose: a day.
MAX_CHAIR_MINUTES = 24 * 60


def compile_chair_minutes(
    value: int | ByOccurrence | None, where: str, problems: list[Problem]
) -> ChairMinutes | None:
    """``chair_minutes:`` (one number, or ``{first, second, later}``) in whole minutes."""
    if value is None:
        return None
    if isinstance(value, int):
        three: tuple[object, object, object] = (value, value, value)
    else:
        three = (value.first, value.second or value.later, value.later)
    minutes: list[int] = []
    for amount in three:
        if not isinstance(amount, int | Decimal) or amount != int(amount):
            problems.append(coded(where, "regimen.minutes.whole", amount=amount))
            return None
        if not 0 <= amount <= MAX_CHAIR_MINUTES:
            problems.append(
                coded(where, "regimen.minutes.range", amount=amount, most=MAX_CHAIR_MINUTES)
            )
            return None
        minutes.append(int(amount))
    return ChairMinutes(minutes[0], minutes[1], minutes[2])


def _check_home_chair(  # noqa: PLR0917 - the compile steps' shared shape
    spec: DrugSpec,
    route: str | None,
    chair: ChairMinutes | None,
    rows: tuple[CycleDays, ...],
    where: str,
    problems: list[Problem],
) -> None:
    """An oral (or sublingual) drug takes no chair: a non-zero ``chair_minutes`` on it, or
    on one of its rows, or an ``observation_minutes``, is an error."""
    if route not in ("PO", "SL"):
        return
    named = [(f"{where}.chair_minutes", chair)] + [
        (f"{where}.schedule[{j}].chair_minutes", row.chair_minutes) for j, row in enumerate(rows)
    ]
    for field, value in named:
        if value is not None and (value.first or value.second or value.later):
            problems.append(
                coded(field, "regimen.home.no_chair", drug=spec.drug, route=route)
            )  # fmt: skip
    if spec.observation_minutes:
        problems.append(
            coded(f"{where}.observation_minutes", "regimen.home.no_observation",
                  drug=spec.drug, route=route)
        )  # fmt: skip


def _check_row_doses(rule: DrugRule, spec: DrugSpec, where: str, problems: list[Problem]) -> None:
    """A row's own dose is in the drug's unit and basis, and the drug's is not a range (the
    plan's choice inside it would not say which row it is for)."""
    for j, row in enumerate(rule.days_by_cycle):
        if row.dose is None:
            continue
        field = f"{where}.schedule[{j}].dose"
        if row.dose.unit_text != rule.dose.unit_text:
            problems.append(
                coded(field, "regimen.row.dose_unit", dose=row.dose, unit=row.dose.unit_text,
                      drug_unit=rule.dose.unit_text)
            )  # fmt: skip
        elif rule.dose.is_range:
            problems.append(
                coded(field, "regimen.row.range", drug=spec.drug, dose=rule.dose)
            )  # fmt: skip


def _first_shared_cycle(
    a_first: int, a_last: int | None, b_first: int, b_last: int | None
) -> int | None:
    """The first cycle two cycle ranges share, or None when they do not overlap."""
    start = max(a_first, b_first)
    ends = [last for last in (a_last, b_last) if last is not None]
    return start if not ends or start <= min(ends) else None


def _first_interval_clash(rule: DrugRule, cycle_days: int) -> Problem | None:
    """Check the minimum interval within and across cycles, as written (no delays).

    Delays only lengthen the gap across a cycle boundary, so a regimen that keeps the interval
    here keeps it in every plan. Checking up to two cycles past the last finite bound of a
    schedule covers every pair of neighbouring cycles.
    """
    assert rule.min_interval_hours is not None
    bounds = [e.first for e in rule.days_by_cycle] + [
        e.last for e in rule.days_by_cycle if e.last is not None
    ]
    previous: tuple[int, int, int] | None = None
    for cycle in range(1, max(bounds) + 3):
        for day in rule.days_for(cycle):
            absolute = (cycle - 1) * cycle_days + day
            if previous is not None:
                gap_hours = (absolute - previous[0]) * 24
                if gap_hours < rule.min_interval_hours:
                    return coded(
                        "",
                        "regimen.min_interval.clash",
                        drug=rule.drug,
                        cycle1=previous[1],
                        day1=previous[2],
                        cycle2=cycle,
                        day2=day,
                        gap=gap_hours,
                        hours=rule.min_interval_hours,
                    )
            previous = (absolute, cycle, day)
    return None
