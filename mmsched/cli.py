"""The ``mmsched`` command: a thin shell over the library.

Each command calls one library function and turns :class:`~mmsched.errors.MmschedError` into a
clear message on stderr and exit code 1. A traceback from here is a bug.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .errors import MmschedError

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


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

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


def fail(error: MmschedError) -> typer.Exit:
    """Print ``error`` for a person and return the exit to raise."""
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(code=1)


@app.command()
def calendar(
    plan: Annotated[Path, typer.Argument(help="A plan file (YAML).", show_default=False)],
    fmt: Annotated[
        CalendarFormat,
        typer.Option(
            "--format", "-f", help="text: a day-by-day list; json: the mmsched.schedule/1 contract."
        ),
    ] = CalendarFormat.text,
) -> None:
    """Print a patient's schedule: every administration with its date and dose."""
    from .expander import expand
    from .loader import load_plan

    try:
        schedule = expand(load_plan(plan))
    except MmschedError as exc:
        raise fail(exc) from None
    if fmt is CalendarFormat.json:
        from .render_json import schedule_to_json

        sys.stdout.write(schedule_to_json(schedule))
    else:
        from .render_text import render_text

        sys.stdout.write(render_text(schedule))


def main() -> None:
    """Entry point of the console script."""
    app()


from . import cli_ics  # noqa: E402,F401  (registers the ics command)
