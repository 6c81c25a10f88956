"""CSV: one header line, then one row per administration (no totals, no blank lines).

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
from decimal import Decimal

from ..engine.schedule import Schedule
from ..engine.units import format_amount, units_in_text
from ..engine.wardsheet import WardDay
from .calendar_view import note_text
from .display import WEEKDAYS, Lang, display_name, drug_name, format_dose, route_name

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


def _plain(value: object) -> str:
    return format_amount(value, group=False) if isinstance(value, Decimal) else str(value)


def calendar_csv(schedule: Schedule, *, lang: Lang) -> str:
    """The schedule's administrations as CSV, in schedule order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CALENDAR_COLUMNS)
    for a in schedule.administrations:
        writer.writerow(
            [
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
                for_people(note_text(a, lang)),
            ]
        )
    return buffer.getvalue()


def ward_csv(days: list[WardDay], *, lang: Lang, full_name: bool = False) -> str:
    """The ward sheet's administrations as CSV: by date, then as on the sheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(WARD_COLUMNS)
    for day in days:
        for item in day.items:
            s = item.patient.schedule
            a = item.administration
            writer.writerow(
                [
                    a.date.isoformat(),
                    s.patient_id,
                    for_people(display_name(s.patient_name, full=full_name)),
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
                    for_people(note_text(a, lang, calculation=True)),
                ]
            )
    return buffer.getvalue()
