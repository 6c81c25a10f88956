"""Terminal text: styled text, word wrapping, tables with ASCII borders, optional ANSI colour.

mmsched draws its own tables instead of importing a terminal library: a nurse runs
``mmsched calendar`` many times a shift, and rich's import and table layout took longer than
all of mmsched's own work (issue 6). The layout rules are the ones rich uses, so the text is
the same (tests/golden holds it, checked line by line):

- a paragraph wraps at spaces (and after Chinese punctuation) to the width; a word longer than
  the width is folded between Chinese characters, never inside a number or a unit, and a
  number stays on the line of its unit ("2.4 mg");
- a table column is as wide as its widest line (header included), plus its padding;
- when a table is wider than the terminal, the widest wrapping columns narrow first, one column
  at a time, never below ten columns or their longest unbreakable piece. Columns that must not
  wrap (dates, doses, cycle/day) never narrow and nothing is ever cut short: a table that still
  does not fit is drawn wider than the terminal, which wraps its lines. That is ugly, but it
  hides no digit; "500,0…" would be a medication error.

Where this differs from rich: rich narrows every column as a last resort and cuts cells with
"…"; it splits "25 mg" across lines; it folds Chinese drug names anywhere.

Grids use ASCII borders only. Box-drawing characters (─ │ ┼) are "ambiguous width" in Unicode:
CJK terminals draw them two columns wide, which breaks every grid a Chinese-reading nurse would
see. ``+ - |`` are one column everywhere. For the same reason the renderers keep ``²``, ``×``
and ``·`` (also ambiguous) out of every column that has another column to its right.

The caller (the CLI) decides colour and width; this module never looks at the terminal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

from ..errors import printable

#: Width used when the output is not a terminal (files, pipes, tests, the README).
DEFAULT_WIDTH = 100

Justify = Literal["left", "right"]


@lru_cache(maxsize=8192)
def cell_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide and full-width characters (CJK)
    take two, combining marks none, everything else one. Remembered: a calendar measures the
    same few thousand cell texts tens of thousands of times while it lays its tables out.

    >>> cell_width("改期 moved"), len("改期 moved")
    (10, 8)
    """
    if not text.isprintable():
        text = printable(text, newlines=False)  # as :func:`_finish` writes it
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if ch.isascii():
        return 1
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def widest(texts: Iterable[str]) -> int:
    """The display width of the widest text (CJK characters count two columns)."""
    return max((cell_width(text) for text in texts), default=1)


# -- styles ------------------------------------------------------------------------------------

#: SGR codes of the styles the renderers use: attributes and the 16 standard colours.
_SGR = {
    "bold": "1",
    "underline": "4",
    **{
        name: str(30 + i)
        for i, name in enumerate(
            ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
        )
    },
    **{
        f"bright_{name}": str(90 + i)
        for i, name in enumerate(
            ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
        )
    },
}


def _sgr(style: str) -> str:
    """The ANSI escape that starts ``style`` ("bold magenta" -> ESC[1;35m), "" for none
    (a word it does not know adds nothing)."""
    codes = [_SGR[word] for word in style.split() if word in _SGR]
    return f"\x1b[{';'.join(codes)}m" if codes else ""


def _combine(outer: str, inner: str) -> str:
    return f"{outer} {inner}".strip()


# -- styled text -------------------------------------------------------------------------------


class Text:
    """Text made of spans, each with a style ("bold", "red", "bold magenta", or "").

    ``Text("4 C1D4", style="bold")`` styles its own text and whatever is appended to it;
    appended text keeps its own style on top.
    """

    __slots__ = ("_spans", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style
        self._spans: list[tuple[str, str]] = [(text, "")] if text else []

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self._spans)

    def append(self, text: str | Text, style: str = "") -> Text:
        """Add ``text`` at the end (a :class:`Text` keeps its styles); return ``self``."""
        if isinstance(text, Text):
            self._spans.extend(
                (piece, _combine(_combine(style, text.style), own)) for piece, own in text._spans
            )
        elif text:
            self._spans.append((text, style))
        return self

    def join(self, texts: Iterable[Text]) -> Text:
        """The texts with this text between them, as ``str.join`` does."""
        joined = Text()
        for i, text in enumerate(texts):
            if i:
                joined.append(self)
            joined.append(text)
        return joined

    def spans(self) -> list[tuple[str, str]]:
        """(text, full style) pairs, the text's own style applied."""
        return [(text, _combine(self.style, own)) for text, own in self._spans]

    def lines(self, width: int | None = None, *, cut: bool = False) -> list[Line]:
        """The text as lines: split at newlines, then (when ``width`` is given) wrapped.

        With ``cut`` (a fixed-width cell), a piece that cannot be broken but is wider than
        ``width`` is cut after a "/" or "-", else between characters; otherwise it is left
        whole, wider than ``width``.
        """
        lines: list[Line] = [[]]
        for text, style in self.spans():
            for i, part in enumerate(text.split("\n")):
                if i:
                    lines.append([])
                if part:
                    lines[-1].append((part, style))
        if width is None:
            return lines
        return [wrapped for line in lines for wrapped in _wrap_line(line, width, cut)]


