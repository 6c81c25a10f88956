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
from typing import Literal

from pydantic import (
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from ..engine.course import Assumption as CompiledAssumption
from ..engine.course import CompiledRegimen
from ..engine.names import LocalName
from ..engine.rules import (
    ClosedDayPolicy,
    DrugRule,
    MonitoringRule,
)
from ..errors import Problem, RegimenError
from .base import FileModel, Name
from .regimen_rules import compile_drug, compile_monitoring

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

DayRule = str | int | list[int]


_Model = FileModel


class ScheduleEntry(_Model):
    """Days of a drug for a range of cycles: ``{cycles: 3-6, days: "1, 15"}``."""

    cycles: str | int
    days: DayRule


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
    strengths: list[str] | None = None
    combine: bool = False
    max_units: int = Field(default=10, ge=1, le=1000)
    hepatic: list[HepaticBand] | None = None
    hepatic_source: str | None = None
    bmi_rule: BmiRule | None = None
    instruction: str | None = None
    instruction_zh: str | None = None


class MonitoringSpec(_Model):
    """A test on given days (``days``, in ``cycles``) or on the days a drug is given."""

    test: str
    days: DayRule | None = None
    cycles: str | int | None = None
    with_drug: str | None = None
    on_closed_day: ClosedDayPolicy = "keep"


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

    _compiled: CompiledRegimen = PrivateAttr()
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
        )
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
            rule = compile_drug(spec, self.cycle_days, where, problems)
            if rule is not None:
                rules.append(rule)
        monitoring = [
            m
            for j, spec in enumerate(self.monitoring)
            if (m := compile_monitoring(spec, self, f"monitoring[{j}]", problems)) is not None
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
