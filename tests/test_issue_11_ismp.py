"""Issue 11, ISMP words: "units" and "subcut" in everything people read in English, the IL-2
label's "50万国际单位（IU）" in Chinese, and the codes "IU" and "SC" kept in machine fields.

ISMP's list of error-prone abbreviations (2021): "IU" is misread as "IV" or "10", "SC" as "SL"
(sublingual): write "units" and "subcut". Chinese product labels of recombinant human
interleukin-2 injection write doses as 万国际单位(IU).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import mmsched
from mmsched.engine.schedule import Schedule
from mmsched.engine.units import Dose, amount_words, dose_words, unit_words, units_in_text
from mmsched.views.calendar_html import render_html
from mmsched.views.calendar_text import render_calendar

# -- the helpers ------------------------------------------------------------------------------


def test_unit_words() -> None:
    assert unit_words("IU") == "units"
    assert unit_words("IU", "zh") == "国际单位（IU）"
    assert [unit_words(u) for u in ("mg", "mcg", "g")] == ["mg", "mcg", "g"]


@pytest.mark.parametrize(
    ("amount", "unit", "lang", "written"),
    [
        ("500000", "IU", "en", "500,000 units"),
        ("500000", "IU", "zh", "50万国际单位（IU）"),
        ("1000000", "IU", "zh", "100万国际单位（IU）"),
        ("250000", "IU", "zh", "25万国际单位（IU）"),
        # Not a whole number of 万: written as the amount, a space, the unit (like "75 岁").
        ("5000", "IU", "zh", "5,000 国际单位（IU）"),
        ("155000", "IU", "zh", "155,000 国际单位（IU）"),
        ("2.40", "mg", "en", "2.4 mg"),
        ("2.40", "mg", "zh", "2.4 mg"),
    ],
)
def test_amount_words(amount: str, unit: str, lang: str, written: str) -> None:
    assert amount_words(Decimal(amount), unit, lang) == written


def test_dose_words_keeps_what_the_dose_is_per() -> None:
    assert dose_words(Dose.parse("1.3 mg/m2")) == "1.3 mg/m²"
    assert dose_words(Dose.parse("200,000 IU/m2")) == "200,000 units/m²"
    assert dose_words(Dose.parse("200,000 IU/m2"), "zh") == "20万国际单位（IU）/m²"
    assert dose_words(Dose.parse("10-40 mg")) == "10-40 mg"
    # The file form, which machine fields (prescribed) use, is unchanged.
    assert str(Dose.parse("500,000 IU")) == "500,000 IU"


def test_units_in_text_rewrites_only_iu_doses() -> None:
    assert units_in_text("200,000 IU/m² × 1.50 m²") == "200,000 units/m² × 1.50 m²"
    assert units_in_text("10,000 IU") == "10,000 units"
    assert units_in_text("10,000 IU", "zh") == "1万国际单位（IU）"
    assert units_in_text("1.3 mg/m² × 1.50 m²") == "1.3 mg/m² × 1.50 m²"
    assert units_in_text("an IUD") == "an IUD"


# -- the engine's notes -----------------------------------------------------------------------


def il2_per_m2(tmp_path: Path) -> Schedule:
    """IL-2 200,000 IU/m² SC days 1-7 (invented), a level down to 100,000 IU/m² from cycle 2;
    156 cm, 52 kg: Mosteller 1.50 m², so 300,000 IU in C1 and 150,000 IU in C2."""
    regimen = {
        "id": "il2-test",
        "name": "IL-2 test",
        "cycle_days": 28,
        "cycles": 2,
        "source": "invented for a test",
        "drugs": [
            {
                "drug": "interleukin-2",
                "dose": "200,000 IU/m2",
                "route": "SC",
                "days": "1-7",
                "rounding": "10,000 IU",
                "levels": ["200,000 IU/m2", "100,000 IU/m2"],
            }
        ],
    }
    plan = {
        "patient": {"id": "T-9", "sex": "F", "age": 48, "height_cm": 156, "weight_kg": 52},
        "regimen": "regimen.yaml",
        "start": "2026-12-01",
        "changes": [
            {
                "action": "dose-level",
                "drug": "interleukin-2",
                "from_cycle": 2,
                "level": 1,
                "reason": "fever grade 3",
            }
        ],
    }
    (tmp_path / "regimen.yaml").write_text(yaml.safe_dump(regimen), encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(plan), encoding="utf-8")
    return mmsched.expand(mmsched.load_plan(tmp_path / "plan.yaml"))


def test_engine_notes_write_units_in_english_and_the_label_form_in_chinese(
    tmp_path: Path,
) -> None:
    schedule = il2_per_m2(tmp_path)
    first, last = schedule.administrations[0], schedule.administrations[-1]
    assert (first.dose, first.unit, first.cycle) == (Decimal(300000), "IU", 1)
    assert (last.dose, last.unit, last.cycle) == (Decimal(150000), "IU", 2)
    assert last.notes == ("dose level -1 from cycle 2: 100,000 units/m² (fever grade 3)",)
    assert last.notes_zh == ("自第 2 周期起剂量下调 1 级：10万国际单位（IU）/m²（fever grade 3）",)
    # Machine fields keep the codes.
    assert (last.prescribed, last.basis, last.rounding) == (
        "100,000 IU/m2",
        "100,000 IU/m² × 1.50 m²",
        "10,000 IU",
    )


# -- the views ---------------------------------------------------------------------------------

CASE1 = Path(__file__).resolve().parent.parent / "examples" / "case1-rvd-il2.yaml"
#: "IU" or "SC" as a word: what no English text for people may contain.
CODES = re.compile(r"\bIU\b|\bSC\b")


def case1() -> Schedule:
    return mmsched.expand(mmsched.load_plan(CASE1))


def test_english_calendar_says_subcut_and_units() -> None:
    text = render_calendar(case1(), lang="en")
    assert re.search(r"^interleukin-2 +subcut +1-7 +500,000 units +flat dose$", text, re.M)
    assert re.search(r"^bortezomib +subcut +1, 4, 8, 11 +2 mg ", text, re.M)
    assert re.search(r"^ +interleukin-2 +500,000 units +subcut$", text, re.M)
    assert not CODES.search(text)
    html = render_html(case1(), lang="en")
    assert '<td class="dose">500,000&nbsp;units</td><td>subcut</td>' in html
    # The page's text ("SC" in the stylesheet's font names, "Noto Sans CJK SC", is no route).
    assert not CODES.search(html[html.index("<body>") :])


def test_chinese_calendar_writes_the_il2_label_form() -> None:
    text = render_calendar(case1(), lang="zh")
    assert re.search(r"^重组人白介素-2 +皮下注射 +1-7 +50万国际单位（IU） +固定剂量$", text, re.M)
    assert "500,000" not in text and "50万 IU" not in text


def test_english_ward_sheet_and_totals(tmp_path: Path) -> None:
    from datetime import date

    from mmsched.batch.ward import day_sheet
    from mmsched.views.ward_text import render_ward

    sheet = day_sheet([CASE1], date(2026, 12, 1))
    text = render_ward([sheet.day], lang="en", plans=sheet.plans)
    assert re.search(r"interleukin-2 +500,000 units +subcut", text)
    assert re.search(r"^interleukin-2 +500,000 units +1 +subcut$", text, re.M)  # to prepare
    assert not CODES.search(text)


def test_csv_people_columns_and_machine_columns() -> None:
    import csv
    import io

    from mmsched.views.csv_tables import calendar_csv

    rows = list(csv.DictReader(io.StringIO(calendar_csv(case1(), lang="en"))))
    il2 = next(r for r in rows if r["drug"] == "interleukin-2")
    assert (il2["dose"], il2["unit"], il2["route"]) == ("500000", "IU", "SC")
    assert (il2["dose_text"], il2["prescribed"], il2["route_name"]) == (
        "500,000 units",
        "500,000 units",
        "subcut",
    )


def test_json_keeps_the_codes() -> None:
    import json

    from mmsched.exports.schedule_json import schedule_to_json

    data = json.loads(schedule_to_json(case1()))
    il2 = next(a for a in data["administrations"] if a["drug"] == "interleukin-2")
    assert (il2["unit"], il2["route"], il2["prescribed"]) == ("IU", "SC", "500,000 IU")


def test_ics_english_summary_and_description() -> None:
    import datetime as dt

    from icalendar import Calendar

    from mmsched.exports.ics import IcsOptions, render_ics

    stamp = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    en = Calendar.from_ical(render_ics([case1()], IcsOptions(stamp=stamp, lang="en", group="drug")))
    summaries = {str(e["SUMMARY"]) for e in en.events}
    assert "C1D1 interleukin-2 500,000 units subcut · 廖某妹" in summaries
    assert "C1D1 bortezomib 2 mg subcut · 廖某妹" in summaries
    for event in en.events:
        assert not CODES.search(str(event["SUMMARY"]) + str(event["DESCRIPTION"]))
    il2 = next(e for e in en.events if "interleukin-2" in str(e["SUMMARY"]))
    assert "interleukin-2 500,000 units · subcut" in str(il2["DESCRIPTION"])
    zh = Calendar.from_ical(render_ics([case1()], IcsOptions(stamp=stamp, lang="zh")))
    first = next(iter(zh.events))
    assert "重组人白介素-2 50万国际单位（IU） · 皮下注射（SC）" in str(first["DESCRIPTION"])


def test_regimen_grid_says_subcut_and_units() -> None:
    from mmsched.views.regimen import render_regimen

    text = render_regimen(mmsched.load_regimen("rvd-il2"), lang="en")
    assert re.search(r"^IL2 +interleukin-2 +subcut +1-7 +500,000 units$", text, re.M)
    assert re.search(r"^V +bortezomib +subcut +1, 4, 8, 11 +1\.3 mg/m²$", text, re.M)


def test_a_dose_per_m2_in_iu_shows_its_calculation_in_words(tmp_path: Path) -> None:
    schedule = il2_per_m2(tmp_path)
    text = render_calendar(schedule, lang="en", width=140)
    assert re.search(
        r"^interleukin-2 +subcut +1-7 +300,000 units +C1: 200,000 units/m² × 1\.50 m² = "
        r"300,000 units$",
        text,
        re.M,
    )
    assert "rounded to 10,000 units" in text
    assert re.search(
        r"^  C2 +150,000 units +100,000 units/m² × 1\.50 m² = 150,000 units$", text, re.M
    )
    assert not CODES.search(text)
    zh = render_calendar(schedule, lang="zh", width=140)
    assert "20万国际单位（IU）/m² × 1.50 m² = 30万国际单位（IU）" in zh
    assert "按 1万国际单位（IU） 取整" in zh


def test_terminal_keeps_the_new_forms_whole() -> None:
    from mmsched.views.terminal import Text, to_text, words

    assert words("500,000 units daily") == ["500,000 units", "daily"]
    assert words("给予 50万国际单位（IU） 每日") == ["给予", "50万国际单位（IU）", "每日"]
    assert to_text([Text("重组人白介素-2 50万国际单位（IU）")], width=12) == (
        "重组人白介素\n-2\n50万国际单位（IU）\n"
    )