#: A line of terminal text: (text, style) spans.
Line = list[tuple[str, str]]

#: Punctuation no line may start with: it stays with the character before it (Chinese line
#: breaking rules, 避头点).
_NO_LINE_START = frozenset(",.:;)、，；：。）」』”》！？")
#: Punctuation no line may end with: it goes with the character after it (避尾点).
_NO_LINE_END = frozenset("(（「『“《")
#: Chinese punctuation after which a line may end even without a space.
_CJK_BREAK = "、，；：。"
#: ASCII punctuation after which a line may end when a letter or a Chinese character follows
#: ("mL/min,Cockcroft-Gault", "未透析:第"); never inside a number ("500,000", "08:30").
_ASCII_BREAK = ",;:"
#: Units a number is never split from ("2.4 mg", "500,000 units", "50万国际单位（IU）", "75 岁",
#: "-12.0 %", "28 days").
_UNITS = (
    "mg/m²|mg/kg|mg/dL|mg|µg|mcg|g|IU|units?/m²|units?/kg|units?|mL/min|mL|kg|m²|cm|µmol/L|"
    "mmol/L|mL/h|min|%|岁|天|周|个|级|分钟|小时|次|years?|days?|weeks?|hours?|h"
)
#: The Chinese label form of a dose in IU ("50万国际单位（IU）", "5,000 国际单位（IU）").
_ZH_IU = "国际单位（IU）"
_NUMBER_UNIT = rf"\d[\d,.]*(?:万 ?{_ZH_IU}| {_ZH_IU}|万?(?: (?:{_UNITS})(?![A-Za-z0-9²])))"
_PLAIN = rf"[^\s{_CJK_BREAK}]"
#: A word and the spaces after it: characters up to a space, or up to and including a place
#: a line may end without one; a number and its unit always go together.
_WORD_PATTERN = (
    rf"(?=\S)(?:{_NUMBER_UNIT}|{_PLAIN})*?"
    rf"(?:[{_CJK_BREAK}]|[{_ASCII_BREAK}](?=[^\d\s])|(?=\s|$))\s*"
)


@cache
def _word() -> re.Pattern[str]:
    """The word pattern, compiled on first use (only text that needs wrapping does)."""
    return re.compile(_WORD_PATTERN)


@cache
def _number_unit() -> re.Pattern[str]:
    return re.compile(_NUMBER_UNIT)


#: Wrapping columns are never narrowed below this (unless their text is narrower): a column of
#: one or two characters a line is not a table anyone can read.
MIN_WRAP_WIDTH = 10


def words(text: str) -> list[str]:
    """The words ``text`` may wrap between (without their spaces).

    >>> words("SC 2.5 mg; IV push 2.4 mg")
    ['SC', '2.5 mg;', 'IV', 'push', '2.4 mg']
    >>> words("达雷妥尤单抗、来那度胺、地塞米松 500,000 IU(50万 IU)")
    ['达雷妥尤单抗、', '来那度胺、', '地塞米松', '500,000 IU(50万 IU)']
    >>> words("CrCl 23.9 mL/min,Cockcroft-Gault 公式")
    ['CrCl', '23.9 mL/min,', 'Cockcroft-Gault', '公式']
    """
    return [match.group().strip() for match in _word().finditer(text.lstrip())]


def _line_text(line: Line) -> str:
    return "".join(text for text, _ in line)


