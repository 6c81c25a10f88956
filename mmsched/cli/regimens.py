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
    from ..formats.regimen import Regimen
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
    chosen = resolve_lang(lang)
    errors: list[MmschedError] = []
    found = _bundled(chosen, errors)
    for folder in _local_folders(folders):
        found += _local(folder, errors)
    from ..views.regimen import render_regimen_list

    color, width = terminal_style(no_color, None)
    emit(render_regimen_list(found, lang=chosen, color=color, width=width), None)
    for error in errors:
        typer.echo(f"error: {error}", err=True)
    if errors:
        raise typer.Exit(code=1)


def _bundled(lang: Lang, errors: list[MmschedError]) -> list[tuple[Regimen, str]]:
    """Every bundled regimen, labelled as bundled; one that does not load goes to ``errors``."""
    from ..data import bundled_regimen_ids
    from ..formats.reader import load_regimen

    found = []
    for regimen_id in bundled_regimen_ids():
        try:
            found.append((load_regimen(regimen_id), label_bundled(lang)))
        except MmschedError as exc:
            errors.append(exc)
    return found


def _local_folders(folders: list[Path] | None) -> list[Path]:
    """The folders given with ``--dir``, else ./regimens if it exists and is not the bundled
    folder itself (as in a work tree)."""
    if folders is not None:
        return folders
    from ..data import bundled_regimens_dir

    local = Path("regimens")
    same = local.is_dir() and local.resolve() == bundled_regimens_dir().resolve()
    return [local] if local.is_dir() and not same else []


def _local(folder: Path, errors: list[MmschedError]) -> list[tuple[Regimen, str]]:
    """The regimen files in ``folder``, each labelled with its path; the problems go to
    ``errors``: a missing folder, a file that does not load, a file with a bundled id."""
    from ..data import bundled_regimen_ids
    from ..formats.reader import load_regimen

    if not folder.is_dir():
        errors.append(MmschedError("no such folder; check the path", file=str(folder)))
        return []
    found = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")):
        try:
            regimen = load_regimen(path.resolve())
        except MmschedError as exc:
            errors.append(exc.in_file(str(path)))
            continue
        found.append((regimen, str(path)))
        if regimen.id in bundled_regimen_ids():
            # A plan's "regimen: rvd" always means the bundled rvd: a local file with that id
            # would be silently passed over.
            errors.append(
                MmschedError(
                    f"has the id of the bundled regimen '{regimen.id}', and a plan's "
                    f"'regimen: {regimen.id}' always means the bundled one; give this "
                    f"file its own id and name it in plans by its path ({path})",
                    file=str(path),
                )
            )
    return found


def label_bundled(lang: Lang) -> str:
    """How the list marks a bundled regimen, in ``lang``."""
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
