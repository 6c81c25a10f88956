"""Regimens as JSON: ``mmsched.regimens/1`` (the list) and ``mmsched.regimen/1`` (one regimen).

JSON contracts (fields may be added, none renamed)::

    {"schema": "mmsched.regimens/1",
     "regimens": [{"id", "name": {"en", "zh"}, "cycle_days", "cycles", "drugs": [...],
                   "origin": "bundled" | "local", "file"}, ...],
     "errors": [{"file", "message"}, ...],
     "warnings": [{"file", "message"}, ...]}

    {"schema": "mmsched.regimen/1",
     "id", "name": {"en", "zh"}, "cycle_days", "cycles", "source", "origin", "file",
     "drugs": [{"drug", "name_zh", "code", "route", "dose": {"text", "low", "high", "unit",
                "per"}, "days": [{"first_cycle", "last_cycle", "days": [...], "dose", "role",
                "with", "timing"}, ...], "min_interval_hours", "rounding", "on_closed_day"},
               ...],
     "monitoring": [{"test", "first_cycle", "last_cycle", "days", "with_drug", "course_days",
                     "course_every", "window_days", "conditions", "source"}, ...],
     "supportive": [{"item", "name_zh", "category", "dose", "route", "per_day", "prompt",
                     "first_cycle", "last_cycle", "days", "with", "timing", "occurrence",
                     "on_closed_day", "optional", "conditions", "source", "note"}, ...],
     "maintenance": {"regimen", "cycles"} | null,
     "assumptions": [{"en", "zh", "source"}, ...]}

``origin`` is ``bundled`` for a regimen that ships with mmsched (``file`` null) and ``local``
for one from a file (``file`` its path as found). ``drugs`` of the list are the drugs'
international names in the regimen's order. A dose's ``text`` is as written in regimen files
("1.3 mg/m2", "10-40 mg"); ``low`` and ``high`` are JSON numbers (equal unless the dose is a
range the plan chooses in), ``per`` is ``m2``, ``kg`` or null. ``last_cycle`` null: every cycle
from ``first_cycle`` on. ``rounding`` is the rounding step as written ("0.1 mg"), or null. A
row's ``dose`` is its own dose (the dose object above) or null; ``role`` "premedication" or
"post-medication" or null; ``with`` the drug a row follows and ``timing`` ``{"minutes_before":
[60, 180]}`` or ``{"days_after": 1}`` (null when it follows none). A supportive item's ``dose``
is the dose object or null (a ``prompt`` ``{"en", "zh"}``); ``occurrence`` "first", "last" or
null; ``conditions`` the regimen file's conditions (``{"sex": "F", "vte_risk": "high", ...}``,
only those given) or null; ``course_days`` are days counted from C1D1 and ``course_every``
``[N, K]`` (every K days from day N) or null. ``maintenance`` names the regimen that follows
this one and the most cycles a plan may schedule (``"until-progression"``: no cap). ``errors``
are the files that cannot be used by id (unreadable, invalid, a bundled or another local file's
id); ``warnings`` the copies of bundled files (not used, harmless).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..engine.course import CompiledRegimen
from ..engine.orderset import Conditions, SupportiveRule
from ..engine.rules import CycleDays, DrugRule
from ..engine.units import Dose, json_number
from ..errors import MmschedError
from ..views.display import drug_code

LIST_SCHEMA = "mmsched.regimens/1"
SCHEMA = "mmsched.regimen/1"


def regimens_to_dict(
    regimens: Sequence[tuple[CompiledRegimen, str | None]],
    errors: Sequence[MmschedError] = (),
    warnings: Sequence[MmschedError] = (),
) -> dict[str, Any]:
    """The list as the ``mmsched.regimens/1`` mapping; each regimen with its file (None for a
    bundled one)."""
    return {
        "schema": LIST_SCHEMA,
        "regimens": [
            {
                "id": regimen.id,
                "name": {"en": regimen.name.en, "zh": regimen.name.zh},
                "cycle_days": regimen.cycle_days,
                "cycles": regimen.cycles,
                "drugs": [rule.drug for rule in regimen.rules],
                **_origin(file),
            }
            for regimen, file in regimens
        ],
        "errors": [_problem(error) for error in errors],
        "warnings": [_problem(warning) for warning in warnings],
    }


def regimens_to_json(
    regimens: Sequence[tuple[CompiledRegimen, str | None]],
    errors: Sequence[MmschedError] = (),
    warnings: Sequence[MmschedError] = (),
) -> str:
    """:func:`regimens_to_dict` as JSON text (UTF-8 kept, two-space indent, final newline)."""
    return _text(regimens_to_dict(regimens, errors, warnings))


def regimen_to_dict(regimen: CompiledRegimen, file: str | None) -> dict[str, Any]:
    """One regimen as the ``mmsched.regimen/1`` mapping (``file`` None: a bundled one)."""
    return {
        "schema": SCHEMA,
        "id": regimen.id,
        "name": {"en": regimen.name.en, "zh": regimen.name.zh},
        "cycle_days": regimen.cycle_days,
        "cycles": regimen.cycles,
        "source": regimen.source,
        **_origin(file),
        "drugs": [_drug(rule) for rule in regimen.rules],
        "monitoring": [
            {
                "test": test.test,
                "first_cycle": test.first_cycle,
                "last_cycle": test.last_cycle,
                "days": list(test.days),
                "with_drug": test.with_drug,
                "course_days": list(test.course_days),
                "course_every": None if test.course_every is None else list(test.course_every),
                "window_days": test.window_days,
                "conditions": _conditions(test.conditions),
                "source": test.source,
            }
            for test in regimen.monitoring_rules
        ],
        "supportive": [_item(item) for item in regimen.supportive],
        "maintenance": None
        if regimen.maintenance is None
        else {
            "regimen": regimen.maintenance.regimen,
            "cycles": regimen.maintenance.cycles or "until-progression",
        },
        "assumptions": [{"en": a.en, "zh": a.zh, "source": a.source} for a in regimen.assumptions],
    }


def regimen_to_json(regimen: CompiledRegimen, file: str | None) -> str:
    """:func:`regimen_to_dict` as JSON text (UTF-8 kept, two-space indent, final newline)."""
    return _text(regimen_to_dict(regimen, file))


def _origin(file: str | None) -> dict[str, Any]:
    return {"origin": "bundled" if file is None else "local", "file": file}


def _drug(rule: DrugRule) -> dict[str, Any]:
    return {
        "drug": rule.drug,
        "name_zh": rule.name_zh,
        "code": drug_code(rule.drug),
        "route": rule.route,
        "dose": _dose(rule.dose),
        "days": [_days(entry) for entry in rule.days_by_cycle],
        "min_interval_hours": rule.min_interval_hours,
        "rounding": str(rule.rounding) if rule.rounding is not None else None,
        "on_closed_day": rule.on_closed_day,
    }


def _dose(dose: Dose) -> dict[str, Any]:
    return {
        "text": str(dose),
        "low": json_number(dose.low),
        "high": json_number(dose.high),
        "unit": dose.unit,
        "per": dose.per,
    }


def _days(entry: CycleDays) -> dict[str, Any]:
    return {
        "first_cycle": entry.first,
        "last_cycle": entry.last,
        "days": list(entry.days),
        "dose": None if entry.dose is None else _dose(entry.dose),
        "role": entry.role,
        "with": entry.with_drug,
        "timing": _timing(entry.with_drug, entry.minutes_before, entry.days_after),
    }


def _timing(
    with_drug: str | None, minutes_before: tuple[int, int] | None, days_after: int | None
) -> dict[str, Any] | None:
    if with_drug is None:
        return None
    if minutes_before is not None:
        return {"minutes_before": list(minutes_before)}
    return {"days_after": days_after or 0}


def _item(item: SupportiveRule) -> dict[str, Any]:
    occurrence = "first" if item.first_only else "last" if item.last_only else None
    return {
        "item": item.item,
        "name_zh": item.name_zh,
        "category": item.category,
        "dose": None if item.dose is None else _dose(item.dose),
        "route": item.route,
        "per_day": item.per_day,
        "prompt": None if item.prompt is None else {"en": item.prompt.en, "zh": item.prompt.zh},
        "first_cycle": item.first_cycle,
        "last_cycle": item.last_cycle,
        "days": list(item.days),
        "with": item.with_drug,
        "timing": _timing(item.with_drug, item.minutes_before, item.days_after),
        "occurrence": occurrence,
        "on_closed_day": item.on_closed_day,
        "optional": item.optional,
        "conditions": _conditions(item.conditions),
        "source": item.source,
        "note": item.note,
    }


def _conditions(conditions: Conditions | None) -> dict[str, Any] | None:
    if conditions is None:
        return None
    found = {
        field: getattr(conditions, field)
        for field in (
            "sex",
            "age_over",
            "age_under",
            "childbearing_potential",
            "vte_risk",
            "dialysis",
            "given",
            "not_given",
            "irregular_menses",
        )
    }
    return {key: value for key, value in found.items() if value is not None}


def _problem(error: MmschedError) -> dict[str, Any]:
    return {"file": error.file, "message": "; ".join(str(p) for p in error.problems)}


def _text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
