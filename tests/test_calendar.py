"""The patient calendar (``mmsched calendar``): text in both languages, CSV, JSON, limits.

Figures are worked out by hand from the seed's day rules and the plan, not copied from output:
case 1 is a woman of 156 cm and 52 kg (examples/case1-rvd-il2.yaml), Mosteller
√(156 × 52 / 3600) = √2.2533 = 1.5011 → 1.50 m²; bortezomib 1.3 mg/m² × 1.50 m² = 1.95 mg,
rounded half-up to 0.1 mg → 2 mg (printed "2 mg", never "2.0 mg"). Cycle 1 starts Tuesday
2026-12-01, cycle 2 on day 29 = Tuesday 2026-12-29; bortezomib days 1, 4, 8, 11 are
12-01, 12-04, 12-08, 12-11 and 12-29, 2027-01-01, 01-05, 01-08. IL-2 500,000 IU on days 1-7,
written "500,000 units" in English (ISMP) and "50万国际单位（IU）" in Chinese (the IL-2 labels);
SC is written "subcut" in English.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES, Golden
from typer.testing import CliRunner

from mmsched.cli.app import app
from mmsched.engine.expand import expand
from mmsched.formats.reader import load_plan
from mmsched.views.calendar_text import render_calendar

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
CASE2 = EXAMPLES / "case2-tvd-il2.yaml"
#: The environment of every CLI run here: no colour, no config file, a neutral locale.
ENV = {
    "MMSCHED_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "C.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "NO_COLOR": "1",
    "COLUMNS": "100",
}

BORTEZOMIB_DATES = [
    "2026-12-01",
    "2026-12-04",
    "2026-12-08",
    "2026-12-11",
    "2026-12-29",
    "2027-01-01",
    "2027-01-05",
    "2027-01-08",
]


def run(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    """Exit code, standard output (bytes decoded as they are: CRLF kept) and standard error."""
    result = CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def calendar(*args: str) -> str:
    code, out, err = run("calendar", *args)
    assert code == 0, err
    return out


# --- golden files (each read line by line once when written) -----------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_text(golden: Golden, lang: str) -> None:
    golden.check(f"calendar/case1-{lang}.txt", calendar(str(CASE1), "--lang", lang))


def test_golden_text_case2_en(golden: Golden) -> None:
    golden.check("calendar/case2-en.txt", calendar(str(CASE2), "--lang", "en"))


def test_golden_csv(golden: Golden) -> None:
    golden.check("calendar/case1-zh.csv", calendar(str(CASE1), "-f", "csv", "--lang", "zh"))


def test_golden_json(golden: Golden) -> None:
    golden.check("calendar/case1.json", calendar(str(CASE1), "--format", "json"))


# --- the figures, worked out by hand -----------------------------------------------------


def day_list(text: str) -> list[str]:
    """The day-by-day list's lines (after its heading)."""
    for heading in ("Day by day", "每日用药"):
        if f"\n{heading}\n" in text:
            return text.split(f"\n{heading}\n", 1)[1].splitlines()
    raise AssertionError("no day list")


def test_case1_header_figures_en() -> None:
    out = calendar(str(CASE1), "--lang", "en")
    assert "Patient ID    GZ-0001" in out
    assert "Height        156 cm" in out
    assert "Weight        52 kg" in out
    assert "BSA           1.50 m² (Mosteller: √(H × W / 3600))" in out
    assert "Start         Tue 1 Dec 2026" in out
    assert "C1 Tue 1 Dec 2026; C2 Tue 29 Dec 2026" in out
    # 2 cycles × 28 days: the last day is day 56 = 2027-01-25, a Monday.
    assert "Last day      Mon 25 Jan 2027" in out
    assert re.search(
        r"bortezomib +subcut +1, 4, 8, 11 +2 mg +1\.3 mg/m² × 1\.50 m² = 1\.95 mg", out
    )
    assert "rounded to 0.1 mg" in out
    assert re.search(r"interleukin-2 +subcut +1-7 +500,000 units +flat dose", out)
    assert re.search(r"dexamethasone +IV +1-4, 9-12 +20 mg", out)


