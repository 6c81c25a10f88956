"""Regimens and plans as validated models: the file contract, checked field by field.

These pydantic models are the boundary between files (or other tools' code) and the engine.
Field names are a contract that users' files depend on: extend them, never rename them.
Shape is checked by pydantic; meaning (days inside the cycle, the 72-hour rule, dose choices
inside their range) is checked by the model validators, which collect every problem in one
:class:`~mmsched.errors.MmschedError` instead of stopping at the first.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any, Literal

from pydantic import (
    Field,
    InstanceOf,
    ModelWrapValidatorHandler,
    PrivateAttr,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .basemodel import FileModel, Name
from .bsa import FORMULAS
from .changes import Change, Delay, DoseLevel
from .dayrules import parse_cycles, parse_days
from .drugs import ROUTES
from .errors import MmschedError, PlanError, Problem, RegimenError
from .units import Dose
from .wardcal import WardCalendar

_DRUG_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

DayRule = str | int | list[int]


_Model = FileModel


class ScheduleEntry(_Model):
    """Days of a drug for a range of cycles: ``{cycles: 3-6, days: "1, 15"}``."""

    cycles: str | int
    days: DayRule


ClosedDayPolicy = Literal["shift-later", "shift-earlier", "keep", "omit"]
#: Doses given on the ward move to an open day; doses taken at home are kept.
WARD_ROUTES = frozenset({"SC", "IV", "IV push", "IM", "IT"})
#: Route codes by their upper-case spelling, so "sc" or "iv PUSH" in a file is understood.
ROUTE_CODES = {code.upper(): code for code in ROUTES}


class RenalBand(_Model):
    """A renal dose band: applies when CrCl >= ``crcl_min`` (and dialysis matches, if given)."""

    crcl_min: Decimal = Field(ge=0)
    dialysis: bool | None = None
    dose: str
    days: DayRule | None = None


class AgeRule(_Model):
    """Over ``over`` years, a dose above ``max_dose`` is warned about or reduced to it."""

    over: int = Field(ge=0, le=120)
    max_dose: str
    action: Literal["warn", "reduce"] = "warn"


class DrugSpec(_Model):
    """One drug of a regimen, as written in the file."""

    drug: str
    name_zh: str | None = None
    dose: str
    route: str
    days: DayRule | None = None
    schedule: list[ScheduleEntry] | None = None
    min_interval_hours: int | None = Field(default=None, ge=1, le=24 * 28)
    rounding: str | None = None
    replaces: str | None = None
    note: str | None = None
    on_closed_day: ClosedDayPolicy | None = None
    levels: list[str] | None = None
    renal: list[RenalBand] | None = None
    renal_missing: Literal["warn", "error"] = "warn"
    renal_source: str | None = None
    age_rule: AgeRule | None = None
    lifetime_max: str | None = None


class MonitoringSpec(_Model):
    """A test on given days (``days``, in ``cycles``) or on the days a drug is given."""

    test: str
    days: DayRule | None = None
    cycles: str | int | None = None
    with_drug: str | None = None
    on_closed_day: ClosedDayPolicy = "keep"


@dataclass(frozen=True, slots=True)
class CycleDays:
    """The days a drug is given on in cycles ``first..last`` (``last`` None: onwards)."""

    first: int
    last: int | None
    days: tuple[int, ...]

    def covers(self, cycle: int) -> bool:
        return self.first <= cycle and (self.last is None or cycle <= self.last)


@dataclass(frozen=True, slots=True)
class CompiledRenalBand:
    """A renal band with its dose parsed and its days (None: the drug's own days)."""

    crcl_min: Decimal
    dialysis: bool | None
    dose: Dose
    days: tuple[int, ...] | None

    def holds(self, crcl: Decimal, dialysis: bool) -> bool:
        return crcl >= self.crcl_min and (self.dialysis is None or self.dialysis == dialysis)

    def describe(self, below: Decimal | None = None, lang: str = "en") -> str:
        """The band's bounds for people: "30 ≤ CrCl < 60 mL/min", "CrCl < 30 mL/min, on
        dialysis". ``below`` is the next higher band's bound, where there is one."""
        if below is None:
            text = f"CrCl ≥ {self.crcl_min} mL/min"
        elif self.crcl_min > 0:
            text = f"{self.crcl_min} ≤ CrCl < {below} mL/min"
        else:
            text = f"CrCl < {below} mL/min"
        if self.dialysis is not None:
            if lang == "zh":
                text += ",透析" if self.dialysis else ",未透析"
            else:
                text += ", on dialysis" if self.dialysis else ", not on dialysis"
        return text


@dataclass(frozen=True, slots=True)
class CompiledAgeRule:
    over: int
    max_dose: Dose
    action: str


@dataclass(frozen=True, slots=True)
class MonitoringRule:
    """A monitoring test with its days parsed."""

    test: str
    first_cycle: int
    last_cycle: int | None
    days: tuple[int, ...]
    with_drug: str | None
    on_closed_day: ClosedDayPolicy

    def covers(self, cycle: int) -> bool:
        return self.first_cycle <= cycle and (self.last_cycle is None or cycle <= self.last_cycle)


@dataclass(frozen=True, slots=True)
class DrugRule:
    """A regimen's drug with its rules parsed: what the expander works from."""

    drug: str
    dose: Dose
    route: str
    days_by_cycle: tuple[CycleDays, ...]
    min_interval_hours: int | None
    rounding: Dose | None
    name_zh: str | None
    on_closed_day: ClosedDayPolicy = "keep"
    levels: tuple[Dose, ...] = ()
    renal: tuple[CompiledRenalBand, ...] = ()
    renal_missing: str = "warn"
    renal_source: str | None = None
    age_rule: CompiledAgeRule | None = None
    lifetime_max: Dose | None = None

    def days_for(self, cycle: int) -> tuple[int, ...]:
        """The days of ``cycle`` this drug is given on (empty when none)."""
        for entry in self.days_by_cycle:
            if entry.covers(cycle):
                return entry.days
        return ()


class Regimen(_Model):
    """A treatment regimen: drugs with doses and day rules, repeated in cycles."""

    id: str
    name: Name
    cycle_days: int = Field(ge=1, le=366)
    cycles: int = Field(default=1, ge=1, le=100)
    source: str = Field(min_length=1)
    extends: str | None = None
    drugs: list[DrugSpec] = Field(min_length=1)
    monitoring: list[MonitoringSpec] = Field(default_factory=list)

    _rules: tuple[DrugRule, ...] = PrivateAttr(default=())
    _monitoring: tuple[MonitoringRule, ...] = PrivateAttr(default=())
    _compiled_from: tuple[object, ...] = PrivateAttr(default=())

    @field_validator("name", mode="before")
    @classmethod
    def _plain_name(cls, value: object) -> object:
        return {"en": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check(self) -> Regimen:
        # pydantic runs an "after" validator again each time a validated Regimen is given to a
        # Plan (the instance itself is not revalidated). A regimen is frozen: when its fields
        # are the very objects its rules were compiled from, the rules still hold, and a plan
        # need not compile its regimen again. A copy with other field values compiles afresh.
        sources = (self.id, self.cycle_days, self.drugs, self.monitoring)
        if len(self._compiled_from) == len(sources) and all(
            a is b for a, b in zip(self._compiled_from, sources, strict=True)
        ):
            return self
        problems: list[Problem] = []
        if not _ID.match(self.id):
            problems.append(
                Problem("id", f"'{self.id}' is not an id; use lowercase letters, digits and '-'")
            )
        rules: list[DrugRule] = []
        seen: set[str] = set()
        for i, spec in enumerate(self.drugs):
            where = f"drugs[{i}]"
            if spec.drug in seen:
                problems.append(
                    Problem(
                        f"{where}.drug",
                        f"'{spec.drug}' is listed twice; give one entry, with a schedule "
                        "if its days differ between cycles",
                    )
                )
            seen.add(spec.drug)
            rule = _compile_drug(spec, self.cycle_days, where, problems)
            if rule is not None:
                rules.append(rule)
        monitoring = [
            m
            for j, spec in enumerate(self.monitoring)
            if (m := _compile_monitoring(spec, self, f"monitoring[{j}]", problems)) is not None
        ]
        if problems:
            raise RegimenError(problems)
        self._rules = tuple(rules)
        self._monitoring = tuple(monitoring)
        self._compiled_from = sources
        return self

    @property
    def monitoring_rules(self) -> tuple[MonitoringRule, ...]:
        """The monitoring tests with their days parsed."""
        return self._monitoring

    @property
    def rules(self) -> tuple[DrugRule, ...]:
        """The drugs with their rules parsed, in the regimen's order."""
        return self._rules

    def rule(self, drug: str) -> DrugRule | None:
        """The rule of ``drug``, or None when the regimen has no such drug."""
        return next((r for r in self._rules if r.drug == drug), None)


def _compile_drug(
    spec: DrugSpec, cycle_days: int, where: str, problems: list[Problem]
) -> DrugRule | None:
    """Parse one drug's text fields, adding what is wrong to ``problems``."""
    start = len(problems)
    if not _DRUG_NAME.match(spec.drug):
        problems.append(
            Problem(
                f"{where}.drug",
                f"'{spec.drug}' is not a drug name; use the lowercase international name, "
                "such as 'bortezomib' or 'interleukin-2'",
            )
        )
    dose: Dose | None = None
    try:
        dose = Dose.parse(spec.dose)
    except ValueError as exc:
        problems.append(Problem(f"{where}.dose", str(exc)))
    route = ROUTE_CODES.get(" ".join(spec.route.split()).upper(), spec.route)
    if route not in ROUTES:
        problems.append(
            Problem(
                f"{where}.route",
                f"'{spec.route}' is not a known route; use one of {', '.join(ROUTES)}",
            )
        )
    rounding: Dose | None = None
    if spec.rounding is not None:
        try:
            rounding = Dose.parse(spec.rounding)
        except ValueError as exc:
            problems.append(Problem(f"{where}.rounding", str(exc)))
        else:
            if rounding.per is not None or rounding.is_range:
                problems.append(
                    Problem(
                        f"{where}.rounding", "write the rounding step as an amount, e.g. '0.1 mg'"
                    )
                )
            elif dose is not None and rounding.unit != dose.unit:
                problems.append(
                    Problem(
                        f"{where}.rounding",
                        f"the step is in {rounding.unit} but the dose is in {dose.unit}; "
                        "use the dose's unit",
                    )
                )
    days_by_cycle = _compile_days(spec, cycle_days, where, problems)
    levels = _compile_levels(spec, dose, where, problems)
    renal = _compile_renal(spec, dose, cycle_days, where, problems)
    age_rule = None
    if spec.age_rule is not None:
        max_dose = _parse_dose_like(
            spec.age_rule.max_dose, dose, f"{where}.age_rule.max_dose", problems
        )
        if max_dose is not None:
            age_rule = CompiledAgeRule(spec.age_rule.over, max_dose, spec.age_rule.action)
    lifetime_max = None
    if spec.lifetime_max is not None:
        lifetime_max = _parse_dose_like(spec.lifetime_max, None, f"{where}.lifetime_max", problems)
        if lifetime_max is not None and dose is not None and lifetime_max.unit != dose.unit:
            problems.append(
                Problem(f"{where}.lifetime_max", f"give it in {dose.unit}, the dose's unit")
            )
    if len(problems) > start or dose is None:
        return None
    policy = spec.on_closed_day or ("shift-later" if route in WARD_ROUTES else "keep")
    rule = DrugRule(
        drug=spec.drug,
        dose=dose,
        route=route,
        days_by_cycle=days_by_cycle,
        min_interval_hours=spec.min_interval_hours,
        rounding=rounding,
        name_zh=spec.name_zh,
        on_closed_day=policy,
        levels=levels,
        renal=renal,
        renal_missing=spec.renal_missing,
        renal_source=spec.renal_source,
        age_rule=age_rule,
        lifetime_max=lifetime_max,
    )
    if spec.min_interval_hours is not None:
        clash = _first_interval_clash(rule, cycle_days)
        if clash:
            problems.append(Problem(f"{where}.min_interval_hours", clash))
            return None
    return rule


def _parse_dose_like(
    text: str, like: Dose | None, where: str, problems: list[Problem]
) -> Dose | None:
    """Parse a single dose; with ``like``, it must be in the same unit and basis."""
    try:
        dose = Dose.parse(text)
    except ValueError as exc:
        problems.append(Problem(where, str(exc)))
        return None
    if dose.is_range:
        problems.append(Problem(where, f"'{text}': give one dose here, not a range"))
        return None
    if like is not None and dose.unit_text != like.unit_text:
        problems.append(
            Problem(where, f"'{text}' is in {dose.unit_text}; write it in {like.unit_text}")
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
        problems.append(
            Problem(f"{where}.levels", f"level 0 must be the full dose ({dose}); list it first")
        )
    elif any(b.low >= a.low for a, b in pairwise(parsed)):
        problems.append(Problem(f"{where}.levels", "levels must go down, from the full dose"))
    return parsed


def _compile_renal(
    spec: DrugSpec, dose: Dose | None, cycle_days: int, where: str, problems: list[Problem]
) -> tuple[CompiledRenalBand, ...]:
    if spec.renal is None or dose is None:
        return ()
    bands = []
    for i, band in enumerate(spec.renal):
        band_dose = _parse_dose_like(band.dose, None, f"{where}.renal[{i}].dose", problems)
        if band_dose is not None and band_dose.unit != dose.unit:
            problems.append(Problem(f"{where}.renal[{i}].dose", f"give it in {dose.unit}"))
            continue
        days = None
        if band.days is not None:
            try:
                days = parse_days(band.days, cycle_days)
            except ValueError as exc:
                problems.append(Problem(f"{where}.renal[{i}].days", str(exc)))
                continue
        if band_dose is not None:
            bands.append(CompiledRenalBand(band.crcl_min, band.dialysis, band_dose, days))
    if bands and not any(b.crcl_min == 0 for b in bands):
        problems.append(
            Problem(
                f"{where}.renal", "the last band must start at crcl_min: 0 so every CrCl has one"
            )
        )
    return tuple(bands)


def _compile_monitoring(
    spec: MonitoringSpec, regimen: Regimen, where: str, problems: list[Problem]
) -> MonitoringRule | None:
    start = len(problems)
    if not _DRUG_NAME.match(spec.test):
        problems.append(
            Problem(f"{where}.test", f"'{spec.test}' is not a test id; use lowercase and '-'")
        )
    if (spec.days is None) == (spec.with_drug is None):
        problems.append(
            Problem(where, "give either 'days' or 'with_drug' (the days that drug is given)")
        )
    first, last = 1, None
    if spec.cycles is not None:
        try:
            first, last = parse_cycles(spec.cycles)
        except ValueError as exc:
            problems.append(Problem(f"{where}.cycles", str(exc)))
    days: tuple[int, ...] = ()
    if spec.days is not None:
        try:
            days = parse_days(spec.days, regimen.cycle_days)
        except ValueError as exc:
            problems.append(Problem(f"{where}.days", str(exc)))
    if spec.with_drug is not None and spec.with_drug not in {d.drug for d in regimen.drugs}:
        problems.append(
            Problem(f"{where}.with_drug", f"the regimen has no drug '{spec.with_drug}'")
        )
    if len(problems) > start:
        return None
    return MonitoringRule(spec.test, first, last, days, spec.with_drug, spec.on_closed_day)


def _compile_days(
    spec: DrugSpec, cycle_days: int, where: str, problems: list[Problem]
) -> tuple[CycleDays, ...]:
    if (spec.days is None) == (spec.schedule is None):
        problems.append(
            Problem(
                where,
                f"'{spec.drug}' needs either 'days' (the same days every cycle) or 'schedule' "
                "(days that depend on the cycle), and not both",
            )
        )
        return ()
    if spec.days is not None:
        try:
            return (CycleDays(1, None, parse_days(spec.days, cycle_days)),)
        except ValueError as exc:
            problems.append(Problem(f"{where}.days", str(exc)))
            return ()
    entries: list[CycleDays] = []
    assert spec.schedule is not None
    if not spec.schedule:
        problems.append(Problem(f"{where}.schedule", "is empty; list at least one {cycles, days}"))
    for j, entry in enumerate(spec.schedule):
        try:
            first, last = parse_cycles(entry.cycles)
        except ValueError as exc:
            problems.append(Problem(f"{where}.schedule[{j}].cycles", str(exc)))
            continue
        try:
            days = parse_days(entry.days, cycle_days)
        except ValueError as exc:
            problems.append(Problem(f"{where}.schedule[{j}].days", str(exc)))
            continue
        for k, other in enumerate(entries):
            shared = _first_shared_cycle(first, last, other.first, other.last)
            if shared is not None:
                problems.append(
                    Problem(
                        f"{where}.schedule[{j}].cycles",
                        f"cycle {shared} is covered by schedule[{k}] too; "
                        "each cycle may appear in one entry only",
                    )
                )
                break
        entries.append(CycleDays(first, last, days))
    return tuple(sorted(entries, key=lambda e: e.first))


def _first_shared_cycle(
    a_first: int, a_last: int | None, b_first: int, b_last: int | None
) -> int | None:
    """The first cycle two cycle ranges share, or None when they do not overlap."""
    start = max(a_first, b_first)
    ends = [last for last in (a_last, b_last) if last is not None]
    return start if not ends or start <= min(ends) else None


def _first_interval_clash(rule: DrugRule, cycle_days: int) -> str | None:
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
                    return (
                        f"{rule.drug} on cycle {previous[1]} day {previous[2]} and cycle {cycle} "
                        f"day {day} are {gap_hours} hours apart, less than the "
                        f"{rule.min_interval_hours} hours the regimen requires; space the days out"
                    )
            previous = (absolute, cycle, day)
    return None


def plausible_height(h: Decimal) -> Decimal:
    """A height in centimetres, or a ValueError that catches the usual unit mistakes."""
    if 0 < h < 3:
        raise ValueError(f"{h} looks like metres; height is in centimetres (write {h * 100:.0f})")
    if not 50 <= h <= 250:
        raise ValueError(f"{h} cm is outside 50-250 cm; check the height")
    return h


def plausible_weight(w: Decimal) -> Decimal:
    """A weight in kilograms, or a ValueError that catches the usual unit mistakes."""
    if w > 1000:
        raise ValueError(f"{w} looks like grams; weight is in kilograms (write {w / 1000:g})")
    if not 10 <= w <= 350:
        raise ValueError(f"{w} kg is outside 10-350 kg; check the weight")
    return w


#: True while a Plan validates its fields, so a nested Patient leaves its errors to the Plan.
_IN_PLAN: ContextVar[bool] = ContextVar("_IN_PLAN", default=False)

SEX_ALIASES = {"f": "F", "female": "F", "女": "F", "m": "M", "male": "M", "男": "M"}


class Patient(_Model):
    """The patient a plan is for. Units are in the field names."""

    id: str = Field(min_length=1)
    name: str | None = None
    sex: Literal["F", "M"]
    birth_date: date | None = None
    age: int | None = Field(default=None, ge=0, le=120, validate_default=True)
    height_cm: Decimal
    weight_kg: Decimal
    serum_creatinine_umol_l: Decimal | None = Field(default=None, gt=0)
    serum_creatinine_mg_dl: Decimal | None = Field(default=None, gt=0)
    dialysis: bool = False

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: object) -> object:
        if isinstance(value, int | float) and not isinstance(value, bool):
            # YAML reads a bare 0101 as the octal number 65 and 1e3 as 1000.0: an id that
            # changes silently would mix two patients up.
            raise ValueError(
                'write the patient id in quotes, exactly as the ward writes it (id: "0101"): '
                f"YAML read this one as the number {value}, and a bare 0101 becomes 65"
            )
        return value

    @field_validator("sex", mode="before")
    @classmethod
    def _sex(cls, value: object) -> object:
        if isinstance(value, str):
            return SEX_ALIASES.get(value.strip().lower(), value)
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _as_plan_error(cls, data: Any, handler: ModelWrapValidatorHandler[Patient]) -> Patient:
        """A patient built on its own reports ``patient.``-prefixed fields as a PlanError."""
        try:
            return handler(data)
        except ValidationError as exc:
            if _IN_PLAN.get():
                raise  # the plan reports it with its other problems
            from .loader import problems_from_validation

            raise PlanError(
                [
                    Problem(f"patient.{p.field}" if p.field else "patient", p.message)
                    for p in problems_from_validation(exc)
                ]
            ) from None

    @field_validator("height_cm")
    @classmethod
    def _height(cls, h: Decimal) -> Decimal:
        return plausible_height(h)

    @field_validator("weight_kg")
    @classmethod
    def _weight(cls, w: Decimal) -> Decimal:
        return plausible_weight(w)

    @field_validator("serum_creatinine_umol_l")
    @classmethod
    def _umol(cls, umol: Decimal | None) -> Decimal | None:
        if umol is not None and umol < 15:
            raise ValueError(
                f"{umol} µmol/L looks like mg/dL; write it as serum_creatinine_mg_dl: {umol}"
            )
        return umol

    @field_validator("serum_creatinine_mg_dl")
    @classmethod
    def _mg_dl(cls, mg_dl: Decimal | None, info: ValidationInfo) -> Decimal | None:
        if mg_dl is not None and info.data.get("serum_creatinine_umol_l") is not None:
            raise ValueError("give the creatinine once, in µmol/L or in mg/dL, not both")
        if mg_dl is not None and mg_dl > 30:
            raise ValueError(
                f"{mg_dl} mg/dL looks like µmol/L; write it as serum_creatinine_umol_l: {mg_dl}"
            )
        return mg_dl

    @field_validator("age")
    @classmethod
    def _age_or_birth_date(cls, age: int | None, info: ValidationInfo) -> int | None:
        if age is None and info.data.get("birth_date") is None and "birth_date" in info.data:
            raise ValueError("give the patient's age or birth_date")
        return age

    def age_on(self, day: date) -> int:
        """The age in whole years on ``day`` (from birth_date when given, else ``age``)."""
        if self.birth_date is None:
            assert self.age is not None
            return self.age
        from dateutil.relativedelta import relativedelta

        return relativedelta(day, self.birth_date).years


class Measurement(_Model):
    """A dated weight and/or height; each cycle uses the latest one on or before its start."""

    date: date
    weight_kg: Decimal | None = None
    height_cm: Decimal | None = None

    @field_validator("weight_kg")
    @classmethod
    def _weight(cls, w: Decimal | None) -> Decimal | None:
        return None if w is None else plausible_weight(w)

    @field_validator("height_cm")
    @classmethod
    def _height(cls, h: Decimal | None) -> Decimal | None:
        return None if h is None else plausible_height(h)

    @model_validator(mode="after")
    def _some(self) -> Measurement:
        if self.weight_kg is None and self.height_cm is None:
            raise ValueError("give weight_kg, height_cm or both")
        return self


class Plan(_Model):
    """One patient's course: a regimen, a start date, and the plan's choices."""

    patient: Patient
    regimen: Regimen
    start: date
    cycles: int | None = Field(default=None, ge=1, le=100)
    bsa_formula: str = "mosteller"
    bsa_cap_m2: Decimal | None = Field(default=None, gt=0, le=5)
    doses: dict[str, str] = Field(default_factory=dict)

    @field_validator("doses", mode="before")
    @classmethod
    def _dose_text(cls, value: object) -> object:
        if isinstance(value, dict):
            for drug, dose in value.items():
                if isinstance(dose, int | float) and not isinstance(dose, bool):
                    raise ValueError(
                        f"{drug}: write the dose with its unit, e.g. {drug}: {dose} mg"
                    )
        return value

    delays: dict[int, int] = Field(default_factory=dict)
    ward: InstanceOf[WardCalendar] | None = None
    measurements: list[Measurement] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    weight_change_flag_percent: Decimal = Field(default=Decimal(10), gt=0, le=100)

    _choices: dict[str, Dose] = PrivateAttr(default_factory=dict)
    _source: str | None = PrivateAttr(default=None)

    @field_validator("regimen", mode="before")
    @classmethod
    def _load_regimen(cls, value: object) -> object:
        if isinstance(value, str):
            from .loader import load_regimen

            return load_regimen(value)
        return value

    @field_validator("bsa_cap_m2")
    @classmethod
    def _cap_hundredths(cls, cap: Decimal | None) -> Decimal | None:
        if cap is not None and cap != cap.quantize(Decimal("0.01")):
            raise ValueError(
                f"{cap}: a BSA is used to 0.01 m², so give the cap in hundredths, e.g. 2.00"
            )
        return cap

    @field_validator("ward", mode="before")
    @classmethod
    def _load_ward(cls, value: object) -> object:
        if isinstance(value, str):
            from .loader import load_ward

            return load_ward(value)
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _every_problem(cls, data: Any, handler: ModelWrapValidatorHandler[Plan]) -> Plan:
        """Report shape errors and meaning errors together, not shape first and meaning later.

        When pydantic finds a field of the wrong shape, the meaning checks still run on the
        fields that are well formed, so a plan file's problems all show up at once.
        """
        from .loader import problems_from_validation

        token = _IN_PLAN.set(True)
        try:
            return handler(data)
        except ValidationError as exc:
            problems = problems_from_validation(exc)
            if isinstance(data, dict):
                problems += _plan_problems(_well_formed_fields(cls, data, problems))[0]
            raise PlanError(problems) from None
        finally:
            _IN_PLAN.reset(token)

    @model_validator(mode="after")
    def _check(self) -> Plan:
        problems, self._choices = _plan_problems(dict(self))
        if problems:
            raise PlanError(problems)
        return self

    @property
    def source(self) -> str | None:
        """The file the plan was loaded from (None for a plan built in code)."""
        return self._source

    @property
    def total_cycles(self) -> int:
        """The number of cycles: the plan's own, else the regimen's default."""
        return self.cycles if self.cycles is not None else self.regimen.cycles

    def chosen_dose(self, drug: str) -> Dose | None:
        """The dose the plan chose inside a regimen's range for ``drug``, if any."""
        return self._choices.get(drug)


def _plan_problems(values: dict[str, Any]) -> tuple[list[Problem], dict[str, Dose]]:
    """The meaning checks of a plan, on whichever of its fields are well formed."""
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
        elif patient.age is not None and patient.age != patient.age_on(start):
            problems.append(
                Problem(
                    "patient.age",
                    f"age {patient.age} does not match birth_date {patient.birth_date} "
                    f"({patient.age_on(start)} on the start date {start}); correct one of them "
                    "or give only one",
                )
            )
    regimen: Regimen | None = values.get("regimen")
    if regimen is None:
        return problems, {}
    total_cycles = values.get("cycles") or regimen.cycles
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
    choices = _check_doses(regimen, values["doses"], problems) if "doses" in values else {}
    _check_changes(regimen, values.get("changes") or [], total_cycles, problems)
    return problems, choices


def _check_doses(
    regimen: Regimen, doses: dict[str, str], problems: list[Problem]
) -> dict[str, Dose]:
    choices: dict[str, Dose] = {}
    for drug, text in doses.items():
        rule = regimen.rule(drug)
        where = f"doses.{drug}"
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
            problems.append(
                Problem(
                    where,
                    f"{drug} has a fixed dose of {rule.dose} in regimen '{regimen.id}'; "
                    "only a dose range is chosen in the plan",
                )
            )
            continue
        try:
            choice = Dose.parse(text)
        except ValueError as exc:
            problems.append(Problem(where, str(exc)))
            continue
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
                    f"{choice} is outside the regimen's range for {drug} ({rule.dose}); "
                    "choose a dose inside it",
                )
            )
        else:
            choices[drug] = choice
    for rule in regimen.rules:
        if rule.dose.is_range and rule.drug not in doses:
            problems.append(
                Problem(
                    f"doses.{rule.drug}",
                    f"{rule.drug} is prescribed as a range ({rule.dose}) in regimen "
                    f"'{regimen.id}'; choose the dose in the plan, e.g. "
                    f"doses: {{{rule.drug}: {rule.dose.low} {rule.dose.unit_text}}}",
                )
            )
    return choices