def _wrap_line(line: Line, width: int, cut: bool = False) -> list[Line]:
    """Break one line at word starts so each piece fits ``width``; a word longer than the
    width is folded between its "atoms" (see :func:`atoms`), never inside a number."""
    text = _line_text(line)
    if cell_width(text) <= width:
        return [line]
    if not text.strip():
        return [[]]
    breaks = []
    used = cell_width(text) - cell_width(text.lstrip())  # leading spaces stay on the line
    for match in _word().finditer(text, len(text) - len(text.lstrip())):
        start, word = match.start(), match.group()
        word_width = cell_width(word.rstrip())
        if width - used >= word_width:
            used += cell_width(word)
        elif word_width > width:
            # Too long for any line: fold it where Chinese text may break.
            for piece in _fold(word, width, cut):
                if start:
                    breaks.append(start)
                start += len(piece)
                used = cell_width(piece)
        elif used and start:
            breaks.append(start)
            used = cell_width(word)
    return _split_line(line, breaks)


def atoms(word: str) -> list[str]:
    """The pieces a word may be folded between: each wide (CJK) character on its own, each run
    of other characters whole ("25", "mg/m²", "2026-12-31"), a number with its unit whole
    ("50万 IU", "75 岁"), punctuation no line starts with kept with what precedes it, and an
    opening bracket kept with what follows it.

    >>> atoms("C1D4,25mg"), atoms("(50万 IU)75 岁以上")
    (['C1D4,25mg'], ['(50万 IU)75 岁', '以', '上'])
    >>> atoms("病区休息(停诊日)"), atoms("级:1 mg")
    (['病', '区', '休', '息', '(停', '诊', '日)'], ['级:1 mg'])
    >>> atoms("用药（药物）")
    ['用', '药', '（药', '物）']
    """
    joined: set[int] = set()
    for match in _number_unit().finditer(word):
        joined.update(range(match.start() + 1, match.end()))
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch in _NO_LINE_START or (i and word[i - 1] in _NO_LINE_END):
            joined.add(i)
        if out and i not in joined and (_char_width(ch) == 2 or _char_width(word[i - 1]) == 2):
            out.append(ch)
        elif out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _fold(word: str, width: int, cut: bool) -> list[str]:
    """``word`` in pieces of at most ``width`` columns, cut between atoms. An atom wider than
    ``width`` stays whole, unless ``cut`` (a fixed-width cell: other columns are never
    narrower than their widest atom): then it is cut after a "/" or "-" if it can be, else
    between characters."""
    pieces = [""]
    used = 0
    for atom in atoms(word):
        for part in _chop(atom, width) if cut else [atom]:
            size = cell_width(part.rstrip())
            if used + size > width and pieces[-1]:
                pieces.append(part)
                used = cell_width(part)
            else:
                pieces[-1] += part
                used += cell_width(part)
    return pieces


def _chop(atom: str, width: int) -> list[str]:
    parts = []
    while cell_width(atom.rstrip()) > width:
        fits = 0
        while cell_width(atom[: fits + 1]) <= width:
            fits += 1
        cut = max(atom.rfind("/", 0, fits), atom.rfind("-", 0, fits)) + 1 or fits
        cut = max(cut, 1)
        parts.append(atom[:cut])
        atom = atom[cut:]
    return [*parts, atom] if atom else parts


def _split_line(line: Line, offsets: Sequence[int]) -> list[Line]:
    """``line`` cut at these character offsets, styles kept."""
    out: list[Line] = [[]]
    at = 0
    cuts = iter([*offsets, -1])
    cut = next(cuts)
    for text, style in line:
        rest = text
        while cut != -1 and at <= cut < at + len(rest):
            head, rest = rest[: cut - at], rest[cut - at :]
            if head:
                out[-1].append((head, style))
            out.append([])
            at = cut
            cut = next(cuts)
        if rest:
            out[-1].append((rest, style))
        at += len(rest)
    return [_rstrip(piece) for piece in out]


def _rstrip(line: Line) -> Line:
    """``line`` without trailing white space, across spans."""
    spans = list(line)
    while spans and not spans[-1][0].rstrip():
        spans.pop()
    if spans:
        spans[-1] = (spans[-1][0].rstrip(), spans[-1][1])
    return spans


