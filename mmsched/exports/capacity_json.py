"""The ward's load and the suggested start dates as JSON contracts.

``mmsched.load/1`` (fields may be added, none renamed)::

    {"schema": "mmsched.load/1", "from": "YYYY-MM-DD", "to": "YYYY-MM-DD",
     "days": [{"date", "used_minutes", "capacity_minutes", "percent", "patients", "over"},
              ...],
     "target_percent", "over_dates": [...], "plans", "errors": [{"file", "message"}, ...]}

``used_minutes`` is the chair-minutes of the day's ward-given doses (oral doses take none);
``capacity_minutes`` chairs × hours × 60, null on a closed day; ``percent`` used / capacity
× 100 rounded half-up to 0.1, null on a closed day; ``patients`` how many patients take a chair
that day; ``over`` true when used > capacity (on a closed day: any use).

``mmsched.suggest/1``::

    {"schema": "mmsched.suggest/1",
     "suggestions": [{"plan", "patient", "preferred", "earliest", "latest",
                      "candidates": [{"start", "feasible", "reason", "over_capacity_days",
                                      "above_target_days", "distance_days", "peak_percent",
                                      "over_dates", "shifted_doses"}, ...]}, ...],
     "errors": [{"file", "message"}, ...]}

One suggestion per new plan, in placement order, with its top N candidates best first.
``distance_days`` is signed (candidate − preferred); ``peak_percent`` the highest load on the
patient's chair days rounded to 0.1 (null for an infeasible candidate or one without chair
days); ``reason`` why the engine refused an infeasible candidate, else null.
"""

from __future__ import annotations

import json
from typing import Any

from ..engine.capacity import DayLoad, WardLoad, rounded_percent
from ..engine.suggest import Candidate, Suggestion
from ..engine.units import json_number
from ..engine.wardsheet import WardError

LOAD_SCHEMA = "mmsched.load/1"
SUGGEST_SCHEMA = "mmsched.suggest/1"


def _percent(load: DayLoad) -> int | float | None:
    value = rounded_percent(load.percent)
    return None if value is None else json_number(value)


def day_record(load: DayLoad) -> dict[str, Any]:
    """One day of ``mmsched.load/1`` (also a CSV row)."""
    return {
        "date": load.date.isoformat(),
        "used_minutes": load.used_minutes,
        "capacity_minutes": load.capacity_minutes,
        "percent": _percent(load),
        "patients": load.patients,
        "over": load.over,
    }


def _errors(errors: tuple[WardError, ...]) -> list[dict[str, Any]]:
    return [{"file": error.file, "message": error.message} for error in errors]


def load_to_dict(load: WardLoad) -> dict[str, Any]:
    """The load as the ``mmsched.load/1`` mapping."""
    return {
        "schema": LOAD_SCHEMA,
        "from": load.first.isoformat(),
        "to": load.last.isoformat(),
        "days": [day_record(day) for day in load.days],
        "target_percent": json_number(load.capacity.target_percent),
        "over_dates": [day.isoformat() for day in load.over_dates],
        "plans": load.plans,
        "errors": _errors(load.errors),
    }


def load_to_json(load: WardLoad) -> str:
    return json.dumps(load_to_dict(load), ensure_ascii=False, indent=2) + "\n"


def candidate_record(candidate: Candidate) -> dict[str, Any]:
    """One candidate of ``mmsched.suggest/1``."""
    peak = rounded_percent(candidate.peak_percent) if candidate.feasible else None
    return {
        "start": candidate.start.isoformat(),
        "feasible": candidate.feasible,
        "reason": candidate.reason,
        "over_capacity_days": candidate.over_capacity_days,
        "above_target_days": candidate.above_target_days,
        "distance_days": candidate.distance_days,
        "peak_percent": None if peak is None else json_number(peak),
        "over_dates": [day.isoformat() for day in candidate.over_dates],
        "shifted_doses": candidate.shifted_doses,
    }


def suggest_to_dict(
    suggestions: tuple[Suggestion, ...], errors: tuple[WardError, ...], top: int
) -> dict[str, Any]:
    """The suggestions as the ``mmsched.suggest/1`` mapping, ``top`` candidates each."""
    return {
        "schema": SUGGEST_SCHEMA,
        "suggestions": [
            {
                "plan": s.plan,
                "patient": s.patient,
                "preferred": s.preferred.isoformat(),
                "earliest": s.earliest.isoformat(),
                "latest": s.latest.isoformat(),
                "candidates": [candidate_record(c) for c in s.candidates[:top]],
            }
            for s in suggestions
        ],
        "errors": _errors(errors),
    }


def suggest_to_json(
    suggestions: tuple[Suggestion, ...], errors: tuple[WardError, ...], top: int
) -> str:
    return (
        json.dumps(suggest_to_dict(suggestions, errors, top), ensure_ascii=False, indent=2) + "\n"
    )
