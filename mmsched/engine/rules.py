"""A regimen's rules as the engine works from them: parsed, checked, plain and frozen.

:mod:`mmsched.formats.regimen` validates a regimen file and compiles each drug into a
:class:`DrugRule` (its dose, route, days by cycle, interval, rounding step, levels, renal bands,
age rule, lifetime maximum) and each test into a :class:`MonitoringRule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Literal

from .dispensing import Strengths
from .orderset import Conditions, Infusion
from .units import Dose

ClosedDayPolicy = Literal["shift-later", "shift-earlier", "keep", "omit"]
#: Doses given on the ward move to an open day; doses taken at home are kept.
WARD_ROUTES = frozenset({"SC", "IV", "IV push", "IM", "IT"})


@dataclass(frozen=True)
class ChairMinutes:
    """Minutes of chair (or bed) time one dose takes on the ward, for the drug's first, second
    and later doses of the course (daratumumab IV: 420, 258 and 210 minutes); one number is the
    same three times. Oral doses take none."""

    first: int
    second: int
    later: int

    def for_occurrence(self, n: int) -> int:
        """The minutes of the drug's ``n``-th dose given in the course (from 1).

        >>> ChairMinutes(420, 258, 210).for_occurrence(5)
        210
        """
        return (self.first, self.second, self.later)[min(max(n, 1), 3) - 1]


@dataclass(frozen=True)
class CycleDays:
    """The days a drug is given on in cycles ``first..last`` (``last`` None: onwards).

    A ``schedule:`` row may carry its own ``dose`` (step-up or split dosing: the dose the rules
    start from on these days), a ``role`` (the regimen's own drug given as premedication or
    post-medication), ``chair_minutes`` and infusion details; rows without them use the drug's.
    A row in a role may follow another drug (``with_drug``): given ``minutes_before`` it (a
    window, on the same day) or ``days_after`` it, on that drug's actual date.
    """

    first: int
    last: int | None
    days: tuple[int, ...]
    dose: Dose | None = None
    role: str | None = None
    chair_minutes: ChairMinutes | None = None
    infusion: Infusion | None = None
    with_drug: str | None = None
    minutes_before: tuple[int, int] | None = None
    days_after: int | None = None

    @property
    def offset_days(self) -> int:
        """Days from the followed drug's dose to this row's (0 for a premedication)."""
        return self.days_after or 0

    def covers(self, cycle: int) -> bool:
        return self.first <= cycle and (self.last is None or cycle <= self.last)


@dataclass(frozen=True)
class Instruction:
    """How to give a dose, in English and Chinese ("on dialysis days, after dialysis")."""

    en: str
    zh: str | None = None

    def get(self, lang: str) -> str:
        return (self.zh or self.en) if lang == "zh" else self.en


@dataclass(frozen=True)
class CompiledRenalBand:
    """A renal band with its dose parsed and its days (None: the drug's own days).

    ``studied_min``: below this CrCl the label gives no data (a warning, not a different dose);
    ``dialysis`` True: the band of patients on dialysis, whatever Cockcroft-Gault gives.
    """

    crcl_min: Decimal
    dialysis: bool | None
    dose: Dose
    days: tuple[int, ...] | None
    studied_min: Decimal | None = None
    instruction: Instruction | None = None

    def holds(self, crcl: Decimal, dialysis: bool) -> bool:
        return crcl >= self.crcl_min and (self.dialysis is None or self.dialysis == dialysis)

    def describe(self, below: Decimal | None = None, lang: str = "en") -> str:
        """The band's bounds for people: "30 ≤ CrCl < 60 mL/min", "CrCl < 30 mL/min, on
        dialysis". ``below`` is the next higher band's bound, where there is one."""
        if self.dialysis is True:
            return "透析" if lang == "zh" else "on dialysis"
        if below is None:
            text = f"CrCl ≥ {self.crcl_min} mL/min"
        elif self.crcl_min > 0:
            text = f"{self.crcl_min} ≤ CrCl < {below} mL/min"
        else:
            text = f"CrCl < {below} mL/min"
        if self.dialysis is not None:
            if lang == "zh":
                text += "，透析" if self.dialysis else "，未透析"
            else:
                text += ", on dialysis" if self.dialysis else ", not on dialysis"
        return text


@dataclass(frozen=True)
class CompiledAgeRule:
    """Older than ``over`` years: a dose above ``max_dose`` is reduced to it or warned about."""

    over: int
    max_dose: Dose
    action: str
    source: str | None = None


@dataclass(frozen=True)
class CompiledBmiRule:
    """A BMI below ``under`` kg/m²: a dose above ``max_dose`` is reduced to it or warned about."""

    under: Decimal
    max_dose: Dose
    action: str
    source: str | None = None


@dataclass(frozen=True)
class HepaticBand:
    """The starting dose when total bilirubin is above ``bilirubin_uln_above`` × the upper
    limit of normal; it stays for later cycles until a plan change sets another level."""

    bilirubin_uln_above: Decimal
    dose: Dose
    instruction: Instruction | None = None


@dataclass(frozen=True)
class MonitoringRule:
    """A monitoring test with its days parsed.

    ``days`` are days of each covered cycle (day 0 and negative days allowed: before day 1);
    ``course_days`` are days counted from C1D1 (day 1) in calendar days, whatever the cycles,
    and ``course_every`` (first day, step) repeats from that day to the course's last day
    (the pregnancy-test programme counts weeks, not cycle days). ``window_days``: the test may
    be done up to that many days after its date. ``course_from``: the cycle whose first day
    is the programme's day 1 (a maintenance phase's own programme starts with its first cycle).
    """

    test: str
    first_cycle: int
    last_cycle: int | None
    days: tuple[int, ...]
    with_drug: str | None
    on_closed_day: ClosedDayPolicy
    conditions: Conditions | None = None
    source: str | None = None
    course_days: tuple[int, ...] = ()
    course_every: tuple[int, int] | None = None
    window_days: int = 0
    course_from: int = 1

    def covers(self, cycle: int) -> bool:
        return self.first_cycle <= cycle and (self.last_cycle is None or cycle <= self.last_cycle)


@dataclass(frozen=True)
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
    strengths: Strengths | None = None
    hepatic: tuple[HepaticBand, ...] = ()
    hepatic_source: str | None = None
    bmi_rule: CompiledBmiRule | None = None
    instruction: Instruction | None = None
    infusion: Infusion | None = None
    #: Chair time per dose (``chair_minutes:`` of the drug); rows may give their own.
    chair_minutes: ChairMinutes | None = None
    #: Minutes the patient stays after the infusion (added to ``duration_minutes``).
    observation_minutes: int | None = None

    def days_for(self, cycle: int) -> tuple[int, ...]:
        """The days of ``cycle`` this drug is given on (empty when none); rows that share a
        cycle (a step-up dose on days 1-2, the full dose from day 8) give their days together."""
        found: tuple[int, ...] | None = None
        for entry in self.days_by_cycle:
            if entry.covers(cycle):
                found = entry.days if found is None else tuple(sorted(found + entry.days))
        return found or ()

    def row_for(self, cycle: int, day: int) -> CycleDays | None:
        """The ``schedule:`` row (or the drug's ``days``) that gives day ``day`` of ``cycle``."""
        for entry in self.days_by_cycle:
            if entry.covers(cycle) and day in entry.days:
                return entry
        return None

    @cached_property
    def follows(self) -> bool:
        """Whether any row follows another drug's doses (``with:``)."""
        return any(entry.with_drug is not None for entry in self.days_by_cycle)

    @cached_property
    def row_doses(self) -> bool:
        """Whether any row gives a dose of its own."""
        return any(entry.dose is not None for entry in self.days_by_cycle)
