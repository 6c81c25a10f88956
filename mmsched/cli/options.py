"""The options several commands share, as typer annotations (``lang: LangOption = None``).

Only declarations: typer reads them when it builds a command, so the command modules import
them at module level. Nothing here imports more than typer.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Language(StrEnum):
    zh = "zh"
    en = "en"


LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help="Language of the output: zh (中文) or en. Default: MMSCHED_LANG, else lang in "
        "~/.config/mmsched/config.toml, else en when the locale (LC_ALL, LC_MESSAGES, LANG) "
        "starts with en, else zh.",
        show_default=False,
    ),
]
NoColorOption = Annotated[
    bool,
    typer.Option(
        "--no-color", help="Plain text without colour (also when not a terminal, or NO_COLOR)."
    ),
]
FullNameOption = Annotated[
    bool,
    typer.Option(
        "--full-name", help="Show patients' names in full (masked by default: 廖某妹, L. M.)."
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically: the old file or the whole new one) instead of "
        "standard output.",
        dir_okay=False,
        show_default=False,
        metavar="FILE",
    ),
]
#: How a date option is shown in help (read by :func:`mmsched.cli.common.date_arg`).
DATE_METAVAR = "DATE"
#: The forms a date option takes, for its help.
DATE_FORMS = "YYYY-MM-DD, today, tomorrow, yesterday, +N or -N days"

FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help=f"First date shown: {DATE_FORMS}.",
        show_default=False,
        metavar=DATE_METAVAR,
    ),
]
WardFileOption = Annotated[
    Path | None,
    typer.Option(
        "--ward",
        help="A ward file (closed days) that overrides the plans' own 'ward:'.",
        dir_okay=False,
        show_default=False,
        metavar="FILE",
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        help=f"Last date shown: {DATE_FORMS}.",
        show_default=False,
        metavar=DATE_METAVAR,
    ),
]
