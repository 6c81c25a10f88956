"""Regimen files as validated models: the file contract, checked field by field.

These pydantic models are the boundary between files (or other tools' code) and the engine.
Field names are a contract that users' files depend on: extend them, never rename them.
Shape is checked by pydantic; meaning (days inside the cycle, the 72-hour rule, levels going
down, renal bands covering every CrCl) is checked by the model validator, which collects every
problem in one :class:`~mmsched.errors.RegimenError` instead of stopping at the first, and
compiles the regimen into the engine's rules (:attr:`Regimen.compiled`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from ..engine.course import Assumption as CompiledAssumption
from ..engine.course import CompiledRegimen, MaintenanceRef
from ..engine.names import LocalName
from ..engine.rules import (
    ClosedDayPolicy,
    DrugRule,
    MonitoringRule,
)
from ..errors import CodedError, Problem, RegimenError, coded
from .base import FileModel, Name
from .regimen_rules import compile_drug, compile_monitoring, resolve_row_anchors
from .supportive_rules import compile_supportive

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

DayRule = str | int | list[int]


_Model = FileModel


class ByOccurrence(_Model):
    """A value that differs for the first, second and later doses of the course (daratumumab's
    infusion: 1,000 mL then 500 mL). ``second`` defaults to ``later``."""

    first: Decimal = Field(gt=0)
    second: Decimal | None = Field(default=None, gt=0)
    later: Decimal = Field(gt=0)


class RateByOccurrence(_Model):
    """An infusion rate (as text) for the first, second and later doses."""

    first: str = Field(min_length=1)
    second: str | None = None
    later: str = Field(min_length=1)


class InfusionFields(_Model):
    """Infusion details of an IV drug (on the drug, or on one ``schedule:`` row)."""

    diluent: str | None = None
    volume_ml: Decimal | ByOccurrence | None = Field(default=None)
    duration_minutes: int | ByOccurrence | None = Field(default=None)
    rate: str | RateByOccurrence | None = None
    rate_zh: str | RateByOccurrence | None = None


class ScheduleEntry(InfusionFields):
    """Days of a drug for a range of cycles: ``{cycles: 3-6, days: "1, 15"}``; a row may give
    its own ``dose`` (step-up dosing), ``role`` (the regimen's own drug given as premedication
    or post-medication), ``chair_minutes`` and infusion details. A row in a role may follow
    another drug: ``with: daratumumab`` and ``minutes_before: "60-180"`` (a premedication, on
    that drug's actual date) or ``days_after: 1`` (a post-medication)."""

    cycles: str | int
    days: DayRule
    dose: str | None = None
    role: Literal["premedication", "post-medication"] | None = None
    #: Chair time of each dose of the row: whole minutes, or ``{first, second, later}``.
    chair_minutes: int | ByOccurrence | None = None
    with_: str | None = Field(default=None, alias="with")
    minutes_before: int | str | None = None
    days_after: int | None = Field(default=None, ge=1, le=28)


class ConditionsSpec(_Model):
    """``conditions:`` of a supportive item or a test: all must hold on its date."""

    sex: Literal["F", "M"] | None = None
    age_over: int | None = Field(default=None, ge=0, le=120)
    age_under: int | None = Field(default=None, ge=0, le=120)
    childbearing_potential: bool | None = None
    vte_risk: Literal["standard", "high", "unknown"] | None = None
    dialysis: bool | None = None
    given: str | None = None
    not_given: str | None = None
    irregular_menses: bool | None = None

    @field_validator("sex", mode="before")
    @classmethod
    def _sex(cls, value: object) -> object:
        aliases = {"f": "F", "female": "F", "女": "F", "m": "M", "male": "M", "男": "M"}
        return aliases.get(value.strip().lower(), value) if isinstance(value, str) else value


class SupportiveSpec(_Model):
    """One ``supportive:`` entry: a premedication, prophylaxis, post-medication, hydration or
    prompt, with its source; dated by ``days`` or ``with:`` a drug."""

    item: str
    name_zh: str | None = None
    category: Literal["premedication", "prophylaxis", "post-medication", "hydration"]
    source: str = Field(min_length=1)
    note: str | None = None
    note_zh: str | None = None
    dose: str | None = None
    route: str | None = None
    per_day: int | None = Field(default=None, ge=1, le=24)
    prompt: Name | None = None
    days: DayRule | None = None
    cycles: str | int | None = None
    with_: str | None = Field(default=None, alias="with")
    minutes_before: int | str | None = None
    days_after: int | None = Field(default=None, ge=0, le=366)
    occurrence: Literal["first", "last"] | None = None
    on_closed_day: ClosedDayPolicy = "keep"
    optional: bool = False
    conditions: ConditionsSpec | None = None


class RenalBand(_Model):
    """A renal dose band: applies when CrCl >= ``crcl_min`` (and dialysis matches, if given).

    A band with ``dialysis: true`` is the band of every patient on dialysis, whatever CrCl
    Cockcroft-Gault gives (it is not valid on dialysis); ``studied_min`` is the lowest CrCl the
    label studied (below it: a warning).
    """

    crcl_min: Decimal = Field(ge=0)
    dialysis: bool | None = None
    dose: str
    days: DayRule | None = None
    studied_min: Decimal | None = Field(default=None, ge=0)
    instruction: str | None = None
    instruction_zh: str | None = None


class AgeRule(_Model):
    """Over ``over`` years, a dose above ``max_dose`` is warned about or reduced to it."""

    over: int = Field(ge=0, le=120)
    max_dose: str
    action: Literal["warn", "reduce"] = "warn"
    source: str | None = None


class BmiRule(_Model):
    """Below a BMI of ``under`` kg/m², a dose above ``max_dose`` is warned about or reduced."""

    under: Decimal = Field(gt=0, le=60)
    max_dose: str
    action: Literal["warn", "reduce"] = "warn"
    source: str | None = None


class HepaticBand(_Model):
    """The starting dose when total bilirubin is above ``bilirubin_uln_above`` × ULN."""

    bilirubin_uln_above: Decimal = Field(gt=0, le=100)
    dose: str
    instruction: str | None = None
    instruction_zh: str | None = None


class Assumption(_Model):
    """An interpretation the regimen makes, in English and Chinese, with its source."""

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)
    source: str = Field(min_length=1)