def _pad(line: Line, width: int, justify: Justify) -> Line:
    gap = width - cell_width(_line_text(line))
    if gap <= 0:
        return line
    return [*line, (" " * gap, "")] if justify == "left" else [(" " * gap, ""), *line]


# -- tables ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Box:
    """The characters of a table's rules: (left, horizontal, cross, right) for the top, the
    rule under the header and between rows, and the bottom; (left, between, right) for rows."""

    top: str
    rule: str
    bottom: str
    vertical: str


#: A full grid for month calendars: every cell boxed.
GRID = Box(top="+--+", rule="+-++", bottom="+--+", vertical="|||")
#: Lists: no vertical lines, a rule under the header and between sections (days).
LIST = Box(top="    ", rule=" -- ", bottom="    ", vertical="   ")


@dataclass(slots=True)
class Column:
    header: str
    justify: Justify = "left"
    no_wrap: bool = False
    width: int | None = None
    min_width: int | None = None
    cells: list[Text] = field(default_factory=list)


class Table:
    """Rows of cells under column headers, laid out for a terminal of a given width.

    ``padding`` is the (left, right) spaces around each cell's text; with ``pad_edge=False`` the
    first column has no left padding and the last none on its right. ``grid()`` is a table
    without borders or headers, for label/value lines.
    """

    def __init__(
        self,
        *,
        box: Box | None = None,
        show_edge: bool = True,
        pad_edge: bool = True,
        padding: tuple[int, int] = (1, 1),
        show_lines: bool = False,
        show_header: bool = True,
        header_style: str = "",
        title: str = "",
        title_style: str = "",
    ) -> None:
        self.box = box
        self.show_edge = show_edge
        self.pad_edge = pad_edge
        self.padding = padding
        self.show_lines = show_lines
        self.show_header = show_header
        self.header_style = header_style
        self.title = title
        self.title_style = title_style
        self.columns: list[Column] = []
        self._ends: list[bool] = []

    @classmethod
    def grid(cls, *, padding: tuple[int, int] = (0, 0)) -> Table:
        return cls(show_edge=False, pad_edge=False, padding=padding, show_header=False)

    def add_column(
        self,
        header: str = "",
        *,
        justify: Justify = "left",
        no_wrap: bool = False,
        width: int | None = None,
        min_width: int | None = None,
    ) -> None:
        self.columns.append(Column(header, justify, no_wrap, width, min_width))

    def add_row(self, *cells: Text | str, end_section: bool = False) -> None:
        """One row; ``end_section`` draws a rule under it (between days, between patients)."""
        for column, cell in zip(self.columns, cells, strict=True):
            column.cells.append(cell if isinstance(cell, Text) else Text(cell))
        self._ends.append(end_section)

    def _pads(self, index: int) -> tuple[int, int]:
        """(left, right) padding of column ``index``."""
        left, right = self.padding
        if not self.pad_edge:
            left = 0 if index == 0 else left
            right = 0 if index == len(self.columns) - 1 else right
        return left, right

    def _widths(self, width: int) -> list[int]:
        """Each column's width with its padding: natural, then narrowed to fit if it can."""
        natural = [self._natural(index) for index in range(len(self.columns))]
        room = width - self._borders()
        if sum(natural) <= room:
            return natural
        return _narrow(natural, [self._floor(i, w) for i, w in enumerate(natural)], room)

    def _texts(self, column: Column) -> list[str]:
        return ([column.header] if self.show_header else []) + [c.plain for c in column.cells]

    def _natural(self, index: int) -> int:
        """Column ``index``'s width with padding: its widest line, at least its min width."""
        column = self.columns[index]
        left, right = self._pads(index)
        if column.width is not None:
            return column.width + left + right
        longest = max((widest(t.split("\n")) for t in self._texts(column) if t), default=0)
        return max(max(longest, column.min_width or 0) + left + right, 1)

    def _floor(self, index: int, natural: int) -> int:
        """How narrow column ``index`` may get: not at all when it must not wrap (or has a
        fixed width), else down to its longest unbreakable piece, at least ten columns."""
        column = self.columns[index]
        if column.no_wrap or column.width is not None:
            return natural
        left, right = self._pads(index)
        texts = [t for t in self._texts(column) if t.strip()]
        longest_atom = max(
            (widest(a for w in words(t) for a in atoms(w)) for t in texts), default=0
        )
        return max(longest_atom, min(natural - left - right, MIN_WRAP_WIDTH)) + left + right

    def _borders(self) -> int:
        if self.box is None:
            return 0
        return len(self.columns) - 1 + (2 if self.show_edge else 0)

    def render(self, width: int) -> list[Line]:
        """The table as lines, at most ``width`` columns wide if it can be (see the module)."""
        if not self.columns:
            return []
        widths = self._widths(width)
        total = sum(widths) + self._borders()
        lines: list[Line] = []
        if self.title:
            lines.extend(Text(self.title, self.title_style).lines(total))
        box = self.box
        edge = self.show_edge
        if box and edge:
            lines.append([(_rule(box.top, widths, edge), "")])
        rows = ([-1] if self.show_header else []) + list(range(len(self._ends)))
        for position, row in enumerate(rows):
            cells = []
            for index, column in enumerate(self.columns):
                text = Text(column.header, self.header_style) if row < 0 else column.cells[row]
                left, right = self._pads(index)
                inner = widths[index] - left - right
                wrapped = text.lines(
                    None if column.no_wrap else inner, cut=column.width is not None
                )
                cells.append(
                    [
                        [(" " * left, ""), *_pad(line, inner, column.justify), (" " * right, "")]
                        for line in wrapped
                    ]
                )
            height = max(len(cell) for cell in cells)
            if row < 0:  # a header shorter than another stands on the rule, as rich draws it
                cells = [
                    [[(" " * widths[i], "")]] * (height - len(cell)) + cell
                    for i, cell in enumerate(cells)
                ]
            for number in range(height):
                line: Line = []
                if box and edge:
                    line.append((box.vertical[0], ""))
                for index, cell in enumerate(cells):
                    if index and box:
                        line.append((box.vertical[1], ""))
                    line.extend(cell[number] if number < len(cell) else [(" " * widths[index], "")])
                if box and edge:
                    line.append((box.vertical[2], ""))
                lines.append(line)
            last = position == len(rows) - 1
            if box and not last and (row < 0 or self.show_lines or self._ends[row]):
                lines.append([(_rule(box.rule, widths, edge), "")])
        if box and edge:
            lines.append([(_rule(box.bottom, widths, edge), "")])
        return lines


