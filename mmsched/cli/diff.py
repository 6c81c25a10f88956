"""The ``mmsched diff`` command: what changed between two versions of a plan."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import MmschedError
from .common import fail, library_dirs, resolve_lang, stdout_gone
from .options import LangOption, Language, WardFileOption


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


def diff(  # noqa: PLR0917 - typer maps each option to a parameter
    ctx: typer.Context,
    old: Annotated[
        Path, typer.Argument(help="The earlier version of the plan.", show_default=False)
    ],
    new: Annotated[Path, typer.Argument(help="The later version of the plan.", show_default=False)],
    fmt: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="text for people; json: the mmsched.diff/1 contract."),
    ] = DiffFormat.text,
    lang: LangOption = None,
    ward: WardFileOption = None,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code",
            help="Exit as diff(1) does: 0 when the plans give the same schedule, 1 when they "
            "differ, 2 on trouble (a plan that cannot be read, a bad option).",
        ),
    ] = False,
) -> None:
    """Show what moved, what changed dose, and what was added or removed between two plans."""
    try:
        differ = _diff(ctx, old, new, fmt, lang=lang, ward=ward)
    except typer.Exit as exc:
        # diff(1): trouble is 2, so a script never takes an unreadable plan for "different".
        raise typer.Exit(code=2 if exit_code and exc.exit_code else exc.exit_code) from None
    except (OSError, MemoryError, RecursionError) as exc:
        if not exit_code:
            raise
        _trouble(exc)
    if exit_code and differ:
        raise typer.Exit(code=1)


def _diff(
    ctx: typer.Context,
    old: Path,
    new: Path,
    fmt: DiffFormat,
    *,
    lang: Language | None,
    ward: Path | None,
) -> bool:
    """Print the difference of two plans; whether there is one (the schedules differ, or the
    plans are for two different patients)."""
    from ..engine.diff import diff_schedules
    from ..engine.expand import expand
    from ..exports.diff_json import diff_to_json
    from ..formats.reader import load_plan
    from ..views.diff_text import render_diff_text

    dirs = library_dirs(ctx)
    try:
        before = expand(load_plan(old, ward=ward, regimen_dirs=dirs))
        after = expand(load_plan(new, ward=ward, regimen_dirs=dirs))
    except MmschedError as exc:
        raise fail(exc) from None
    entries = diff_schedules(before, after)
    if fmt is DiffFormat.json:
        sys.stdout.write(diff_to_json(before, after, entries))
    else:
        sys.stdout.write(render_diff_text(after, entries, resolve_lang(lang, ctx), before))
    sys.stdout.flush()
    return bool(entries) or before.patient_id != after.patient_id


def _trouble(exc: BaseException) -> None:
    """A run that could not finish (standard output gone, memory or recursion exhausted):
    one line, and exit code 2 rather than the 1 that would read as "the plans differ"."""
    if isinstance(exc, OSError) and exc.filename is None:
        stdout_gone(exc)
    elif isinstance(exc, OSError):
        typer.echo(f"mmsched: {exc.filename}: {exc.strerror}", err=True)
    elif isinstance(exc, MemoryError):
        typer.echo("mmsched: out of memory; give fewer or smaller files", err=True)
    else:
        typer.echo("mmsched: a file is nested too deeply to read; check the files given", err=True)
    raise typer.Exit(code=2)