class DrugSpec(InfusionFields):
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
    strengths: list[str] | None = None
    combine: bool = False
    max_units: int = Field(default=10, ge=1, le=1000)
    hepatic: list[HepaticBand] | None = None
    hepatic_source: str | None = None
    bmi_rule: BmiRule | None = None
    instruction: str | None = None
    instruction_zh: str | None = None
    #: Chair time of each dose on the ward: whole minutes, or ``{first, second, later}``.
    chair_minutes: int | ByOccurrence | None = None
    #: Minutes the patient stays after an infusion: added to ``duration_minutes``.
    observation_minutes: int | None = Field(default=None, ge=0, le=24 * 60)


class MonitoringSpec(_Model):
    """A test on given days (``days``, in ``cycles``; day 0 and negative days allowed), on days
    counted from C1D1 (``course_days``), or on the days a drug is given (``with:`` or its older
    spelling ``with_drug:``), when its ``conditions`` hold."""

    test: str
    days: DayRule | None = None
    cycles: str | int | None = None
    with_drug: str | None = None
    with_: str | None = Field(default=None, alias="with")
    on_closed_day: ClosedDayPolicy = "keep"
    conditions: ConditionsSpec | None = None
    source: str | None = None
    note: str | None = None
    course_days: str | int | None = None
    window_days: int = Field(default=0, ge=0, le=28)


