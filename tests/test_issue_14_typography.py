"""Chinese typography (issue 14, GB/T 15834-2011 标点符号用法) in the outputs people read.

Every command that writes Chinese is run in zh over the bundled examples (examples/,
examples/ward) and regimens; the Chinese text is taken out of its machine syntax first (CSV is
parsed, HTML tags are removed and entities decoded, .ics lines are unfolded and unescaped) and
then scanned: no ASCII comma, colon, semicolon or bracket may stand next to a Chinese character.
Data notation keeps its ASCII punctuation (day lists "1, 4, 8, 11", "C1-2: 1, 8", formulas
"√(H × W / 3600)", 500,000): it never touches a Chinese character, so the scan leaves it alone.
Grids stay aligned: full-width punctuation is two terminal columns.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import EXAMPLES, REGIMENS
from typer.testing import CliRunner

from mmsched.cli.app import app
from mmsched.views.terminal import cell_width

ENV = {
    "MMSCHED_LANG": "zh",
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "C.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "NO_COLOR": "1",
}
PLANS = [
    EXAMPLES / "case1-rvd-il2.yaml",
    EXAMPLES / "case2-tvd-il2.yaml",
    *sorted((EXAMPLES / "ward").glob("*.yaml")),
]
HAN = "\u3400-\u9fff"
#: An ASCII , : ; ( ) right before or right after a Chinese character.
ASCII_NEXT_TO_HAN = re.compile(rf"(?<=[{HAN}])[,:;()]|[,:;()](?=[{HAN}])")


def run(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")


def offences(texts: list[str]) -> list[str]:
    """Each ASCII punctuation mark next to a Chinese character, with 20 characters around it."""
    found = []
    for text in texts:
        for m in ASCII_NEXT_TO_HAN.finditer(text):
            found.append(text[max(0, m.start() - 20) : m.end() + 20])
    return found


def html_texts(page: str) -> list[str]:
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    return [html.unescape(part) for part in re.split(r"<[^>]+>", page)]


def csv_texts(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def ics_texts(data: str) -> list[str]:
    """SUMMARY, DESCRIPTION and the calendar's name, unfolded (RFC 5545 3.1) and unescaped."""
    unfolded = re.sub(r"\r?\n[ \t]", "", data)
    texts = []
    for line in unfolded.splitlines():
        name, _, value = line.partition(":")
        if name.split(";")[0] in ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME"):
            value = re.sub(r"\\([,;\\])", r"\1", value).replace("\\n", "\n").replace("\\N", "\n")
            texts.append(value)
    return texts


def test_the_scan_finds_what_it_is_for() -> None:
    # The scan itself: ASCII marks next to Chinese are found, data notation and full-width
    # marks are not.
    assert len(offences(["女,48 岁", "检查: 血常规", "肾功能(肌酐)"])) == 4
    assert offences(["女，48 岁", "第 1, 4, 8, 11 天", "√(H × W / 3600)", "C1-2: 1, 8"]) == []


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_calendar_text_html_csv_and_ics_in_chinese(plan: Path, tmp_path: Path) -> None:
    found = offences([run("calendar", plan, "--lang", "zh")])
    found += offences(html_texts(run("calendar", plan, "--lang", "zh", "-f", "html")))
    found += offences(csv_texts(run("calendar", plan, "--lang", "zh", "-f", "csv")))
    out = tmp_path / "plan.ics"
    run("ics", plan, "--lang", "zh", "--detail", "full", "-o", out)
    found += offences(ics_texts(out.read_text(encoding="utf-8")))
    assert found == []


@pytest.mark.parametrize("day", ["2026-12-01", "2026-12-11"])
def test_ward_sheet_text_and_html_in_chinese(day: str) -> None:
    found = offences([run("ward", *PLANS, "--lang", "zh", "--date", day)])
    found += offences(html_texts(run("ward", *PLANS, "--lang", "zh", "-f", "html", "--date", day)))
    assert found == []


@pytest.mark.parametrize("regimen", sorted(REGIMENS.glob("*.yaml")), ids=lambda p: p.stem)
def test_regimen_grid_in_chinese(regimen: Path) -> None:
    text = run("regimens", "show", regimen, "--lang", "zh")
    assert offences([text]) == []
    assert "“" not in text and "”" not in text  # quote marks: never inside grid cells
    # The day grid: every "X" stands under the last digit of its day's number.
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if re.search(r" 1  2  3 ", line))
    columns = {
        cell_width(lines[head][: m.end() - 1]): int(m.group())
        for m in re.finditer(r"\d+", lines[head])
    }
    row = head + 1
    while lines[row].strip():
        at = 0
        for ch in lines[row]:
            if ch == "X":
                assert at in columns, lines[row]
            at += cell_width(ch)
        row += 1


