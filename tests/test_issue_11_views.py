"""Issue 11, what the views show of the dose-safety engine: rule notes (once per drug and cycle
in the day list), the calculation of every changed dose, instructions, assumptions.

Case 1 (examples/case1-rvd-il2.yaml) gives no creatinine and no bilirubin: lenalidomide's
doses carry "NO RENAL CHECK", bortezomib's "hepatic dose not checked". Its day list has 56
lenalidomide rows in two cycles: the note belongs on C1D1 and C2D1 only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from conftest import EXAMPLES

from mmsched.engine.expand import expand
from mmsched.engine.schedule import Schedule
from mmsched.formats.reader import load_plan
from mmsched.views.calendar_html import render_html
from mmsched.views.calendar_text import render_calendar
from mmsched.views.calendar_view import drug_rows

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"


def case1() -> Schedule:
    return expand(load_plan(CASE1))


def day_list(text: str) -> list[str]:
    """The lines of the text calendar's day list (after its heading, before the warnings)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line in ("Day by day", "每日用药"))
    end = next((i for i, line in enumerate(lines) if line in ("Warnings", "警告")), len(lines))
    return lines[start:end]


# -- 1. rule notes once per drug and cycle in the day list --------------------------------------


def test_day_list_says_no_renal_check_once_per_cycle_en() -> None:
    lines = day_list(render_calendar(case1(), lang="en"))
    noted = [line for line in lines if "NO RENAL CHECK" in line]
    assert len(noted) == 2
    assert re.match(r"Tue 1 Dec 2026 +C1D1 +lenalidomide +25 mg +PO +NO RENAL CHECK", noted[0])
    assert re.match(r"Tue 29 Dec 2026 +C2D1 +lenalidomide +25 mg +PO +NO RENAL CHECK", noted[1])
    # Bortezomib's note is on its first dose of each cycle (C1D1, C2D1), not on D4, D8, D11.
    assert sum("hepatic dose not checked" in line for line in lines) == 2
    assert re.search(r"^ +bortezomib +2 mg +\w+$", "\n".join(lines), re.M)


def test_day_list_says_no_renal_check_once_per_cycle_zh() -> None:
    lines = day_list(render_calendar(case1(), lang="zh"))
    assert sum("未做肾功能核对" in line for line in lines) == 2
    assert sum("未核对肝功能剂量" in line for line in lines) == 2


def test_html_day_list_gives_the_note_once_per_cycle() -> None:
    html = render_html(case1(), lang="en")
    days = html[html.index('<table class="days">') :]
    assert days.count("NO RENAL CHECK") == 2
    # The drug table still gives it on lenalidomide's row.
    drugs = html[html.index('<table class="drugs">') : html.index('<table class="days">')]
    assert drugs.count("NO RENAL CHECK") == 1


def test_day_list_within_dates_gives_the_note_on_the_first_row_shown() -> None:
    from datetime import date

    text = render_calendar(case1(), lang="en", start=date(2026, 12, 10), end=date(2026, 12, 12))
    noted = [line for line in day_list(text) if "NO RENAL CHECK" in line]
    assert len(noted) == 1
    assert re.match(r"Thu 10 Dec 2026 +C1D10 +lenalidomide", noted[0])


# -- 2. a changed dose shows its own calculation, per cycle -----------------------------------


def case1_with(tmp_path: Path, **fields: Any) -> Schedule:
    """Case 1's plan with ``fields`` added (a change, a creatinine ...)."""
    data = yaml.safe_load(CASE1.read_text(encoding="utf-8"))
    for key, value in fields.items():
        data[key] = {**data[key], **value} if key == "patient" else value
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return expand(load_plan(path))


LEVEL_DOWN_C2 = {
    "action": "dose-level",
    "drug": "bortezomib",
    "from_cycle": 2,
    "level": 1,
    "reason": "neuropathy grade 2",
}


def test_drug_table_shows_the_cycle_2_calculation_of_a_level_down(tmp_path: Path) -> None:
    # C1: 1.3 mg/m² × 1.50 m² = 1.95 mg → 2 mg; C2 at level -1: 1 mg/m² × 1.50 m² = 1.5 mg
    # (a reduced dose is rounded down to 0.1 mg: 1.5 mg).
    schedule = case1_with(tmp_path, changes=[LEVEL_DOWN_C2])
    text = render_calendar(schedule, lang="en")
    table = text[text.index("Drug  ") : text.index("December 2026")]
    lines = table.splitlines()
    bortezomib = next(i for i, line in enumerate(lines) if line.startswith("bortezomib "))
    # The first dose says which cycles it is for (C1), as the C2 row below does.
    assert re.match(
        r"bortezomib +subcut +1, 4, 8, 11 +2 mg +C1: 1\.3 mg/m² × 1\.50 m² = 1\.95 mg",
        " ".join([lines[bortezomib], lines[bortezomib + 1].strip()]),
    )
    c2 = next(i for i, line in enumerate(lines) if line.startswith("  C2 "))
    assert c2 > bortezomib
    assert re.match(r"  C2 +1\.5 mg +1 mg/m² × 1\.50 m² = 1\.5 mg$", lines[c2])
    assert "dose level -1 from cycle 2: 1 mg/m² (neuropathy grade 2)" in " ".join(
        line.strip() for line in lines[c2:]
    )
    # No "varies, see the list": the C2 row says how it varies.
    assert "varies" not in text