class MaintenanceSpec(_Model):
    """``maintenance:`` of a regimen: the regimen that follows it and how many cycles of it a
    plan may schedule (a number is the cap; ``until-progression``: none)."""

    regimen: str = Field(min_length=1)
    cycles: int | Literal["until-progression"]

    @field_validator("cycles")
    @classmethod
    def _cycles(cls, value: int | str) -> int | str:
        if isinstance(value, int) and not 1 <= value <= 100:
            raise CodedError("regimen.cycles.out_of_range", value=value)
        return value

    @property
    def cap(self) -> int | None:
        """The most maintenance cycles a plan may schedule (None: until progression)."""
        return self.cycles if isinstance(self.cycles, int) else None


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
    assumptions: list[Assumption] = Field(default_factory=list)
    supportive: list[SupportiveSpec] = Field(default_factory=list)
    maintenance: MaintenanceSpec | None = None

    _compiled: CompiledRegimen = PrivateAttr()
    #: The folder the regimen's file is in and the library folders it was looked up with
    #: (set by the reader): its maintenance is looked up the same way.
    _found_in: tuple[Path | None, tuple[Path, ...]] = PrivateAttr(default=(None, ()))
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
        sources = (
            self.id,
            self.name,
            self.cycle_days,
            self.cycles,
            self.source,
            self.drugs,
            self.monitoring,
            self.assumptions,
            self.supportive,
            self.maintenance,
        )
        if len(self._compiled_from) == len(sources) and all(
            a is b for a, b in zip(self._compiled_from, sources, strict=True)
        ):
            return self
        problems: list[Problem] = []
        if not _ID.match(self.id):
            problems.append(coded("id", "regimen.id.not_an_id", id=self.id))
        rules: list[DrugRule] = []
        seen: set[str] = set()
        for i, spec in enumerate(self.drugs):
            where = f"drugs[{i}]"
            if spec.drug in seen:
                problems.append(coded(f"{where}.drug", "regimen.drug.twice", drug=spec.drug))
            seen.add(spec.drug)
            rule = compile_drug(spec, self.cycle_days, where, problems)
            if rule is not None:
                rules.append(rule)
        rules = resolve_row_anchors(rules, self, problems)
        monitoring = [
            m
            for j, spec in enumerate(self.monitoring)
            if (m := compile_monitoring(spec, self, f"monitoring[{j}]", problems)) is not None
        ]
        supportive = [
            item
            for j, spec in enumerate(self.supportive)
            if (item := compile_supportive(spec, self, f"supportive[{j}]", problems)) is not None
        ]
        if problems:
            raise RegimenError(problems)
        self._compiled = CompiledRegimen(
            id=self.id,
            name=LocalName(self.name.en, self.name.zh),
            cycle_days=self.cycle_days,
            cycles=self.cycles,
            source=self.source,
            rules=tuple(rules),
            monitoring_rules=tuple(monitoring),
            assumptions=tuple(CompiledAssumption(a.en, a.zh, a.source) for a in self.assumptions),
            supportive=tuple(supportive),
            maintenance=None
            if self.maintenance is None
            else MaintenanceRef(self.maintenance.regimen, self.maintenance.cap),
        )
        self._compiled_from = sources
        return self

    @property
    def compiled(self) -> CompiledRegimen:
        """The regimen as the engine uses it: its drugs' rules and tests parsed."""
        return self._compiled

    @property
    def monitoring_rules(self) -> tuple[MonitoringRule, ...]:
        """The monitoring tests with their days parsed."""
        return self._compiled.monitoring_rules

    @property
    def rules(self) -> tuple[DrugRule, ...]:
        """The drugs with their rules parsed, in the regimen's order."""
        return self._compiled.rules

    def rule(self, drug: str) -> DrugRule | None:
        """The rule of ``drug``, or None when the regimen has no such drug."""
        return self._compiled.rule(drug)

    def file_form(self) -> dict[str, Any]:
        """The regimen as its file writes it (JSON values; ``extends`` already laid over its
        base, so left out): what the FHIR export carries in mmsched's extensions."""
        data: dict[str, Any] = self.model_dump(
            mode="json", by_alias=True, exclude_unset=True, exclude={"extends"}
        )
        return data

    @property
    def found_in(self) -> tuple[Path | None, tuple[Path, ...]]:
        """The folder of the regimen's file (None: built in code) and the library folders it
        was looked up with: where its ``maintenance:`` regimen is looked up."""
        return self._found_in
