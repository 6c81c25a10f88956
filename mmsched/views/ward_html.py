"""The printable ward day sheet: one self-contained HTML page, A4, in Chinese or English.

The same sheet as the terminal's (:mod:`mmsched.views.ward_text`) and the same page style as
the calendar's (:mod:`mmsched.views.calendar_html`: its stylesheet, no script, no font, no
image, a Content-Security-Policy that forbids fetching anything). For the printer: each day
starts on a new page, a patient's doses never split across pages, the columns' heads repeat,
and the plans that could not be used are listed first, in a box: a printed sheet must not hide
that some patients are missing from it. Every value from a file is escaped.
"""

from __future__ import annotations

from html import escape

from ..engine.wardsheet import WardDay, WardError, supportive_totals
from .calendar_html import dose_html, page_head
from .display import (
    Lang,
    bracketed,
    colon,
    drug_colour,
    drug_name,
    format_date,
    format_dose,
    label,
    route_name,
    test_name,
)
from .order_set import total_text
from .ward_text import patient_label, patient_rows, routes_text

#: What the ward sheet adds to the calendar page's stylesheet.
WARD_CSS = """
section.day + section.day { break-before: page; page-break-before: always; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; }
table.sheet th, table.totals th { border-bottom: 1.5px solid #000; }
table.sheet tbody { break-inside: avoid; page-break-inside: avoid; }
table.sheet tbody tr:last-child td, table.totals td { border-bottom: 1px solid #bbb; }
table.totals { margin-top: 1mm; }
td.num, th.num { text-align: right; }
.override { font-weight: bold; }
.errors { border: 2px solid #8e0000; padding: 1.5mm 3mm; margin: 0 0 4mm; }
.errors p { margin: 0; }
.errors ul { margin: 1mm 0 0; padding-left: 5mm; }
.errors li { white-space: pre-wrap; overflow-wrap: anywhere; }
ul.warnings { margin: 0 0 3mm; padding-left: 5mm; }
"""


def render_ward_html(
    days: list[WardDay],
    *,
    lang: Lang,
    plans: int,
    errors: tuple[WardError, ...] = (),
    full_name: bool = False,
) -> str:
    """The sheet as one HTML page: the files not used, then each day's administrations by
    patient, its tests, its patients' warnings and what to prepare."""
    heading = label("ward", lang) + bracketed(label("plans_read", lang, count=plans), lang)
    out = _head(days, lang, heading)
    out.extend(_errors(errors, lang))
    for day in days:
        out.extend(_day(day, lang, full_name))
    out.append(f"<footer>{escape(label('printed_note', lang))}</footer>")
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


def _head(days: list[WardDay], lang: Lang, heading: str) -> list[str]:
    """From the doctype to the page's heading: the title names the dates."""
    dates = [format_date(days[0].date, lang)] if days else []
    if len(days) > 1:
        dates.append(format_date(days[-1].date, lang))
    title = f"{label('ward', lang)} {' – '.join(dates)}".strip()
    return [
        *page_head(title, lang, WARD_CSS),
        f"<h1>{escape(heading)}</h1>",
    ]


def _errors(errors: tuple[WardError, ...], lang: Lang) -> list[str]:
    """The files whose patients are NOT on the sheet, then the files named twice."""
    out: list[str] = []
    for on_sheet, key in ((False, "not_on_sheet"), (True, "read_once")):
        chosen = [error for error in errors if error.on_sheet is on_sheet]
        if not chosen:
            continue
        count = len({error.file for error in chosen})
        out.append('<section class="errors">')
        out.append(f'<p class="warnings">{escape(label(key, lang, count=count))}</p><ul>')
        out.extend(
            f"<li>{escape(error.file)}{colon(lang)}{escape(error.text(lang))}</li>"
            for error in chosen
        )
        out.append("</ul></section>")
    return out


def _day(day: WardDay, lang: Lang, full_name: bool) -> list[str]:
    out = ['<section class="day">', f"<h2>{escape(format_date(day.date, lang))}</h2>"]
    if not day.items and not day.tests and not day.supportive:
        out.append(f"<p>{escape(label('no_administrations', lang))}</p>")
    else:
        out.extend(_sheet(day, lang, full_name))
        out.extend(_warnings(day, lang, full_name))
        out.extend(_totals(day, lang))
        out.extend(_supportive_totals(day, lang))
    out.append("</section>")
    return out


