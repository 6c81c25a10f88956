"""The printable calendar: one self-contained HTML page for the patient to take home.

Self-contained means no network at all: CSS is inline, there is no script, no font, no image
to fetch, and a Content-Security-Policy that forbids fetching anything, so the page looks the
same offline, in ten years, and on the ward's printer. The print stylesheet is for A4 portrait:
the month grids never split across pages, each day of the list stays on one page, and the
list's column heads repeat on every page.

The content is :mod:`mmsched.views.calendar_view`'s, the same rows as the terminal calendar.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape

from ..engine.period import months_between, treatment_span, within
from ..engine.schedule import Schedule
from .calendar_view import (
    Cell,
    assumption_rows,
    day_rows,
    drug_sections,
    header_rows,
    legend_rows,
    month_weeks,
)
from .display import (
    WEEKDAYS_SHORT,
    Lang,
    colon,
    display_name,
    drug_colour,
    format_date,
    format_month,
    label,
)

CSS = """
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
html {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
    "Noto Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 10pt; line-height: 1.35; color: #000; background: #fff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
body { margin: 0 auto; width: 100%; max-width: 186mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { overflow-wrap: anywhere; text-align: left; vertical-align: top; padding: 0.8mm 1.2mm; }
dl.facts { display: grid; grid-template-columns: 26mm 1fr; gap: 0.6mm 3mm; margin: 0 0 3mm; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table.drugs th, table.days th { border-bottom: 1.5px solid #000; }
table.drugs td { border-bottom: 1px solid #bbb; }
td.dose, th.dose { text-align: right; }
.cycles { padding-left: 3mm; }
table.drugs tr.group th { border-bottom: 1px solid #000; padding-top: 2mm; }
ol.assumptions { margin: 0 0 3mm; padding-left: 6mm; }
.nb { white-space: nowrap; }
.month { break-inside: avoid; page-break-inside: avoid; margin-top: 4mm; }
.month caption { text-align: left; font-weight: bold; font-size: 12pt; padding-bottom: 1mm; }
.month th { border: 1px solid #555; text-align: center; background: #eee; }
.month td { border: 1px solid #555; height: 15mm; }
.month td.treat { background: #f4f4f4; }
.month td.out { background: #fff; border-color: #ccc; }
.dn { font-weight: bold; }
.cd { font-weight: bold; margin-left: 1mm; }
.codes { display: block; }
.code { font-weight: bold; margin-right: 1mm; }
.legend { margin: 3mm 0; }
.legend span { margin-right: 4mm; white-space: nowrap; }
table.days tbody { break-inside: avoid; page-break-inside: avoid; }
table.days tbody tr:last-child td { border-bottom: 1px solid #bbb; }
thead { display: table-header-group; }
.warnings { color: #8e0000; font-weight: bold; }
footer { margin-top: 5mm; font-size: 8.5pt; color: #333; }
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'"


def page_head(title: str, lang: Lang, css: str = "") -> list[str]:
    """An HTML page's start, to its ``<body>``: language, UTF-8, a Content-Security-Policy
    that allows no script and no outside request, the page's title and its styles (the
    calendar's, then ``css``)."""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}{css}</style>",
        "</head>",
        "<body>",
    ]


def render_html(
    schedule: Schedule,
    *,
    lang: Lang,
    start: date | None = None,
    end: date | None = None,
    full_name: bool = False,
) -> str:
    """The calendar as one HTML page: header, doses, month grids, legend, day-by-day list."""
    out = _head(schedule, lang, full_name)
    out.extend(_facts(schedule, lang, full_name))
    out.extend(_drug_table(schedule, lang))
    out.extend(_assumptions(schedule, lang))
    out.extend(_calendar(schedule, lang, start, end))
    out.extend(_warnings(schedule, lang))
    out.append(f"<footer>{escape(label('printed_note', lang))}</footer>")
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


def _head(schedule: Schedule, lang: Lang, full_name: bool) -> list[str]:
    """From the doctype to the page's heading: title, no-fetch policy, inline stylesheet."""
    name = display_name(schedule.patient_name, full=full_name)
    title = " ".join(p for p in (label("calendar", lang), schedule.patient_id, name) if p)
    return [
        *page_head(title, lang),
        f"<h1>{escape(label('calendar', lang))}</h1>",
    ]


def _facts(schedule: Schedule, lang: Lang, full_name: bool) -> list[str]:
    """The header rows (patient, regimen, body, ...) as a definition list."""
    out = ['<dl class="facts">']
    for key, value in header_rows(schedule, lang=lang, full_name=full_name):
        out.append(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>")
    out.append("</dl>")
    return out


def _drug_table(schedule: Schedule, lang: Lang) -> list[str]:
    """One row per drug: route, days, dose, how it is given; with an order set, in groups
    (premedication, anticancer drugs, post-medication, prophylaxis, hydration, tests)."""
    e = escape
    out = [
        '<table class="drugs">',
        '<colgroup><col style="width:21%"><col style="width:11%"><col style="width:15%">'
        '<col style="width:21%"><col></colgroup>',
        "<thead><tr>"
        f"<th>{e(label('drug', lang))}</th><th>{e(label('route', lang))}</th>"
        f'<th>{e(label("days", lang))}</th><th class="dose">{e(label("dose", lang))}</th>'
        f"<th>{e(label('how', lang))}</th></tr></thead><tbody>",
    ]
    for heading, rows in drug_sections(schedule, lang):
        if heading:
            # An order set's group (premedication, anticancer drugs, ...) heads its rows.
            out.append(f'<tr class="group"><th colspan="5">{e(heading)}</th></tr>')
        for row in rows:
            colour = drug_colour(row.drug, html=True) if row.drug else "#000"
            # A cycle whose dose differs: its own row under the drug, named by its cycles.
            name = (
                f'<span class="cycles">{e(row.cycles)}</span>'
                if row.cycles
                else f"<b>{e(row.name)}</b>"
            )
            out.append(
                f'<tr><td style="color:{colour}">{name}</td><td>{e(row.route)}</td>'
                f'<td>{e(row.days)}</td><td class="dose">{dose_html(row.dose)}</td>'
                f"<td>{e(row.how)}</td></tr>"
            )
    out.append("</tbody></table>")
    return out


def _assumptions(schedule: Schedule, lang: Lang) -> list[str]:
    """The regimen's assumptions, each with its source, as a numbered list."""
    rows = assumption_rows(schedule, lang)
    if not rows:
        return []
    return [
        f'<h2>{escape(label("assumptions", lang))}</h2><ol class="assumptions">',
        *(f"<li>{escape(row)}</li>" for row in rows),
        "</ol>",
    ]


def _calendar(schedule: Schedule, lang: Lang, start: date | None, end: date | None) -> list[str]:
    """The dates shown (when limited), then the month grids, legend and day list of the
    schedule within them, or a line saying nothing falls within them."""
    shown = within(schedule, start, end)
    first, last = treatment_span(schedule)
    dates = {
        "start": format_date(start or first, lang),
        "end": format_date(end or last, lang),
    }
    out: list[str] = []
    if start or end:
        out.append("<p>" + escape(label("shown_from_to", lang, **dates)) + "</p>")
    if not (shown.administrations or shown.monitoring or shown.skipped or shown.supportive):
        out.append("<p>" + escape(label("nothing_in_range", lang, **dates)) + "</p>")
        return out
    window_first = max(first, start) if start else first
    window_last = min(last, end) if end else last
    for year, month in months_between(window_first, window_last):
        out.extend(_month(shown, year, month, lang))
    out.append(_legend(shown, lang))
    out.extend(_day_list(shown, lang))
    return out


def _warnings(schedule: Schedule, lang: Lang) -> list[str]:
    if not schedule.warnings:
        return []
    return [
        f'<h2 class="warnings">{escape(label("warnings", lang))}</h2><ul class="warnings">',
        *(f"<li>{escape(w)}</li>" for w in schedule.warnings_in(lang)),
        "</ul>",
    ]


def dose_html(dose: str) -> str:
    """A dose that never breaks between number and unit: spaces become no-break spaces, and
    Chinese text (which browsers break between any two characters) is kept whole; a line may
    break only before a parenthesis, as in "50万国际单位" + "（IU）".

    >>> dose_html("2.4 mg"), dose_html("500,000 units")
    ('2.4&nbsp;mg', '500,000&nbsp;units')
    >>> dose_html("50万国际单位（IU）")
    '<span class="nb">50万国际单位</span><wbr><span class="nb">（IU）</span>'
    """
    pieces = []
    for piece in re.split(r"(?=[(（])", dose):
        if not piece:
            continue
        html = escape(piece).replace(" ", "&nbsp;")
        pieces.append(f'<span class="nb">{html}</span>' if not piece.isascii() else html)
    return "<wbr>".join(pieces)


def _month(schedule: Schedule, year: int, month: int, lang: Lang) -> list[str]:
    out = [
        '<table class="month">',
        f"<caption>{escape(format_month(year, month, lang))}</caption>",
        "<thead><tr>"
        + "".join(f"<th>{escape(h)}</th>" for h in WEEKDAYS_SHORT[lang])
        + "</tr></thead><tbody>",
    ]
    for week in month_weeks(schedule, year, month, lang):
        out.append("<tr>" + "".join(_cell(cell) for cell in week) + "</tr>")
    out.append("</tbody></table>")
    return out


def _cell(cell: Cell | None) -> str:
    if cell is None:
        return '<td class="out"></td>'
    if not cell.is_treatment:
        return f'<td><span class="dn">{cell.date.day}</span></td>'
    codes = []
    if cell.moved:
        codes.append('<span class="code">*</span>')
    for code, drug in cell.codes:
        colour = drug_colour(drug, html=True) if drug else "#000"
        codes.append(f'<span class="code" style="color:{colour}">{escape(code)}</span>')
    return (
        f'<td class="treat"><span class="dn">{cell.date.day}</span>'
        f'<span class="cd">{escape("/".join(cell.cycle_days))}</span>'
        f'<span class="codes">{" ".join(codes)}</span></td>'
    )


def _legend(schedule: Schedule, lang: Lang) -> str:
    items = [
        f'<span><b style="color:{drug_colour(drug, html=True)}">{escape(code)}</b> = '
        f"{escape(name)}</span>"
        for code, name, drug in legend_rows(schedule, lang)
    ]
    if any(a.planned_date is not None for a in schedule.administrations):
        items.append(f"<span>{escape(label('legend_moved', lang))}</span>")
    if schedule.skipped:
        items.append(f"<span>{escape(label('legend_skipped', lang))}</span>")
    if schedule.monitoring:
        items.append(f"<span>{escape(label('legend_test', lang))}</span>")
    return (
        f'<p class="legend"><b>{escape(label("legend", lang) + colon(lang).rstrip())}</b> '
        + " ".join(items)
        + "</p>"
    )


def _day_list(schedule: Schedule, lang: Lang) -> list[str]:
    rows = day_rows(schedule, lang)
    with_notes = any(row[5] for row in rows)
    e = escape
    out = [
        f"<h2>{e(label('day_list', lang))}</h2>",
        '<table class="days">',
        (
            '<colgroup><col style="width:22%"><col style="width:8%"><col style="width:18%">'
            '<col style="width:18%"><col style="width:10%"><col></colgroup>'
            if with_notes
            # Without a note column the route column takes the rest of the width.
            else '<colgroup><col style="width:27%"><col style="width:9%"><col style="width:22%">'
            '<col style="width:24%"><col></colgroup>'
        ),
        "<thead><tr>"
        f"<th>{e(label('date', lang))}</th><th>{e(label('cycle_day', lang))}</th>"
        f'<th>{e(label("drug", lang))}</th><th class="dose">{e(label("dose", lang))}</th>'
        f"<th>{e(label('route', lang))}</th>"
        + (f"<th>{e(label('note', lang))}</th>" if with_notes else "")
        + "</tr></thead>",
    ]
    current = None
    for day, cycle_day, name, dose, route, note, drug in rows:
        if day != current:
            if current is not None:
                out.append("</tbody>")
            out.append("<tbody>")
            current = day
            when = e(format_date(day, lang))
            cd = e(cycle_day)
        else:
            when = cd = ""
        colour = f' style="color:{drug_colour(drug, html=True)}"' if drug else ""
        out.append(
            f"<tr><td>{when}</td><td>{cd}</td><td{colour}>{e(name)}</td>"
            f'<td class="dose">{dose_html(dose)}</td><td>{e(route)}</td>'
            + (f"<td>{e(note)}</td>" if with_notes else "")
            + "</tr>"
        )
    if current is not None:
        out.append("</tbody>")
    out.append("</table>")
    return out