def _check_changes(
    regimen: Regimen, changes: list[Change], total_cycles: int, problems: list[Problem]
) -> None:
    drugs = {r.drug: r for r in regimen.rules}
    for i, change in enumerate(changes):
        where = f"changes[{i}]"
        drug = getattr(change, "drug", None)
        if drug is not None and drug not in drugs:
            problems.append(
                Problem(
                    f"{where}.drug",
                    f"regimen '{regimen.id}' has no drug '{drug}'; its drugs are "
                    f"{', '.join(drugs)}",
                )
            )
            continue
        if isinstance(change, DoseLevel) and change.level is not None:
            levels = drugs[change.drug].levels
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
                        f"{change.drug} has levels 0 to {len(levels) - 1} "
                        f"({', '.join(map(str, levels))})",
                    )
                )
        cycle = getattr(change, "from_cycle", None) or getattr(change, "cycle", None)
        if cycle is not None and cycle > total_cycles:
            problems.append(
                Problem(
                    where,
                    f"there is no cycle {cycle}; cycles run 1 to {total_cycles}",
                )
            )


def _well_formed_fields(
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
            from .loader import load_regimen

            try:
                raw = load_regimen(raw)
            except MmschedError:
                continue
        adapter: TypeAdapter[Any] = TypeAdapter(info.annotation)
        try:
            values[name] = adapter.validate_python(raw)
        except (ValidationError, MmschedError):
            continue
    return values
