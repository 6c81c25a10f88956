"""What changed between two schedules, as the ``mmsched.diff/1`` JSON contract.

The entries come from :func:`mmsched.engine.diff.diff_schedules`.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from ..engine.diff import Entry
from ..engine.schedule import Schedule
from ..engine.units import json_number

SCHEMA = "mmsched.diff/1"


def diff_to_dict(old: Schedule, new: Schedule, entries: list[Entry]) -> dict[str, Any]:
    """The ``mmsched.diff/1`` JSON mapping."""

    def iso(day: date | None) -> str | None:
        return None if day is None else day.isoformat()

    def num(value: Decimal | None) -> int | float | None:
        return None if value is None else json_number(value)

    return {
        "schema": SCHEMA,
        "patient_id": new.patient_id,
        "old": {
            "patient_id": old.patient_id,
            "regimen": old.regimen_id,
            "cycles": old.cycles,
            "start": old.start.isoformat(),
        },
        "new": {
            "patient_id": new.patient_id,
            "regimen": new.regimen_id,
            "cycles": new.cycles,
            "start": new.start.isoformat(),
        },
        "changes": [
            {
                "kind": e.kind,
                "what": e.what,
                "name": e.name,
                "cycle": e.cycle,
                "day": e.day,
                "old_date": iso(e.old_date),
                "new_date": iso(e.new_date),
                "old_dose": num(e.old_dose),
                "new_dose": num(e.new_dose),
                "unit": e.unit,
                "phase": (new if e.new_date is not None else old).phase_of(e.cycle),
            }
            for e in entries
        ],
    }


def diff_to_json(old: Schedule, new: Schedule, entries: list[Entry]) -> str:
    """The diff as JSON text with a final newline."""
    return json.dumps(diff_to_dict(old, new, entries), ensure_ascii=False, indent=2) + "\n"