def _sheet(day: WardDay, lang: Lang, full_name: bool) -> list[str]:
    """The day's administrations, one ``tbody`` a patient (kept on one page), then its tests;
    a note column when a dose moved or has instructions or rule notes."""
    e = escape
    blocks = patient_rows(day, lang)
    with_notes = any(row.note for _, rows in blocks for row in rows)
    out = [
        '<table class="sheet">',
        '<colgroup><col style="width:16%"><col style="width:11%"><col style="width:16%">'
        '<col style="width:14%"><col style="width:10%"><col></colgroup>'
        if with_notes
        else '<colgroup><col style="width:26%"><col style="width:12%"><col style="width:24%">'
        '<col style="width:20%"><col></colgroup>',
        "<thead><tr>"
        f"<th>{e(label('patient', lang))}</th><th>{e(label('cycle_day', lang))}</th>"
        f'<th>{e(label("drug", lang))}</th><th class="num">{e(label("dose", lang))}</th>'
        f"<th>{e(label('route', lang))}</th>"
        + (f"<th>{e(label('note', lang))}</th>" if with_notes else "")
        + "</tr></thead>",
    ]
    for patient, rows in blocks:
        schedule = patient.schedule
        out.append("<tbody>")
        for i, row in enumerate(rows):
            who = (
                patient_label(schedule.patient_id, schedule.patient_name, full_name=full_name)
                if i == 0
                else ""
            )
            # A drug's colour; a supportive item has none (and no style: the sheet's doses are
            # the rows with one).
            colour = f' style="color:{drug_colour(row.drug, html=True)}"' if row.drug else ""
            out.append(
                f"<tr><td>{e(who)}</td><td>{e(row.cycle_day)}</td>"
                f"<td{colour}>{e(row.name)}</td>"
                f'<td class="num{" override" if row.override else ""}">{dose_html(row.dose)}</td>'
                f"<td>{e(row.route)}</td>"
                + (f"<td>{e(row.note)}</td>" if with_notes else "")
                + "</tr>"
            )
        out.append("</tbody>")
    if day.tests:
        out.append("<tbody>")
        for test in day.tests:
            schedule = test.patient.schedule
            who = patient_label(schedule.patient_id, schedule.patient_name, full_name=full_name)
            out.append(
                f"<tr><td>{e(who)}</td><td>{e(test.event.cycle_day)}</td>"
                f'<td colspan="{4 if with_notes else 3}">{e(label("test", lang) + colon(lang))}'
                f"{e(test_name(test.event.test, lang))}</td></tr>"
            )
        out.append("</tbody>")
    out.append("</table>")
    return out


def _warnings(day: WardDay, lang: Lang, full_name: bool) -> list[str]:
    """The plan warnings of the day's patients, each with who it is for."""
    warnings = day.warnings(lang)
    if not warnings:
        return []
    out = [f'<h3 class="warnings">{escape(label("warnings", lang))}</h3><ul class="warnings">']
    for patient, warning in warnings:
        schedule = patient.schedule
        who = patient_label(schedule.patient_id, schedule.patient_name, full_name=full_name)
        out.append(f"<li><b>{escape(who)}</b>{colon(lang)}{escape(warning)}</li>")
    out.append("</ul>")
    return out


def _totals(day: WardDay, lang: Lang) -> list[str]:
    """What to prepare: each drug's total, its patients, and each route's part."""
    if not day.totals:
        return []
    e = escape
    names = {
        item.administration.drug: item.patient.schedule.drug_name_zh(item.administration.drug)
        for item in day.items
    }
    out = _totals_head("to_prepare", "totals", lang)
    for total in day.totals:
        dose = dose_html(format_dose(total.dose, total.unit, lang, override=total.override))
        out.append(
            f'<tr><td style="color:{drug_colour(total.drug, html=True)}">'
            f"{e(drug_name(total.drug, lang, names.get(total.drug)))}</td>"
            f'<td class="num{" override" if total.override else ""}">{dose}</td>'
            f'<td class="num">{total.patients}</td><td>{e(routes_text(total, lang))}</td></tr>'
        )
    out.append("</tbody></table>")
    return out


def _totals_head(title: str, css: str, lang: Lang) -> list[str]:
    """The heading and column heads of a "to prepare" table (anticancer or supportive)."""
    e = escape
    return [
        f"<h3>{e(label(title, lang))}</h3>",
        f'<table class="{css}">',
        '<colgroup><col style="width:26%"><col style="width:20%"><col style="width:12%">'
        "<col></colgroup>",
        "<thead><tr>"
        f'<th>{e(label("drug", lang))}</th><th class="num">{e(label("total", lang))}</th>'
        f'<th class="num">{e(label("patients", lang))}</th><th>{e(label("route", lang))}</th>'
        "</tr></thead><tbody>",
    ]


def _supportive_totals(day: WardDay, lang: Lang) -> list[str]:
    """The supportive drugs to prepare, apart from the anticancer drugs (never summed into
    their totals)."""
    totals = supportive_totals(day.supportive)
    if not totals:
        return []
    e = escape
    out = _totals_head("to_prepare_supportive", "totals supportive", lang)
    for total in totals:
        dose = dose_html(total_text(total.dose_low, total.dose_high, total.unit, lang))
        route = route_name(total.route, lang) if total.route else ""
        name = drug_name(total.item, lang, total.name_zh)
        if total.optional:
            name += label("if_ordered", lang)
        out.append(
            f"<tr><td>{e(name)}</td>"
            f'<td class="num">{dose}</td><td class="num">{total.patients}</td>'
            f"<td>{e(route)}</td></tr>"
        )
    out.append("</tbody></table>")
    return out
