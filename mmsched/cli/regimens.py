"""The ``mmsched regimens`` group: list the regimens (the group's own callback), and ``show``
one as a cycle-day grid."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import MmschedError
from .common import emit, fail, resolve_lang, terminal_style
from .options import LangOption, NoColorOption

if TYPE_CHECKING:
    from ..views.display import Lang

#: The help of the group, in ``mmsched --help``.
HELP = "List regimens, or show one as a cycle-day grid."


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
