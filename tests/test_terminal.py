"""mmsched's own terminal layout: wrapping, tables, colour. Expected text is written by hand."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from mmsched.batch.ward import load_plans
from mmsched.engine.expand import expand
from mmsched.engine.wardsheet import ward_days
from mmsched.formats.reader import load_plan
from mmsched.views.calendar_text import render_calendar
from mmsched.views.terminal import GRID, LIST, Table, Text, atoms, cell_width, to_text, words
from mmsched.views.ward_text import render_ward


def test_cell_width_counts_cjk_as_two_and_combining_marks_as_none() -> None:
    assert cell_width("来那度胺 25 mg") == 8 + 6
    assert cell_width("1.50 m² × 1.3") == 13  # ² and × are one column (ambiguous, narrow)
    assert cell_width("e\u0301") == 1


@given(st.text(alphabet=st.sampled_from("a1 ,.²×√µ−来那度胺白介素、()（）万\u0301"), max_size=30))
def test_cell_width_agrees_with_rich(text: str) -> None:
    assert cell_width(text) == cell_len(text)


def test_a_paragraph_wraps_at_spaces() -> None:
    text = Text("alpha beta gamma delta")
    assert to_text([text], width=11) == "alpha beta\ngamma delta\n"


def test_a_dose_never_splits_from_its_unit() -> None:
    # "2.4 mg" would fit as "2.4" at the end of the first line; it moves whole.
    assert to_text([Text("SC 2.5 mg; IV push 2.4 mg")], width=22) == (
        "SC 2.5 mg; IV push\n2.4 mg\n"
    )
    assert words("500,000 IU(50万 IU) daily") == ["500,000 IU(50万 IU)", "daily"]
    assert words("1.3 mg/m² × 1.50 m² = 1.95 mg") == ["1.3 mg/m²", "×", "1.50 m²", "=", "1.95 mg"]
    # Not a unit: "3 go" is two words.
    assert words("3 go") == ["3", "go"]


def test_chinese_wraps_after_its_punctuation_and_folds_between_characters() -> None:
    assert words("达雷妥尤单抗、来那度胺、地塞米松") == ["达雷妥尤单抗、", "来那度胺、", "地塞米松"]
    # 来那度胺、 (10 columns) and 地塞米松 (8) do not fit in 16 together: the name moves whole.
    assert to_text([Text("达雷妥尤单抗、来那度胺、地塞米松")], width=16) == (
        "达雷妥尤单抗、\n来那度胺、\n地塞米松\n"
    )
    # A word longer than the line folds between Chinese characters, never inside "CD4+".
    assert atoms("病区(CD4+)") == ["病", "区", "(CD4+)"]
    assert to_text([Text("病区休息CD4+")], width=9) == "病区休息\nCD4+\n"


def test_list_table_columns_rule_and_sections() -> None:
    table = Table(box=LIST, show_edge=False, pad_edge=False)
    table.add_column("Drug", no_wrap=True)
    table.add_column("Dose", justify="right", no_wrap=True)
    table.add_column("Note")
    table.add_row("bortezomib", "2 mg", "", end_section=True)
    table.add_row("interleukin-2", "500,000 IU", "daily")
    # Columns 13, 10 and 5 wide, 3 spaces apart; the rule spans all 13 + 3 + 10 + 3 + 5 = 34.
    assert to_text([table]) == (
        "Drug                  Dose   Note\n"
        "----------------------------------\n"
        "bortezomib            2 mg\n"
        "----------------------------------\n"
        "interleukin-2   500,000 IU   daily\n"
    )


def test_grid_table_with_title_fixed_widths_and_folded_cells() -> None:
    table = Table(box=GRID, show_lines=True, title="Dec")
    table.add_column("Mo", width=4)
    table.add_column("Tu", width=4)
    table.add_row("1", "R V D")
    table.add_row("7", "")
    assert to_text([table]) == (
        "Dec\n"
        "+-------------+\n"
        "| Mo   | Tu   |\n"
        "+------+------+\n"
        "| 1    | R V  |\n"
        "|      | D    |\n"
        "+------+------+\n"
        "| 7    |      |\n"
        "+-------------+\n"
    )


def test_a_short_header_stands_on_the_rule() -> None:
    table = Table(box=LIST, show_edge=False, pad_edge=False)
    table.add_column("Dose per day", no_wrap=True)
    table.add_column("Total dose given")
    table.add_row("a", "b")
    out = to_text([table], width=22).splitlines()
    # 12 + 3 + 16 columns do not fit in 22; the wrapping column narrows to its floor of 10, so
    # its header takes two lines and the other header stands on the lower one.
    assert out[:3] == ["               Total dose", "Dose per day   given", "-" * 25]


def test_a_table_too_wide_narrows_its_wrapping_column_and_never_cuts() -> None:
    table = Table(box=LIST, show_edge=False, pad_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("How")
    table.add_row("Mon 28 Dec 2026", "1.3 mg/m² × 1.50 m² = 1.95 mg, rounded to 0.1 mg")
    out = to_text([table], width=40)
    assert max(cell_width(line) for line in out.splitlines()) <= 40
    assert "1.95 mg" in out and "0.1 mg" in out and "…" not in out
    # Squeezed below what the date column needs, the table is wider than asked, not cut.
    narrow = to_text([table], width=12)
    assert "Mon 28 Dec 2026" in narrow and "1.95 mg" in narrow and "…" not in narrow


def test_grid_label_value_lines() -> None:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    table.add_row(Text("姓名", style="bold"), "廖某妹")
    table.add_row(Text("体表面积", style="bold"), "1.50 m²")
    assert to_text([table]) == "姓名      廖某妹\n体表面积  1.50 m²\n"


def test_colour_wraps_styled_spans_only() -> None:
    text = Text("4 C1D4", style="bold")
    text.append("\n")
    text.append(Text("V", style="magenta"))
    assert to_text([text], color=True) == "\x1b[1m4 C1D4\x1b[0m\n\x1b[1;35mV\x1b[0m\n"
    assert to_text([text], color=False) == "4 C1D4\nV\n"


@pytest.mark.parametrize("width", [8, 13, 30])
@given(
    st.lists(
        st.sampled_from(["2.4 mg", "来那度胺、", "C1D4", "500,000 IU", "moved", "病区休息"]),
        min_size=1,
        max_size=12,
    )
)
def test_wrapping_keeps_every_word_and_every_dose_whole(width: int, pieces: list[str]) -> None:
    text = " ".join(pieces)
    out = to_text([Text(text)], width=width)
    # Nothing lost, nothing added, the order kept.
    assert "".join(out.split()) == "".join(text.split())
    for dose in ("2.4 mg", "500,000 IU"):
        assert out.count(dose) == pieces.count(dose)
    # A line is within the width, or it is one piece that cannot be broken (a dose).
    for line in out.splitlines():
        assert cell_width(line) <= width or (len(words(line)) == 1 and len(atoms(line)) == 1)


def test_chinese_dose_and_ages_stay_whole() -> None:
    assert to_text([Text("500,000 IU(50万 IU)")], width=10) == "500,000 IU(50万 IU)\n"
    assert words("方案建议不超过 20 mg(75 岁以上宜减量") == [
        "方案建议不超过",
        "20 mg(75 岁以上宜减量",
    ]
    # Folded between Chinese characters, but never between 75 and 岁.
    assert atoms("20 mg(75 岁以上") == ["20 mg(75 岁", "以", "上"]
    assert words("-12.0 % from baseline, 28 days") == ["-12.0 %", "from", "baseline,", "28 days"]
    # ASCII punctuation breaks a line before a letter or Chinese, never inside a number.
    assert words("mL/min,Cockcroft-Gault 未透析:第 500,000 08:30") == [
        "mL/min,",
        "Cockcroft-Gault",
        "未透析:",
        "第",
        "500,000",
        "08:30",
    ]


def test_a_table_column_holds_its_widest_dose() -> None:
    table = Table(box=LIST, show_edge=False, pad_edge=False)
    table.add_column("Drug", no_wrap=True)
    table.add_column("Dose")
    table.add_row("interleukin-2 " * 3, "500,000 IU(50万 IU)")
    assert "500,000 IU(50万 IU)" in to_text([table], width=50)


def test_a_line_of_spaces_is_an_empty_line() -> None:
    # Was quadratic in the number of spaces (minutes for 100,000).
    assert to_text([Text(" " * 50_000)], width=100) == "\n"
    assert to_text([Text("  indented text")], width=100) == "  indented text\n"


def test_a_fixed_width_cell_cuts_an_unbreakable_piece_after_a_slash() -> None:
    table = Table(box=GRID, show_lines=True)
    table.add_column("Mo", width=8)
    table.add_column("Tu", width=8)
    table.add_row("29 C1D28/C2D1", "30 C2D2")
    lines = to_text([table]).splitlines()
    # "29 C1D28/C2D1" (13 columns) in 8: "29", then the cycle days cut after the "/".
    assert lines[3:6] == [
        "| 29       | 30 C2D2  |",
        "| C1D28/   |          |",
        "| C2D1     |          |",
    ]
    assert {cell_width(line) for line in lines} == {2 * (8 + 2) + 3}


def test_right_justified_cells_ignore_trailing_spaces_of_every_span() -> None:
    table = Table(box=LIST, show_edge=False, pad_edge=False)
    table.add_column("Dose", justify="right", width=5)
    text = Text("aaaa ", style="bold")
    text.append(" bbbb")
    table.add_row(text)
    assert to_text([table]).splitlines()[2:] == [" aaaa", " bbbb"]


#: A line that ends with a number, and a next line that starts with a unit: a split dose.
SPLIT = re.compile(r"\d *\n *(?:mg|IU|units|国际单位|万|mL|kg|m²|岁|天|%)(?![A-Za-z])")


def test_no_rendered_number_is_split_from_its_unit(tmp_path: Path) -> None:
    # Long renal notes: GZ-0102 made 80 years old with creatinine 200 µmol/L (CrCl < 30).
    renal = tmp_path / "renal.yaml"
    renal.write_text(
        (EXAMPLES / "ward" / "gz-0102-rd.yaml")
        .read_text(encoding="utf-8")
        .replace("age: 72", "age: 80")
        .replace("serum_creatinine_umol_l: 88", "serum_creatinine_umol_l: 200"),
        encoding="utf-8",
    )
    plans = [*sorted(EXAMPLES.rglob("gz-*.yaml")), *sorted(EXAMPLES.glob("case*.yaml")), renal]
    outputs = []
    for plan in plans:
        schedule = expand(load_plan(plan))
        for lang in ("zh", "en"):
            for width in (40, 60, 80, 100, 101, 120):
                outputs.append(render_calendar(schedule, lang=lang, width=width))  # type: ignore[arg-type]
    ward = load_plans([EXAMPLES / "ward", EXAMPLES / "case1-rvd-il2.yaml", renal])
    days = ward_days(ward, date(2026, 12, 10), date(2026, 12, 16))
    for lang in ("zh", "en"):
        for width in (50, 80, 100):
            outputs.append(
                render_ward(
                    days, lang=lang, plans=len(ward.patients), errors=ward.errors, width=width
                )  # type: ignore[arg-type]
            )
    assert len(outputs) == len(plans) * 12 + 6
    for out in outputs:
        assert not SPLIT.search(out), SPLIT.search(out)
    # The check itself finds a split dose.
    assert SPLIT.search("renal band 30 ≤ CrCl < 60\n      mL/min: 10 mg (CrCl 23.9\n  mL/min")
