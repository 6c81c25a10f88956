"""The JSON contract ``mmsched.schedule/1`` that other hospital tools read.

New fields may be added; existing ones never change name or meaning (a change of meaning would
need a new schema name). Numbers are JSON numbers; dates are ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..engine.orderset import InfusionDose
from ..engine.rules import CycleDays
from ..engine.schedule import (
    Administration,
    CumulativeDose,
    RenalAssessment,
    Schedule,
    SkippedDose,
    SupportiveRecord,
    WeightFlag,
)
from ..engine.units import json_number

SCHEMA = "mmsched.schedule/1"


def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    """The schedule as the JSON contract's mapping (no patient name: the id identifies)."""
    return {
        "schema": SCHEMA,
        "patient": _patient(schedule),
        "regimen": _regimen(schedule),
        "administrations": _administrations(schedule),
        "warnings": list(schedule.warnings),
        "warnings_zh": list(schedule.warnings_zh),
        "warning_codes": _warning_codes(schedule),
        "monitoring": [
            {
                "date": m.date.isoformat(),
                "cycle": m.cycle,
                "day": m.day,
                "test": m.test,
                "phase": schedule.phase_of(m.cycle),
                "window_to": None if m.window_to is None else m.window_to.isoformat(),
            }
            for m in schedule.monitoring
        ],
        "supportive": [supportive_record(s) for s in schedule.supportive],
        "skipped": [_skipped(s) for s in schedule.skipped],
        "cumulative": [_cumulative(c) for c in schedule.cumulative],
        "weight_flags": [_weight_flag(f) for f in schedule.weight_flags],
        "renal": None if schedule.renal is None else _renal(schedule.renal),
    }


def _warning_codes(schedule: Schedule) -> list[str]:
    """The message code of each warning, one for one (``""`` for a warning without one)."""
    codes = schedule.warning_codes
    return list(codes) if len(codes) == len(schedule.warnings) else [""] * len(schedule.warnings)


def _patient(schedule: Schedule) -> dict[str, Any]:
    return {
        "id": schedule.patient_id,
        "sex": schedule.sex,
        "age": schedule.age,
        "height_cm": json_number(schedule.height_cm),
        "weight_kg": json_number(schedule.weight_kg),
        "bsa_m2": json_number(schedule.bsa_m2),
        "bsa_formula": schedule.bsa_formula,
        "bsa_uncapped_m2": json_number(schedule.bsa_uncapped_m2),
    }


def _regimen(schedule: Schedule) -> dict[str, Any]:
    return {
        "id": schedule.regimen_id,
        "name": schedule.regimen_name,
        "cycle_days": schedule.cycle_days,
        "cycles": schedule.cycles,
        "start": schedule.start.isoformat(),
        "cycle_starts": [d.isoformat() for d in schedule.cycle_starts],
        "first_date": schedule.first_date.isoformat(),
        "assumptions": [
            {"en": en, "zh": zh, "source": source} for en, zh, source in schedule.assumptions
        ],
    } | _phases(schedule)


def _phases(schedule: Schedule) -> dict[str, Any]:
    """``phases``, one entry per phase: the induction alone, or the induction and its
    maintenance (issue 13: "one entry per phase")."""
    return {
        "phases": [
            {
                "phase": p.phase,
                "id": p.regimen_id,
                "name": p.name,
                "name_zh": p.name_zh,
                "cycle_days": p.cycle_days,
                "first_cycle": p.first_cycle,
                "last_cycle": p.last_cycle,
                "until_progression": p.until_progression,
            }
            for p in schedule.phase_table
        ]
    }


def _administration(a: Administration) -> dict[str, Any]:
    return {
        "date": a.date.isoformat(),
        "cycle": a.cycle,
        "day": a.day,
        "drug": a.drug,
        "dose": json_number(a.dose),
        "dose_calculated": json_number(a.dose_calculated),
        "unit": a.unit,
        "route": a.route,
        "prescribed": a.prescribed,
        "basis": a.basis,
        "bsa_m2": None if a.bsa_m2 is None else json_number(a.bsa_m2),
        "rounding": a.rounding,
        "planned_date": None if a.planned_date is None else a.planned_date.isoformat(),
        "shift_reason": a.shift_reason,
        "shift_reason_zh": a.shift_reason_zh,
        "notes": list(a.notes),
        "override": a.override,
        "notes_zh": list(a.notes_zh),
        "instructions": list(a.instructions),
        "instructions_zh": list(a.instructions_zh),
        "dispensed_as": a.dispensed_as,
    }


def _administrations(schedule: Schedule) -> list[dict[str, Any]]:
    """Each dose with its phase, its row's role and chair minutes, and its infusion details
    (by the drug's occurrence in the course: first, second, later), looked up in the
    regimen's rules rather than carried on every administration."""
    out = []
    given = dict(schedule.given_before)
    # By occurrence over the whole course, also when the schedule is limited to dates.
    for a, infusion in zip(schedule.administrations, schedule.infusions(), strict=True):
        record = _administration(a)
        row = schedule.row_of(a)
        occurrence = given[a.drug] = given.get(a.drug, 0) + 1
        chair = None if row is None else row.chair_minutes
        in_role = schedule.role_row(a)
        record["phase"] = schedule.phase_of(a.cycle)
        record["role"] = None if in_role is None else in_role.role
        record["with"] = None if in_role is None else in_role.with_drug
        record["timing"] = row_timing(in_role)
        # The row's own chair minutes (issue 13); the chair time every dose takes, from the
        # drug and the route too, is mmsched load's (mmsched.engine.chairtime).
        record["chair_minutes"] = None if chair is None else chair.for_occurrence(occurrence)
        record["infusion"] = None if infusion is None else infusion_record(infusion)
        out.append(record)
    return out


