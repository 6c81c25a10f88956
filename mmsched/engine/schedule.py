"""What the expander produces: plain frozen records, free of pydantic and of I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import cached_property

from .orderset import InfusionDose
from .rules import CycleDays, DrugRule


@dataclass(frozen=True, slots=True)
class Administration:
    """One dose of one drug on one date.

    Attributes:
        date: the day the dose is given.
        cycle: the cycle number, from 1.
        day: the day of the cycle, from 1 (C1D4 is cycle 1, day 4).
        drug: the drug's international name, as in the regimen.
        dose: the final dose, after rounding: what is given.
        dose_calculated: the dose before rounding (BSA or weight times the dose per unit).
        unit: the unit of ``dose`` and ``dose_calculated`` ("mg", "mcg", "g", "IU").
        route: the route code ("PO", "SC", "IV", ...).
        prescribed: the dose as prescribed ("1.3 mg/m2", or the plan's choice in a range).
        basis: how the dose was computed ("1.3 mg/m² × 1.50 m²").
        bsa_m2: the BSA the dose was computed from, for BSA-based doses.
        rounding: the rounding step applied to ``dose_calculated`` ("0.1 mg"), if any.
        planned_date: where the dose was before a closed-day shift or a move; None if unmoved.
        shift_reason: why the dose moved (closed day, a plan change), when it moved.
        notes: why the dose differs from the regimen's (dose level, renal band, override).
        shift_reason_zh: ``shift_reason`` in Chinese.
        override: the dose is above the regimen's, by an explicit plan override.
        notes_zh: ``notes`` in Chinese.
        instructions: how to give the dose, from the rules it follows ("on dialysis days,
            after dialysis"), in English; ``instructions_zh`` in Chinese.
        dispensed_as: the units an oral dose is made of ("6 mg × 3 + 2 mg × 1"), when the
            regimen or the ward's formulary gives the drug's strengths.
    """

    date: dt.date
    cycle: int
    day: int
    drug: str
    dose: Decimal
    dose_calculated: Decimal
    unit: str
    route: str
    prescribed: str
    basis: str
    bsa_m2: Decimal | None = None
    rounding: str | None = None
    planned_date: dt.date | None = None
    shift_reason: str | None = None
    notes: tuple[str, ...] = ()
    shift_reason_zh: str | None = None
    override: bool = False
    notes_zh: tuple[str, ...] = ()
    instructions: tuple[str, ...] = ()
    instructions_zh: tuple[str, ...] = ()
    dispensed_as: str | None = None

    @property
    def cycle_day(self) -> str:
        """Cycle and day as ward staff write them: "C1D4"."""
        return f"C{self.cycle}D{self.day}"

    def notes_in(self, lang: str) -> tuple[str, ...]:
        """The notes in ``lang`` ("zh" or "en")."""
        return self.notes_zh or self.notes if lang == "zh" else self.notes

    def instructions_in(self, lang: str) -> tuple[str, ...]:
        """The instructions in ``lang`` ("zh" or "en")."""
        return self.instructions_zh or self.instructions if lang == "zh" else self.instructions

    def shift_reason_in(self, lang: str) -> str | None:
        """Why the dose moved, in ``lang`` ("zh" or "en")."""
        return (self.shift_reason_zh or self.shift_reason) if lang == "zh" else self.shift_reason


@dataclass(frozen=True, slots=True)
class MonitoringEvent:
    """A test to be done on a date (a blood count, the lymphocyte-subset panel).

    ``day`` may be 0 or negative (before the owning cycle's day 1: C1D0 is the day before the
    first dose); ``window_to``: the last date the test may still be done, when it has a window.
    """

    date: dt.date
    cycle: int
    day: int
    test: str
    window_to: dt.date | None = None

    @property
    def cycle_day(self) -> str:
        return f"C{self.cycle}D{self.day}"


@dataclass(frozen=True, slots=True)
class SupportiveRecord:
    """One dated supportive item of the order set: a premedication, a prophylaxis, a
    post-medication or hydration, or a prompt (a reminder without a dose).

    Attributes:
        date, cycle, day: when; ``day`` may be 0 or negative, or past the cycle's length for
            an item a number of days after a drug's dose (it keeps its owning cycle).
        item: the lowercase international name (or the prompt's id); ``name_zh`` its Chinese.
        category: "premedication", "prophylaxis", "post-medication" or "hydration".
        dose_low, dose_high, unit: the dose (equal ends) or the range still to be chosen;
            None for a prompt. ``per_day``: doses a day (2 for twice daily), when given.
        route: the route code; None for a prompt.
        with_drug: the anticancer drug the item follows, with ``minutes_before`` (a window
            in minutes, equal ends for one number) or ``days_after``.
        prompt_en, prompt_zh: the reminder of a prompt.
        optional: a prescriber may leave it out.
        phase: the treatment phase ("induction" until phases exist).
    """

    date: dt.date
    cycle: int
    day: int
    item: str
    category: str
    source: str
    name_zh: str | None = None
    dose_low: Decimal | None = None
    dose_high: Decimal | None = None
    unit: str | None = None
    per_day: int | None = None
    route: str | None = None
    with_drug: str | None = None
    minutes_before: tuple[int, int] | None = None
    days_after: int | None = None
    prompt_en: str | None = None
    prompt_zh: str | None = None
    optional: bool = False
    note: str | None = None
    phase: str = "induction"
    #: ``note`` in Chinese, where the regimen file gives it (``note_zh``).
    note_zh: str | None = None

    def note_in(self, lang: str) -> str | None:
        """The note in ``lang`` (Chinese where the regimen gives it, else as written)."""
        return (self.note_zh or self.note) if lang == "zh" else self.note

    @property
    def cycle_day(self) -> str:
        return f"C{self.cycle}D{self.day}"

    @property
    def is_prompt(self) -> bool:
        return self.dose_low is None


@dataclass(frozen=True)
class SkippedDose:
    """A planned dose that is not given: omitted, held, stopped, or dropped on a closed day."""

    date: dt.date
    cycle: int
    day: int
    drug: str
    kind: str  # "omitted" | "held" | "stopped" | "closed"
    reason: str

    @property
    def cycle_day(self) -> str:
        return f"C{self.cycle}D{self.day}"


@dataclass(frozen=True)
class DoseChange:
    """A drug's dose before and after a change of weight (for a weight flag)."""

    drug: str
    before: Decimal
    after: Decimal
    unit: str


@dataclass(frozen=True)
class WeightFlag:
    """A cycle whose weight differs from baseline by the plan's threshold or more."""

    cycle: int
    date: dt.date
    weight_kg: Decimal
    baseline_weight_kg: Decimal
    change_percent: Decimal
    bsa_m2: Decimal
    doses: tuple[DoseChange, ...]


@dataclass(frozen=True)
class CumulativeDose:
    """The total of a drug over the course, against the regimen's lifetime maximum if any."""

    drug: str
    dose: Decimal
    unit: str
    lifetime_max: Decimal | None = None

    @property
    def exceeds(self) -> bool:
        return self.lifetime_max is not None and self.dose > self.lifetime_max


@dataclass(frozen=True)
class RenalAssessment:
    """The creatinine clearance a renal dose band was chosen by.

    ``crcl_ml_min`` is as shown (0.1 mL/min, more decimals near a band bound); bands are chosen
    by ``crcl_exact_ml_min``. ``weight_kg`` is the weight Cockcroft-Gault used, by
    ``weight_basis`` ("actual", "ideal" or "adjusted"); ``ideal_weight_kg`` (Devine) and
    ``adjusted_weight_kg`` are given when the patient is obese (actual > 120 % of ideal), with
    ``crcl_by_weight``: the CrCl by each weight, as shown. On dialysis the band is the
    dialysis band whatever the CrCl (Cockcroft-Gault is not valid on dialysis).
    ``serum_creatinine_umol_l`` is the creatinine in µmol/L, whole (× 88.4 from mg/dL).
    """

    crcl_ml_min: Decimal
    method: str
    serum_creatinine_mg_dl: Decimal
    weight_kg: Decimal
    age: int
    dialysis: bool
    crcl_exact_ml_min: Decimal | None = None
    weight_basis: str = "actual"
    ideal_weight_kg: Decimal | None = None
    adjusted_weight_kg: Decimal | None = None
    crcl_by_weight: tuple[tuple[str, Decimal], ...] = ()
    #: The same creatinine in µmol/L, whole (Chinese laboratories report µmol/L).
    serum_creatinine_umol_l: Decimal | None = None


@dataclass(frozen=True)
class Phase:
    """One treatment phase of a schedule: its regimen, cycle length and cycles.

    ``phase`` is "induction" or "maintenance"; cycles are numbered through the whole course
    (S0777: induction C1-C8, maintenance from C9); ``until_progression``: the regimen gives
    the phase until progression (the schedule holds the cycles the plan chose).
    """

    phase: str
    regimen_id: str
    name: str
    name_zh: str | None
    cycle_days: int
    first_cycle: int
    last_cycle: int
    until_progression: bool = False


@dataclass(frozen=True)
class Schedule:
    """A patient's expanded course: every administration, dated and dosed, in order.

    Administrations are ordered by date, then by the regimen's drug order.
    """

    patient_id: str
    patient_name: str | None
    sex: str
    age: int
    regimen_id: str
    regimen_name: str
    regimen_name_zh: str | None
    cycle_days: int
    cycles: int
    start: dt.date
    cycle_starts: tuple[dt.date, ...]
    height_cm: Decimal
    weight_kg: Decimal
    bsa_m2: Decimal
    bsa_formula: str
    bsa_uncapped_m2: Decimal
    administrations: tuple[Administration, ...]
    warnings: tuple[str, ...] = field(default=())
    monitoring: tuple[MonitoringEvent, ...] = field(default=())
    #: The regimen's drugs in its order, each with the Chinese name the regimen file gives
    #: (``name_zh``), or None to use mmsched's drug table.
    drugs: tuple[tuple[str, str | None], ...] = field(default=())
    skipped: tuple[SkippedDose, ...] = field(default=())
    weight_flags: tuple[WeightFlag, ...] = field(default=())
    cumulative: tuple[CumulativeDose, ...] = field(default=())
    renal: RenalAssessment | None = None
    #: The regimen's interpretations where its source is silent or differs from the label:
    #: each (English, Chinese, source).
    assumptions: tuple[tuple[str, str, str], ...] = ()
    #: ``warnings`` in Chinese, one for one.
    warnings_zh: tuple[str, ...] = field(default=())
    #: The message code of each of ``warnings``, one for one (:mod:`mmsched.errors.catalogue`;
    #: ``""`` for a warning without one).
    warning_codes: tuple[str, ...] = field(default=())
    #: Dates the order set's supportive items when first asked (:attr:`supportive`).
    order_set: Callable[[], tuple[SupportiveRecord, ...]] | None = field(
        default=None, repr=False, compare=False
    )
    #: The regimen's drug rules: per-row roles, chair minutes and infusion details are looked
    #: up here (:meth:`row_of`, :meth:`infusion_of`), not carried on every administration.
    rules: tuple[DrugRule, ...] = field(default=())
    #: The treatment phases in order (empty: the induction alone, as :attr:`phase_table`).
    phases: tuple[Phase, ...] = field(default=())

    #: Doses of each drug given before the first of ``administrations`` (a schedule limited to
    #: a window of dates, :func:`.period.within`): a drug's first, second and later infusions
    #: are counted over the whole course.
    given_before: tuple[tuple[str, int], ...] = field(default=())

    @property
    def phase_table(self) -> tuple[Phase, ...]:
        """The phases, one entry each: the induction alone when :attr:`phases` is empty."""
        if self.phases:
            return self.phases
        induction = Phase(
            "induction", self.regimen_id, self.regimen_name, self.regimen_name_zh,
            self.cycle_days, 1, self.cycles,
        )  # fmt: skip
        return (induction,)

    @cached_property
    def supportive(self) -> tuple[SupportiveRecord, ...]:
        """The order set's supportive items, dated, in date order (then the regimen's order);
        worked out on first use, not during the expansion."""
        return () if self.order_set is None else self.order_set()

    def phase_of(self, cycle: int) -> str:
        """The treatment phase of ``cycle``: "induction" or "maintenance" (a day before C1D1
        belongs to cycle 1, a maintenance cycle's day 0 to its own cycle)."""
        found = "induction"
        for phase in self.phases:
            if cycle >= phase.first_cycle:
                found = phase.phase
        return found

    def cycle_days_of(self, cycle: int) -> int:
        """The length of ``cycle`` in days: its phase's cycle length."""
        found = self.cycle_days
        for phase in self.phases:
            if cycle >= phase.first_cycle:
                found = phase.cycle_days
        return found

    @property
    def first_date(self) -> dt.date:
        """The earliest dated item: a dose, a test or a supportive item (day 0 and negative
        days come before the start)."""
        dates = [self.start]
        dates += [a.date for a in self.administrations[:1]]
        dates += [m.date for m in self.monitoring[:1]]
        dates += [s.date for s in self.supportive[:1]]
        return min(dates)

    def row_of(self, adm: Administration) -> CycleDays | None:
        """The regimen row a dose was planned by (its role, chair minutes, infusion)."""
        rule = next((r for r in self.rules if r.drug == adm.drug), None)
        return None if rule is None else rule.row_for(adm.cycle, adm.day)

    def role_row(self, adm: Administration) -> CycleDays | None:
        """The row that gives ``adm`` in a role (premedication, post-medication), or None: a
        dose of a row ``with:`` a drug has its role only where that drug is given on its
        date (or ``days_after`` before it); where that drug is held or omitted, the dose is
        the regimen's ordinary dose on its day."""
        row = self.row_of(adm) if self.rules else None
        if row is None or row.role is None:
            return None
        if row.with_drug is None:
            return row
        day = adm.date - dt.timedelta(days=row.offset_days)
        return row if (row.with_drug, day) in self._given_on else None

    @cached_property
    def _given_on(self) -> frozenset[tuple[str, dt.date]]:
        """Each (drug, date) a dose is given on."""
        return frozenset((a.drug, a.date) for a in self.administrations)

    def infusion_of(self, adm: Administration, occurrence: int) -> InfusionDose | None:
        """The infusion details of a dose that is the drug's ``occurrence``-th given (from 1):
        the row's own details, else the drug's."""
        row = self.row_of(adm)
        if row is not None and row.infusion is not None:
            return row.infusion.for_occurrence(occurrence)
        rule = next((r for r in self.rules if r.drug == adm.drug), None)
        if rule is None or rule.infusion is None:
            return None
        return rule.infusion.for_occurrence(occurrence)

    def infusions(self) -> tuple[InfusionDose | None, ...]:
        """The infusion details of each administration, one for one (None where the drug has
        none), each by the drug's occurrence in the whole course (:attr:`given_before`)."""
        given = dict(self.given_before)
        found: list[InfusionDose | None] = []
        for adm in self.administrations:
            occurrence = given[adm.drug] = given.get(adm.drug, 0) + 1
            found.append(self.infusion_of(adm, occurrence))
        return tuple(found)

    def warnings_in(self, lang: str) -> tuple[str, ...]:
        """The warnings in ``lang`` ("zh" or "en")."""
        return self.warnings_zh or self.warnings if lang == "zh" else self.warnings

    def drug_name_zh(self, drug: str) -> str | None:
        """The Chinese name the regimen file gives ``drug``, if it gives one."""
        return dict(self.drugs).get(drug)

    @property
    def end(self) -> dt.date:
        """The last day of the last cycle."""
        last = self.cycle_days_of(len(self.cycle_starts))
        return self.cycle_starts[-1] + timedelta(days=last - 1)

    def on(self, day: dt.date) -> tuple[Administration, ...]:
        """The administrations given on ``day``."""
        return tuple(a for a in self.administrations if a.date == day)
