"""The ``mmsched ward`` command: the ward's day sheet for one day or a range of days."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .common import emit, resolve_lang, terminal_style
from .options import (
    DATE_FORMATS,
    FromOption,
    FullNameOption,
    LangOption,
    NoColorOption,
    OutputOption,
    ToOption,
    WardFileOption,
)


class WardFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


#: The longest ward sheet, in days: a typo such as --to 2062-01-01 should not print 36 years.
MAX_WARD_DAYS = 366


def ward(  # noqa: PLR0917 - typer maps each option to a parameter
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Plan files, or folders whose *.yaml and *.yml files are plans.",
            show_default=False,
            metavar="DIR_OR_PLANS...",
        ),
    ],
    on: Annotated[
        datetime | None,
        typer.Option(
            "--date",
            formats=DATE_FORMATS,
            help="The day of the sheet (YYYY-MM-DD). Default: today, unless --from/--to.",
            show_default=False,
            metavar="YYYY-MM-DD",
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
            "administration.",
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
    command exits with code 1 at the end.
    """
    from ..batch.ward import load_plans, range_sheets
    from ..engine.wardsheet import Ward, WardError, ward_days

    chosen = resolve_lang(lang)
    if on is not None and (date_from is not None or date_to is not None):
        raise typer.BadParameter("give either --date or --from/--to, not both", param_hint="--date")
    errors: tuple[WardError, ...]
    loaded: Ward | None = None
    if date_from is None and date_to is None:
        first = last = on.date() if on is not None else date.today()
    elif date_from is not None and date_to is not None:
        first, last = date_from.date(), date_to.date()
    else:
        # One end open: the plans' own first or last date closes it, so they are all held.
        loaded = load_plans(paths, ward_file)
        span = loaded.span()
        first = date_from.date() if date_from else (span[0] if span else date.today())
        last = date_to.date() if date_to else (span[1] if span else first)
    if last < first:
        raise typer.BadParameter(
            f"{last} is before {first}; give the earlier date first", param_hint="--to"
        )
    if (last - first).days + 1 > MAX_WARD_DAYS:
        raise typer.BadParameter(
            f"{first} to {last} is {(last - first).days + 1} days; a sheet covers at most "
            f"{MAX_WARD_DAYS} days",
            param_hint="--from/--to",
        )
    if loaded is None:
        # The plans stream through (each file read once, each schedule cut to the dates as
        # soon as it is expanded), so a whole network's plans fit in memory.
        days, plans, errors = range_sheets(paths, first, last, ward_file)
    else:
        days = ward_days(loaded, first, last)
        plans, errors = len(loaded.patients), loaded.errors
    if fmt is WardFormat.json:
        from ..exports.ward_json import ward_to_json

        emit(ward_to_json(days, errors), output)
    elif fmt is WardFormat.csv:
        from ..views.csv_tables import ward_csv

        emit(ward_csv(days, lang=chosen, full_name=full_name), output, bom=bool(output))
    else:
        from ..views.ward_text import render_ward

        color, width = terminal_style(no_color, output)
        emit(
            render_ward(
                days,
                lang=chosen,
                full_name=full_name,
                plans=plans,
                errors=errors,
                color=color,
                width=width,
            ),
            output,
        )
    for error in errors:
        typer.echo(f"error: {error.file}: {error.message}", err=True)
    if errors:
        raise typer.Exit(code=1)
