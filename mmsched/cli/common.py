"""What every command does the same way: report an error, choose the language and the terminal
style, write the output, read a date option.

Light at import (typer and :mod:`mmsched.errors` only): the modules that do the work are
imported inside the functions that use them.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import MmschedError

if TYPE_CHECKING:
    from ..views.display import Lang


def fail(error: MmschedError) -> typer.Exit:
    """Print ``error`` for a person and return the exit to raise."""
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(code=1)


def resolve_lang(lang: str | None) -> Lang:
    """``--lang`` if given (a :class:`Language` or any "zh"/"en" string enum), else the default
    from the environment (see :mod:`mmsched.cli.settings`)."""
    if lang is not None:
        return "en" if lang == "en" else "zh"
    from .settings import default_lang

    try:
        return default_lang(os.environ, warn=lambda line: typer.echo(line, err=True))
    except MmschedError as exc:
        raise fail(exc) from None


def terminal_style(no_color: bool, output: Path | None) -> tuple[bool, int]:
    """Colour and width: colour only on a terminal (and not with --no-color or NO_COLOR)."""
    from ..views.terminal import DEFAULT_WIDTH

    if output is not None or not sys.stdout.isatty():
        return False, DEFAULT_WIDTH
    import shutil

    color = not no_color and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    return color, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def stdout_gone(exc: OSError) -> None:
    """Standard output cannot take the text (a full disk, a closed pipe): say so once, and
    point standard output at nothing so the interpreter's last flush stays quiet."""
    try:
        sys.stderr.write(f"mmsched: cannot write to standard output ({exc.strerror or exc})\n")
        sys.stderr.flush()
    except OSError:
        pass
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def file_target(output: Path | None) -> Path | None:
    """The file ``-o`` names, or None for standard output (no ``-o``, or ``-o -``), so that
    ``-o -`` behaves as no ``-o`` everywhere: no byte-order mark, the terminal's style, and
    no message about a file kept as it was.

    >>> file_target(Path("-")), file_target(None), file_target(Path("a.csv"))
    (None, None, PosixPath('a.csv'))
    """
    return None if output is None or str(output) == "-" else output


def emit(text: str, output: Path | None, *, bom: bool = False) -> None:
    """Write ``text`` to ``output`` (atomically for a file; see :mod:`.fileio` for the kinds
    of target), or to standard output when there is none or it is ``-``."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .fileio import write_atomic

    try:
        write_atomic(output, ("\ufeff" if bom else "") + text)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise fail(
            MmschedError(
                f"cannot write the file ({reason}); check the folder exists and is writable",
                file=str(output),
            )
        ) from None


def as_date(value: datetime | None) -> date | None:
    """The date of a ``--from``/``--to`` value (typer reads dates as date-times).

    >>> as_date(datetime(2026, 11, 30)), as_date(None)
    (datetime.date(2026, 11, 30), None)
    """
    return value.date() if value is not None else None
