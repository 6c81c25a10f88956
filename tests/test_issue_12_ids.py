"""Issue 12, item 2: invisible characters in patient ids.

An id copied with a zero-width space (``GZ-0101`` + U+200B) made one patient two: the ward sheet
listed her twice and doubled the drug totals. Ids are normalised (NFKC, trimmed), control and
format characters (Unicode Cc, Cf) are refused anywhere in them, and an id starts with a letter
or a digit; the message names the field and the fix.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

import mmsched
from mmsched.batch.check import check_file
from mmsched.cli.app import app
from mmsched.errors import PlanError

GZ0101 = EXAMPLES / "ward" / "gz-0101-vrd21.yaml"
ENV = {"MMSCHED_LANG": "en", "NO_COLOR": "1", "XDG_CONFIG_HOME": "/nonexistent-mmsched-test"}

INVISIBLE = "(a control or format character: invisible, and often pasted along with copied text)"
RETYPE = "type the id again by hand, without it"


def with_id(tmp_path: Path, yaml_id: str, name: str = "plan.yaml") -> Path:
    """GZ-0101's plan (examples/ward) with ``id:`` written as ``yaml_id`` (YAML source text)."""
    text = GZ0101.read_text(encoding="utf-8")
    assert "{id: GZ-0101," in text
    path = tmp_path / name
    path.write_text(text.replace("{id: GZ-0101,", f"{{id: {yaml_id},"), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("yaml_id", "expected"),
    [
        ('"  GZ-0101 "', "GZ-0101"),
        # Full-width letters, digits and hyphen-minus (a Chinese input method) are NFKC's
        # compatibility forms of the ASCII ones.
        ('"ＧＺ－０１０１"', "GZ-0101"),
        ('"\\u3000GZ-0101\\u00a0"', "GZ-0101"),  # an ideographic space, a no-break space
        ("gz-0101", "gz-0101"),  # the case is kept as written; it is compared without it
        ("住院0101", "住院0101"),  # a Chinese letter first is a letter
    ],
)
def test_an_id_is_normalised_and_trimmed(tmp_path: Path, yaml_id: str, expected: str) -> None:
    plan = mmsched.load_plan(with_id(tmp_path, yaml_id))
    assert plan.patient.id == expected
    assert mmsched.expand(plan).patient_id == expected


@pytest.mark.parametrize(
    ("yaml_id", "message"),
    [
        (
            '"GZ-0101\\u200b"',
            f"contains U+200B ZERO WIDTH SPACE at character 8 {INVISIBLE}; {RETYPE}",
        ),
        (
            '"\\ufeffGZ-0101"',
            f"contains U+FEFF ZERO WIDTH NO-BREAK SPACE at character 1 {INVISIBLE}; {RETYPE}",
        ),
        ('"GZ\\t0101"', f"contains U+0009 at character 3 {INVISIBLE}; {RETYPE}"),
        (
            '"GZ-01\\u00ad01\\u200f"',
            "contains U+00AD SOFT HYPHEN at character 6; U+200F RIGHT-TO-LEFT MARK at character "
            f"9 {INVISIBLE}; {RETYPE}",
        ),
        (
            '"\\x1b[31mGZ"',
            f"contains U+001B at character 1 {INVISIBLE}; {RETYPE}",
        ),
        (
            '"=HYPERLINK(1)"',
            "starts with '='; an id starts with a letter or a digit (so that no spreadsheet "
            "reads it as a formula): write it as the ward's records do, e.g. HYPERLINK(1)",
        ),
        (
            '"-0101"',
            "starts with '-'; an id starts with a letter or a digit (so that no spreadsheet "
            "reads it as a formula): write it as the ward's records do, e.g. 0101",
        ),
        (
            '"@"',
            "starts with '@'; an id starts with a letter or a digit (so that no spreadsheet "
            "reads it as a formula): write it as the ward's records do, e.g. GZ-0001",
        ),
        ('" \\u3000 "', "is empty; give the patient's id as the ward writes it, e.g. GZ-0001"),
    ],
)
def test_a_bad_id_is_refused_naming_the_field_and_the_fix(
    tmp_path: Path, yaml_id: str, message: str
) -> None:
    path = with_id(tmp_path, yaml_id)
    with pytest.raises(PlanError) as caught:
        mmsched.load_plan(path)
    assert str(caught.value) == f"{path}: patient.id: {message}"
    result = check_file(path)
    assert not result.ok and str(result.error) == f"{path}: patient.id: {message}"


