"""The patient calendar in the terminal: header, month grids with a legend, the day-by-day list.

Layout, top to bottom:

1. Header: patient (id, masked name, sex, age), regimen, cycles, start and cycle starts,
   height, weight, BSA with its formula; then one row per drug with the days of the cycle, the
   dose given and how it was found (prescribed × BSA = calculated, rounding), and a row for
   each run of cycles whose dose differs; then the regimen's assumptions with their sources.
2. One month grid per month the course touches (Monday first); a treatment day shows its day
   of the month, its cycle/day (``C1D4``) and the drugs' short codes; a legend follows.
3. The day-by-day list: date with weekday, cycle/day, drug, dose, route (and a note when a dose
   was moved or changed).

Words come from :mod:`mmsched.views.display` in the chosen language; nothing here reads the locale,
the clock or the terminal.
"""

from __future__ import annotations

from datetime import date

from ..engine.period import months_between, treatment_span, within
from ..engine.schedule import Schedule
from .calendar_view import (
    Cell,
    DayRow,
    assumption_rows,
    day_rows,
    drug_sections,
    header_rows,
    legend_rows,
    month_weeks,
)
from .display import WEEKDAYS_SHORT, Lang, colon, drug_colour, format_date, format_month, label
from .terminal import DEFAULT_WIDTH, GRID, LIST, Part, Table, Text, cell_width, to_text, widest

#: Width of a month-grid cell's text: "28 C2D28" fits on its first line; 7 cells of 8 columns
#: plus padding and borders make a grid 78 columns wide, inside an 80-column terminal.
CELL_WIDTH = 8
#: The day list's note column is never narrower than this; a narrower terminal wraps lines.
NOTE_MIN_WIDTH = 24


def render_calendar(
    schedule: Schedule,
    *,
    lang: Lang,
    start: date | None = None,
    end: date | None = None,
    full_name: bool = False,
    color: bool = False,
    width: int = DEFAULT_WIDTH,
) -> str:
    """The whole calendar as terminal text (ANSI colours only when ``color``)."""
    rows = day_rows(within(schedule, start, end), lang)
    if any(row[5] for row in rows):
        used, note_min = day_list_width(rows, lang)
        # Never squeeze the list: a narrow terminal wraps long lines, but hides no digit.
        width = max(width, used + note_min)
    return to_text(
        calendar_renderables(
            schedule, lang=lang, start=start, end=end, full_name=full_name, width=width
        ),
        color=color,
        width=width,
    )


def calendar_renderables(
    schedule: Schedule,
    *,
    lang: Lang,
    start: date | None = None,
    end: date | None = None,
    full_name: bool = False,
    width: int = DEFAULT_WIDTH,
) -> list[Part]:
    """The calendar's parts, in order, for :func:`mmsched.views.terminal.to_text`."""
    shown = within(schedule, start, end)
    parts: list[Part] = [
        Text(label("calendar", lang), style="bold"),
        header_table(schedule, lang=lang, full_name=full_name),
        drug_table(schedule, lang=lang),
    ]
    if schedule.assumptions:
        parts.append(assumptions_table(schedule, lang=lang))
    first, last = treatment_span(schedule)
    window_first = max(first, start) if start else first
    window_last = min(last, end) if end else last
    if start or end:
        parts.append(
            Text(
                label(
                    "shown_from_to",
                    lang,
                    start=format_date(start or first, lang),
                    end=format_date(end or last, lang),
                )
            )
        )
    if not (shown.administrations or shown.monitoring or shown.skipped or shown.supportive):
        parts.append(
            Text(
                label(
                    "nothing_in_range",
                    lang,
                    start=format_date(start or first, lang),
                    end=format_date(end or last, lang),
                )
            )
        )
    else:
        for year, month in months_between(window_first, window_last):
            parts.append(month_grid(shown, year, month, lang=lang))
        parts.append(legend(shown, lang=lang))
        parts.append(Text(label("day_list", lang), style="bold"))
        parts.append(day_list(shown, lang=lang, width=width))
    if schedule.warnings:
        parts.append(Text(label("warnings", lang), style="bold red"))
        parts.extend(
            Text(f"{label('warning', lang)}{colon(lang)}{warning}", style="red")
            for warning in schedule.warnings_in(lang)
        )
    return parts


def header_table(schedule: Schedule, *, lang: Lang, full_name: bool) -> Table:
    """Label/value lines of the header; values last, so wide symbols (m², ×) misalign nothing."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    for key, value in header_rows(schedule, lang=lang, full_name=full_name):
        table.add_row(Text(key, style="bold"), Text(value))
    return table


def drug_table(schedule: Schedule, *, lang: Lang) -> Table:
    """One row per drug: days, dose given, and the calculation (last, as it holds m² and ×);
    under it, a row for each run of cycles whose dose differs, with its own calculation. With
    an order set, in groups: premedication, anticancer drugs, post-medication, prophylaxis,
    hydration, tests (:func:`.calendar_view.drug_sections`)."""
    table = Table(box=LIST, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(label("drug", lang), no_wrap=True)
    table.add_column(label("route", lang), no_wrap=True)
    table.add_column(label("days", lang), no_wrap=True)
    table.add_column(label("dose", lang), justify="right", no_wrap=True)
    table.add_column(label("how", lang))
    for heading, rows in drug_sections(schedule, lang, sep="\n"):
        if heading:
            # An order set's group (premedication, anticancer drugs, ...) heads its rows.
            table.add_row(Text(heading, style="bold"), Text(""), Text(""), Text(""), Text(""))
        for row in rows:
            # A cycle whose dose differs goes under its drug, indented: "  C2   1.4 mg ...".
            name = f"  {row.cycles}" if row.cycles else row.name
            table.add_row(
                Text(name, style=drug_colour(row.drug) if row.drug else ""),
                Text(row.route),
                Text(row.days),
                Text(row.dose),
                Text(row.how),
            )
    return table


def assumptions_table(schedule: Schedule, *, lang: Lang) -> Table:
    """The regimen's assumptions, numbered, each with its source (wrapped beside its number)."""
    table = Table.grid(padding=(0, 1))
    table.title = label("assumptions", lang)
    table.title_style = "bold"
    table.add_column(no_wrap=True)
    table.add_column()
    for number, text in enumerate(assumption_rows(schedule, lang), start=1):
        table.add_row(Text(f"{number}."), Text(text))
    return table


