"""The ``mmsched ward`` command: the ward's day sheet for one day or a range of days."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import MmschedError, Said, coded
from .common import (
    DateArg,
    bad_parameter,
    date_arg,
    emit,
    error_line,
    file_target,
    library_dirs,
    not_an_input,
    resolve_lang,
    terminal_style,
    today_for_ward,
    ward_error_line,
)
from .options import (
    DATE_FORMS,
    DATE_METAVAR,
    FromOption,
    FullNameOption,
    LangOption,
    NoColorOption,
    OutputOption,
    ToOption,
    WardFileOption,
)

if TYPE_CHECKING:
    from ..engine.wardsheet import Ward, WardDay, WardError
    from ..views.display import Lang


class WardFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


#: The longest ward sheet, in days: a typo such as --to 2062-01-01 should not print 36 years.
MAX_WARD_DAYS = 366


def ward(  # noqa: PLR0917 - typer maps each option to a parameter
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Plan files, or folders whose *.yaml and *.yml files are plans.",
            show_default=False,
            metavar="DIR_OR_PLANS...",
        ),
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            help=f"The day of the sheet: {DATE_FORMS}. Default: today (in the --ward file's "
            "time zone, else the system's), unless --from/--to.",
            show_default=False,
            metavar=DATE_METAVAR,
        ),
    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    fmt: Annotated[
        WardFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: the sheet; json: the mmsched.ward/1 contract; csv: one row per "
            "administration; html: a printable A4 page, one page a day.",
        ),
    ] = WardFormat.text,
    output: OutputOption = None,
    lang: LangOption = None,
    no_color: NoColorOption = False,
    full_name: FullNameOption = False,
    ward_file: WardFileOption = None,
) -> None:
    """Print the ward day sheet: every patient's administrations per day, and what to prepare.

    A plan file that cannot be read is reported by name; the others are still listed, and the
    command exits with code 1 at the end. When no plan can be used, no sheet is printed or
    written (an earlier -o file stays as it was).
    """
    output = file_target(output)
    not_an_input(output, [*paths, ward_file])
    chosen = resolve_lang(lang, ctx)
    dirs = library_dirs(ctx)
    first, last, loaded = _sheet_dates(ctx, paths, (on, date_from, date_to), ward_file, dirs)
    days, plans, errors = _read_days(paths, first, last, ward_file, loaded, regimen_dirs=dirs)
    if not plans:
        raise _nothing_used(errors, output)
    text = _render(
        days,
        fmt,
        plans=plans,
        errors=errors,
        lang=chosen,
        full_name=full_name,
        no_color=no_color,
        output=output,
    )
    # A CSV file (not standard output) starts with a byte-order mark, so Excel reads UTF-8.
    emit(text, output, bom=fmt is WardFormat.csv and output is not None)
    for error in errors:
        typer.echo(ward_error_line(error), err=True)
    if errors:
        raise typer.Exit(code=1)


#: How many unusable files the message of an empty sheet names before it sums up the rest.
MAX_NAMED = 5


def _nothing_used(errors: tuple[WardError, ...], output: Path | None) -> typer.Exit:
    """No plan could be used (a mistyped folder name, say): one paragraph on standard error
    naming the files and why, and no sheet, so that yesterday's file is not replaced by one
    that lists nobody."""
    shown = errors[:MAX_NAMED]
    en = [f"{e.file} ({(e.message.splitlines() or [''])[0].rstrip(':')})" for e in shown]
    zh = [f"{e.file}（{(e.text('zh').splitlines() or [''])[0].rstrip('：')}）" for e in shown]
    named = Said("; ".join(en), "；".join(zh))
    if not errors:
        named = Said("no plan file was given", "没有给出计划文件")
    rest = len(errors) - MAX_NAMED
    more = Said(f" and {rest} more", f"，另有 {rest} 个") if rest > 0 else ""
    outcome = (
        coded("", "ward.nothing_used.kept", output=str(output))
        if output is not None
        else coded("", "ward.nothing_used.printed")
    )
    problem = coded("", "ward.nothing_used", outcome=outcome, named=named, more=more)
    typer.echo(error_line(MmschedError(problem)), err=True)
    return typer.Exit(code=1)


def _sheet_dates(
    ctx: typer.Context,
    paths: list[Path],
    options: tuple[str | None, str | None, str | None],
    ward_file: Path | None,
    regimen_dirs: tuple[Path, ...],
) -> tuple[date, date, Ward | None]:
    """The first and last day of the sheet from ``--date``, ``--from`` and ``--to``, and the
    plans if they had to be read to find one. "today" is the ``--ward`` file's (its
    ``timezone:``), else the system's."""
    names = ("--date", "--from", "--to")
    on, date_from, date_to = (date_arg(t, n) for t, n in zip(options, names, strict=True))
    if on is not None and (date_from is not None or date_to is not None):
        raise bad_parameter(coded("--date", "usage.ward.date_and_range"))
    known: list[date] = []

    def today() -> date:  # found once, and only when a date needs it
        if not known:
            known.append(today_for_ward(ctx, ward_file))
        return known[0]

    def at(arg: DateArg) -> date:
        return arg.fixed if arg.fixed is not None else arg.on(today())

    loaded: Ward | None = None
    if date_from is None and date_to is None:
        first = last = at(on) if on is not None else today()
    elif date_from is not None and date_to is not None:
        first, last = at(date_from), at(date_to)
    else:
        # One end open: the plans' own first or last date closes it, so they are all held.
        from ..batch.ward import load_plans

        loaded = load_plans(paths, ward_file, regimen_dirs=regimen_dirs)
        span = loaded.span()
        start = at(date_from) if date_from else None
        end = at(date_to) if date_to else None
        _check_open_end(span, start, end)
        first = start if start else (span[0] if span else today())
        last = end if end else (span[1] if span else first)
    _check_range(first, last)
    return first, last, loaded


