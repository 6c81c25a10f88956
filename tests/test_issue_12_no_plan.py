"""Issue 12, item 4: ``ward -o`` replaced yesterday's sheet with an empty one when nothing could
be read (a typo in the folder name). When no plan can be used, nothing is written, the old file
stays, and the command exits with code 1 and a one-paragraph message."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from mmsched.cli.app import app

ENV = {"MMSCHED_LANG": "en", "NO_COLOR": "1", "XDG_CONFIG_HOME": "/nonexistent-mmsched-test"}
YESTERDAY = "Ward day sheet (plans read: 7)\n...yesterday's sheet...\n"
ADVICE = "Check the folder and file names; mmsched check shows every problem of a plan file.\n"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_a_mistyped_folder_leaves_yesterdays_sheet(tmp_path: Path, fmt: str) -> None:
    sheet = tmp_path / "sheet.out"
    sheet.write_text(YESTERDAY, encoding="utf-8")
    typo = EXAMPLES / "wrad"
    code, out, err = run("ward", typo, "--date", "2026-12-11", "-f", fmt, "-o", sheet)
    assert code == 1
    assert out == ""
    assert err == (
        f"error: no plan could be used, so no sheet is written and {sheet} is left as it was: "
        f"{typo} (no such file or folder; check the path). {ADVICE}"
    )
    assert sheet.read_text(encoding="utf-8") == YESTERDAY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.out"]  # no temporary file left


def test_without_o_no_empty_sheet_is_printed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("patient: {id: X1}\nregimen: rvdd\nstart: 2026-12-01\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run("ward", bad, empty, tmp_path / "gone.yaml", "--from", "2026-12-01")
    assert (code, out) == (1, "")
    # Paths first, then plans; a plan's five problems (an unknown regimen, four fields) are
    # counted here and listed by check.
    assert err == (
        f"error: no plan could be used, so no sheet is printed: {empty} (this folder has no plan "
        f"files (*.yaml, *.yml)); {tmp_path / 'gone.yaml'} (no such file or folder; check the "
        f"path); {bad} (5 problems). {ADVICE}"
    )


def test_a_long_list_of_unusable_files_is_summed_up(tmp_path: Path) -> None:
    missing = [tmp_path / f"plan-{n}.yaml" for n in range(7)]
    code, _, err = run("ward", *missing, "--date", "2026-12-11")
    assert code == 1
    assert f"{missing[4]} (no such file or folder; check the path) and 2 more. " in err
    assert str(missing[5]) not in err


def test_a_patient_whose_plans_all_overlap_is_no_sheet_either(tmp_path: Path) -> None:
    # The only patient's two plans overlap (the same plan copied): nobody is left to list.
    original = EXAMPLES / "ward" / "gz-0103-cybord.yaml"
    copy = tmp_path / "copy.yaml"
    copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    sheet = tmp_path / "sheet.txt"
    sheet.write_text(YESTERDAY, encoding="utf-8")
    code, _, err = run("ward", original, copy, "--date", "2026-12-11", "-o", sheet)
    assert code == 1
    assert err.startswith(
        f"error: no plan could be used, so no sheet is written and {sheet} is left as it was: "
        f"{original} (patient GZ-0103: this plan's course (2026-12-01 to 2027-01-19) overlaps "
    )
    assert sheet.read_text(encoding="utf-8") == YESTERDAY


def test_one_usable_plan_is_a_sheet(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.txt"
    sheet.write_text(YESTERDAY, encoding="utf-8")
    good = EXAMPLES / "ward" / "gz-0103-cybord.yaml"
    code, _, err = run("ward", good, tmp_path / "gone.yaml", "--date", "2026-12-11", "-o", sheet)
    assert code == 1
    assert err == f"error: {tmp_path / 'gone.yaml'}: no such file or folder; check the path\n"
    assert sheet.read_text(encoding="utf-8").startswith("Ward day sheet (plans read: 1)\n")