def test_a_patient_built_in_code_is_checked_the_same_way() -> None:
    facts = {"sex": "F", "age": 48, "height_cm": 156, "weight_kg": 52}
    assert mmsched.Patient(id=" GZ-0009 ", **facts).id == "GZ-0009"
    with pytest.raises(PlanError) as caught:
        mmsched.Patient(id="GZ-0009\u200b", **facts)
    assert [p.field for p in caught.value.problems] == ["patient.id"]


def test_a_zero_width_space_no_longer_doubles_a_patient_on_the_ward(tmp_path: Path) -> None:
    # The issue's report: GZ-0101's plan and a copy whose id carries a zero-width space. On
    # 2026-12-14 (C1D8 of VRd-21, worked by hand in tests/test_ward.py) GZ-0101 gets bortezomib
    # 2 mg, lenalidomide 25 mg and dexamethasone 20 mg: once, not twice (4 mg, 50 mg, 40 mg).
    folder = tmp_path / "ward"
    folder.mkdir()
    (folder / "gz-0101.yaml").write_text(GZ0101.read_text(encoding="utf-8"), encoding="utf-8")
    copy = with_id(folder, '"GZ-0101\\u200b"', name="gz-0101-copy.yaml")
    result = CliRunner().invoke(
        app, ["ward", str(folder), "--date", "2026-12-14", "-f", "json"], env=ENV
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    (day,) = data["days"]
    totals = {t["drug"]: (t["dose"], t["patients"]) for t in day["totals"]}
    assert totals == {"bortezomib": (2, 1), "dexamethasone": (20, 1), "lenalidomide": (25, 1)}
    assert {a["patient_id"] for a in day["administrations"]} == {"GZ-0101"}
    (error,) = data["errors"]
    assert error["file"] == str(copy)
    assert error["message"] == (
        f"patient.id: contains U+200B ZERO WIDTH SPACE at character 8 {INVISIBLE}; {RETYPE}"
    )


def test_ids_that_differ_only_in_case_are_one_patient(tmp_path: Path) -> None:
    # gz-0103 (examples/ward) and the same plan written for "gz-0103": one patient, two plans.
    original = EXAMPLES / "ward" / "gz-0103-cybord.yaml"
    lower = tmp_path / "lower.yaml"
    lower.write_text(
        original.read_text(encoding="utf-8").replace("{id: GZ-0103,", "{id: gz-0103,"),
        encoding="utf-8",
    )
    assert mmsched.load_plan(lower).patient.id == "gz-0103"
    result = CliRunner().invoke(
        app,
        ["ward", str(EXAMPLES / "ward"), str(lower), "--date", "2026-12-11", "-f", "json"],
        env=ENV,
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    ids = {a["patient_id"].casefold() for a in data["days"][0]["administrations"]}
    assert "gz-0103" not in ids
    assert [(e["file"], e["on_sheet"]) for e in data["errors"]] == [
        (str(original), False),
        (str(lower), False),
    ]
    assert data["errors"][0]["message"].startswith(
        f"patient GZ-0103: this plan's course (2026-12-01 to 2027-01-19) overlaps the plan in "
        f"{lower} (2026-12-01 to 2027-01-19): every plan of this patient is left off this sheet"
    )
    assert data["errors"][1]["message"].startswith(
        f"patient gz-0103: this plan's course (2026-12-01 to 2027-01-19) overlaps the plan in "
        f"{original} (2026-12-01 to 2027-01-19)"
    )
