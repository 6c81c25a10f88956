"""The JSON contract ``mmsched.schedule/1`` that other hospital tools read.

New fields may be added; existing ones never change name or meaning (a change of meaning would
need a new schema name). Numbers are JSON numbers; dates are ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json
from typing import Any

from .schedule import Schedule
from .units import json_number

SCHEMA = "mmsched.schedule/1"


def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    """The schedule as the JSON contract's mapping (no patient name: the id identifies)."""
    return {
        "schema": SCHEMA,
        "patient": {
            "id": schedule.patient_id,
            "sex": schedule.sex,
            "age": schedule.age,
            "height_cm": json_number(schedule.height_cm),
            "weight_kg": json_number(schedule.weight_kg),
            "bsa_m2": json_number(schedule.bsa_m2),
            "bsa_formula": schedule.bsa_formula,
            "bsa_uncapped_m2": json_number(schedule.bsa_uncapped_m2),
        },
        "regimen": {
            "id": schedule.regimen_id,
            "name": schedule.regimen_name,
            "cycle_days": schedule.cycle_days,
            "cycles": schedule.cycles,
            "start": schedule.start.isoformat(),
            "cycle_starts": [d.isoformat() for d in schedule.cycle_starts],
        },
        "administrations": [
            {
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
            }
            for a in schedule.administrations
        ],
        "warnings": list(schedule.warnings),
    }


def schedule_to_json(schedule: Schedule) -> str:
    """The schedule as JSON text, UTF-8 characters kept, two-space indent, newline at the end."""
    return json.dumps(schedule_to_dict(schedule), ensure_ascii=False, indent=2) + "\n"
