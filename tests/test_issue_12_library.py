"""Issue 12, item 16: the small things a programmer meets first in the library.

``day_sheet`` takes ``str`` paths (a single ``str`` was iterated character by character into an
AttributeError); ``schedule_to_dict`` sits beside ``schedule_to_json``, which returns text;
``dir(mmsched)`` lists the public names only; a number written with its unit says how to write
it, and never suggests dropping a unit that is not the field's own.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app
from mmsched.errors import PlanError

ENV = {"MMSCHED_LANG": "en", "NO_COLOR": "1", "XDG_CONFIG_HOME": "/nonexistent-mmsched-test"}
WARD = EXAMPLES / "ward"
# examples/ward holds six plans; on 2026-12-07 GZ-0101 (vrd-21, start 2026-12-07) has its C1D1.
DAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    "paths",
    [str(WARD), WARD, [str(WARD)], (WARD,), [str(p) for p in sorted(WARD.glob("*.yaml"))]],
    ids=["str", "Path", "list-of-str", "tuple-of-Path", "files-as-str"],
)
def test_day_sheet_takes_str_and_path(paths: object) -> None:
    sheet = mmsched.day_sheet(paths, DAY)  # type: ignore[arg-type]
    assert sheet.plans == 6
    assert not sheet.errors
    assert "GZ-0101" in {item.patient.schedule.patient_id for item in sheet.day.items}


def test_range_sheets_and_the_ward_file_take_str() -> None:
    days, plans, errors = mmsched.range_sheets(
        str(WARD), DAY, date(2026, 12, 8), str(EXAMPLES / "course" / "ward.yaml")
    )
    assert [d.date for d in days] == [DAY, date(2026, 12, 8)]
    assert plans == 6 and not errors


def test_schedule_to_dict_is_the_json_as_a_mapping() -> None:
    schedule = mmsched.expand(mmsched.load_plan(EXAMPLES / "case1-rvd-il2.yaml"))
    mapping = mmsched.schedule_to_dict(schedule)
    text = mmsched.schedule_to_json(schedule)
    assert isinstance(text, str) and text.endswith("}\n")
    assert json.loads(text) == json.loads(json.dumps(mapping))
    assert mapping["schema"] == "mmsched.schedule/1"
    assert mapping["patient"]["id"] == "GZ-0001"


def test_dir_lists_public_names_only() -> None:
    names = dir(mmsched)
    assert names == sorted([*mmsched.__all__, "__version__"])
    for private in ("import_module", "TYPE_CHECKING", "Any", "annotations", "_EXPORTS", "data"):
        assert private not in names
    # every listed name is really there
    for name in names:
        assert getattr(mmsched, name) is not None


def plan_with(tmp_path: Path, height: str, weight: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "patient: {id: GZ-0001, name: x, sex: F, age: 48, "
        f"height_cm: {height}, weight_kg: {weight}}}\n"
        "regimen: rvd-il2\nstart: 2026-12-01\ndoses: {dexamethasone: 20 mg}\n",
        encoding="utf-8",
    )
    return path


def test_a_number_with_its_own_unit_says_write_the_number_alone(tmp_path: Path) -> None:
    path = plan_with(tmp_path, "156 cm", "52kg")
    with pytest.raises(PlanError) as caught:
        mmsched.load_plan(path)
    assert [str(p) for p in caught.value.problems] == [
        "patient.height_cm: '156 cm' has a unit in it; write the number alone, in cm as the "
        "field's name says: height_cm: 156",
        "patient.weight_kg: '52kg' has a unit in it; write the number alone, in kg as the "
        "field's name says: weight_kg: 52",
    ]
    result = CliRunner().invoke(app, ["check", str(path)], env=ENV)
    assert result.exit_code == 1
    assert "weight_kg: 52" in result.output and "Traceback" not in result.output


def test_a_number_in_another_unit_is_never_just_stripped(tmp_path: Path) -> None:
    """115 lb is 52.2 kg: "write 115" would more than double the BSA dose's weight."""
    path = plan_with(tmp_path, "1.56 m", "115 lb")
    with pytest.raises(PlanError) as caught:
        mmsched.load_plan(path)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "patient.height_cm: '1.56 m' is not in cm; convert it to cm and write the number alone "
        "(height_cm is in cm)",
        "patient.weight_kg: '115 lb' is not in kg; convert it to kg and write the number alone "
        "(weight_kg is in kg)",
    ]
    assert not any("weight_kg: 115" in m for m in messages)
