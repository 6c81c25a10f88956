"""The ``mmsched calendar`` command: one patient's calendar as text, JSON, CSV or HTML."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import MmschedError
from .common import as_date, emit, fail, resolve_lang, terminal_style
from .options import (
    FromOption,
    FullNameOption,
    LangOption,
    NoColorOption,
    OutputOption,
    ToOption,
    WardFileOption,
)


class CalendarFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


def calendar(  # noqa: PLR0917 - typer maps each option to a parameter
    plan: Annotated[
        Path, typer.Argument(help="A plan file (YAML).", show_default=False, metavar="PLAN")
    ],
    fmt: Annotated[
        CalendarFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: header, month grids and the day-by-day list; json: the "
            "mmsched.schedule/1 contract; csv: one row per administration; html: one printable "
            "A4 page.",
        ),
    ] = CalendarFormat.text,
    output: OutputOption = None,
    lang: LangOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    no_color: NoColorOption = False,
    full_name: FullNameOption = False,
    ward_file: WardFileOption = None,
) -> None:
    """Print a patient's calendar: every administration with its date, dose and route."""
    from ..engine.expander import expand
    from ..engine.period import within
    from ..formats.reader import load_plan

    chosen = resolve_lang(lang)
    start, end = as_date(date_from), as_date(date_to)
    if start and end and end < start:
        raise typer.BadParameter(
            f"{end} is before --from {start}; give the earlier date first", param_hint="--to"
        )
    try:
        schedule = expand(load_plan(plan, ward=ward_file))
    except MmschedError as exc:
        raise fail(exc) from None
    if fmt is CalendarFormat.json:
        from ..exports.schedule_json import schedule_to_json

        emit(schedule_to_json(within(schedule, start, end)), output)
    elif fmt is CalendarFormat.csv:
        from ..views.csv_tables import calendar_csv

        emit(calendar_csv(within(schedule, start, end), lang=chosen), output, bom=bool(output))
    elif fmt is CalendarFormat.html:
        from ..views.calendar_html import render_html

        emit(render_html(schedule, lang=chosen, start=start, end=end, full_name=full_name), output)
    else:
        from ..views.calendar_text import render_calendar

        color, width = terminal_style(no_color, output)
        text = render_calendar(
            schedule,
            lang=chosen,
            start=start,
            end=end,
            full_name=full_name,
            color=color,
            width=width,
        )
        emit(text, output)
