"""From a prescribed dose to the dose given: BSA or weight, the plan's choice, rounding.

The dose is computed from the BSA *after* it is rounded to 0.01 m², and rounded half-up in
Decimal to the regimen's step (``rounding: 0.1 mg``). Doses per m² or per kg without a step are
rounded to 0.01 of their unit, so no dose carries more digits than a syringe can measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .units import Dose, format_amount, round_half_up

DEFAULT_STEP = Decimal("0.01")
#: HOPA 2018: rounding within 10 % of the ordered dose is acceptable; beyond it, say so.
ROUNDING_TOLERANCE = Decimal("0.10")


@dataclass(frozen=True, slots=True)
class DoseResult:
    """A computed dose: what was calculated, what is given, and how."""

    dose: Decimal
    dose_calculated: Decimal
    unit: str
    prescribed: str
    basis: str
    rounding: str | None
    bsa_m2: Decimal | None


def compute_dose(
    prescribed: Dose,
    *,
    bsa_m2: Decimal,
    weight_kg: Decimal,
    rounding: Dose | None,
    down: bool = False,
) -> DoseResult:
    """Compute the dose for one patient; ``down`` rounds to the step at or below (a dose
    reduced for organ dysfunction: HOPA 2018, never rounded up).

    Args:
        prescribed: a single dose (a range must already be resolved to the plan's choice).
        bsa_m2: the patient's BSA, already rounded to 0.01 m² (and capped, if the plan caps it).
        weight_kg: the recorded weight, for mg/kg doses.
        rounding: the regimen's rounding step, or None.

    >>> r = compute_dose(Dose.parse("1.3 mg/m2"), bsa_m2=Decimal("1.50"), weight_kg=Decimal(52),
    ...                  rounding=Dose.parse("0.1 mg"))
    >>> r.dose, r.dose_calculated, r.basis
    (Decimal('2.0'), Decimal('1.950'), '1.3 mg/m² × 1.50 m²')
    """
    assert not prescribed.is_range, "resolve a dose range before computing it"
    amount = prescribed.low
    if prescribed.per == "m2":
        calculated = amount * bsa_m2
        basis = f"{format_amount(amount)} {prescribed.unit}/m² × {bsa_m2:.2f} m²"
        used_bsa: Decimal | None = bsa_m2
    elif prescribed.per == "kg":
        calculated = amount * weight_kg
        basis = f"{format_amount(amount)} {prescribed.unit}/kg × {format_amount(weight_kg)} kg"
        used_bsa = None
    else:
        calculated = amount
        basis = "flat dose"
        used_bsa = None
    step: Decimal | None = rounding.low if rounding is not None else None
    if step is None and prescribed.per is not None:
        step = DEFAULT_STEP
    dose = round_half_up(calculated, step, down=down) if step is not None else calculated
    return DoseResult(
        dose=dose,
        dose_calculated=calculated,
        unit=prescribed.unit,
        prescribed=str(prescribed),
        basis=basis,
        rounding=f"{format_amount(step)} {prescribed.unit}" if step is not None else None,
        bsa_m2=used_bsa,
    )


def rounding_deviation(result: DoseResult) -> Decimal:
    """How far rounding moved the dose, as a fraction of the calculated dose."""
    return abs(result.dose - result.dose_calculated) / result.dose_calculated


def rounding_allowance(result: DoseResult) -> Decimal:
    """How far above the calculated dose a given dose may be: what the rounding rule allows,
    half a step and never more than 10 % (HOPA 2018). A dose without a step allows nothing.

    >>> r = compute_dose(Dose.parse("1.3 mg/m2"), bsa_m2=Decimal("1.50"), weight_kg=Decimal(52),
    ...                  rounding=Dose.parse("0.1 mg"))
    >>> rounding_allowance(r)
    Decimal('0.05')
    """
    if result.rounding is None:
        return Decimal(0)
    step = Decimal(result.rounding.split()[0].replace(",", ""))
    return min(step / 2, result.dose_calculated * ROUNDING_TOLERANCE)
