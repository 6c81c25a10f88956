"""Turning rich renderables into terminal text: the one place that sets up a rich Console.

Grids use ASCII borders only. Box-drawing characters (─ │ ┼) are "ambiguous width" in Unicode:
CJK terminals draw them two columns wide, which breaks every grid a Chinese-reading nurse would
see. ``+ - |`` are one column everywhere. For the same reason the renderers keep ``²``, ``×``
and ``·`` (also ambiguous) out of every column that has another column to its right.

The caller (the CLI) decides colour and width; this module never looks at the terminal.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from rich.box import Box
from rich.cells import cell_len
from rich.console import Console, RenderableType

#: A full grid for month calendars: every cell boxed.
GRID = Box("+--+\n| ||\n+-++\n| ||\n+-++\n+-++\n| ||\n+--+\n", ascii=True)
#: Lists: no vertical lines, a rule under the header and between sections (days).
LIST = Box("    \n    \n -- \n    \n -- \n -- \n    \n    \n", ascii=True)

#: Width used when the output is not a terminal (files, pipes, tests, the README).
DEFAULT_WIDTH = 100


#: What rich prints when it cuts a cell short. mmsched's own text never contains it.
ELLIPSIS = "\u2026"
#: How wide a render may grow to avoid cutting a cell (see :func:`to_text`).
MAX_WIDTH = 400


def widest(texts: Iterable[str]) -> int:
    """The display width of the widest text (CJK characters count two columns)."""
    return max((cell_len(text) for text in texts), default=1)


_BREAKS = re.compile(r"(?<=[、,，;；:：)）])(?! )|(?<= )")


def wrap(text: str, width: int) -> str:
    """Break ``text`` into lines of at most ``width`` columns, after a comma or a space.

    rich would break a Chinese list such as "淋巴细胞亚群(CD3+、CD4+、CD8+)" anywhere, even
    inside "CD8+"; here a line ends only after "、", "," or ";" or at a space, and a piece
    longer than the width is left whole.

    >>> print(wrap("淋巴细胞亚群(CD3+、CD4+、CD8+、CD4/CD8、NK、B 细胞)", 24))
    淋巴细胞亚群(CD3+、
    CD4+、CD8+、CD4/CD8、
    NK、B 细胞)
    """
    lines: list[str] = []
    line = ""
    for piece in _BREAKS.split(text):
        if not piece:
            continue
        if line and cell_len(line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def to_text(
    renderables: Iterable[RenderableType], *, color: bool = False, width: int = DEFAULT_WIDTH
) -> str:
    """Render to a string: ANSI colour codes when ``color``, else plain text.

    Parts are separated by one empty line. Plain text has no trailing spaces, so it diffs and
    pastes cleanly.

    Nothing is ever cut short: when rich would shorten a cell with "…" (a dose "500,0…", a date
    "Mon 28 Dec …"), the whole output is rendered again wider. Long lines wrap in a narrow
    terminal, which is ugly but hides no digit.
    """
    renderables = list(renderables)
    while True:
        text = _render(renderables, color=color, width=width)
        if ELLIPSIS not in text or width >= MAX_WIDTH:
            return text
        width = min(MAX_WIDTH, width + 20)


def _render(renderables: list[RenderableType], *, color: bool, width: int) -> str:
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
