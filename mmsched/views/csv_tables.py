"""CSV: one header line, then one row per administration or supportive item (no totals, no
blank lines).

The last column, ``category``, says what a row is: ``anticancer`` for a dose of the regimen's
drugs (a dose of them given as premedication says so in its note), else the supportive item's
category (``premedication``, ``prophylaxis``, ``post-medication``, ``hydration``). A supportive
item's ``dose`` is a plain number, or ``low-high`` for a range the plan did not choose inside;
a prompt (a reminder) has no dose, unit or route, its text in the note: never sum the ``dose``
column without filtering on ``category``.

The ward sheet's ``override`` column is ``true`` for a dose above the regimen's by an explicit
plan override, else ``false``; its ``planned_date`` is the day a moved dose was planned for;
its ``notes`` are the sheet's note in the reader's language (moved from, the calculation of a
dose a rule changed or questioned, instructions, the rules' notes).
New columns are added at the end, so tools that read columns by position keep working.

For spreadsheets and other tools. Machine columns (``date``, ``drug``, ``dose``, ``unit``,
``route``) hold codes and plain numbers (``500000``, ``0.7``: no grouping, no trailing zero);
the ``*_name``, ``dose_text`` and ``prescribed`` columns hold the same facts in the reader's
language, written the ISMP way ("500,000 units", "subcut"; in Chinese "50万国际单位（IU）").
Rows end in CRLF (RFC 4180). A cell written for people that a spreadsheet would read as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a CR) starts with an apostrophe
(OWASP's advice on CSV injection); see :func:`for_people`.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

from ..engine.orderset import InfusionDose
from ..engine.schedule import Administration, Schedule, SupportiveRecord
from ..engine.units import format_amount, units_in_text
from ..engine.wardsheet import WardDay
from .calendar_view import note_text
from .display import (
    WEEKDAYS,
    Lang,
    display_name,
    drug_name,
    format_dose,
    join_notes,
    label,
    route_name,
)
from .order_set import InfusionLookup, infusion_text, item_name, record_note, role_text, split_day
from .order_set import by_date as supportive_by_date
from .order_set import dose_text as supportive_dose

CALENDAR_COLUMNS = (
    "patient_id",
    "date",
    "weekday",
    "cycle",
    "day",
    "cycle_day",
    "drug",
    "drug_name",
    "dose",
    "unit",
    "dose_text",
    "route",
    "route_name",
    "prescribed",
    "basis",
    "dose_calculated",
    "rounding",
    "planned_date",
    "note",
    "category",
    "basis_text",
)

WARD_COLUMNS = (
    "date",
    "patient_id",
    "patient",
    "regimen",
    "cycle",
    "day",
    "cycle_day",
    "drug",
    "drug_name",
    "dose",
    "unit",
    "dose_text",
    "route",
    "route_name",
    "override",
    "planned_date",
    "notes",
    "category",
)


#: A cell that starts with one of these is read as a formula by spreadsheet programs (OWASP,
#: "CSV Injection"): a name such as ``=HYPERLINK(...)`` would run when the sheet is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def for_people(text: str) -> str:
    """A cell of a column written for people (names, ``dose_text``, notes), neutralised as OWASP
    advises: one that a spreadsheet would read as a formula starts with an apostrophe, which
    spreadsheets show as text and do not display. Machine columns never need it: ids start with
    a letter or a digit, codes and numbers are mmsched's own.

    >>> for_people("=1+1"), for_people("-"), for_people("张伟")
    ("'=1+1", "'-", '张伟')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def basis_text(basis: str, lang: Lang) -> str:
    """The ``basis`` column (the engine's words, a machine column) for people in ``lang``.

    >>> basis_text("flat dose", "zh"), basis_text("1.3 mg/m² × 1.50 m²", "zh")
    ('固定剂量', '1.3 mg/m² × 1.50 m²')
    >>> basis_text("200,000 IU/m² × 1.50 m²", "en")
    '200,000 units/m² × 1.50 m²'
    """
    return label("flat_dose", lang) if basis == "flat dose" else units_in_text(basis, lang)


def _plain(value: object) -> str:
    return format_amount(value, group=False) if isinstance(value, Decimal) else str(value)


