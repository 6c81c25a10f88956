"""The ward day sheet as the ``mmsched.ward/1`` JSON contract.

JSON contract (fields may be added, none renamed)::

    {"schema": "mmsched.ward/1",
     "days": [{"date": "YYYY-MM-DD",
               "administrations": [{"patient_id", "drug", "dose", "unit", "route", "cycle",
                                    "day", "regimen", "override", "planned_date", "notes",
                                    "notes_zh", "instructions", "instructions_zh",
                                    "dispensed_as", "phase", "role", "with", "timing",
                                    "infusion"}, ...],
               "totals": [{"drug", "dose", "unit", "patients", "override",
                           "routes": [{"route", "dose", "unit", "patients"}, ...]}, ...],
               "monitoring": [{"patient_id", "test", "cycle", "day", "phase"}, ...],
               "warnings": [{"patient_id", "warning", "warning_zh", "code"}, ...],
               "supportive": [{"patient_id", "date", "cycle", "day", "item", "name_zh",
                               "category", "dose", "unit", "per_day", "route", "with",
                               "timing", "prompt", "optional", "phase", "note",
                               "source"}, ...],
               "supportive_totals": [{"item", "dose", "unit", "route", "patients",
                                      "optional"},
                                     ...]}, ...],
     "errors": [{"file", "message", "on_sheet", "code", "message_zh", "text"}, ...]}

An error's ``message`` is English; ``code`` is its stable message code when the file's error is
one problem that has one (issue 14), else ``""``; ``message_zh`` is the message in Chinese (the
English one when it has no Chinese) and ``text`` the message in the sheet's language.

Only patients treated on a day appear under it; every day of the asked range is listed, an
empty one with empty lists. Doses are JSON numbers (the final, rounded dose). ``cycle`` and
``day`` are the dose's own (a dose moved to another day keeps them); ``planned_date`` is the
day it was planned for when it moved, else null; ``override`` is true for a dose above the
regimen's by an explicit plan override (on a total: when part of it is). ``notes`` (and
``notes_zh``) are every rule that changed or did not check the dose (renal band, "NO RENAL
CHECK", dose level, rounding down ...), ``instructions`` (and ``instructions_zh``) how to give
it ("on dialysis days, take it after dialysis"), ``dispensed_as`` the units an oral dose is
made of ("5 mg × 1"), else null. ``warnings`` are the plan warnings of the patients on the day,
each in English and Chinese with its stable message ``code`` (issue 14; ``""`` for one without).
``phase`` is the treatment phase of the dose's (or test's) cycle ("induction" until regimens
have phases); ``role`` the dose's row role ("premedication": the regimen's own drug given as
premedication; null where the drug the row follows is not given that day), ``with`` and
``timing`` the drug it follows and when (as on supportive records), and ``infusion`` its
details (``diluent``, ``volume_ml``, ``duration_minutes``, ``rate``, by the drug's first,
second or later dose of the course), as in ``mmsched.schedule/1``. ``supportive`` lists the
order set's items of the day (records as in ``mmsched.schedule/1``, a prompt with a null dose)
and ``supportive_totals`` what to prepare of them, apart from ``totals`` (the anticancer drugs,
which never include them): ``dose`` a number, or ``[low, high]`` where a plan did not choose
inside a range. An error with ``on_sheet`` true is a file named twice, read once: its patient
is on the sheet; every other error's patient is not.
"""

from __future__ import annotations

import json
from typing import Any

from ..engine.schedule import Schedule
from ..engine.units import json_number
from ..engine.wardsheet import (
    DrugTotal,
    SupportiveTotal,
    WardDay,
    WardError,
    WardItem,
    supportive_totals,
)
from ..errors import MessageLang
from ..views.order_set import InfusionLookup
from .schedule_json import infusion_record, row_timing, supportive_record

SCHEMA = "mmsched.ward/1"


