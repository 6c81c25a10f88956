"""Issue 14: schedule warnings raised as message codes, written in English and Chinese from the
one catalogue (:mod:`mmsched.errors.catalogue`).

Each warning code is made here by a real plan (a bundled regimen, or a bundled regimen with one
field changed where no bundled one triggers it). The English text is the one mmsched has always
written (users and tests match on it); the Chinese is the sentence written for the ward, with the
field to change given once, after 位置：. Every figure was worked out by hand: Cockcroft-Gault
CrCl = (140 − age) × weight / (72 × SCr mg/dL) (× 0.85 for women); Devine ideal weight
50 kg + 0.9 kg per cm over 152.4 cm; Mosteller BSA √(cm × kg / 3600), half-up to 0.01 m².
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import mmsched
from mmsched import Patient, Plan, Schedule
from mmsched.cli.app import app
from mmsched.engine.expand.notes import Warnings
from mmsched.errors.catalogue import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
START = date(2026, 12, 1)
ENV: dict[str, str | None] = {
    "MMSCHED_LANG": None,
    "LC_ALL": None,
    "LANG": "C.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "MMSCHED_REGIMENS": "",
    "NO_COLOR": "1",
}
HAN = "\u3400-\u9fff"
#: Every code a test below has seen made, to check that none of the catalogue's is left out.
SEEN: set[str] = set()


def patient(**fields: Any) -> Patient:
    base: dict[str, Any] = {"id": "T-1", "sex": "M", "age": 60, "height_cm": 156}
    base["weight_kg"] = 52
    base.update(fields)
    return Patient(**base)


def expand(
    regimen: Any = "rvd", *, doses: dict[str, str] | None = None, cycles: int = 1, **more: Any
) -> Schedule:
    fields = {k: more.pop(k) for k in ("ward", "start", "crcl_weight", "bsa_cap_m2") if k in more}
    chosen = {"dexamethasone": "20 mg"} if regimen in ("rvd", "rvd-il2") else {}
    plan = Plan.model_validate(
        {
            "patient": patient(**more),
            "regimen": regimen,
            "start": START,
            "cycles": cycles,
            "doses": {**chosen, **(doses or {})},
            **fields,
        }
    )
    return mmsched.expand(plan)


def changed_regimen(tmp_path: Path, name: str, edit: Any) -> Any:
    """A bundled regimen with one thing changed by ``edit``, loaded as its own file."""
    data = yaml.safe_load((ROOT / "regimens" / f"{name}.yaml").read_text(encoding="utf-8"))
    data["id"] = f"{name}-changed"
    edit(data)
    path = tmp_path / f"{name}-changed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return mmsched.load_regimen(path)


def ward(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "ward.yaml"
    path.write_text(text, encoding="utf-8")
    return mmsched.load_ward(path)


def warned(schedule: Schedule, code: str) -> list[tuple[str, str]]:
    """The warnings of ``code`` (English, Chinese); the JSON carries the same codes."""
    assert len(schedule.warning_codes) == len(schedule.warnings) == len(schedule.warnings_zh)
    data = json.loads(mmsched.schedule_to_json(schedule))
    assert data["warning_codes"] == list(schedule.warning_codes)
    assert data["warnings"] == list(schedule.warnings)
    assert data["warnings_zh"] == list(schedule.warnings_zh)
    SEEN.add(code)
    return [
        (en, zh)
        for en, zh, c in zip(
            schedule.warnings, schedule.warnings_zh, schedule.warning_codes, strict=True
        )
        if c == code
    ]


# --- the dose ---------------------------------------------------------------------------------


def test_missing_creatinine_and_the_age_rule() -> None:
    # RVd, 80 years, dexamethasone 40 mg: the regimen's age rule warns above 20 mg over 75; no
    # creatinine: lenalidomide's full 25 mg without the renal check.
    s = expand(age=80, doses={"dexamethasone": "40 mg"}, vte_risk="standard")
    assert warned(s, "warning.renal.no_creatinine") == [
        (
            "lenalidomide is dosed by renal function, but the plan gives no serum creatinine "
            "(patient.serum_creatinine_umol_l or serum_creatinine_mg_dl): the full dose 25 mg "
            "is used WITHOUT the renal check",
            "来那度胺需按肾功能给药，但计划中没有血肌酐：未经肾功能核对，按全量 25 mg 给药；"
            "请在计划中填写血肌酐（µmol/L 或 mg/dL）。位置：patient.serum_creatinine_umol_l",
        )
    ]
    assert warned(s, "warning.dose.over_age_limit") == [
        (
            "dexamethasone: 40 mg for a patient aged 80, over 75; the regimen advises at most "
            "20 mg (a lower dose over 75: check the order)",
            "地塞米松：40 mg 用于 80 岁患者（超过 75 岁）；方案建议不超过 20 mg"
            "（75 岁以上宜减量）：请核对医嘱。",
        )
    ]


def test_the_bmi_rule_when_it_warns(tmp_path: Path) -> None:
    # DRd with its BMI rule set to warn: 170 cm, 50 kg is a BMI of 50 / 1.7² = 17.3, under 18.5;
    # dexamethasone 40 mg, the rule advises at most 20 mg.
    def warn(data: dict[str, Any]) -> None:
        (row,) = [d for d in data["drugs"] if "bmi_rule" in d]
        row["bmi_rule"]["action"] = "warn"

    regimen = changed_regimen(tmp_path, "drd", warn)
    s = expand(regimen, height_cm=170, weight_kg=50, serum_creatinine_umol_l=70, vte_risk="high")
    assert warned(s, "warning.dose.over_bmi_limit") == [
        (
            "dexamethasone: 40 mg for a BMI of 17.3 kg/m², under 18.5; the regimen advises at "
            "most 20 mg: check the order",
            "地塞米松：40 mg 用于体重指数 17.3 kg/m² 的患者（低于 18.5）；"
            "方案建议不超过 20 mg：请核对医嘱。",
        )
    ]


def test_the_bsa_cap() -> None:
    # Mosteller √(190 × 120 / 3600) = 2.5166 -> 2.52 m², capped at 2.00 m².
    s = expand(height_cm=190, weight_kg=120, serum_creatinine_umol_l=70, bsa_cap_m2="2.0")
    assert warned(s, "warning.bsa.capped") == [
        (
            "BSA capped at 2.00 m² by the plan (calculated 2.52 m²); every BSA-based dose uses "
            "the capped value",
            "体表面积按计划封顶为 2.00 m²（计算值 2.52 m²）；"
            "所有按体表面积计算的剂量均使用封顶值。",
        )
    ]


def test_rounding_that_moves_the_dose_more_than_ten_percent(tmp_path: Path) -> None:
    # Bortezomib 1.3 mg/m² × 1.50 m² = 1.95 mg, on a 2.5 mg step: 2.5 mg, 28 % more.
    def coarse(data: dict[str, Any]) -> None:
        (row,) = [d for d in data["drugs"] if d["drug"] == "bortezomib"]
        row["rounding"] = "2.5 mg"

    regimen = changed_regimen(tmp_path, "rvd", coarse)
    s = expand(regimen, doses={"dexamethasone": "20 mg"}, serum_creatinine_umol_l=70)
    assert warned(s, "warning.dose.rounding_over_10_percent") == [
        (
            "bortezomib: rounding to 2.5 mg moves the dose from 1.95 to 2.5 mg, more than 10 % "
            "(HOPA 2018); check the rounding step",
            "硼替佐米：按 2.5 mg 取整使剂量由 1.95 变为 2.5 mg，变化超过 10%（HOPA 2018）；"
            "请核对取整步长。",
        )
    ]


def test_doses_the_ward_cannot_make_or_makes_of_many_tablets(tmp_path: Path) -> None:
    # CyBorD, 170 cm, 52.9 kg: √(170 × 52.9 / 3600) = 1.5805 -> 1.58 m²; cyclophosphamide
    # 300 mg/m² = 474 mg, rounded to 475 mg; of 50 mg tablets 450 mg ((450 − 474) / 474 =
    # −5.1 %). Dexamethasone 40 mg of 0.75 mg tablets: 53 × 0.75 = 39.75 mg (−0.6 %), more
    # than the ward's 50 tablets.
    formulary = ward(
        tmp_path,
        "formulary:\n"
        "  dexamethasone: {strengths: [0.75 mg], combine: true, max_units: 50}\n"
        "  cyclophosphamide: {strengths: [50 mg], combine: true, max_units: 20}\n",
    )
    s = expand("cybord", ward=formulary, height_cm=170, weight_kg="52.9")
    assert warned(s, "warning.dispense.cannot_make") == [
        (
            "cyclophosphamide: the calculated dose 474 mg (rounded to 475 mg) cannot be made "
            "from the strengths 50 mg (ward formulary, units combined); 450 mg is given instead "
            "(-5.1 %)",
            "环磷酰胺：计算剂量为 474 mg（取整为 475 mg），无法用病区药品目录中的规格 50 mg 配出"
            "（可组合）；改为给予 450 mg（-5.1%）。",
        ),
        (
            "dexamethasone: the calculated dose 40 mg cannot be made from the strengths 0.75 mg "
            "(ward formulary, units combined); 39.75 mg is given instead (-0.6 %)",
            "地塞米松：计算剂量为 40 mg，无法用病区药品目录中的规格 0.75 mg 配出（可组合）；"
            "改为给予 39.75 mg（-0.6%）。",
        ),
    ]
    assert warned(s, "warning.dispense.many_units") == [
        (
            "dexamethasone: 39.75 mg takes 53 units (0.75 mg × 53), more than 50; check the "
            "strengths held (ward formulary)",
            "地塞米松：39.75 mg 需 53 粒（片）配出（0.75 mg × 53），超过 50 粒（片）；"
            "请核对病区药品目录中的规格。",
        )
    ]


def test_a_weight_change_past_the_threshold(tmp_path: Path) -> None:
    # 52 kg -> 45.76 kg is −12.0 %; cycle 2 (from 12-29): √(156 × 45.76 / 3600) = 1.408 ->
    # 1.41 m²; bortezomib 1.3 × 1.41 = 1.833 -> 1.8 mg (was 1.3 × 1.50 = 1.95 -> 2 mg).
    plan = Plan.model_validate(
        {
            "patient": patient(serum_creatinine_umol_l=70, vte_risk="standard"),
            "regimen": "rvd",
            "start": START,
            "cycles": 2,
            "doses": {"dexamethasone": "20 mg"},
            "measurements": [{"date": "2026-12-27", "weight_kg": "45.76"}],
        }
    )
    assert warned(mmsched.expand(plan), "warning.weight.changed") == [
        (
            "cycle 2: weight 45.76 kg is -12.0 % from baseline 52 kg (threshold 10 %); BSA "
            "1.41 m²: bortezomib 2 → 1.8 mg",
            "第 2 周期：体重 45.76 kg，较基线 52 kg 变化 -12.0%（阈值 10%）；体表面积 1.41 m²："
            "硼替佐米 2 → 1.8 mg。",
        )
    ]


# --- renal function ---------------------------------------------------------------------------


def test_below_the_lowest_crcl_the_label_studied() -> None:
    # DRd, man 80 y, 50 kg, SCr 5 mg/dL: 60 × 50 / 360 = 8.3 mL/min, below the 11 the label
    # studied; the < 30 band (15 mg every 48 h) is used without data.
    s = expand("drd", age=80, weight_kg=50, serum_creatinine_mg_dl=5, vte_risk="standard")
    source = "US label (Revlimid), bands by Cockcroft-Gault CrCl"
    assert warned(s, "warning.renal.below_studied") == [
        (
            "lenalidomide: CrCl 8.3 mL/min is below 11 mL/min, the lowest the label studied, "
            f"{source}; the 15 mg band is used without data: check the dose",
            "来那度胺：肌酐清除率 8.3 mL/min，低于说明书研究过的最低值 11 mL/min"
            f"（来源：{source}）；15 mg 一档缺乏数据：请核对剂量。",
        )
    ]


def test_dialysis_without_a_dialysis_band(tmp_path: Path) -> None:
    def no_dialysis_band(data: dict[str, Any]) -> None:
        (row,) = [d for d in data["drugs"] if d["drug"] == "lenalidomide"]
        row["renal"] = [band for band in row["renal"] if not band.get("dialysis")]

    regimen = changed_regimen(tmp_path, "rvd", no_dialysis_band)
    s = expand(
        regimen, doses={"dexamethasone": "20 mg"}, serum_creatinine_umol_l=400, dialysis=True
    )
    assert warned(s, "warning.renal.dialysis_without_band") == [
        (
            "lenalidomide: the patient is on dialysis, but the regimen gives no dialysis band; "
            "the band is chosen by Cockcroft-Gault, which is not valid on dialysis: check the dose",
            "来那度胺：患者正在透析，但方案没有透析分档；已按 Cockcroft-Gault 公式选档，"
            "而该公式不适用于透析患者：请核对剂量。",
        )
    ]


def test_obesity_shows_the_crcl_by_each_weight() -> None:
    # Man 60 y, 170 cm, 100 kg, SCr 1.0 mg/dL. Ideal 50 + 0.9 × 17.6 = 65.84 kg (100 kg is
    # 152 % of it); adjusted 65.84 + 0.4 × 34.16 = 79.50 kg. CrCl 80 × kg / 72: 111.1, 73.2,
    # 88.3 mL/min, each ≥ 60: lenalidomide 25 mg.
    s = expand(height_cm=170, weight_kg=100, serum_creatinine_mg_dl=1)
    assert warned(s, "warning.renal.obese") == [
        (
            "actual weight is over 120 % of ideal body weight (65.8 kg, Devine): Cockcroft-Gault "
            "by actual weight 100 kg: CrCl 111.1 mL/min → lenalidomide 25 mg; ideal weight "
            "65.8 kg: CrCl 73.2 mL/min → lenalidomide 25 mg; adjusted weight 79.5 kg: CrCl "
            "88.3 mL/min → lenalidomide 25 mg. The plan uses actual weight (crcl_weight); set "
            "crcl_weight: ideal or adjusted in the plan if that is the ward's policy",
            "实际体重超过理想体重（65.8 kg，Devine 公式）的 120%。Cockcroft-Gault 公式"
            "按实际体重 100 kg，肌酐清除率 111.1 mL/min → 来那度胺 25 mg；"
            "按理想体重 65.8 kg，肌酐清除率 73.2 mL/min → 来那度胺 25 mg；"
            "按校正体重 79.5 kg，肌酐清除率 88.3 mL/min → 来那度胺 25 mg。"
            "计划采用实际体重计算；如病区规定按理想体重或校正体重计算，请在计划中写"
            "“crcl_weight: ideal”或“crcl_weight: adjusted”。位置：crcl_weight",
        )
    ]
    SEEN.add("warning.renal.obese_by_weight")  # each weight's part of the sentence


def test_ideal_weight_never_raises_a_thin_patients_crcl() -> None:
    # 170 cm, 50 kg (under the ideal 65.84 kg): ideal weight would raise the CrCl.
    s = expand(height_cm=170, weight_kg=50, serum_creatinine_mg_dl=1, crcl_weight="ideal")
    assert warned(s, "warning.renal.crcl_weight_higher") == [
        (
            "crcl_weight: ideal would give a higher CrCl than actual weight for a patient under "
            "ideal body weight; Cockcroft-Gault uses actual weight",
            "患者体重低于理想体重，按理想体重计算的肌酐清除率会高于按实际体重计算的值；"
            "Cockcroft-Gault 公式改按实际体重计算。位置：crcl_weight",
        )
    ]


# --- the order set ----------------------------------------------------------------------------


def test_what_a_womans_plan_does_not_record() -> None:
    s = expand("drd", sex="F", age=50, serum_creatinine_umol_l=70)
    assert warned(s, "warning.plan.childbearing_potential_missing") == [
        (
            "patient.childbearing_potential is not recorded: the pregnancy tests are scheduled "
            "as for a patient who can become pregnant; record childbearing_potential: true or "
            "false in the plan",
            "计划未记录患者是否有生育可能：已按有生育可能安排妊娠试验；请在计划中填写"
            "“true”（有）或“false”（无）。位置：patient.childbearing_potential",
        )
    ]
    assert warned(s, "warning.plan.irregular_menses_missing") == [
        (
            "patient.irregular_menses is not recorded: pregnancy tests are every 4 weeks, as "
            "for regular cycles (every 2 weeks if cycles are irregular); record "
            "irregular_menses: true or false in the plan",
            "计划未记录月经是否规律：妊娠试验按月经规律者每 4 周一次安排"
            "（月经不规律者每 2 周一次）；"
            "请在计划中填写“true”（不规律）或“false”（规律）。位置：patient.irregular_menses",
        )
    ]
    assert warned(s, "warning.plan.vte_risk_missing") == [
        (
            "patient.vte_risk is not recorded: no thromboprophylaxis is scheduled (aspirin for "
            "standard risk, enoxaparin for high risk; a reminder on day 1 of each cycle asks to "
            "assess it); record vte_risk: standard or high in the plan",
            "计划未记录静脉血栓栓塞风险：未安排血栓预防用药（标准风险用阿司匹林，高风险用依诺肝素；"
            "每周期第 1 天提醒评估）；请在计划中填写“standard”（标准风险）或“high”（高风险）。"
            "位置：patient.vte_risk",
        )
    ]


def test_two_corticosteroids_on_one_day(tmp_path: Path) -> None:
    # DRd's methylprednisolone moved to 7 days after each daratumumab infusion (days 1, 8, 15,
    # 22 in cycle 1), without its "not with dexamethasone": it meets dexamethasone (days 1, 8,
    # 15, 22) on days 8, 15 and 22; day 29 is past the one cycle.
    def clash(data: dict[str, Any]) -> None:
        (item,) = [s for s in data["supportive"] if s["item"] == "methylprednisolone"]
        del item["conditions"]
        item["days_after"] = 7

    regimen = changed_regimen(tmp_path, "drd", clash)
    s = expand(regimen, serum_creatinine_umol_l=70, vte_risk="standard")
    assert warned(s, "warning.supportive.two_corticosteroids") == [
        (
            f"2026-12-{day:02} (C1D{day}) would carry two corticosteroids: dexamethasone and "
            "methylprednisolone; leave one out",
            f"2026-12-{day:02}（C1D{day}）将同时使用两种糖皮质激素：地塞米松与甲泼尼龙；请只保留一种。",
        )
        for day in (8, 15, 22)
    ]


# --- the ward calendar ------------------------------------------------------------------------


def test_tests_before_the_start_on_a_closed_day_and_a_year_without_holidays(
    tmp_path: Path,
) -> None:
    # DRd from Mon 2026-12-07: day 0 is Sunday 12-06, closed; two 28-day cycles reach 2027.
    closed = ward(tmp_path, "closed_weekdays: [sun]\nholidays: cn\n")
    s = expand(
        "drd",
        ward=closed,
        start=date(2026, 12, 7),
        cycles=2,
        sex="F",
        age=40,
        childbearing_potential=True,
        irregular_menses=False,
        vte_risk="standard",
        serum_creatinine_umol_l=70,
    )
    names = {
        "type-and-screen": "血型鉴定及不规则抗体筛查",
        "hbv-serology": "乙肝病毒血清学检查",
        "pregnancy-test": "妊娠试验（血或尿，灵敏度至少 50 mIU/mL）",
    }
    assert warned(s, "warning.test.closed_before_start") == [
        (
            f"{test} on 2026-12-06 (C1D0), before the first dose, falls on a closed ward day "
            "(Sunday): arrange it elsewhere or on the start day before the first dose",
            f"2026-12-06（C1D0）的{zh}在首剂之前，但当天病区休息（星期日）：请另行安排，"
            "或于开始日首剂前完成。",
        )
        for test, zh in names.items()
    ]
    assert warned(s, "warning.calendar.no_holiday_data") == [
        (
            "the ward calendar has no official holiday data for 2027: public holidays in 2027 "
            "are NOT treated as closed days; add that year's file under holiday_files in the "
            "ward file",
            "病区日历没有 2027 年的法定节假日数据：2027 年的节假日不会按休息日处理；"
            "请在病区文件中加入该年的节假日文件。位置：holiday_files",
        )
    ]


def test_a_dose_closed_days_push_far(tmp_path: Path) -> None:
    # RVd from Mon 2026-02-09: bortezomib d8 (02-16) and dexamethasone d9 (02-17) fall in the
    # Spring Festival (02-15..23) and go to Tue 02-24: 8 and 7 days late.
    closed = ward(tmp_path, "closed_weekdays: [sun]\nholidays: cn\n")
    s = expand(ward=closed, start=date(2026, 2, 9), serum_creatinine_umol_l=70)
    assert warned(s, "warning.dose.long_shift") == [
        (
            "bortezomib C1D8 is given 8 days after its planned date (2026-02-16 → 2026-02-24) "
            "because the ward is closed; the other drugs of the cycle keep their days: consider "
            "delaying the cycle instead",
            "硼替佐米 C1D8 因病区休息推迟 8 天给药（2026-02-16 → 2026-02-24），"
            "本周期其他药物日期不变：请考虑改为推迟整个周期。",
        ),
        (
            "dexamethasone C1D9 is given 7 days after its planned date (2026-02-17 → 2026-02-24) "
            "because the ward is closed; the other drugs of the cycle keep their days: consider "
            "delaying the cycle instead",
            "地塞米松 C1D9 因病区休息推迟 7 天给药（2026-02-17 → 2026-02-24），"
            "本周期其他药物日期不变：请考虑改为推迟整个周期。",
        ),
    ]


# --- dose notes ------------------------------------------------------------------------------


def notes_of(schedule: Schedule, drug: str) -> list[tuple[str, str]]:
    first = next(a for a in schedule.administrations if a.drug == drug)
    return list(zip(first.notes, first.notes_zh, strict=True))


def test_notes_are_written_from_the_catalogue() -> None:
    # Rd at 80: dexamethasone 40 mg reduced to 20 mg over 75 (its age rule, FIRST trial).
    s = expand("rd", age=80, serum_creatinine_umol_l=70, vte_risk="standard")
    assert notes_of(s, "dexamethasone") == [
        (
            "age 80 > 75: reduced to 20 mg by the regimen's age rule (FIRST trial; Revlimid label)",
            "年龄 80 岁，超过 75 岁：按方案的年龄规则减为 20 mg（FIRST trial; Revlimid label）",
        )
    ]
    # RVd, 60 y, 50 kg, SCr 1.5 mg/dL: 80 × 50 / 108 = 37.0 mL/min, the 30-60 band: 10 mg.
    s = expand(weight_kg=50, height_cm=170, serum_creatinine_mg_dl="1.5", vte_risk="standard")
    source = "US label (Revlimid), bands by Cockcroft-Gault CrCl"
    assert notes_of(s, "lenalidomide") == [
        (
            "renal band 30 ≤ CrCl < 60 mL/min: 10 mg (CrCl 37.0 mL/min, Cockcroft-Gault, "
            f"{source})",
            "肾功能分档 30 ≤ CrCl < 60 mL/min：10 mg（CrCl 37.0 mL/min，Cockcroft-Gault 公式；"
            f"来源：{source}）",
        )
    ]
    # No creatinine: the full dose, said on the dose itself.
    s = expand(vte_risk="standard")
    assert notes_of(s, "lenalidomide") == [
        (
            "NO RENAL CHECK: the plan gives no serum creatinine; full dose 25 mg",
            "未做肾功能核对：计划中没有血肌酐，按全量 25 mg",
        )
    ]


def test_a_dose_the_strengths_cannot_make_is_noted_on_the_dose(tmp_path: Path) -> None:
    # CyBorD, 1.58 m²: 474 mg (rounded to 475 mg) of 50 mg tablets is 450 mg, −5.1 %.
    formulary = ward(
        tmp_path, "formulary:\n  cyclophosphamide: {strengths: [50 mg], combine: true}\n"
    )
    s = expand("cybord", ward=formulary, height_cm=170, weight_kg="52.9", vte_risk="standard")
    assert notes_of(s, "cyclophosphamide") == [
        (
            "474 mg (rounded to 475 mg) cannot be made from 50 mg (units combined): 450 mg is "
            "given (-5.1 %)",
            "474 mg（取整为 475 mg），无法由 50 mg 配出（可组合）：给予 450 mg（-5.1%）",
        )
    ]


# --- every code, and the JSON outputs ---------------------------------------------------------


def test_every_warning_code_is_made_by_a_test_above() -> None:
    # Runs after the tests above (file order); alone, it makes nothing and is skipped.
    if len(SEEN) < 2:
        pytest.skip("run with the tests above")
    codes = {code for code in MESSAGES if code.startswith("warning.")}
    assert codes == SEEN


def test_chinese_warnings_and_notes_are_chinese_text() -> None:
    """Full-width marks next to Chinese; no field path, test id or English word in the
    sentence (the field only after 位置：; quoted values and a source the regimen wrote aside)."""
    for code, (_, zh) in MESSAGES.items():
        if not code.startswith(("warning.", "note.")):
            continue
        sentence = re.sub(r"位置：\S+$", "", zh)
        sentence = re.sub(r"“[^”]*”|\{\w+\}", "", sentence)
        assert not re.search(rf"(?<=[{HAN}])[,:;()]|[,:;()](?=[{HAN}])", sentence), code
        words = set(re.findall(r"[A-Za-z][A-Za-z_.-]*", sentence))
        assert words <= {"CD", "mg", "kg", "m", "mL", "min", "mol", "L", "dL", "HOPA"} | {
            "Cockcroft-Gault",
            "Devine",
            "CrCl",
        }, (code, words)


def test_the_twin_string_api_is_gone() -> None:
    assert not hasattr(Warnings, "once")
    w = Warnings()
    w.add("warning.calendar.no_holiday_data", year=2027)
    w.add("warning.calendar.no_holiday_data", year=2027)  # given once
    assert (w.codes, len(w.en), len(w.zh)) == (["warning.calendar.no_holiday_data"], 1, 1)


def run(*args: str, **env: str | None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={**ENV, **env})
    return result.exit_code, result.stdout


def plan_file(tmp_path: Path) -> Path:
    """A woman on DRd whose plan records neither creatinine nor childbearing potential."""
    data = {
        "patient": {"id": "W-1", "sex": "F", "age": 50, "height_cm": 156, "weight_kg": 52},
        "regimen": "drd",
        "start": "2026-12-01",
        "cycles": 1,
    }
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


CODES = [
    "warning.renal.no_creatinine",
    "warning.plan.childbearing_potential_missing",
    "warning.plan.irregular_menses_missing",
    "warning.plan.vte_risk_missing",
]


def test_the_ward_sheet_json_carries_each_warnings_code(tmp_path: Path) -> None:
    code, out = run("ward", str(plan_file(tmp_path)), "--date", "2026-12-01", "-f", "json")
    assert code == 0, out
    warnings = json.loads(out)["days"][0]["warnings"]
    assert [w["code"] for w in warnings] == CODES
    assert set(warnings[0]) == {"patient_id", "warning", "warning_zh", "code"}
    assert warnings[1]["warning"].startswith("patient.childbearing_potential is not recorded")
    assert warnings[1]["warning_zh"].startswith("计划未记录患者是否有生育可能：")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_check_json_carries_each_warnings_code_and_text(tmp_path: Path, lang: str) -> None:
    code, out = run("check", str(plan_file(tmp_path)), "-f", "json", "--lang", lang)
    assert code == 0, out
    (entry,) = json.loads(out)["files"]
    assert entry["warning_codes"] == CODES
    assert entry["warnings"][3].startswith("patient.vte_risk is not recorded: ")
    if lang == "zh":
        assert entry["warnings_text"][3].startswith("计划未记录静脉血栓栓塞风险：")
        assert entry["warnings_text"][3].endswith("。位置：patient.vte_risk")
    else:
        assert entry["warnings_text"] == entry["warnings"]


def test_check_prints_warnings_in_its_language(tmp_path: Path) -> None:
    code, out = run("check", str(plan_file(tmp_path)), "--lang", "zh")
    assert code == 0, out
    assert "      警告：计划未记录月经是否规律：" in out
    assert "not recorded" not in out