def row_timing(row: CycleDays | None) -> dict[str, Any] | None:
    """A dose's timing relative to the drug its row follows, as supportive records give it:
    ``{"minutes_before": [60, 180]}``, ``{"days_after": 1}``, or None."""
    if row is None or row.with_drug is None:
        return None
    if row.minutes_before is not None:
        return {"minutes_before": list(row.minutes_before)}
    return {"days_after": row.days_after}


def infusion_record(infusion: InfusionDose) -> dict[str, Any]:
    return {
        "diluent": infusion.diluent,
        "volume_ml": _number_or_none(infusion.volume_ml),
        "duration_minutes": infusion.duration_minutes,
        "rate": infusion.rate,
        "rate_zh": infusion.rate_zh,
    }


def supportive_record(s: SupportiveRecord) -> dict[str, Any]:
    """One dated supportive item. ``dose`` is a number, or ``[low, high]`` for a range the plan
    did not choose inside, or null for a prompt; ``timing`` is ``{"minutes_before": [low,
    high]}``, ``{"days_after": n}`` or null (an item on its own days)."""
    dose: Any = None
    if s.dose_low is not None and s.dose_high is not None:
        dose = (
            json_number(s.dose_low)
            if s.dose_low == s.dose_high
            else [json_number(s.dose_low), json_number(s.dose_high)]
        )
    timing: dict[str, Any] | None = None
    if s.minutes_before is not None:
        timing = {"minutes_before": list(s.minutes_before)}
    elif s.days_after is not None:
        timing = {"days_after": s.days_after}
    return {
        "date": s.date.isoformat(),
        "cycle": s.cycle,
        "day": s.day,
        "item": s.item,
        "name_zh": s.name_zh,
        "category": s.category,
        "dose": dose,
        "unit": s.unit,
        "per_day": s.per_day,
        "route": s.route,
        "with": s.with_drug,
        "timing": timing,
        "prompt": None if s.prompt_en is None else {"en": s.prompt_en, "zh": s.prompt_zh},
        "optional": s.optional,
        "phase": s.phase,
        "note": s.note,
        "note_zh": s.note_zh,
        "source": s.source,
    }


def _skipped(s: SkippedDose) -> dict[str, Any]:
    return {
        "date": s.date.isoformat(),
        "cycle": s.cycle,
        "day": s.day,
        "drug": s.drug,
        "kind": s.kind,
        "reason": s.reason,
    }


def _cumulative(c: CumulativeDose) -> dict[str, Any]:
    return {
        "drug": c.drug,
        "dose": json_number(c.dose),
        "unit": c.unit,
        "lifetime_max": None if c.lifetime_max is None else json_number(c.lifetime_max),
        "exceeds": c.exceeds,
    }


def _weight_flag(f: WeightFlag) -> dict[str, Any]:
    return {
        "cycle": f.cycle,
        "date": f.date.isoformat(),
        "weight_kg": json_number(f.weight_kg),
        "baseline_weight_kg": json_number(f.baseline_weight_kg),
        "change_percent": json_number(f.change_percent),
        "bsa_m2": json_number(f.bsa_m2),
        "doses": [
            {
                "drug": d.drug,
                "before": json_number(d.before),
                "after": json_number(d.after),
                "unit": d.unit,
            }
            for d in f.doses
        ],
    }


def _renal(renal: RenalAssessment) -> dict[str, Any]:
    """The CrCl as shown (``crcl_ml_min``) and unrounded (``crcl_exact_ml_min``, what bands are
    chosen by), the weight Cockcroft-Gault used and its basis; for an obese patient the ideal
    (Devine) and adjusted weights and the CrCl by each weight ("actual", "ideal", "adjusted")."""
    return {
        "crcl_ml_min": json_number(renal.crcl_ml_min),
        "method": renal.method,
        "serum_creatinine_mg_dl": json_number(renal.serum_creatinine_mg_dl),
        "weight_kg": json_number(renal.weight_kg),
        "age": renal.age,
        "dialysis": renal.dialysis,
        "crcl_exact_ml_min": _number_or_none(renal.crcl_exact_ml_min),
        "weight_basis": renal.weight_basis,
        "ideal_weight_kg": _number_or_none(renal.ideal_weight_kg),
        "adjusted_weight_kg": _number_or_none(renal.adjusted_weight_kg),
        "crcl_by_weight": {basis: json_number(crcl) for basis, crcl in renal.crcl_by_weight},
        "serum_creatinine_umol_l": _number_or_none(renal.serum_creatinine_umol_l),
    }


def _number_or_none(value: Decimal | None) -> int | float | None:
    return None if value is None else json_number(value)


def schedule_to_json(schedule: Schedule) -> str:
    """The schedule as JSON **text** (a ``str``: UTF-8 characters kept, two-space indent, a
    newline at the end), ready to write; :func:`schedule_to_dict` gives the same as a mapping."""
    return json.dumps(schedule_to_dict(schedule), ensure_ascii=False, indent=2) + "\n"
