"""Issue 12, item 1: a key given twice is refused in every file mmsched reads, naming both
places; YAML itself would keep the last value silently (52 kg then 95 kg raised bortezomib from
2 mg to 2.6 mg)."""

from __future__ import annotations

from pathlib import Path

import pytest

import mmsched
from mmsched.batch.check import check_file
from mmsched.errors import MmschedError

PLAN = """patient:
  id: A-1
  sex: F
  age: 40
  height_cm: 160
  weight_kg: 52
{extra}regimen: rvd
start: 2026-12-01
doses: {{dexamethasone: 20 mg}}
"""


@pytest.mark.parametrize(
    ("extra", "key", "where"),
    [
        ("  weight_kg: 95\n", "weight_kg", "line 6, column 3 and line 7, column 3"),
        ("start: 2026-12-08\n", "start", "line 7, column 1 and line 9, column 1"),
    ],
)
def test_a_plan_key_given_twice_is_refused(
    tmp_path: Path, extra: str, key: str, where: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.format(extra=extra), encoding="utf-8")
    with pytest.raises(MmschedError) as caught:
        mmsched.load_plan(path)
    assert str(caught.value) == (
        f"{path}: the key '{key}' is given twice ({where}); keep one of them"
    )
    result = check_file(path)
    assert not result.ok and f"the key '{key}' is given twice" in str(result.error)


def test_every_duplicate_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = PLAN.format(extra="  weight_kg: 95\n") + "start: 2026-12-08\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MmschedError) as caught:
        mmsched.load_plan(path)
    assert len(caught.value.problems) == 2


def test_a_flow_mapping_duplicate_names_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "patient: {id: A, sex: F, age: 40, height_cm: 160, weight_kg: 52, weight_kg: 95}\n"
        "regimen: rvd\nstart: 2026-12-01\ndoses: {dexamethasone: 20 mg}\n",
        encoding="utf-8",
    )
    with pytest.raises(MmschedError, match=r"line 1, column 51 and line 1, column 66"):
        mmsched.load_plan(path)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # A regimen's dose twice, and its days twice.
        ("    dose: 1.3 mg/m2\n    dose: 1.6 mg/m2\n", "dose"),
        ("    days: 1, 4, 8, 11\n    days: 1, 8\n", "days"),
    ],
)
def test_a_regimen_key_given_twice_is_refused(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "reg.yaml"
    path.write_text(
        "id: r\nname: R\ncycle_days: 21\nsource: test\ndrugs:\n  - drug: bortezomib\n"
        f"    route: SC\n{text}",
        encoding="utf-8",
    )
    with pytest.raises(MmschedError, match=f"the key '{key}' is given twice"):
        mmsched.load_regimen(path)


def test_a_ward_key_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ward.yaml"
    path.write_text("closed_weekdays: [sun]\nclosed_weekdays: []\n", encoding="utf-8")
    with pytest.raises(MmschedError, match="the key 'closed_weekdays' is given twice"):
        mmsched.load_ward(path)


def test_yaml_merge_keys_are_not_duplicates(tmp_path: Path) -> None:
    """``<<:`` merges are YAML's own way to repeat values; only a key written twice is refused."""
    path = tmp_path / "plan.yaml"
    path.write_text(
        "patient:\n  <<: {sex: F, age: 40}\n  id: A\n  height_cm: 160\n  weight_kg: 52\n"
        "regimen: rvd\nstart: 2026-12-01\ndoses: {dexamethasone: 20 mg}\n",
        encoding="utf-8",
    )
    assert mmsched.load_plan(path).patient.age == 40