def test_case1_header_figures_zh() -> None:
    out = calendar(str(CASE1), "--lang", "zh")
    assert "姓名        廖某妹" in out
    assert "性别/年龄   女，48 岁" in out
    assert "开始日期    2026年12月1日 星期二" in out
    assert "体表面积    1.50 m²（Mosteller 公式：√(H × W / 3600)）" in out
    assert re.search(
        r"硼替佐米 +皮下注射 +1, 4, 8, 11 +2 mg +1\.3 mg/m² × 1\.50 m² = 1\.95 mg", out
    )
    assert "按 0.1 mg 取整" in out
    assert re.search(r"重组人白介素-2 +皮下注射 +1-7 +50万国际单位（IU） +固定剂量", out)


def test_bortezomib_days_in_the_list_en() -> None:
    lines = day_list(calendar(str(CASE1), "--lang", "en"))
    current = None
    seen = []
    for line in lines:
        match = re.match(r"(\w{3} \d{1,2} \w{3} \d{4}) ", line)
        if match:
            current = match.group(1)
        # The first dose of each cycle carries the rule notes (hepatic dose not checked).
        if re.search(r"\bbortezomib +2 mg +subcut(?: {2,}\S.*)?$", line):
            seen.append(current)
    expected = [date.fromisoformat(d) for d in BORTEZOMIB_DATES]
    assert seen == [f"{d:%a} {d.day} {d:%b %Y}" for d in expected]


def test_il2_days_and_50wan_zh() -> None:
    lines = day_list(calendar(str(CASE1), "--lang", "zh"))
    il2 = [line for line in lines if "重组人白介素-2" in line]
    # Days 1-7 of both cycles, each written 50万国际单位（IU） as the IL-2 labels write it, SC.
    assert len(il2) == 14
    assert all(re.search(r" 50万国际单位（IU） +皮下注射$", line) for line in il2)
    # The first lenalidomide dose of the cycle says the renal check was not done.
    assert re.match(r"2026年12月1日 星期二 +C1D1 +来那度胺 +25 mg +口服 +未做肾功能核对", lines[3])


def test_no_trailing_zero_no_bare_u_no_qd() -> None:
    for lang in ("zh", "en"):
        out = calendar(str(CASE1), "--lang", lang) + calendar(str(CASE2), "--lang", lang)
        assert not re.search(r"\d\.\d*0 (mg|mcg|g|IU|units)\b", out), "trailing zero in a dose"
        assert not re.search(r"(?<![\d.])\.\d", out), "a dose without its leading zero"
        assert not re.search(r"\d U\b", out)
        if lang == "en":  # ISMP: "units" and "subcut", never "IU" or "SC"
            assert not re.search(r"\bIU\b|\bSC\b", out)
        assert " qd" not in out
        assert "2.0 mg" not in out


def test_case2_stevenson_bortezomib_1_8_mg() -> None:
    # Stevenson: 0.0061 × 152 + 0.0128 × 48 − 0.1529 = 0.9272 + 0.6144 − 0.1529 = 1.3887
    # → 1.39 m²; 1.3 × 1.39 = 1.807 mg → 1.8 mg.
    out = calendar(str(CASE2), "--lang", "en")
    assert "1.39 m² (Stevenson: 0.0061 × H + 0.0128 × W − 0.1529)" in out
    assert re.search(
        r"bortezomib +subcut +1, 4, 8, 11 +1\.8 mg +1\.3 mg/m² × 1\.39 m² = 1\.807 mg", out
    )
    # Cycle 1 starts Thursday 3 December 2026; cycle 2 on 31 December.
    assert "C1 Thu 3 Dec 2026; C2 Thu 31 Dec 2026" in out


# --- month grids ---------------------------------------------------------------------------


