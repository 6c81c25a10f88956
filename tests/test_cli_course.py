"""The course features through the command line: --ward on every command, and mmsched diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mmsched.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
CASE1 = ROOT / "examples" / "case1-rvd-il2.yaml"
COURSE = ROOT / "examples" / "course" / "case1-course.yaml"
SUNDAYS = "closed_weekdays: [sun]\nholidays: cn\n"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def ward(tmp_path: Path) -> Path:
    path = tmp_path / "ward.yaml"
    path.write_text(SUNDAYS, encoding="utf-8")
    return path


def test_calendar_with_ward_shifts_the_sunday_il2_dose(ward: Path) -> None:
    code, out, _ = invoke("calendar", str(CASE1), "--format", "json", "--ward", str(ward))
    assert code == 0
    il2 = [a for a in json.loads(out)["administrations"] if a["drug"] == "interleukin-2"]
    # Case 1 starts Tue 2026-12-01: IL-2 d6 falls on Sun 12-06 -> Mon 12-07, d7 -> Tue 12-08.
    assert [a["date"] for a in il2[:7]] == [
        "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05",
        "2026-12-07", "2026-12-08",
    ]  # fmt: skip
    assert il2[5]["planned_date"] == "2026-12-06"
    assert il2[5]["shift_reason"] == "ward closed on 2026-12-06 (Sunday)"
    assert il2[5]["shift_reason_zh"] == "2026-12-06 病区停诊（星期日）"


def test_ics_with_ward_moves_the_event(ward: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.ics"
    code, _, err = invoke(
        "ics",
        str(CASE1),
        "-o",
        str(out),
        "--group",
        "drug",
        "--ward",
        str(ward),
        "--dtstamp",
        "2026-11-01T00:00:00Z",
        "--lang",
        "en",
    )
    assert code == 0, err
    text = out.read_bytes().decode("utf-8").replace("\r\n ", "")
    events = text.split("BEGIN:VEVENT")[1:]
    il2_d6 = [e for e in events if "SUMMARY:C1D6 interleukin-2" in e]
    assert len(il2_d6) == 1
    assert "DTSTART;VALUE=DATE:20261207" in il2_d6[0]


def test_ward_sheet_with_ward_lists_the_shifted_dose(ward: Path) -> None:
    code, out, _ = invoke(
        "ward", str(CASE1), "--date", "2026-12-06", "--format", "json", "--ward", str(ward)
    )
    assert code == 0
    (day,) = json.loads(out)["days"]
    assert sorted(a["drug"] for a in day["administrations"]) == ["lenalidomide"]


def test_diff_command_json_and_text() -> None:
    code, out, _ = invoke("diff", str(CASE1), str(COURSE), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "mmsched.diff/1"
    kinds = {(c["kind"], c["name"], c["cycle"], c["day"]) for c in data["changes"]}
    # The course omits dexamethasone on 12-10 (C1D10), holds lenalidomide 12-15..12-17,
    # moves bortezomib C1D11 to 12-12 and lowers it to level 1 (1 mg/m²) from cycle 2.
    assert ("removed", "dexamethasone", 1, 10) in kinds
    assert {("removed", "lenalidomide", 1, d) for d in (15, 16, 17)} <= kinds
    assert ("moved", "bortezomib", 1, 11) in kinds
    assert ("dose", "bortezomib", 2, 1) in kinds
    dose = next(c for c in data["changes"] if c["kind"] == "dose")
    # Cycle 2 after the weight loss: √(156 × 45.5 / 3600) = 1.404 -> 1.40 m² × 1 mg/m² = 1.4 mg.
    assert (dose["old_dose"], dose["new_dose"], dose["unit"]) == (2, 1.4, "mg")
    code, out, _ = invoke("diff", str(CASE1), str(COURSE), "--lang", "zh")
    assert code == 0
    assert out.splitlines()[0].startswith("患者 GZ-0001 的变更")
    # Columns line up by display width: 剂量变更 is 8 columns, padded to 12.
    assert "  剂量变更     C2D1    硼替佐米：2026年12月29日 星期二：2 mg → 1.4 mg" in out
    assert "  改期         C1D6    " in out


def test_diff_of_a_bad_plan_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("patient: {id: X}\nregimen: rvd\n", encoding="utf-8")
    code, out, err = invoke("diff", str(CASE1), str(bad))
    assert code == 1
    assert out == ""
    assert err.startswith(f"error: {bad}") and "Traceback" not in err


def test_check_reports_a_bad_regimen_id_with_the_plans_other_problems(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "patient: {id: X1, sex: F, age: 50, height_cm: 1.6, weight_kg: 60}\n"
        "regimen: rvx\nstart: 2026-02-30\nbsa_formula: foo\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("check", str(plan))
    assert code == 1
    assert f"error {plan}: 4 problems:" in out
    for field in (
        "regimen: 'rvx' is not a bundled regimen",
        "patient.height_cm: 1.6 looks like",
        "start: '2026-02-30' is not a date",
        "bsa_formula: 'foo' is not a known",
    ):
        assert f"  - {field}" in out
    assert out.rstrip().endswith("1 file checked, 1 with problems")


def test_diff_of_two_patients_says_so() -> None:
    case2 = ROOT / "examples" / "case2-tvd-il2.yaml"
    code, out, _ = invoke("diff", str(CASE1), str(case2), "--lang", "en")
    assert code == 0
    assert out.splitlines()[0] == (
        "NOTE: these plans are for two different patients (GZ-0001 and GZ-0002)."
    )
    code, out, _ = invoke("diff", str(CASE1), str(case2), "--format", "json")
    data = json.loads(out)
    assert (data["old"]["patient_id"], data["new"]["patient_id"]) == ("GZ-0001", "GZ-0002")


def test_local_regimen_with_a_bundled_id_is_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "regimens"
    local.mkdir()
    text = (ROOT / "regimens" / "rvd.yaml").read_text(encoding="utf-8")
    (local / "rvd.yaml").write_text(text.replace("cycles: 2", "cycles: 3"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # ./regimens is not looked at unless it is named (issue 12): only the regimen library's
    # folders and --dir are, since only their ids are usable in a plan.
    code, out, err = invoke("regimens", "--lang", "en")
    assert code == 0 and out.count("\nrvd ") == 1 and "regimens/rvd.yaml" not in err
    code, out, err = invoke("regimens", "--dir", "regimens", "--lang", "en")
    assert code == 1
    assert out.count("\nrvd ") == 1  # the bundled one: the local file is not usable by id
    assert "has the id of the bundled regimen 'rvd'" in err
    assert "always means the bundled one" in err


def test_calendar_header_says_a_renal_band_set_the_dose(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "patient: {id: R1, sex: F, age: 63, height_cm: 152, weight_kg: 48,"
        " serum_creatinine_umol_l: 150}\nregimen: rvd\nstart: 2026-12-01\ncycles: 1\n"
        "doses: {dexamethasone: 20 mg}\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("calendar", str(plan), "--lang", "en", "--no-color")
    assert code == 0
    # CrCl (140 - 63) × 48 / (72 × 150 / 88.4) × 0.85 = 25.7 mL/min: the < 30 band, no dialysis.
    flat = " ".join(out.split())
    assert "15 mg flat dose; renal band CrCl < 30 mL/min, not on dialysis" in flat
