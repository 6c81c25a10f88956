"""The ``mmsched`` command: a thin shell over the library.

Each command calls one library function and turns :class:`~mmsched.errors.MmschedError` into a
clear message on stderr and exit code 1. A traceback from here is a bug.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import MmschedError
from .common import as_date, emit, fail, resolve_lang, terminal_style
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

if TYPE_CHECKING:
    from ..views.display import Lang

app = typer.Typer(
    name="mmsched",
    help="Chemotherapy cycle scheduling for multiple myeloma regimens.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class CalendarFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


class WardFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


#: The longest ward sheet, in days: a typo such as --to 2062-01-01 should not print 36 years.
MAX_WARD_DAYS = 366


def _show_version(value: bool) -> None:
    if value:
        from ..data import __version__

        typer.echo(f"mmsched {__version__}")
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Chemotherapy cycle scheduling for multiple myeloma regimens."""


@app.command()
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


@app.command()
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


regimens_app = typer.Typer(
    help="List regimens, or show one as a cycle-day grid.", no_args_is_help=False
)
app.add_typer(regimens_app, name="regimens")


@regimens_app.callback(invoke_without_command=True)
def regimens(
    ctx: typer.Context,
    folders: Annotated[
        list[Path] | None,
        typer.Option(
            "--dir",
            help="A folder of local regimen files to list too (repeatable). Default: ./regimens "
            "when it exists.",
            file_okay=False,
            show_default=False,
            metavar="DIR",
        ),
    ] = None,
    lang: LangOption = None,
    no_color: NoColorOption = False,
) -> None:
    """List the bundled regimens and local ones: id, name, cycle length, cycles, drugs."""
    if ctx.invoked_subcommand is not None:
        return
    from ..data import bundled_regimen_ids, bundled_regimens_dir
    from ..formats.reader import load_regimen

    chosen = resolve_lang(lang)
    found = []
    errors: list[MmschedError] = []
    for regimen_id in bundled_regimen_ids():
        try:
            found.append((load_regimen(regimen_id), label_bundled(chosen)))
        except MmschedError as exc:
            errors.append(exc)
    if folders is None:
        local = Path("regimens")
        same = local.is_dir() and local.resolve() == bundled_regimens_dir().resolve()
        folders = [local] if local.is_dir() and not same else []
    for folder in folders:
        if not folder.is_dir():
            errors.append(MmschedError("no such folder; check the path", file=str(folder)))
            continue
        for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")):
            try:
                local_regimen = load_regimen(path.resolve())
            except MmschedError as exc:
                errors.append(exc.in_file(str(path)))
                continue
            found.append((local_regimen, str(path)))
            if local_regimen.id in bundled_regimen_ids():
                # A plan's "regimen: rvd" always means the bundled rvd: a local file with that
                # id would be silently passed over.
                errors.append(
                    MmschedError(
                        f"has the id of the bundled regimen '{local_regimen.id}', and a plan's "
                        f"'regimen: {local_regimen.id}' always means the bundled one; give this "
                        f"file its own id and name it in plans by its path ({path})",
                        file=str(path),
                    )
                )
    from ..views.regimen import render_regimen_list

    color, width = terminal_style(no_color, None)
    emit(render_regimen_list(found, lang=chosen, color=color, width=width), None)
    for error in errors:
        typer.echo(f"error: {error}", err=True)
    if errors:
        raise typer.Exit(code=1)


def label_bundled(lang: Lang) -> str:
    from ..views.display import label

    return label("bundled", lang)


@regimens_app.command("show")
def regimens_show(
    regimen: Annotated[
        str,
        typer.Argument(
            help="A bundled regimen id, or a regimen file.", show_default=False, metavar="ID"
        ),
    ],
    lang: LangOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Show a regimen as a grid: days 1..cycle_days across, one row per drug."""
    from ..formats.reader import load_regimen
    from ..views.regimen import render_regimen

    chosen = resolve_lang(lang)
    try:
        loaded = load_regimen(Path(regimen).resolve() if Path(regimen).is_file() else regimen)
    except MmschedError as exc:
        raise fail(exc) from None
    color, width = terminal_style(no_color, None)
    emit(render_regimen(loaded, lang=chosen, color=color, width=width), None)


@app.command()
def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Regimen and plan files, or folders (every *.yaml and *.yml under them).",
            show_default=False,
            metavar="FILE...",
        ),
    ],
) -> None:
    """Validate regimen and plan files: every problem in every file, not only the first."""
    from ..batch.check import check_file, files_to_check

    paths, results = files_to_check(files)
    results += [check_file(path) for path in paths]
    bad = 0
    for result in results:
        if result.ok:
            typer.echo(f"ok    {result.file}: {result.summary}")
            for warning in result.warnings:
                typer.echo(f"      warning: {warning}")
        else:
            bad += 1
            assert result.error is not None
            message = str(result.error)
            if result.error.file is None:
                message = f"{result.file}: {message}"
            typer.echo(f"error {message}")
    checked = f"{len(results)} file{'' if len(results) == 1 else 's'} checked"
    typer.echo(f"{checked}, {bad} with problems" if bad else f"{checked}, all valid")
    if bad:
        raise typer.Exit(code=1)


def main() -> None:
    """Entry point of the console script."""
    try:
        with _only_command(sys.argv[1:2]):
            app()
    finally:
        # The process ends here. Freezing its objects spares the interpreter a last garbage
        # collection over every loaded module on the way out (about 18 ms of a 165 ms
        # ``mmsched calendar``); the memory goes back to the system with the process.
        import gc

        gc.freeze()


@contextmanager
def _only_command(first: list[str]) -> Iterator[None]:
    """While the console script runs, register only the command it names, if it names one.

    typer turns every command's options into click parameters before it looks at the command
    line: about 5 ms for mmsched's commands, a twentieth of a nurse's wait for a calendar.
    ``mmsched calendar ...`` needs only ``calendar``; anything else (``--help``, a misspelt
    command, which click answers with the names of all) keeps every command.
    """
    commands, groups = app.registered_commands, app.registered_groups
    name = first[0] if first else ""
    chosen = [c for c in commands if (c.name or getattr(c.callback, "__name__", "")) == name]
    chosen_groups = [g for g in groups if g.name == name]
    if chosen or chosen_groups:
        app.registered_commands, app.registered_groups = chosen, chosen_groups
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = commands, groups


from . import diff, ics  # noqa: E402,F401  (register the diff and ics commands)