def grid_blocks(text: str) -> list[list[str]]:
    """Each month grid's lines: runs of consecutive lines that start with "+" or "|"."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith(("+", "|")):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    return blocks


def test_month_grids_mark_cycle_days_and_codes() -> None:
    out = calendar(str(CASE1), "--lang", "en")
    assert "December 2026" in out and "January 2027" in out
    grids = grid_blocks(out)
    assert len(grids) == 2
    december = "\n".join(grids[0])
    # Tuesday 1 December: C1D1 with lenalidomide, bortezomib, dexamethasone, IL-2.
    assert "| 1 C1D1   |" in december
    assert "| R V D    |" in december
    assert "| 29 C2D1  |" in december
    january = "\n".join(grids[1])
    # Friday 1 January 2027 is C2D4: bortezomib again (72 hours after C2D1).
    assert "| 1 C2D4   |" in january
    assert "| 25 C2D28 |" in january


def test_legend_names_each_code() -> None:
    zh = calendar(str(CASE1), "--lang", "zh")
    assert "  V   = 硼替佐米（bortezomib）" in zh
    assert "  IL2 = 重组人白介素-2（interleukin-2）" in zh
    en = calendar(str(CASE1), "--lang", "en")
    assert "  R   = lenalidomide" in en


# --- limits, names, colour --------------------------------------------------------------


def test_from_to_limits_every_format() -> None:
    args = (str(CASE1), "--from", "2026-12-29", "--to", "2027-01-01")
    text = calendar(*args, "--lang", "en")
    assert "Dates shown: Tue 29 Dec 2026 to Fri 1 Jan 2027" in text
    listed = [line for line in day_list(text) if re.match(r"\w{3} \d", line)]
    assert [line.split("   ")[0] for line in listed] == [
        "Tue 29 Dec 2026",
        "Wed 30 Dec 2026",
        "Thu 31 Dec 2026",
        "Fri 1 Jan 2027",
    ]
    rows = list(csv.DictReader(io.StringIO(calendar(*args, "-f", "csv"))))
    assert {r["date"] for r in rows} == {"2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01"}
    # C2D1: R V D IL2; C2D2, C2D3: R D IL2; C2D4: R V D IL2 -> 4 + 3 + 3 + 4; and the order
    # set's aspirin and aciclovir every day (issue 13): 4 × 2 rows more.
    assert len([r for r in rows if r["category"] == "anticancer"]) == 14
    assert len([r for r in rows if r["category"] == "prophylaxis"]) == 8
    data = json.loads(calendar(*args, "-f", "json"))
    assert len(data["administrations"]) == 14


def test_from_after_to_is_a_usage_error() -> None:
    code, _, err = run(
        "calendar", str(CASE1), "--from", "2027-01-02", "--to", "2027-01-01", "--lang", "en"
    )
    assert code == 2
    assert "before --from" in err


def test_empty_window_says_so() -> None:
    # VRd-21 from Mon 2026-12-07: cycle 1's doses end on day 14 (Sun 20 Dec); cycle 2 starts
    # on Mon 28 Dec. A window inside that gap is inside the course, and empty.
    plan = EXAMPLES / "ward" / "gz-0101-vrd21.yaml"
    out = calendar(str(plan), "--lang", "en", "--from", "2026-12-22", "--to", "2026-12-26")
    # Issue 13: it is not empty: the order set's aspirin and aciclovir every day, and no dose
    # of an anticancer drug (nor the line that would say the window had nothing at all).
    assert "No administrations between" not in out
    listed = day_list(out)
    assert len([line for line in listed if "prophylaxis" in line]) == 5 * 2
    assert not [line for line in listed if re.search("bortezomib|lenalidomide|dexameth", line)]
    # A window outside the course is an error that says so (issue 12; test_issue_12_cli_...).
    code, out, err = run(
        "calendar", str(CASE1), "--from", "2027-03-01", "--to", "2027-03-31", "--lang", "en"
    )
    assert (code, out) == (1, "")
    assert "--from 2027-03-01 is after the course's last day" in err


def test_name_masked_unless_full_name(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        CASE1.read_text(encoding="utf-8").replace("name: 廖某妹", "name: 廖秀妹"), encoding="utf-8"
    )
    masked = calendar(str(plan), "--lang", "zh")
    assert "廖某妹" in masked and "廖秀妹" not in masked
    full = calendar(str(plan), "--lang", "zh", "--full-name")
    assert "廖秀妹" in full
    latin = tmp_path / "latin.yaml"
    latin.write_text(
        CASE1.read_text(encoding="utf-8").replace("name: 廖某妹", "name: Liao Xiumei"),
        encoding="utf-8",
    )
    out = calendar(str(latin), "--lang", "en")
    assert "Name          L. X." in out and "Xiumei" not in out


def test_no_colour_codes_when_not_a_terminal() -> None:
    assert "\x1b[" not in calendar(str(CASE1), "--lang", "en")


def test_colour_by_drug_when_asked() -> None:
    schedule = expand(load_plan(CASE1))
    coloured = render_calendar(schedule, lang="en", color=True)
    assert "\x1b[" in coloured
    # Magenta (35) for bortezomib, green (32) for lenalidomide.
    assert "\x1b[35mbortezomib" in coloured
    assert "\x1b[32mlenalidomide" in coloured


@pytest.mark.parametrize("width", [40, 60, 80, 100])
def test_no_dose_or_date_is_ever_cut(width: int) -> None:
    schedule = expand(load_plan(CASE1))
    for lang in ("zh", "en"):
        out = render_calendar(schedule, lang=lang, width=width)  # type: ignore[arg-type]
        assert "…" not in out
        assert ("50万国际单位（IU）" if lang == "zh" else "500,000 units") in out
    assert "Mon 28 Dec 2026" in render_calendar(schedule, lang="en", width=40)


def test_csv_is_header_then_one_row_per_administration() -> None:
    text = calendar(str(CASE1), "-f", "csv", "--lang", "en")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:6] == ["patient_id", "date", "weekday", "cycle", "day", "cycle_day"]
    body = rows[1:]
    # Per cycle: lenalidomide 28 + bortezomib 4 + dexamethasone 8 + IL-2 7 = 47; two cycles;
    # then the order set's aspirin and aciclovir every day (issue 13): 2 × 28 × 2 = 112 rows.
    assert len(body) == 94 + 112
    category = rows[0].index("category")
    assert len([row for row in body if row[category] == "anticancer"]) == 94
    header = rows[0]
    records = [dict(zip(header, row, strict=True)) for row in body]
    bortezomib = [r for r in records if r["drug"] == "bortezomib"]
    assert [r["date"] for r in bortezomib] == BORTEZOMIB_DATES
    assert {(r["dose"], r["unit"], r["dose_calculated"]) for r in bortezomib} == {
        ("2", "mg", "1.95")
    }
    il2 = [r for r in records if r["drug"] == "interleukin-2"]
    # dose and unit are for programs; dose_text, prescribed and route_name for people.
    assert {(r["dose"], r["unit"], r["dose_text"]) for r in il2} == {
        ("500000", "IU", "500,000 units")
    }
    assert {(r["route"], r["route_name"], r["prescribed"]) for r in il2} == {
        ("SC", "subcut", "500,000 units")
    }


def test_csv_zh_names_and_50wan() -> None:
    rows = list(csv.DictReader(io.StringIO(calendar(str(CASE1), "-f", "csv", "--lang", "zh"))))
    first = rows[0]
    assert (first["date"], first["weekday"], first["drug_name"], first["route_name"]) == (
        "2026-12-01",
        "星期二",
        "来那度胺",
        "口服",
    )
    il2 = next(r for r in rows if r["drug"] == "interleukin-2")
    assert (il2["dose_text"], il2["prescribed"], il2["unit"]) == (
        "50万国际单位（IU）",
        "50万国际单位（IU）",
        "IU",
    )


def test_output_file_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "case1.csv"
    target.write_text("old", encoding="utf-8")
    code, out, err = run("calendar", str(CASE1), "-f", "csv", "-o", str(target))
    assert code == 0, err
    assert out == ""
    data = target.read_bytes()
    # A file for spreadsheets starts with a byte-order mark, so Excel reads Chinese as UTF-8.
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").startswith("patient_id,date,")
    assert [p.name for p in tmp_path.iterdir()] == ["case1.csv"], "a temporary file was left"


def test_unwritable_output_is_a_clean_error(tmp_path: Path) -> None:
    code, _, err = run(
        "calendar", str(CASE1), "-o", str(tmp_path / "missing" / "c.txt"), "--lang", "en"
    )
    assert code == 1
    assert "cannot write the file" in err
    assert "Traceback" not in err


# --- doses moved and doses not given (plan changes, closed days) ------------------------


def changed_plan(tmp_path: Path) -> Path:
    """Case 1 with a bortezomib dose moved a day and one dexamethasone dose omitted."""
    plan = tmp_path / "changed.yaml"
    plan.write_text(
        CASE1.read_text(encoding="utf-8")
        + "changes:\n"
        + "  - {action: move, drug: bortezomib, date: 2026-12-11, to: 2026-12-12, scope: this,"
        + " reason: platelets low}\n"
        + "  - {action: omit, drug: dexamethasone, date: 2026-12-10, reason: insomnia}\n",
        encoding="utf-8",
    )
    return plan


def test_moved_and_omitted_doses_are_visible(tmp_path: Path) -> None:
    plan = changed_plan(tmp_path)
    out = calendar(str(plan), "--lang", "en", "--from", "2026-12-10", "--to", "2026-12-12")
    lines = out.splitlines()
    # 10 Dec (C1D10): dexamethasone not given, with the reason.
    assert any(
        re.fullmatch(r" +dexamethasone +NOT GIVEN +omitted: insomnia", line) for line in lines
    )
    # 12 Dec: C1D11's bortezomib, 2 mg, moved from Friday 11 December (72 h rule still kept:
    # C1D8 on 8 Dec to 12 Dec is 96 hours).
    assert any(
        re.fullmatch(r" +C1D11 +bortezomib +2 mg +subcut +moved from Fri 11 Dec 2026: .*", line)
        for line in lines
    )
    grid = "\n".join(line for line in lines if line.startswith("|"))
    assert "| 10 C1D10 |" in grid and "| R -D     |" in grid
    assert "| 12 C1D12 |" in grid and "| * R V D  |" in grid
    assert "-X = dose not given, see the list" in out
    assert "* a dose was moved, see the list" in out
    # Not given is not given: the CSV and JSON list only what is given.
    rows = list(csv.DictReader(io.StringIO(calendar(str(plan), "-f", "csv"))))
    assert not any(r["date"] == "2026-12-10" and r["drug"] == "dexamethasone" for r in rows)
    moved = [r for r in rows if r["drug"] == "bortezomib" and r["cycle_day"] == "C1D11"]
    assert [(r["date"], r["planned_date"]) for r in moved] == [("2026-12-12", "2026-12-11")]


def test_moved_reason_in_chinese(tmp_path: Path) -> None:
    out = calendar(str(changed_plan(tmp_path)), "--lang", "zh", "--to", "2026-12-12")
    assert "原定 2026年12月11日" in out
    assert "不给药" in out and "取消: insomnia" in out


def test_case2_bortezomib_dates_from_the_seed_rule() -> None:
    # TVD + IL-2 from Thursday 2026-12-03; bortezomib days 1, 4, 8, 11 of 28-day cycles.
    data = json.loads(calendar(str(CASE2), "-f", "json"))
    dates = [a["date"] for a in data["administrations"] if a["drug"] == "bortezomib"]
    assert dates == [
        "2026-12-03",
        "2026-12-06",
        "2026-12-10",
        "2026-12-13",
        "2026-12-31",
        "2027-01-03",
        "2027-01-07",
        "2027-01-10",
    ]
    assert {a["dose"] for a in data["administrations"] if a["drug"] == "bortezomib"} == {1.8}
