"""Issue 15: a regimen through FHIR and back (``regimens to-fhir`` / ``from-fhir``), and
PlanDefinitions from elsewhere in the shape of the core example KDN5."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app
from mmsched.errors import RegimenError
from mmsched.exports.fhir import plan_definition
from mmsched.exports.schedule_json import schedule_to_dict
from mmsched.formats.fhir_regimen import regimen_from_fhir
from mmsched.formats.regimen import Regimen

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "fhir" / "kdn5-like.json"
PLANS = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "examples" / "ward").glob("*.yaml")
)
ENV = {"MMSCHED_LANG": "en", "NO_COLOR": "1", "MMSCHED_REGIMENS": ""}


def through_fhir(regimen: Regimen) -> Regimen:
    resource = json.loads(
        json.dumps(plan_definition(regimen.compiled, regimen.file_form(), "urn:mmsched"))
    )
    data, warnings = regimen_from_fhir(resource)
    assert warnings == []  # mmsched's own PlanDefinition: every rule in its extensions
    return Regimen.model_validate(yaml.safe_load(yaml.safe_dump(data, allow_unicode=True)))


@pytest.mark.parametrize("regimen_id", mmsched.bundled_regimen_ids())
def test_every_bundled_regimen_compiles_the_same_after_the_round_trip(regimen_id: str) -> None:
    regimen = mmsched.load_regimen(regimen_id)
    assert through_fhir(regimen).compiled == regimen.compiled


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_every_example_plan_gives_the_same_schedule(plan: Path) -> None:
    loaded = mmsched.load_plan(plan)
    again = loaded.model_copy(update={"regimen": through_fhir(loaded.regimen)})
    assert schedule_to_dict(mmsched.expand(again)) == schedule_to_dict(mmsched.expand(loaded))


def test_a_kdn5_shaped_plan_definition_by_hand() -> None:
    data, warnings = regimen_from_fhir(json.loads(FIXTURE.read_text(encoding="utf-8")))
    assert data["id"] == "vd-21"  # the tail of its url
    assert data["cycle_days"] == 21 and data["cycles"] == 8  # 4 counted + the last's 4
    assert data["drugs"] == [
        {"drug": "bortezomib", "dose": "1.3 mg/m2", "route": "SC",
         "schedule": [{"cycles": "1-4", "days": [1, 4, 8, 11]}]},
        {"drug": "dexamethasone", "dose": "20 mg", "route": "PO",
         "schedule": [{"cycles": "1-4", "days": [1, 2]}]},
        {"drug": "daratumumab", "dose": "16 mg/kg", "route": "IV", "duration_minutes": 210,
         "schedule": [{"cycles": "1-4", "days": [1, 8, 15]}, {"cycles": "5-", "days": [1]}]},
    ]  # fmt: skip
    assert len(warnings) == 1 and "rounding" in warnings[0] and "supportive" in warnings[0]
    regimen = Regimen.model_validate(data)
    assert regimen.rule("daratumumab").days_for(5) == (1,)  # type: ignore[union-attr]
    assert regimen.rule("bortezomib").days_for(5) == ()  # type: ignore[union-attr]


def broken(**change: Any) -> dict[str, Any]:
    resource = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for path, value in change.items():
        node = resource
        keys = path.split("__")
        for key in keys[:-1]:
            node = node[int(key)] if key.isdigit() else node[key]
        node[keys[-1]] = value
    return resource


def test_auc_dosing_is_refused_naming_the_element() -> None:
    auc = {"value": 5, "unit": "mg.min/mL", "code": "mg.min/mL"}
    resource = broken(contained__0__dosage__0__doseAndRate__0__doseQuantity=auc)
    with pytest.raises(RegimenError) as error:
        regimen_from_fhir(resource)
    assert "PlanDefinition.contained[0].dosage[0].doseAndRate[0].doseQuantity.code" in str(
        error.value
    )
    assert "AUC" in str(error.value)


def test_related_action_other_than_after_end_is_refused() -> None:
    resource = broken(action__1__relatedAction__0__relationship="concurrent")
    with pytest.raises(RegimenError) as error:
        regimen_from_fhir(resource)
    assert "PlanDefinition.action[1].relatedAction[0].relationship" in str(error.value)


def test_cli_round_trip_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    local = ROOT / "examples" / "library" / "rvd-4.yaml"  # a bundled id may not be a file's
    pd, back = tmp_path / "rvd-4.json", tmp_path / "rvd-4.yaml"
    result = runner.invoke(app, ["regimens", "to-fhir", str(local), "-o", str(pd)], env=ENV)
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["regimens", "from-fhir", str(pd), "-o", str(back)], env=ENV)
    assert result.exit_code == 0, result.output
    assert mmsched.load_regimen(back).compiled == mmsched.load_regimen(local).compiled
    bad = tmp_path / "auc.json"
    bad.write_text(
        json.dumps(
            broken(
                contained__0__dosage__0__doseAndRate__0__doseQuantity={"value": 5, "code": "AUC"}
            )
        )
    )
    result = runner.invoke(
        app, ["regimens", "from-fhir", str(bad), "-o", str(tmp_path / "x.yaml")], env=ENV
    )
    assert result.exit_code == 1
    assert "auc.json" in result.output and "doseQuantity.code" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x.yaml").exists()
    result = runner.invoke(
        app, ["regimens", "from-fhir", str(FIXTURE), "-o", str(tmp_path / "k.yaml")], env=ENV
    )
    assert result.exit_code == 0 and "warning:" in result.output
