"""A compiled course: everything the expander needs from a regimen and a plan, as plain values.

A plan file is validated by :mod:`mmsched.formats` and compiled into a :class:`Course` once,
when it is validated; :func:`mmsched.expand` then works from the course alone. Library users may
build a course directly, without pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from .changes import Change
from .names import LocalName
from .orderset import SupportiveRule
from .rules import DrugRule, MonitoringRule
from .units import Dose
from .wardcal import OPEN_EVERY_DAY, WardCalendar


@dataclass(frozen=True)
class Assumption:
    """An interpretation a regimen makes where its source is silent or differs from the label,
    in English and Chinese, with where it comes from."""

    en: str
    zh: str
    source: str


@dataclass(frozen=True)
class MaintenanceRef:
    """The maintenance a regimen names: the regimen's id and the most cycles a plan may
    schedule (None: until progression, no cap)."""

    regimen: str
    cycles: int | None


@dataclass(frozen=True)
class CompiledRegimen:
    """A regimen with its drugs' rules and its monitoring tests parsed."""

    id: str
    name: LocalName
    cycle_days: int
    cycles: int
    source: str
    rules: tuple[DrugRule, ...]
    monitoring_rules: tuple[MonitoringRule, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    supportive: tuple[SupportiveRule, ...] = ()
    maintenance: MaintenanceRef | None = None

    def rule(self, drug: str) -> DrugRule | None:
        """The rule of ``drug``, or None when the regimen has no such drug."""
        return next((r for r in self.rules if r.drug == drug), None)


@dataclass(frozen=True)
class PatientFacts:
    """The patient as the course sees them: ``age`` is the age on the course's start date.

    ``total_bilirubin`` and ``bilirubin_uln`` (the laboratory's upper limit of normal) are in one
    unit, ``bilirubin_unit`` ("µmol/L" or "mg/dL"): their ratio is what hepatic rules use.
    ``childbearing_potential``, ``vte_risk`` ("standard" or "high") and ``irregular_menses``
    are None when the plan does not record them (see :class:`~.orderset.Conditions`).
    """

    id: str
    name: str | None
    sex: Literal["F", "M"]
    age: int
    height_cm: Decimal
    weight_kg: Decimal
    serum_creatinine_umol_l: Decimal | None = None
    serum_creatinine_mg_dl: Decimal | None = None
    dialysis: bool = False
    total_bilirubin: Decimal | None = None
    bilirubin_uln: Decimal | None = None
    bilirubin_unit: str = "µmol/L"
    childbearing_potential: bool | None = None
    vte_risk: Literal["standard", "high"] | None = None
    irregular_menses: bool | None = None


@dataclass(frozen=True)
class Measure:
    """A dated weight and/or height; each cycle uses the latest one on or before its start."""

    date: date
    weight_kg: Decimal | None = None
    height_cm: Decimal | None = None


@dataclass(frozen=True)
class Maintenance:
    """The phase that follows a course's induction: ``cycles`` cycles of ``regimen``.

    Its cycles continue the course's numbering (after eight induction cycles, C9 is its first)
    while its regimen's ``schedule:`` rows count its own cycles from 1; ``chosen`` holds the
    plan's doses for this phase (``doses: {maintenance: {...}}``); ``until_progression``: the
    regimen names no number of cycles (the plan's number is what is scheduled).
    """

    regimen: CompiledRegimen
    cycles: int
    chosen: dict[str, Dose] = field(default_factory=dict)
    until_progression: bool = False


@dataclass(frozen=True)
class Course:
    """One patient's course, ready to expand.

    ``chosen`` holds the plan's dose for each drug the regimen prescribes as a range;
    ``measurements`` are in date order; ``changes`` in the order the plan gives them;
    ``source`` is the plan file, named in the errors the expansion raises. ``cycles`` counts
    the induction's cycles; ``maintenance`` (None: none scheduled) follows them.
    """

    patient: PatientFacts
    regimen: CompiledRegimen
    start: date
    cycles: int
    bsa_formula: str = "mosteller"
    bsa_cap_m2: Decimal | None = None
    chosen: dict[str, Dose] = field(default_factory=dict)
    delays: dict[int, int] = field(default_factory=dict)
    calendar: WardCalendar = OPEN_EVERY_DAY
    measurements: tuple[Measure, ...] = ()
    changes: tuple[Change, ...] = ()
    weight_change_flag_percent: Decimal = Decimal(10)
    source: str | None = None
    crcl_weight: Literal["actual", "ideal", "adjusted"] = "actual"
    maintenance: Maintenance | None = None
