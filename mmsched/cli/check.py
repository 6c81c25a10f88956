"""The ``mmsched check`` command: validate regimen and plan files, every problem of every file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def check(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Regimen and plan files, or folders (every *.yaml and *.yml under them).",
            show_default=False,
            metavar="FILE...",
        ),
    ],
) -> None:
    """Validate regimen and plan files: every problem in every file, not only the first, and
    plans of one patient whose courses overlap."""
    from ..batch.check import check_all
    from .common import library_dirs

    results = check_all(files, regimen_dirs=library_dirs(ctx))
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
