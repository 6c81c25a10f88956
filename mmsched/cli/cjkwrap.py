"""Chinese help text wrapped as Chinese is set, and the click help formatter that does it.

click wraps help on spaces, which Chinese does not have: :func:`wrap` breaks between Chinese
characters too, never before closing punctuation or after opening punctuation, never inside a
Latin word, a path, or a number and its unit. :class:`CjkHelpFormatter` is click's own
formatter with that wrapping, reached through click's public hooks (a context's
``formatter_class``, a command's ``context_class``: :class:`ZhContext`).

Imported only when help is shown in Chinese (:func:`mmsched.cli.zhhelp.localize`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

import typer

#: Never at the start of a line: closing punctuation (GB/T 15834's 行首禁则).
CLOSING = frozenset("，。：；、）」』”’》〉】！？…,.:;!?)]}%")
#: Never at the end of a line: opening punctuation.
OPENING = frozenset("（「『“‘《〈【([{")
#: A number: a line does not break between it and the unit after it (``25 mg``, ``3 天``).
_NUMBER = re.compile(r"[+-]?\d[\d.,]*")


def cells(text: str) -> int:
    """Terminal columns of ``text``: two for a wide (CJK, full-width) character.

    >>> cells("25 mg"), cells("每日剂量"), cells("（YAML）")
    (5, 8, 8)
    """
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
        for c in text
    )


def _wide(atom: str) -> bool:
    return unicodedata.east_asian_width(atom[0]) in "WF"


def _atoms(text: str) -> Iterator[tuple[str, bool]]:
    """The unbreakable pieces of ``text``, each with whether a space comes before it: a wide
    character alone, or a run of other characters (a Latin word, a number, a path)."""
    run, space = "", False
    for char in text:
        if char.isspace():
            if run:
                yield run, space
                run = ""
            space = True
        elif _wide(char):
            if run:
                yield run, space
                run, space = "", False
            yield char, space
            space = False
        else:
            run += char
    if run:
        yield run, space


def _may_break(before: str, after: str) -> bool:
    """Whether a line may end after ``before`` and go on with ``after``."""
    if after[0] in CLOSING or before[-1] in OPENING:
        return False
    if _NUMBER.fullmatch(before) and (after[0].isalpha() or after[0] in "µμ°"):
        return False  # 3 天, 25 mg
    return not (before[-1].isdigit() and after[0].isascii() and after[0].isalpha())  # =20 mg


def wrap(text: str, width: int) -> list[str]:
    """``text`` (one paragraph) in lines of at most ``width`` columns.

    A line breaks at a space or between two Chinese characters; never before closing
    punctuation (，。：；）」、) or after opening punctuation, never inside a Latin word, a
    path or a number, nor between a number and its unit. A piece wider than ``width`` is
    left whole on its own line.

    >>> wrap("每天一次，共 21 天。", 10)
    ['每天一次，', '共 21 天。']
    """
    groups: list[tuple[str, bool]] = []  # pieces no line may break inside, space before each
    previous = ""
    for atom, space in _atoms(text):
        if groups and not _may_break(previous, atom):
            group, before = groups[-1]
            groups[-1] = (group + (" " if space else "") + atom, before)
        else:
            groups.append((atom, space))
        previous = atom
    lines: list[str] = []
    line = ""
    for group, space in groups:
        joined = line + (" " if space and line else "") + group
        if line and cells(joined) > width:
            lines.append(line)
            line = group
        else:
            line = joined
    if line:
        lines.append(line)
    return lines


def wrap_text(text: str, width: int, indent: str = "") -> str:
    """``text`` wrapped as click wraps help: paragraphs (blank lines between them) filled to
    ``width`` columns with ``indent`` before each line, a paragraph that starts with ``\\b``
    kept line for line."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        if paragraph.startswith("\b"):
            kept = paragraph[1:].lstrip("\n").splitlines()
            out.append("\n".join(indent + line for line in kept))
        else:
            filled = wrap(" ".join(paragraph.split()), max(width - len(indent), 10))
            out.append("\n".join(indent + line for line in filled))
    return "\n\n".join(out)


#: click's help formatter, reached through typer's public Context (typer ships its own click).
_HelpFormatter: Any = typer.Context.formatter_class


class CjkHelpFormatter(_HelpFormatter):  # type: ignore[misc]
    """click's help formatter, with help text wrapped by :func:`wrap_text` and columns
    measured in terminal cells."""

    def write_text(self, text: str) -> None:
        self.write(wrap_text(text, self.width, " " * self.current_indent))
        self.write("\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """A definition list (options, commands) as click lays it out, the second column
        wrapped by :func:`wrap_text`."""
        rows = list(rows)
        first_col = min(max((cells(first) for first, _ in rows), default=0), col_max)
        first_col += col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_text(second, max(self.width - first_col - 2, 10)).splitlines() or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n" if line else "\n")


class ZhContext(typer.Context):
    """The context of a command whose help is in Chinese: its formatter wraps Chinese."""

    formatter_class = CjkHelpFormatter
