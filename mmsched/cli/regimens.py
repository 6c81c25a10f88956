"""The ``mmsched regimens`` group: list the regimens (the group's own callback), and ``show``
one as a cycle-day grid; each as text or JSON.

The regimens listed are the ones a plan can name by id: the bundled ones, then the local
regimen library (``MMSCHED_REGIMENS`` or ``regimen_dirs`` in the config file) and the folders
given with ``--dir``. A library file that cannot be used by its id is reported, not listed.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import MmschedError, coded
from .common import (
    emit,
    error_line,
    fail,
    library_dirs,
    not_an_input,
    resolve_lang,
    terminal_style,
)
from .options import LangOption, NoColorOption

if TYPE_CHECKING:
    from ..formats.regimen import Regimen

#: The help of the group, in ``mmsched --help``.
HELP = "List regimens, or show one as a cycle-day grid."


class RegimensFormat(StrEnum):
    text = "text"
    json = "json"


DirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--dir",
        help="A folder of local regimen files whose ids are usable in this command, besides "
        "the regimen library's (MMSCHED_REGIMENS, or regimen_dirs in config.toml); repeatable.",
        file_okay=False,
        show_default=False,
        metavar="DIR",
    ),
]


def regimens(
    ctx: typer.Context,
    folders: DirOption = None,
    fmt: Annotated[
        RegimensFormat,
        typer.Option(
            "--format", "-f", help="text: a table; json: the mmsched.regimens/1 contract."
        ),
    ] = RegimensFormat.text,
    lang: LangOption = None,
    no_color: NoColorOption = False,
) -> None:
    """List the regimens plans can name by id: the bundled ones, then the local library's.

    A local file that cannot be used by its id (unreadable, invalid, with a bundled regimen's
    id or another local file's) is reported on standard error and the exit code is 1; a plain
    copy of a bundled file is a warning.
    """
    if ctx.invoked_subcommand is not None:
        ctx.meta["mmsched.regimen_dirs"] = folders or []  # `regimens --dir D show ID`
        return
    chosen = resolve_lang(lang, ctx) if fmt is RegimensFormat.text else "en"
    dirs = library_dirs(ctx, folders)
    errors: list[MmschedError] = []
    warnings: list[MmschedError] = []
    found = _bundled(errors) + _local(dirs, errors, warnings)
    if fmt is RegimensFormat.json:
        from ..exports.regimen_json import regimens_to_json

        compiled = [(regimen.compiled, file) for regimen, file in found]
        emit(regimens_to_json(compiled, errors, warnings), None)
    else:
        from ..views.display import label
        from ..views.regimen import render_regimen_list

        rows = [(regimen, file or label("bundled", chosen)) for regimen, file in found]
        color, width = terminal_style(no_color, None)
        emit(render_regimen_list(rows, lang=chosen, color=color, width=width), None)
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    for error in errors:
        typer.echo(error_line(error), err=True)
    if errors:
        raise typer.Exit(code=1)


def _bundled(errors: list[MmschedError]) -> list[tuple[Regimen, str | None]]:
    """Every bundled regimen (file None); one that does not load goes to ``errors``."""
    from ..data import bundled_regimen_ids
    from ..formats.reader import load_regimen

    found: list[tuple[Regimen, str | None]] = []
    for regimen_id in bundled_regimen_ids():
        try:
            found.append((load_regimen(regimen_id), None))
        except MmschedError as exc:
            errors.append(exc)
    return found


def _local(
    dirs: tuple[Path, ...], errors: list[MmschedError], warnings: list[MmschedError]
) -> list[tuple[Regimen, str | None]]:
    """The library's regimens usable by id, each with its file; what cannot be used goes to
    ``errors`` (a copy of a bundled file to ``warnings``)."""
    if not dirs:
        return []
    from ..formats.library import scan
    from ..formats.reader import load_regimen, read_yaml

    library = scan(dirs, read_yaml)
    found: list[tuple[Regimen, str | None]] = []
    for _, file in library.regimens:
        try:
            found.append((load_regimen(file, regimen_dirs=dirs), str(file)))
        except MmschedError as exc:
            errors.append(exc.in_file(str(file)))
    errors += library.errors()
    warnings += library.warnings()
    return found


#: The regimen a subcommand is about: an id, or a regimen file.
RegimenArg = Annotated[
    str,
    typer.Argument(
        help="A regimen id (bundled or local), or a regimen file.",
        show_default=False,
        metavar="ID",
    ),
]


def regimens_show(  # noqa: PLR0917 - typer maps each option to a parameter
    ctx: typer.Context,
    regimen: RegimenArg,
    folders: DirOption = None,
    fmt: Annotated[
        RegimensFormat,
        typer.Option("--format", "-f", help="text: a grid; json: the mmsched.regimen/1 contract."),
    ] = RegimensFormat.text,
    lang: LangOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Show a regimen as a grid: days 1..cycle_days across, one row per drug."""
    from ..data import bundled_regimens_dir
    from ..formats.reader import load_regimen, regimen_file

    chosen = resolve_lang(lang, ctx) if fmt is RegimensFormat.text else "en"
    dirs = library_dirs(ctx, [*ctx.meta.get("mmsched.regimen_dirs", []), *(folders or [])])
    as_file = Path(regimen).is_file()
    try:
        path = Path(regimen) if as_file else regimen_file(regimen, regimen_dirs=dirs)
        loaded = load_regimen(path, regimen_dirs=dirs)
    except MmschedError as exc:
        raise fail(exc) from None
    bundled = not as_file and path.parent == bundled_regimens_dir()
    if fmt is RegimensFormat.json:
        from ..exports.regimen_json import regimen_to_json

        emit(regimen_to_json(loaded.compiled, None if bundled else str(path)), None)
        return
    from ..views.regimen import render_regimen

    color, width = terminal_style(no_color, None)
    emit(render_regimen(loaded, lang=chosen, color=color, width=width), None)


OutputFile = Annotated[
    Path,
    typer.Option(
        "--output", "-o", help="The file to write (- for standard output).", show_default=False
    ),
]


def regimens_to_fhir(
    ctx: typer.Context,
    regimen: RegimenArg,
    *,
    output: OutputFile,
    folders: DirOption = None,
    canonical_base: Annotated[
        str, typer.Option("--canonical-base", help="The base of the PlanDefinition's URL.")
    ] = "urn:mmsched",
    lang: LangOption = None,
) -> None:
    """Write a regimen as a FHIR R4 PlanDefinition (JSON), with mmsched's rules in its
    extensions: ``regimens from-fhir`` reads it back unchanged."""
    from ..exports.fhir import bundle_json, plan_definition
    from ..formats.reader import load_regimen, regimen_file

    if lang is not None:  # else the default rule, when a message is written
        resolve_lang(lang, ctx)
    dirs = library_dirs(ctx, [*(folders or [])])
    try:
        path = (
            Path(regimen) if Path(regimen).is_file() else regimen_file(regimen, regimen_dirs=dirs)
        )
        loaded = load_regimen(path, regimen_dirs=dirs)
    except MmschedError as exc:
        raise fail(exc) from None
    resource = plan_definition(loaded.compiled, loaded.file_form(), canonical_base.rstrip("/"))
    emit(bundle_json(resource), output)


def regimens_from_fhir(
    plandefinition: Annotated[
        Path,
        typer.Argument(
            help="A FHIR R4 PlanDefinition (JSON).", show_default=False, metavar="PLANDEF.json"
        ),
    ],
    *,
    output: OutputFile,
    lang: LangOption = None,
) -> None:
    """Read a FHIR R4 PlanDefinition (mmsched's, or one in the shape of the core example
    KDN5) and write it as a regimen file (YAML). Rules a PlanDefinition from elsewhere cannot
    carry get mmsched's defaults, with a warning that lists them."""
    import json

    import yaml
    from pydantic import ValidationError

    from ..errors import RegimenError
    from ..formats.fhir_regimen import regimen_from_fhir
    from ..formats.regimen import Regimen
    from ..formats.validation import problems_from_validation

    if lang is not None:  # else the default rule, when a message is written
        resolve_lang(lang)
    where = str(plandefinition)
    not_an_input(output, [plandefinition])
    try:
        try:
            resource = json.loads(plandefinition.read_text(encoding="utf-8"))
        except OSError as exc:
            problem = coded("", "fhir.previous.cannot_read", reason=exc.strerror)
            raise MmschedError(problem, file=where) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problem = coded("", "fhir.regimen.not_json", detail=exc)
            raise MmschedError(problem, file=where) from None
        data, warnings = regimen_from_fhir(resource)
        try:
            Regimen.model_validate(data)
        except ValidationError as exc:
            raise RegimenError(problems_from_validation(exc)) from None
    except MmschedError as exc:
        raise fail(exc.in_file(where)) from None
    for warning in warnings:
        typer.echo(f"warning: {where}: {warning}", err=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    emit(
        f"# Read from the FHIR PlanDefinition {plandefinition.name} by mmsched regimens "
        f"from-fhir.\n{text}",
        output,
    )
