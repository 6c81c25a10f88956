"""Issue 11, the JSON contracts: instructions, dispensed_as, the regimen's assumptions and the
new renal fields in ``mmsched.schedule/1``; notes and instructions in ``mmsched.ward/1``.

Fields are added, none renamed: the old keys keep their places and meaning.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from conftest import EXAMPLES

from mmsched.batch.ward import day_sheet
from mmsched.engine.expand import expand
from mmsched.exports.schedule_json import schedule_to_json
from mmsched.exports.ward_json import ward_to_json
from mmsched.formats.reader import load_plan

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"


def plan(tmp_path: Path, **patient: Any) -> Path:
    """Case 1's plan with ``patient`` fields changed."""
    data = yaml.safe_load(CASE1.read_text(encoding="utf-8"))
    data["patient"].update(patient)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def schedule_json(path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(schedule_to_json(expand(load_plan(path))))
    return result


def test_regimen_assumptions_of_rvd_il2() -> None:
    regimen = schedule_json(CASE1)["regimen"]
    # The old keys come first, unchanged.
    assert list(regimen)[:6] == ["id", "name", "cycle_days", "cycles", "start", "cycle_starts"]
    assumptions = regimen["assumptions"]
    assert len(assumptions) == 3
    assert all(set(item) == {"en", "zh", "source"} for item in assumptions)
    assert assumptions[0]["en"].startswith("Lenalidomide is taken on every day of the 28-day")
    assert assumptions[0]["zh"].startswith("来那度胺按原文“每个周期每天”服用（第 1-28 天）")
    assert "Revlimid US label" in assumptions[0]["source"]
    assert assumptions[2]["en"].startswith("Interleukin-2 is given on days 1-7 of each cycle")


def test_administration_instructions_and_dispensed_as_on_dialysis(tmp_path: Path) -> None:
    data = schedule_json(plan(tmp_path, serum_creatinine_umol_l=600, dialysis=True))
    lena = [a for a in data["administrations"] if a["drug"] == "lenalidomide"]
    assert len(lena) == 56
    first = lena[0]
    assert (first["dose"], first["unit"], first["route"]) == (5, "mg", "PO")
    assert first["instructions"] == ["on dialysis days, take it after dialysis"]
    assert first["instructions_zh"] == ["透析日于透析结束后服用"]
    # rvd's lenalidomide capsules are 2.5, 5, 10, 15, 20, 25 mg, one a dose.
    assert first["dispensed_as"] == "5 mg × 1"
    assert first["notes"][0].startswith("renal band on dialysis: 5 mg (dialysis decides the band")
    # Not oral, no strengths: no dispensing; no instruction.
    bortezomib = next(a for a in data["administrations"] if a["drug"] == "bortezomib")
    assert (bortezomib["dispensed_as"], bortezomib["instructions"]) == (None, [])
    # The old keys keep their places; the new ones follow.
    keys = list(first)
    at = keys.index("instructions")
    assert keys[at : at + 3] == ["instructions", "instructions_zh", "dispensed_as"]


def test_renal_object_keeps_its_keys_and_adds_the_weights(tmp_path: Path) -> None:
    # Woman, 48 y, 156 cm, 90 kg, SCr 1.0 mg/dL. Devine ideal weight 45.5 + 0.9 × 3.6 =
    # 48.74 kg; 90 > 1.2 × 48.74, so obese: adjusted 48.74 + 0.4 × (90 - 48.74) = 65.244 kg.
    # CrCl = 92 × W / 72 × 0.85: actual 97.75, ideal 52.94, adjusted 70.86 mL/min.
    renal = schedule_json(plan(tmp_path, weight_kg=90, serum_creatinine_mg_dl=1.0))["renal"]
    assert renal == {
        "crcl_ml_min": 97.8,
        "method": "Cockcroft-Gault",
        "serum_creatinine_mg_dl": 1,
        "weight_kg": 90,
        "age": 48,
        "dialysis": False,
        "crcl_exact_ml_min": 97.75,
        "weight_basis": "actual",
        "ideal_weight_kg": 48.7,
        "adjusted_weight_kg": 65.2,
        "crcl_by_weight": {"actual": 97.8, "ideal": 52.9, "adjusted": 70.9},
        # issue 14: the same creatinine in µmol/L, whole: 1.0 mg/dL × 88.4 = 88.4 -> 88.
        "serum_creatinine_umol_l": 88,
    }


def test_renal_object_of_a_patient_who_is_not_obese(tmp_path: Path) -> None:
    # 52 kg, SCr 68 µmol/L = 0.769 mg/dL: 92 × 52 / (72 × 0.76923) × 0.85 = 73.42 mL/min.
    renal = schedule_json(plan(tmp_path, serum_creatinine_umol_l=68))["renal"]
    assert renal["crcl_ml_min"] == 73.4
    assert renal["serum_creatinine_umol_l"] == 68  # as the plan wrote it (issue 14)
    assert round(renal["crcl_exact_ml_min"], 2) == 73.42
    assert (renal["weight_basis"], renal["ideal_weight_kg"], renal["adjusted_weight_kg"]) == (
        "actual",
        None,
        None,
    )
    assert renal["crcl_by_weight"] == {}


def test_ward_json_notes_and_instructions_of_a_dialysis_patient(tmp_path: Path) -> None:
    path = plan(tmp_path, serum_creatinine_umol_l=600, dialysis=True)
    sheet = day_sheet([path], date(2026, 12, 1))
    data = json.loads(ward_to_json([sheet.day], sheet.errors))
    items = {a["drug"]: a for a in data["days"][0]["administrations"]}
    lena = items["lenalidomide"]
    assert lena["notes"] == [
        "renal band on dialysis: 5 mg (dialysis decides the band: Cockcroft-Gault is not valid "
        "on dialysis, US label (Revlimid), bands by Cockcroft-Gault CrCl)"
    ]
    assert lena["notes_zh"][0].startswith("肾功能分档 透析：5 mg")
    assert lena["instructions"] == ["on dialysis days, take it after dialysis"]
    assert lena["instructions_zh"] == ["透析日于透析结束后服用"]
    assert lena["dispensed_as"] == "5 mg × 1"
    assert items["bortezomib"]["notes"] == [
        "hepatic dose not checked: the plan gives no total bilirubin"
    ]
    assert items["interleukin-2"]["notes"] == []
    # The old keys keep their order; the new ones are added at the end.
    assert list(lena)[:10] == [
        "patient_id",
        "drug",
        "dose",
        "unit",
        "route",
        "cycle",
        "day",
        "regimen",
        "override",
        "planned_date",
    ]