def ward_to_dict(
    days: list[WardDay], errors: tuple[WardError, ...], lang: MessageLang = "en"
) -> dict[str, Any]:
    """The sheet as the JSON contract's mapping (no patient names: the id identifies)."""
    infusions = InfusionLookup()
    return {
        "schema": SCHEMA,
        "days": [_day(day, infusions) for day in days],
        "errors": [
            {
                "file": error.file,
                "message": error.message,
                "on_sheet": error.on_sheet,
                "code": error.code,
                "message_zh": error.text("zh"),
                "text": error.text(lang),
            }
            for error in errors
        ],
    }


def _day(day: WardDay, infusions: InfusionLookup) -> dict[str, Any]:
    return {
        "date": day.date.isoformat(),
        "administrations": [_administration(item, infusions) for item in day.items],
        "totals": [_total(total) for total in day.totals],
        "monitoring": [
            {
                "patient_id": test.patient.schedule.patient_id,
                "test": test.event.test,
                "cycle": test.event.cycle,
                "day": test.event.day,
                "phase": test.patient.schedule.phase_of(test.event.cycle),
            }
            for test in day.tests
        ],
        "warnings": [
            {
                "patient_id": patient.schedule.patient_id,
                "warning": en,
                "warning_zh": zh,
                "code": code,
            }
            for patient in day.patients
            for en, zh, code in _warning_pairs(patient.schedule)
        ],
        "supportive": [
            {"patient_id": entry.patient.schedule.patient_id, **supportive_record(entry.record)}
            for entry in day.supportive
        ],
        "supportive_totals": [_supportive_total(t) for t in supportive_totals(day.supportive)],
    }


def _supportive_total(total: SupportiveTotal) -> dict[str, Any]:
    dose: Any = json_number(total.dose_low)
    if total.dose_low != total.dose_high:
        dose = [dose, json_number(total.dose_high)]
    return {
        "item": total.item,
        "dose": dose,
        "unit": total.unit,
        "route": total.route or None,
        "patients": total.patients,
        "optional": total.optional,
    }


def _administration(item: WardItem, infusions: InfusionLookup) -> dict[str, Any]:
    adm = item.administration
    schedule = item.patient.schedule
    row = schedule.role_row(adm)
    infusion = infusions(schedule, adm)
    return {
        "patient_id": item.patient.schedule.patient_id,
        "drug": adm.drug,
        "dose": json_number(adm.dose),
        "unit": adm.unit,
        "route": adm.route,
        "cycle": adm.cycle,
        "day": adm.day,
        "regimen": item.patient.schedule.regimen_id,
        "override": adm.override,
        "planned_date": None if adm.planned_date is None else adm.planned_date.isoformat(),
        "notes": list(adm.notes),
        "notes_zh": list(adm.notes_zh),
        "instructions": list(adm.instructions),
        "instructions_zh": list(adm.instructions_zh),
        "dispensed_as": adm.dispensed_as,
        "phase": item.patient.schedule.phase_of(adm.cycle),
        "role": None if row is None else row.role,
        "with": None if row is None else row.with_drug,
        "timing": row_timing(row),
        "infusion": None if infusion is None else infusion_record(infusion),
    }


def _total(total: DrugTotal) -> dict[str, Any]:
    return {
        "drug": total.drug,
        "dose": json_number(total.dose),
        "unit": total.unit,
        "patients": total.patients,
        "override": total.override,
        "routes": [
            {
                "route": part.route,
                "dose": json_number(part.dose),
                "unit": part.unit,
                "patients": part.patients,
            }
            for part in total.routes
        ],
    }


def _warning_pairs(schedule: Schedule) -> list[tuple[str, str, str]]:
    """Each warning in English with its Chinese (the English again where there is none) and
    its code (``""`` where there is none)."""
    zh = schedule.warnings_in("zh")
    codes = schedule.warning_codes
    return [
        (
            en,
            zh[i] if len(zh) == len(schedule.warnings) else en,
            codes[i] if len(codes) == len(schedule.warnings) else "",
        )
        for i, en in enumerate(schedule.warnings)
    ]


def ward_to_json(
    days: list[WardDay], errors: tuple[WardError, ...], lang: MessageLang = "en"
) -> str:
    """The sheet as JSON text: UTF-8 kept, two-space indent, a newline at the end."""
    return json.dumps(ward_to_dict(days, errors, lang), ensure_ascii=False, indent=2) + "\n"
