"""CJK alignment: in Chinese output the month grids' columns line up on screen.

Width is measured the way a terminal draws it (East Asian Wide and Fullwidth characters take
two columns), with :func:`unicodedata.east_asian_width`, not ``len()``: "一" is one character
but two columns. rich.cells.cell_len is used as a second, independent measure.
"""

from __future__ import annotations

import unicodedata

import pytest
from conftest import EXAMPLES
from rich.cells import cell_len

from mmsched.engine.expand import expand
from mmsched.formats.reader import load_plan, load_regimen
from mmsched.views.calendar_text import render_calendar
from mmsched.views.regimen import render_regimen


def columns(text: str) -> int:
    """Display width: W and F characters count 2, combining marks 0, the rest 1."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def border_positions(line: str) -> list[int]:
    """The display columns at which "|" or "+" stand in a grid line."""
    positions = []
    at = 0
    for ch in line:
        if ch in "|+":
            positions.append(at)
        at += columns(ch)
    return positions


def grids(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith(("+", "|")):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    return blocks


@pytest.mark.parametrize("plan", ["case1-rvd-il2.yaml", "case2-tvd-il2.yaml"])
def test_month_grid_columns_line_up_in_chinese(plan: str) -> None:
    text = render_calendar(expand(load_plan(EXAMPLES / plan)), lang="zh")
    found = grids(text)
    assert len(found) == 2  # December 2026 and January 2027
    for grid in found:
        heads = grid[1]
        # The weekday heads are CJK: len() and the display width differ, on purpose.
        assert "一" in heads and len(heads) != columns(heads)
        widths = {columns(line) for line in grid}
        assert widths == {78}, f"grid lines of different display widths: {widths}"
        assert {cell_len(line) for line in grid} == {78}
        inner = grid[1:-1]
        expected = border_positions(grid[2])  # a +----+----+ rule between head and body
        assert len(expected) == 8
        for line in inner:
            assert border_positions(line) == expected, line


def test_chinese_grid_lines_have_no_ambiguous_width_characters() -> None:
    # "Ambiguous" characters (─ │ ² × ·) are drawn 2 columns wide by CJK terminals and would
    # break the grid there; the grids use ASCII borders and codes only, CJK heads aside.
    text = render_calendar(expand(load_plan(EXAMPLES / "case1-rvd-il2.yaml")), lang="zh")
    for grid in grids(text):
        for line in grid:
            assert not [ch for ch in line if unicodedata.east_asian_width(ch) == "A"], line


def test_day_list_columns_line_up_in_chinese() -> None:
    text = render_calendar(expand(load_plan(EXAMPLES / "case1-rvd-il2.yaml")), lang="zh")
    lines = text.split("\n每日用药\n", 1)[1].split("\n警告\n", 1)[0].splitlines()
    # Every dose ends at the same display column, whatever the Chinese drug name's length.
    dose_ends = set()
    for line in lines:
        for unit in (" mg ", "（IU） "):
            if unit in line:
                dose_ends.add(columns(line[: line.index(unit) + len(unit) - 1]))
    assert len(dose_ends) == 1, dose_ends


def test_regimen_grid_days_line_up_in_chinese() -> None:
    text = render_regimen(load_regimen("rvd-il2"), lang="zh")
    lines = text.splitlines()
    head = next(line for line in lines if line.startswith("药物"))
    bortezomib = next(line for line in lines if line.startswith("硼替佐米"))
    # X under days 1, 4, 8 and 11: the same display columns as those numbers' last digit.
    marks = [i for i, at in enumerate(_column_chars(bortezomib)) if at == "X"]
    digits = _column_chars(head)
    assert ["".join(digits[m - 1 : m + 1]).strip() for m in marks] == ["1", "4", "8", "11"]


def _column_chars(line: str) -> list[str]:
    """The line as one entry per display column (a wide character fills two)."""
    out: list[str] = []
    for ch in line:
        out.extend([ch] * columns(ch))
    return out


def test_the_measure_itself() -> None:
    # The helper must see what a terminal draws: CJK two columns, ASCII one; a grid line with
    # a CJK head and one padded by len() would differ.
    assert columns("一") == 2 and len("一") == 1
    assert columns("| 一       |") == 12
    assert border_positions("| 一 | x |") == [0, 5, 9]
    assert border_positions("| 一 | x |") != border_positions("| 一| x |")
