"""The ``mmsched calendar`` command: one patient's calendar as text, JSON, CSV or HTML."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import MmschedError, coded
from .common import (
    DateArg,
    bad_parameter,
    date_arg,
    emit,
    fail,
    file_target,
    library_dirs,
    not_an_input,
    resolve_lang,
    terminal_style,
    today_in,
)
from .options import (
    FromOption,
    FullNameOption,
    LangOption,
    NoColorOption,
    OutputOption,
    ToOption,
    WardFileOption,
)

if TYPE_CHECKING:
    from ..engine.schedule import Schedule
    from ..views.display import Lang


class CalendarFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


def calendar(  # noqa: PLR0917 - typer maps each option to a parameter
    ctx: typer.Context,
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
    output = file_target(output)
    not_an_input(output, [plan, ward_file])
    chosen = resolve_lang(lang, ctx)
    first, last = date_arg(date_from, "--from"), date_arg(date_to, "--to")
    relative = any(d is not None and d.relative for d in (first, last))
    if not relative:  # a reversed range is a usage error before any file is read
        start, end = _dates(first, last, date.min)
    schedule, zone = _read_plan(plan, ward_file, library_dirs(ctx))
    if relative:  # "today" is the plan's ward's (its time zone), else the system's
        start, end = _dates(first, last, today_in(ctx, zone))
    _check_window(schedule, start, end, plan)
    text = _render(
        schedule,
        fmt,
        lang=chosen,
        start=start,
        end=end,
        full_name=full_name,
        no_color=no_color,
        output=output,
    )
    # A CSV file (not standard output) starts with a byte-order mark, so Excel reads UTF-8.
    emit(text, output, bom=fmt is CalendarFormat.csv and output is not None)


def _dates(
    first: DateArg | None, last: DateArg | None, today: date
) -> tuple[date | None, date | None]:
    """The first and last date shown; ``--to`` before ``--from`` is a usage error (exit 2)."""
    start = first.on(today) if first is not None else None
    end = last.on(today) if last is not None else None
    if start and end and end < start:
        raise bad_parameter(coded("--to", "usage.dates.before_from", end=end, start=start))
    return start, end


def _check_window(schedule: Schedule, start: date | None, end: date | None, plan: Path) -> None:
    """Dates that miss the course entirely (``--from`` after its last day, ``--to`` before its
    first) are an error that says so, rather than a reversed range and an empty calendar."""
    from ..engine.period import treatment_span

    first, last = treatment_span(schedule)
    course = {"first": first.isoformat(), "last": last.isoformat()}
    if start is not None and start > last:
        problem = coded("", "usage.dates.after_course", start=start.isoformat(), **course)
    elif end is not None and end < first:
        problem = coded("", "usage.dates.before_course", end=end.isoformat(), **course)
    else:
        return
    raise fail(MmschedError(problem, file=str(plan)))


def _read_plan(
    plan: Path, ward_file: Path | None, regimen_dirs: tuple[Path, ...]
) -> tuple[Schedule, str | None]:
    """The plan's schedule and its ward's time zone, or the reason the plan cannot be read on
    stderr and exit code 1."""
    from ..engine.expand import expand
    from ..formats.reader import load_plan

    try:
        loaded = load_plan(plan, ward=ward_file, regimen_dirs=regimen_dirs)
        return expand(loaded), loaded.ward.timezone if loaded.ward is not None else None
    except MmschedError as exc:
        raise fail(exc) from None


def _render(
    schedule: Schedule,
    fmt: CalendarFormat,
    *,
    lang: Lang,
    start: date | None,
    end: date | None,
    full_name: bool,
    no_color: bool,
    output: Path | None,
) -> str:
    """The calendar in format ``fmt``; ``no_color`` and ``output`` choose the text's style."""
    from ..engine.period import within

    if fmt is CalendarFormat.json:
        from ..exports.schedule_json import schedule_to_json

        return schedule_to_json(within(schedule, start, end))
    if fmt is CalendarFormat.csv:
        from ..views.csv_tables import calendar_csv

        return calendar_csv(within(schedule, start, end), lang=lang)
    if fmt is CalendarFormat.html:
        from ..views.calendar_html import render_html

        return render_html(schedule, lang=lang, start=start, end=end, full_name=full_name)
    from ..views.calendar_text import render_calendar

    color, width = terminal_style(no_color, output)
    return render_calendar(
        schedule, lang=lang, start=start, end=end, full_name=full_name, color=color, width=width
    )
