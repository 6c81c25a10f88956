"""Issue 11, ISMP words: "units" and "subcut" in everything people read in English, the IL-2
label's "50万国际单位（IU）" in Chinese, and the codes "IU" and "SC" kept in machine fields.

ISMP's list of error-prone abbreviations (2021): "IU" is misread as "IV" or "10", "SC" as "SL"
(sublingual): write "units" and "subcut". Chinese product labels of recombinant human
interleukin-2 injection write doses as 万国际单位(IU).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import mmsched
from mmsched.engine.schedule import Schedule
from mmsched.engine.units import Dose, amount_words, dose_words, unit_words, units_in_text

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
    assert last.notes_zh == ("自第 2 周期起剂量下调 1 级:10万国际单位（IU）/m²(fever grade 3)",)
    # Machine fields keep the codes.
    assert (last.prescribed, last.basis, last.rounding) == (
        "100,000 IU/m2",
        "100,000 IU/m² × 1.50 m²",
        "10,000 IU",
    )
