"""What the expander produces: plain frozen records, free of pydantic and of I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal


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

    @property
    def cycle_day(self) -> str:
        """Cycle and day as ward staff write them: "C1D4"."""
        return f"C{self.cycle}D{self.day}"


@dataclass(frozen=True, slots=True)
class MonitoringEvent:
    """A test to be done on a date (a blood count, the lymphocyte-subset panel)."""

    date: dt.date
    cycle: int
    day: int
    test: str

    @property
    def cycle_day(self) -> str:
        return f"C{self.cycle}D{self.day}"


@dataclass(frozen=True, slots=True)
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

    def drug_name_zh(self, drug: str) -> str | None:
        """The Chinese name the regimen file gives ``drug``, if it gives one."""
        return dict(self.drugs).get(drug)

    @property
    def end(self) -> dt.date:
        """The last day of the last cycle."""
        return self.cycle_starts[-1] + timedelta(days=self.cycle_days - 1)

    def on(self, day: dt.date) -> tuple[Administration, ...]:
        """The administrations given on ``day``."""
        return tuple(a for a in self.administrations if a.date == day)