def calendar_csv(schedule: Schedule, *, lang: Lang) -> str:
    """The schedule's administrations and supportive items as CSV, by date: each day's items
    given before a drug, its doses, its other items, then its reminders (as the day list)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CALENDAR_COLUMNS)
    items = supportive_by_date(schedule.supportive)
    doses: dict[date, list[tuple[Administration, InfusionDose | None]]] = defaultdict(list)
    for a, infusion in zip(schedule.administrations, schedule.infusions(), strict=True):
        doses[a.date].append((a, infusion))
    for day in sorted(set(doses) | set(items)):
        before, after, prompts = split_day(items.get(day, []))
        for record in before:
            writer.writerow(_calendar_item(schedule, record, lang))
        for a, infusion in doses.get(day, []):
            writer.writerow(_calendar_dose(schedule, a, infusion, lang))
        for record in after + prompts:
            writer.writerow(_calendar_item(schedule, record, lang))
    return buffer.getvalue()


def _calendar_dose(
    schedule: Schedule, a: Administration, infusion: InfusionDose | None, lang: Lang
) -> list[object]:
    """A dose's row; its note says a role ("premedication") and the infusion's details."""
    note = join_notes(
        [role_text(schedule, a, lang), note_text(a, lang), infusion_text(infusion, lang)], lang
    )
    return [
        schedule.patient_id,
        a.date.isoformat(),
        WEEKDAYS[lang][a.date.weekday()],
        a.cycle,
        a.day,
        a.cycle_day,
        a.drug,
        for_people(drug_name(a.drug, lang, schedule.drug_name_zh(a.drug))),
        _plain(a.dose),
        a.unit,
        for_people(format_dose(a.dose, a.unit, lang)),
        a.route,
        for_people(route_name(a.route, lang)),
        for_people(units_in_text(a.prescribed, lang)),
        a.basis,
        _plain(a.dose_calculated),
        a.rounding or "",
        a.planned_date.isoformat() if a.planned_date else "",
        for_people(note),
        "anticancer",
        for_people(basis_text(a.basis, lang)),
    ]


def _calendar_item(schedule: Schedule, record: SupportiveRecord, lang: Lang) -> list[object]:
    """A supportive item's row: no basis or calculation; a prompt has no dose, unit or route
    (a reminder, never a dose)."""
    return [
        schedule.patient_id,
        record.date.isoformat(),
        WEEKDAYS[lang][record.date.weekday()],
        record.cycle,
        record.day,
        record.cycle_day,
        *_item_cells(record, lang),
        "",
        "",
        "",
        "",
        "",
        for_people(record_note(record, schedule, lang)),
        record.category,
        "",
    ]


def _item_cells(record: SupportiveRecord, lang: Lang) -> list[object]:
    """drug, drug_name, dose, unit, dose_text, route, route_name of a supportive item: the
    dose a plain number, or "low-high" for a range not chosen; empty for a prompt."""
    if record.dose_low is None or record.dose_high is None:
        dose = ""
    elif record.dose_low == record.dose_high:
        dose = _plain(record.dose_low)
    else:
        dose = f"{_plain(record.dose_low)}-{_plain(record.dose_high)}"
    return [
        record.item,
        for_people(item_name(record, lang)),
        dose,
        record.unit or "",
        for_people(supportive_dose(record, lang)),
        record.route or "",
        for_people(route_name(record.route, lang)) if record.route else "",
    ]


def ward_csv(days: list[WardDay], *, lang: Lang, full_name: bool = False) -> str:
    """The ward sheet's administrations and supportive items as CSV: by date, then as on the
    sheet (by patient: the items given before a drug, the doses, the other items, the
    reminders). A dose's ``notes`` give its role and infusion details as the sheet does."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(WARD_COLUMNS)
    infusions = InfusionLookup()
    for day in days:
        doses: dict[str, list[Administration]] = defaultdict(list)
        for item in day.items:
            doses[item.patient.file].append(item.administration)
        items: dict[str, list[SupportiveRecord]] = defaultdict(list)
        for entry in day.supportive:
            items[entry.patient.file].append(entry.record)
        for patient in day.patients:
            s = patient.schedule
            who = [s.patient_id, for_people(display_name(s.patient_name, full=full_name))]
            before, after, prompts = split_day(items.get(patient.file, []))
            for record in before:
                writer.writerow(_ward_item(s, who, record, lang))
            for a in doses.get(patient.file, []):
                note = join_notes(
                    [
                        role_text(s, a, lang),
                        note_text(a, lang, calculation=True),
                        infusion_text(infusions(s, a), lang),
                    ],
                    lang,
                )
                writer.writerow(
                    [
                        a.date.isoformat(),
                        *who,
                        s.regimen_id,
                        a.cycle,
                        a.day,
                        a.cycle_day,
                        a.drug,
                        for_people(drug_name(a.drug, lang, s.drug_name_zh(a.drug))),
                        _plain(a.dose),
                        a.unit,
                        for_people(format_dose(a.dose, a.unit, lang)),
                        a.route,
                        for_people(route_name(a.route, lang)),
                        "true" if a.override else "false",
                        a.planned_date.isoformat() if a.planned_date else "",
                        for_people(note),
                        "anticancer",
                    ]
                )
            for record in after + prompts:
                writer.writerow(_ward_item(s, who, record, lang))
    return buffer.getvalue()


def _ward_item(
    schedule: Schedule, who: list[str], record: SupportiveRecord, lang: Lang
) -> list[object]:
    return [
        record.date.isoformat(),
        *who,
        schedule.regimen_id,
        record.cycle,
        record.day,
        record.cycle_day,
        *_item_cells(record, lang),
        "false",
        "",
        for_people(record_note(record, schedule, lang)),
        record.category,
        "",
    ]