def month_grid(schedule: Schedule, year: int, month: int, *, lang: Lang) -> Table:
    """One month, Monday first; treatment days show "4 C1D4" and the drug codes."""
    table = Table(
        title=format_month(year, month, lang),
        title_style="bold",
        box=GRID,
        show_lines=True,
        header_style="bold",
    )
    for head in WEEKDAYS_SHORT[lang]:
        table.add_column(head, width=CELL_WIDTH)
    for week in month_weeks(schedule, year, month, lang):
        table.add_row(*(Text("") if cell is None else _cell(cell) for cell in week))
    return table


def _cell(cell: Cell) -> Text:
    if not cell.is_treatment:
        return Text(str(cell.date.day))
    text = Text(" ".join([str(cell.date.day), "/".join(cell.cycle_days)]).strip(), style="bold")
    text.append("\n")
    codes = [Text("*", style="bold")] if cell.moved else []
    codes += [
        Text(code, style=drug_colour(drug) if drug else "underline") for code, drug in cell.codes
    ]
    text.append(Text(" ").join(codes))
    return text


def legend(schedule: Schedule, *, lang: Lang) -> Text:
    """Each code used in the grids with the drug's name (both names in Chinese output)."""
    rows = legend_rows(schedule, lang)
    width = max((len(code) for code, _, _ in rows), default=1)
    lines = []
    for code, name, drug in rows:
        line = Text("  ")
        line.append(f"{code:<{width}}", style=f"bold {drug_colour(drug)}")
        line.append(f" = {name}")
        lines.append(line)
    if any(a.planned_date is not None for a in schedule.administrations):
        lines.append(Text("  " + label("legend_moved", lang)))
    if schedule.skipped:
        lines.append(Text("  " + label("legend_skipped", lang)))
    if schedule.monitoring:
        lines.append(Text("  " + label("legend_test", lang)))
    text = Text(label("legend", lang) + colon(lang).rstrip(), style="bold")
    text.append("\n")
    text.append(Text("\n").join(lines))
    return text


def day_list_width(rows: list[DayRow], lang: Lang) -> tuple[int, int]:
    """Columns the day list needs without its note column, and the note column's width
    when the list may take ``DEFAULT_WIDTH`` or more: (fixed columns, note minimum)."""
    headings = [label(k, lang) for k in ("date", "cycle_day", "drug", "dose", "route")]
    values: list[list[str]] = [
        [format_date(row[0], lang) for row in rows],
        [row[1] for row in rows],
        [row[2] for row in rows],
        [row[3] for row in rows],
        [row[4] for row in rows],
    ]
    # Each column is as wide as its widest value or its heading, and 3 columns apart.
    used = sum(max(widest(v), cell_width(h)) + 3 for h, v in zip(headings, values, strict=True))
    return used, NOTE_MIN_WIDTH


def day_list(schedule: Schedule, *, lang: Lang, width: int = DEFAULT_WIDTH) -> Table:
    """Date, cycle/day, drug, dose, route; the date once per day, a rule between days.

    No column is ever shortened: date, cycle/day, drug, dose and route are as wide as their
    widest value (a dose cut to "500,0…" would be a medication error); the note column (moves,
    changes, test names) takes the rest of ``width`` and wraps by :mod:`mmsched.views.terminal`'s
    rules (after commas and 、, never between a number and its unit). The caller renders at
    least :func:`day_list_width` wide.
    """
    rows = day_rows(schedule, lang)
    with_notes = any(row[5] for row in rows)
    used, note_min = day_list_width(rows, lang)
    note_width = max(note_min, width - used)
    table = Table(box=LIST, show_edge=False, pad_edge=False, header_style="bold")
    dates = [format_date(row[0], lang) for row in rows]
    for key, values, justify in (
        ("date", dates, "left"),
        ("cycle_day", [row[1] for row in rows], "left"),
        ("drug", [row[2] for row in rows], "left"),
        ("dose", [row[3] for row in rows], "right"),
        ("route", [row[4] for row in rows], "left"),
    ):
        heading = label(key, lang)
        table.add_column(
            heading,
            justify="right" if justify == "right" else "left",
            min_width=max(widest(values), cell_width(heading)),
            no_wrap=True,
        )
    if with_notes:
        table.add_column(label("note", lang), min_width=note_width)
    for i, (day, cycle_day, name, dose, route, note, drug) in enumerate(rows):
        first_of_day = i == 0 or rows[i - 1][0] != day
        last_of_day = i == len(rows) - 1 or rows[i + 1][0] != day
        same_cd = i > 0 and not first_of_day and rows[i - 1][1] == cycle_day
        style = drug_colour(drug) if drug else ""
        cells = [
            Text(dates[i] if first_of_day else ""),
            Text("" if same_cd else cycle_day),
            Text(name, style=style),
            Text(dose),
            Text(route),
        ]
        if with_notes:
            cells.append(Text(note))
        table.add_row(*cells, end_section=last_of_day)
    return table