def _check_open_end(span: tuple[date, date] | None, start: date | None, end: date | None) -> None:
    """``--from`` after the last day of every plan (or ``--to`` before the first), with the
    other end open: say so, rather than a reversed range."""
    if span is None:
        return
    plans = {"first": span[0].isoformat(), "last": span[1].isoformat()}
    if start is not None and start > span[1]:
        problem = coded("", "usage.ward.after_plans", start=start.isoformat(), **plans)
    elif end is not None and end < span[0]:
        problem = coded("", "usage.ward.before_plans", end=end.isoformat(), **plans)
    else:
        return
    typer.echo(error_line(MmschedError(problem)), err=True)
    raise typer.Exit(code=1)


def _check_range(first: date, last: date) -> None:
    """A range that ends before it starts, or is longer than a year, is a usage error."""
    if last < first:
        raise bad_parameter(coded("--to", "usage.dates.reversed", end=last, start=first))
    if (last - first).days + 1 > MAX_WARD_DAYS:
        days = (last - first).days + 1
        raise bad_parameter(
            coded(
                "--from/--to",
                "usage.ward.too_long",
                start=first,
                end=last,
                days=days,
                most=MAX_WARD_DAYS,
            )
        )


def _read_days(
    paths: list[Path],
    first: date,
    last: date,
    ward_file: Path | None,
    loaded: Ward | None,
    *,
    regimen_dirs: tuple[Path, ...],
) -> tuple[list[WardDay], int, tuple[WardError, ...]]:
    """The sheet's days, how many plans were read, and the files that could not be read."""
    if loaded is None:
        from ..batch.ward import range_sheets

        # The plans stream through (each file read once, each schedule cut to the dates as
        # soon as it is expanded), so a whole network's plans fit in memory.
        return range_sheets(paths, first, last, ward_file, regimen_dirs=regimen_dirs)
    from ..engine.wardsheet import ward_days

    return ward_days(loaded, first, last), len(loaded.patients), loaded.errors


def _render(
    days: list[WardDay],
    fmt: WardFormat,
    *,
    plans: int,
    errors: tuple[WardError, ...],
    lang: Lang,
    full_name: bool,
    no_color: bool,
    output: Path | None,
) -> str:
    """The sheet in format ``fmt``; ``no_color`` and ``output`` choose the text's style."""
    if fmt is WardFormat.json:
        from ..exports.ward_json import ward_to_json

        return ward_to_json(days, errors, lang)
    if fmt is WardFormat.csv:
        from ..views.csv_tables import ward_csv

        return ward_csv(days, lang=lang, full_name=full_name)
    if fmt is WardFormat.html:
        from ..views.ward_html import render_ward_html

        return render_ward_html(days, lang=lang, plans=plans, errors=errors, full_name=full_name)
    from ..views.ward_text import render_ward

    color, width = terminal_style(no_color, output)
    return render_ward(
        days,
        lang=lang,
        full_name=full_name,
        plans=plans,
        errors=errors,
        color=color,
        width=width,
    )