def _rule(chars: str, widths: list[int], edge: bool) -> str:
    left, horizontal, cross, right = chars[0], chars[1], chars[2], chars[3]
    middle = cross.join(horizontal * w for w in widths)
    return f"{left}{middle}{right}" if edge else middle


def _narrow(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Narrow the widest of the columns that may wrap, the widest first, until the table fits
    in ``room`` or no column can narrow further (none below its floor)."""
    widths = list(widths)
    excess = sum(widths) - room
    while excess > 0:
        movable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not movable:
            break
        top = max(movable, key=widths.__getitem__)
        below = max((widths[i] for i in movable if i != top), default=0)
        step = max(1, min(excess, widths[top] - max(floors[top], below)))
        widths[top] -= step
        excess -= step
    return widths


# -- output ------------------------------------------------------------------------------------

Part = Text | Table


def to_text(parts: Iterable[Part], *, color: bool = False, width: int = DEFAULT_WIDTH) -> str:
    """Render ``parts`` one after another, an empty line between them.

    Plain text (``color`` false) has no escape codes and no trailing spaces, so it diffs and
    pastes cleanly; with ``color`` each styled span is wrapped in ANSI codes.
    """
    out: list[str] = []
    for i, part in enumerate(parts):
        if i:
            out.append("")
        lines = part.render(width) if isinstance(part, Table) else part.lines(width)
        out.extend(_finish(line, color) for line in lines)
    return "\n".join(out) + "\n"


def _finish(line: Line, color: bool) -> str:
    """The line as written: every piece of text passes :func:`~mmsched.errors.printable`, so a
    control character in a name or a note is shown escaped and only mmsched's own colour codes
    reach the terminal (issue 12)."""
    line = _rstrip(line)
    if not color:
        return printable(_line_text(line), newlines=False)
    text = ""
    for raw, style in line:
        piece = printable(raw, newlines=False)
        start = _sgr(style)
        text += f"{start}{piece}\x1b[0m" if start and piece.strip() else piece
    return text
