"""``mmsched schema``: the JSON Schema of regimen, plan and ward files, for editors.

Imported only when the command runs (:data:`mmsched.cli.app.LAZY_COMMANDS`).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .common import emit, resolve_lang
from .options import Language


class FileKind(StrEnum):
    regimen = "regimen"
    plan = "plan"
    ward = "ward"


def schema(
    kind: Annotated[
        FileKind,
        typer.Argument(help="The kind of file: regimen, plan or ward.", show_default=False),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The file to write (default: standard output).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help="Language of the messages: zh (中文) or en (default as for every command). "
            "The schema itself is JSON, the same in both.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema (Draft 2020-12) of a regimen, plan or ward file: editors use it
    to check and complete the file as it is typed (README, "Editor support")."""
    from ..formats.file_schema import schema_json

    if lang is not None:  # the language of its messages: the schema itself is JSON
        resolve_lang(lang)
    emit(schema_json(kind.value), output)
