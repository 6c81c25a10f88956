"""Issue 15: the JSON Schema of regimen, plan and ward files, kept in ``schemas/``, checked
with ``jsonschema`` (Draft 2020-12) against every bundled and example file and every broken
test file whose fault is one of shape."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from mmsched.cli.app import app
from mmsched.formats.file_schema import KINDS, file_schema, schema_json

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "data" / "invalid"
VALID = {
    "regimen": sorted((ROOT / "regimens").glob("*.yaml"))
    + sorted((ROOT / "examples" / "library").glob("*.yaml")),
    "plan": sorted((ROOT / "examples").glob("*.yaml"))
    + sorted((ROOT / "examples" / "ward").glob("*.yaml"))
    + sorted((ROOT / "examples" / "course").glob("case*.yaml")),
    "ward": [ROOT / "examples" / "course" / "ward.yaml"],
}
#: Broken test files whose fault is one of shape: the schema refuses each.
SHAPE = {
    "plan-delay-not-a-number.yaml",  # wrong type
    "plan-many-problems.yaml",  # unknown value (bsa_formula) among others
    "plan-missing-start.yaml",  # missing field
    "plan-no-age.yaml",  # missing field (age or birth_date)
    "plan-not-a-mapping.yaml",  # wrong type
    "plan-unknown-bsa-formula.yaml",  # unknown value
    "plan-unknown-field.yaml",  # unknown field
    "plan-unknown-sex.yaml",  # unknown value
    "regimen-many-problems.yaml",  # unknown value (route) among others
    "regimen-unknown-field.yaml",  # unknown field
    "regimen-unknown-route.yaml",  # unknown value
}


def as_text(node: Any) -> Any:
    """A YAML document as an editor's language server sees it: dates and keys as text."""
    if isinstance(node, dict):
        return {str(k): as_text(v) for k, v in node.items()}
    if isinstance(node, list):
        return [as_text(v) for v in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = file_schema(kind)  # type: ignore[arg-type]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_folder_is_up_to_date(kind: str) -> None:
    """Fails when a model changed and ``schemas/`` was not written again:
    ``for k in regimen plan ward; do mmsched schema $k -o schemas/$k.schema.json; done``."""
    kept = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert kept == schema_json(kind), f"schemas/{kind}.schema.json is stale"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "path"),
    [(k, p) for k, paths in VALID.items() for p in paths],
    ids=lambda v: v if isinstance(v, str) else v.name,
)
def test_every_bundled_and_example_file_is_accepted(kind: str, path: Path) -> None:
    data = as_text(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [f"{e.json_path}: {e.message}" for e in validator(kind).iter_errors(data)]
    assert not errors


@pytest.mark.parametrize("name", sorted(SHAPE))
def test_shape_faults_are_refused(name: str) -> None:
    kind = name.split("-", 1)[0]
    data = as_text(yaml.safe_load((INVALID / name).read_text(encoding="utf-8")))
    assert list(validator(kind).iter_errors(data))


def test_the_others_are_listed_in_the_readme_as_checks_alone() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Editor support", 1)[1].split("\n## ", 1)[0]
    others = {p.name for p in INVALID.glob("*.yaml")} - SHAPE
    missing = sorted(name for name in others if name not in section)
    assert not missing
    for name in SHAPE:
        assert name not in section


def test_examples_of_the_file_forms() -> None:
    plan = validator("plan")
    base = {
        "patient": {"id": "T-1", "sex": "女", "age": "60", "height_cm": "160.5", "weight_kg": 60},
        "regimen": "rvd",
        "start": "2026-12-01",
    }
    assert not list(plan.iter_errors(base))
    assert list(plan.iter_errors({**base, "patient": {**base["patient"], "age": "sixty"}}))
    assert list(plan.iter_errors({**base, "ward": {"closed": []}}))  # a path, not a mapping
    regimen = validator("regimen")
    assert not list(regimen.iter_errors({"id": "rvd-4", "extends": "rvd", "cycles": 4}))
    assert list(regimen.iter_errors({"id": "rvd-4", "cycles": 4}))  # no extends: all fields
    assert not list(
        regimen.iter_errors(
            {
                "id": "x",
                "name": "X",
                "cycle_days": 28,
                "source": "s",
                "drugs": [{"drug": "d", "dose": "1 mg", "route": "PO", "days": "1"}],
            }
        )
    )


def test_cli_schema_writes_the_kept_schema(tmp_path: Path) -> None:
    out = tmp_path / "plan.schema.json"
    result = CliRunner().invoke(app, ["schema", "plan", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (ROOT / "schemas" / "plan.schema.json").read_text(
        encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["schema", "drug"])
    assert result.exit_code == 2


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_has_a_description_and_a_valid_example(kind: str) -> None:
    schema = file_schema(kind)  # type: ignore[arg-type]
    models = [("(file)", schema), *schema["$defs"].items()]
    missing, invalid = [], []
    for model, definition in models:
        for field, prop in (definition.get("properties") or {}).items():
            if not prop.get("description") or not prop.get("examples"):
                missing.append(f"{model}.{field}")
                continue
            check = jsonschema.Draft202012Validator({**prop, "$defs": schema["$defs"]})
            if not check.is_valid(prop["examples"][0]):
                invalid.append(f"{model}.{field}: {prop['examples'][0]!r}")
    assert not missing
    assert not invalid
