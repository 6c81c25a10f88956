"""The ``mmsched check`` command: validate regimen and plan files, every problem of every file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .options import LangOption


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


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
    fmt: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="text for people; json: the mmsched.check/1 contract."),
    ] = CheckFormat.text,
    lang: LangOption = None,
) -> None:
    """Validate regimen and plan files: every problem in every file, not only the first, and
    plans of one patient whose courses overlap."""
    from ..batch.check import check_all
    from .common import library_dirs, resolve_lang

    chosen = resolve_lang(lang, ctx)
    results = check_all(files, regimen_dirs=library_dirs(ctx))
    bad = sum(not result.ok for result in results)
    if fmt is CheckFormat.json:
        import sys

        from ..exports.check_json import check_to_json

        sys.stdout.write(check_to_json(results, lang=chosen))
        if bad:
            raise typer.Exit(code=1)
        return
    zh = chosen == "zh"
    for result in results:
        if result.ok:
            colon = "：" if zh else ": "
            summary = result.summary_in(chosen)
            typer.echo(f"{'通过' if zh else 'ok  '}  {result.file}{colon}{summary}")
            for warning in result.warnings_in(chosen):
                typer.echo(f"      {'警告：' if zh else 'warning: '}{warning}")
        else:
            assert result.error is not None
            message = result.error.render(chosen)
            if result.error.file is None:
                message = f"{result.file}{'：' if zh else ': '}{message}"
            typer.echo(f"{'有误' if zh else 'error'} {message}")
    if zh:
        typer.echo(
            f"共检查 {len(results)} 个文件，{bad} 个有问题"
            if bad
            else f"共检查 {len(results)} 个文件，全部有效"
        )
    else:
        checked = f"{len(results)} file{'' if len(results) == 1 else 's'} checked"
        typer.echo(f"{checked}, {bad} with problems" if bad else f"{checked}, all valid")
    if bad:
        raise typer.Exit(code=1)
