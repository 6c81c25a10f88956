"""The ``mmsched load`` and ``mmsched suggest-start`` commands: the ward's load against its
capacity, and start dates that fit it.

Imported only when the command line names one of them (or asks for help): see
:data:`mmsched.cli.app.LAZY_COMMANDS`. The library's modules are imported inside the
functions, as every command's are.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

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
    today_for_ward,
    ward_error_line,
)
from .options import DATE_FORMS, DATE_METAVAR, LangOption, OutputOption, WardFileOption

if TYPE_CHECKING:
    from ..engine.wardsheet import WardError


class LoadFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


class SuggestFormat(StrEnum):
    text = "text"
    json = "json"


PlansArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Plan files on the ward, or folders whose *.yaml and *.yml files are plans.",
        show_default=False,
        metavar="DIR_OR_PLANS...",
    ),
]


def load(  # noqa: PLR0917 - typer maps each option to a parameter
    ctx: typer.Context,
    paths: PlansArgument,
    date_from: Annotated[
        str,
        typer.Option(
            "--from", help=f"First day: {DATE_FORMS}.", show_default=False, metavar=DATE_METAVAR
        ),
    ],
    date_to: Annotated[
        str,
        typer.Option(
            "--to",
            help=f"Last day (at most 366 days after --from): {DATE_FORMS}.",
            show_default=False,
            metavar=DATE_METAVAR,
        ),
    ],
    ward_file: WardFileOption = None,
    fmt: Annotated[
        LoadFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: a bar a day; json: the mmsched.load/1 contract; csv: one row per day; "
            "html: a printable A4 page with a chart.",
        ),
    ] = LoadFormat.text,
    lang: LangOption = None,
    output: OutputOption = None,
) -> None:
    """Print the day ward's load: per day, the chair-minutes used, the capacity, the percentage
    and the patients, and the days over capacity.

    The capacity (chairs × hours a day) is the --ward file's capacity:, else that of the ward
    file the plans name. A plan file that cannot be used is reported by name; the others are
    counted, and the command exits with code 1 at the end.
    """
    from ..errors import MmschedError, coded

    output = file_target(output)
    not_an_input(output, [*paths, ward_file])
    chosen = resolve_lang(lang, ctx)
    dirs = library_dirs(ctx)
    today = today_for_ward(ctx, ward_file)
    first = _at(date_arg(date_from, "--from"), today)
    last = _at(date_arg(date_to, "--to"), today)
    if last < first:
        raise bad_parameter(coded("--to", "usage.dates.reversed", end=last, start=first))
    if (last - first).days + 1 > 366:
        days = (last - first).days + 1
        problem = coded("--from/--to", "usage.dates.too_long", start=first, end=last, days=days)
        raise bad_parameter(problem)
    from ..batch.capacity import ward_load

    try:
        found = ward_load(paths, first, last, ward_file, regimen_dirs=dirs)
    except MmschedError as exc:
        raise fail(exc) from None
    if fmt is LoadFormat.json:
        from ..exports.capacity_json import load_to_json

        text = load_to_json(found)
    elif fmt is LoadFormat.csv:
        from ..views.load_text import load_csv

        text = load_csv(found)
    elif fmt is LoadFormat.html:
        from ..views.load_html import render_load_html

        text = render_load_html(found, lang=chosen)
    else:
        from ..views.load_text import render_load

        text = render_load(found, lang=chosen)
    emit(text, output, bom=fmt is LoadFormat.csv and output is not None)
    _report(found.errors)


def suggest_start(  # noqa: PLR0917 - typer maps each option to a parameter
    ctx: typer.Context,
    plan: Annotated[
        Path,
        typer.Argument(
            help="The new patient's plan; its start is the preferred date.",
            show_default=False,
            metavar="PLAN",
        ),
    ],
    paths: PlansArgument,
    more: Annotated[
        list[Path] | None,
        typer.Option(
            "--plan",
            help="Another new plan, placed after the ones before it (repeatable).",
            show_default=False,
            metavar="PLAN",
        ),
    ] = None,
    ward_file: WardFileOption = None,
    earliest: Annotated[
        str | None,
        typer.Option(
            "--earliest",
            help=f"First candidate start: {DATE_FORMS}. Default: 3 days before the preferred "
            "date, never before today.",
            show_default=False,
            metavar=DATE_METAVAR,
        ),
    ] = None,
    latest: Annotated[
        str | None,
        typer.Option(
            "--latest",
            help=f"Last candidate start: {DATE_FORMS}. Default: 14 days after the preferred date.",
            show_default=False,
            metavar=DATE_METAVAR,
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=1, max=366, help="How many candidates to show per plan.")
    ] = 5,
    fmt: Annotated[
        SuggestFormat,
        typer.Option("--format", "-f", help="text: the ranking and why; json: mmsched.suggest/1."),
    ] = SuggestFormat.text,
    lang: LangOption = None,
    output: OutputOption = None,
) -> None:
    """Suggest start dates for a new plan that the ward can carry.

    Each open day of the window is tried as the start: the whole plan moves (its dated
    changes and measurements too) and is expanded as any plan is. Candidates are ranked, on the
    new patient's chair days over the whole course, by the days over capacity, then the days
    above the ward's target, then the distance from the preferred date (later first), then the
    peak load.
    """
    from ..errors import MmschedError, coded

    output = file_target(output)
    not_an_input(output, [plan, *(more or []), *paths, ward_file])
    chosen = resolve_lang(lang, ctx)
    dirs = library_dirs(ctx)
    today = today_for_ward(ctx, ward_file)
    low = date_arg(earliest, "--earliest")
    high = date_arg(latest, "--latest")
    if low is not None and high is not None and _at(high, today) < _at(low, today):
        problem = coded(
            "--latest", "usage.dates.reversed", end=_at(high, today), start=_at(low, today)
        )
        raise bad_parameter(problem)
    from ..batch.capacity import suggest_start as suggest

    try:
        suggestions, errors = suggest(
            plan,
            paths,
            today=today,
            more_plans=more or (),
            ward_file=ward_file,
            earliest=None if low is None else _at(low, today),
            latest=None if high is None else _at(high, today),
            regimen_dirs=dirs,
        )
    except MmschedError as exc:
        raise fail(exc) from None
    if fmt is SuggestFormat.json:
        from ..exports.capacity_json import suggest_to_json

        text = suggest_to_json(suggestions, errors, top)
    else:
        from ..views.suggest_text import render_suggestions

        text = render_suggestions(suggestions, errors, top=top, lang=chosen)
    emit(text, output)
    _report(errors)


def _at(arg: DateArg | None, today: date) -> date:
    assert arg is not None
    return arg.on(today)


def _report(errors: tuple[WardError, ...]) -> None:
    """Each file that could not be used, on standard error; exit code 1 when any."""
    for error in errors:
        typer.echo(ward_error_line(error), err=True)
    if errors:
        raise typer.Exit(code=1)
