"""The ``mmsched diff`` command: what changed between two versions of a plan."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import MmschedError
from .common import fail, library_dirs, resolve_lang
from .options import LangOption, WardFileOption


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
) -> None:
    """Show what moved, what changed dose, and what was added or removed between two plans."""
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