def test_html_drug_table_shows_the_cycle_2_calculation(tmp_path: Path) -> None:
    html = render_html(case1_with(tmp_path, changes=[LEVEL_DOWN_C2]), lang="en")
    assert (
        '<tr><td style="color:#a0196b"><span class="cycles">C2</span></td><td></td><td></td>'
        '<td class="dose">1.5&nbsp;mg</td><td>1 mg/m² × 1.50 m² = 1.5 mg, rounded to 0.1 mg; '
        in html
    )


def test_a_drug_whose_dose_never_changes_has_one_row() -> None:
    rows = drug_rows(case1(), "en")
    assert [(r.name, r.cycles) for r in rows] == [
        ("lenalidomide", ""),
        ("bortezomib", ""),
        ("dexamethasone", ""),
        ("interleukin-2", ""),
    ]


def test_weight_change_and_level_give_one_row_per_run_of_cycles(tmp_path: Path) -> None:
    # Three cycles; level -1 from C2; weight 45.5 kg from C3 (Mosteller √(156 × 45.5 / 3600)
    # = 1.404 → 1.40 m²): C1 2 mg, C2 1 × 1.50 = 1.5 mg, C3 1 × 1.40 = 1.4 mg.
    schedule = case1_with(
        tmp_path,
        cycles=3,
        changes=[LEVEL_DOWN_C2],
        measurements=[{"date": "2027-01-25", "weight_kg": 45.5}],
    )
    rows = [r for r in drug_rows(schedule, "en") if r.drug == "bortezomib"]
    assert [(r.cycles, r.dose) for r in rows] == [("", "2 mg"), ("C2", "1.5 mg"), ("C3", "1.4 mg")]
    assert rows[2].how.startswith("1 mg/m² × 1.40 m² = 1.4 mg, rounded to 0.1 mg")


# -- 3. instructions beside the dose they apply to ---------------------------------------------

ON_DIALYSIS = {"serum_creatinine_umol_l": 600, "dialysis": True}


def test_dialysis_instruction_in_the_drug_table_and_once_per_cycle_in_the_list(
    tmp_path: Path,
) -> None:
    # On dialysis the US label's band is 5 mg daily, after dialysis on dialysis days.
    schedule = case1_with(tmp_path, patient=ON_DIALYSIS)
    text = render_calendar(schedule, lang="en", width=200)
    table = text[text.index("Drug  ") : text.index("December 2026")]
    assert re.search(
        r"^lenalidomide +PO +1-28 +5 mg +flat dose; on dialysis days, take it after dialysis; "
        r"renal band on dialysis: 5 mg",
        table,
        re.M,
    )
    listed = [line for line in day_list(text) if "take it after dialysis" in line]
    assert len(listed) == 2
    assert re.match(r"Tue 1 Dec 2026 +C1D1 +lenalidomide +5 mg +PO +on dialysis days", listed[0])
    zh = render_calendar(schedule, lang="zh", width=200)
    assert sum("透析日于透析结束后服用" in line for line in day_list(zh)) == 2


def test_thalidomide_instruction_once_per_cycle_case2() -> None:
    text = render_calendar(expand(load_plan(EXAMPLES / "case2-tvd-il2.yaml")), lang="en")
    assert re.search(r"^thalidomide +PO +1-28 +100 mg +flat dose; at bedtime, at", text, re.M)
    listed = [line for line in day_list(text) if "at bedtime" in line]
    assert len(listed) == 2  # C1D1 and C2D1 of 56 daily rows


def test_calendar_csv_note_gives_the_instruction_on_every_row(tmp_path: Path) -> None:
    import csv
    import io

    from mmsched.views.csv_tables import calendar_csv

    schedule = case1_with(tmp_path, patient=ON_DIALYSIS)
    rows = list(csv.DictReader(io.StringIO(calendar_csv(schedule, lang="en"))))
    lena = [r for r in rows if r["drug"] == "lenalidomide"]
    assert len(lena) == 56
    assert all(r["note"].startswith("on dialysis days, take it after dialysis; ") for r in lena)


# -- 4. the regimen's assumptions --------------------------------------------------------------


