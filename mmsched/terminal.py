"""Turning rich renderables into terminal text: the one place that sets up a rich Console.

Grids use ASCII borders only. Box-drawing characters (─ │ ┼) are "ambiguous width" in Unicode:
CJK terminals draw them two columns wide, which breaks every grid a Chinese-reading nurse would
see. ``+ - |`` are one column everywhere. For the same reason the renderers keep ``²``, ``×``
and ``·`` (also ambiguous) out of every column that has another column to its right.

The caller (the CLI) decides colour and width; this module never looks at the terminal.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich.box import Box
from rich.console import Console, RenderableType

#: A full grid for month calendars: every cell boxed.
GRID = Box("+--+\n| ||\n+-++\n| ||\n+-++\n+-++\n| ||\n+--+\n", ascii=True)
#: Lists: no vertical lines, a rule under the header and between sections (days).
LIST = Box("    \n    \n -- \n    \n -- \n -- \n    \n    \n", ascii=True)

#: Width used when the output is not a terminal (files, pipes, tests, the README).
DEFAULT_WIDTH = 100


def to_text(
    renderables: Iterable[RenderableType], *, color: bool = False, width: int = DEFAULT_WIDTH
) -> str:
    """Render to a string: ANSI colour codes when ``color``, else plain text.

    Parts are separated by one empty line. Plain text has no trailing spaces, so it diffs and
    pastes cleanly.
    """
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    for i, renderable in enumerate(renderables):
        if i:
            console.print()
        console.print(renderable)
    text = buffer.getvalue()
    if not color:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text
