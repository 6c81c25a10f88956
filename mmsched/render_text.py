"""The plain-text day-by-day list of a schedule."""

from __future__ import annotations

from .bsa import FORMULA_TEXT
from .schedule import Schedule
from .units import format_amount


def render_text(schedule: Schedule) -> str:
    """A header (patient, regimen, BSA and its formula) then one line per administration."""
    lines = [
        f"Patient {schedule.patient_id} · {schedule.regimen_name} ({schedule.regimen_id}) · "
        f"{schedule.cycles} × {schedule.cycle_days}-day cycles from {schedule.start.isoformat()}",
        f"Height {format_amount(schedule.height_cm)} cm"
        f" · weight {format_amount(schedule.weight_kg)} kg"
        f" · BSA {schedule.bsa_m2:.2f} m² ({FORMULA_TEXT[schedule.bsa_formula]})",
        "",
    ]
    previous = None
    for a in schedule.administrations:
        when = f"{a.date.isoformat()} {a.date.strftime('%a')} {a.cycle_day:<6}"
        if a.date == previous:
            when = " " * len(when)
        previous = a.date
        dose = f"{format_amount(a.dose)} {a.unit}"
        how = "" if a.basis == "flat dose" else f"  ({a.basis}, rounded to {a.rounding})"
        lines.append(f"{when}  {a.drug:<16} {dose:>12} {a.route:<3}{how}".rstrip())
    lines.extend(f"WARNING: {w}" for w in schedule.warnings)
    return "\n".join(lines) + "\n"