def test_text_calendar_header_lists_the_three_assumptions_of_rvd_il2() -> None:
    text = render_calendar(case1(), lang="en")
    header = text[: text.index("December 2026")]
    block = header[header.index("Regimen assumptions") :]
    assert block.startswith("Regimen assumptions\n1. Lenalidomide is taken on every day")
    assert "\n2. Dexamethasone 10-40 mg IV on days 1-4 and 9-12 follows the seed" in block
    assert "\n3. Interleukin-2 is given on days 1-7 of each cycle" in block
    assert "(Source: Wu, Liu, Huang 2024 (the seed), section 4)" in block.replace("\n   ", " ")
    zh = render_calendar(case1(), lang="zh")
    assert "方案说明（假设与依据）\n1. 来那度胺按原文“每个周期每天”服用（第 1-28 天）" in zh


def test_html_lists_the_assumptions() -> None:
    html = render_html(case1(), lang="en")
    block = html[html.index("<h2>Regimen assumptions</h2>") : html.index("</ol>")]
    assert block.count("<li>") == 3
    assert (
        "<li>Interleukin-2 is given on days 1-7 of each cycle: the seed gives &quot;once" in block
    )


def test_no_assumptions_no_heading(tmp_path: Path) -> None:
    from dataclasses import replace

    schedule = replace(case1(), assumptions=())
    assert "Regimen assumptions" not in render_calendar(schedule, lang="en")
    assert '<ol class="assumptions">' not in render_html(schedule, lang="en")


# -- 1-3. the ward sheet: notes, calculation, instructions on each row; CSV notes at the end ---


def ward_text(paths: list[Path], day: str, lang: str = "en") -> str:
    from datetime import date

    from mmsched.batch.ward import day_sheet
    from mmsched.views.ward_text import render_ward

    sheet = day_sheet(paths, date.fromisoformat(day))
    return render_ward(
        [sheet.day], lang="en" if lang == "en" else "zh", plans=sheet.plans, width=200
    )


def plan_file(tmp_path: Path, **fields: Any) -> Path:
    data = yaml.safe_load(CASE1.read_text(encoding="utf-8"))
    for key, value in fields.items():
        data[key] = {**data[key], **value} if key == "patient" else value
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_ward_sheet_row_of_a_dialysis_patient(tmp_path: Path) -> None:
    text = ward_text([plan_file(tmp_path, patient=ON_DIALYSIS)], "2026-12-01")
    row = " ".join(text.split())  # the note wraps beside the row
    assert re.search(
        r"C1D1 +lenalidomide +5 mg +PO +on dialysis days, take it after dialysis; renal band on "
        r"dialysis: 5 mg \(dialysis decides the band",
        row,
    )
    zh = ward_text([plan_file(tmp_path, patient=ON_DIALYSIS)], "2026-12-01", "zh")
    assert "透析日于透析结束后服用；肾功能分档透析：5mg" in "".join(zh.split())


def test_ward_sheet_shows_the_calculation_of_a_level_down(tmp_path: Path) -> None:
    # C2D1 = 2026-12-29: bortezomib at level -1, 1 mg/m² × 1.50 m² = 1.5 mg.
    text = ward_text([plan_file(tmp_path, changes=[LEVEL_DOWN_C2])], "2026-12-29")
    row = " ".join(text.split())  # the note wraps beside the row
    assert re.search(
        r"C2D1 +bortezomib +1\.5 mg +\w+ +1 mg/m² × 1\.50 m² = 1\.5 mg, rounded to 0\.1 mg; "
        r"hepatic dose not checked: the plan gives no total bilirubin; dose level -1 from "
        r"cycle 2: 1 mg/m² \(neuropathy grade 2\)",
        row,
    )
    # A moved dose is marked "*"; a dose with notes only is not.
    assert "C2D1*" not in text


def test_ward_csv_has_notes_as_its_last_column(tmp_path: Path) -> None:
    import csv
    import io
    from datetime import date

    from mmsched.batch.ward import day_sheet
    from mmsched.views.csv_tables import WARD_COLUMNS, ward_csv

    # Issue 13 appends category (columns are only ever added at the end).
    assert WARD_COLUMNS[-4:] == ("override", "planned_date", "notes", "category")
    sheet = day_sheet([plan_file(tmp_path, patient=ON_DIALYSIS)], date(2026, 12, 1))
    rows = list(csv.DictReader(io.StringIO(ward_csv([sheet.day], lang="en"))))
    notes = {r["drug"]: r["notes"] for r in rows}
    assert notes["lenalidomide"].startswith("on dialysis days, take it after dialysis; renal band")
    assert notes["bortezomib"] == (
        "1.3 mg/m² × 1.50 m² = 1.95 mg, rounded to 0.1 mg; hepatic dose not checked: the plan "
        "gives no total bilirubin"
    )
    assert notes["dexamethasone"] == ""