def test_diff_text_in_chinese(tmp_path: Path) -> None:
    old = EXAMPLES / "case1-rvd-il2.yaml"
    new = tmp_path / "case1-later.yaml"
    text = old.read_text(encoding="utf-8")
    assert "start: 2026-12-01" in text
    new.write_text(text.replace("start: 2026-12-01", "start: 2026-12-08"), encoding="utf-8")
    shown = run("diff", old, new, "--lang", "zh")
    assert shown.splitlines()[0].startswith("患者 GZ-0001 的变更：")
    assert offences([shown]) == []


def test_month_grids_stay_aligned_with_full_width_marks() -> None:
    # Every line of a bordered month grid has the same width on screen.
    for plan in PLANS:
        text = run("calendar", plan, "--lang", "zh")
        block: list[str] = []
        for line in [*text.splitlines(), ""]:
            if line.startswith(("+", "|")):
                block.append(line)
                continue
            if block:
                assert len({cell_width(b) for b in block}) == 1, block
                block = []


def test_full_width_marks_are_two_columns() -> None:
    for mark in "，：；（）、。":
        assert unicodedata.east_asian_width(mark) in "WF"
        assert cell_width(mark) == 2
    assert cell_width("检查：血常规（CD3+）") == 2 * 8 + len("CD3+")


def test_grid_legend_code_for_tests_is_chinese() -> None:
    text = run("calendar", EXAMPLES / "case1-rvd-il2.yaml", "--lang", "zh")
    assert "Lab" not in text
    assert "  检 = 检查或评估，见每日列表" in text
    assert "| R V 检   |" in text  # C1D2 (2 December 2026): lenalidomide, bortezomib, a test


def test_creatinine_in_micromoles_first_in_chinese(tmp_path: Path) -> None:
    # 150 µmol/L / 88.4 = 1.697 mg/dL, shown 1.7; a woman of 61, 50 kg: CrCl =
    # (140 - 61) × 50 / (72 × 1.69683) × 0.85 = 27.48 mL/min.
    plan = tmp_path / "renal.yaml"
    source = (EXAMPLES / "ward" / "gz-0106-rvd.yaml").read_text(encoding="utf-8")
    assert "serum_creatinine_mg_dl: 0.9" in source
    plan.write_text(source.replace("serum_creatinine_mg_dl: 0.9", "serum_creatinine_umol_l: 150"))
    text = run("calendar", plan, "--lang", "zh")
    header = " ".join(text.split())
    assert "血肌酐 150 µmol/L（1.7 mg/dL）" in header
    assert "27.5 mL/min（Cockcroft-Gault；血肌酐" in header
    english = run("calendar", plan, "--lang", "en")
    assert "creatinine 1.7 mg/dL" in " ".join(english.split())
    # The schedule JSON's renal block adds the µmol/L value and keeps mg/dL.
    renal = json.loads(run("calendar", plan, "-f", "json"))["renal"]
    assert renal["serum_creatinine_umol_l"] == 150
    assert renal["serum_creatinine_mg_dl"] == 1.7


def test_creatinine_given_in_mg_dl_is_converted_to_whole_micromoles() -> None:
    # gz-0106: 0.9 mg/dL × 88.4 = 79.56 µmol/L, shown 80.
    text = run("calendar", EXAMPLES / "ward" / "gz-0106-rvd.yaml", "--lang", "zh")
    assert "血肌酐 80 µmol/L（0.9 mg/dL）" in " ".join(text.split())


def test_percent_without_a_space_in_chinese() -> None:
    text = run(
        "load", EXAMPLES / "ward", "--ward", EXAMPLES / "capacity" / "ward.yaml", "--lang", "zh",
        "--from", "2026-12-01", "--to", "2026-12-03",
    )  # fmt: skip
    assert "；目标 85%" in text.splitlines()[1]  # examples/capacity/ward.yaml: target 85
    assert "容量（100%）" in text
    assert offences([text]) == []


def test_every_shipped_drug_and_route_name_says_where_it_was_checked() -> None:
    from mmsched.data.drugs import DRUGS, NAME_SOURCES, ROUTES

    missing = [key for key in [*DRUGS, *ROUTES] if not NAME_SOURCES.get(key)]
    assert missing == []
    # The sources name the Chinese label or the guideline, with the Chinese name in them.
    assert "硼替佐米" in NAME_SOURCES["bortezomib"]
    assert "达雷妥尤单抗" in NAME_SOURCES["daratumumab"]
    assert "重组人白介素-2" in NAME_SOURCES["interleukin-2"]
