"""Bad input, file by file: each file in tests/data/invalid/ and the message it must produce.

Every bad file is checked twice: through the library (an MmschedError with ``.file`` and
``.problems``) and through the command line (exit code 1, one message on stderr naming the file
and the field, nothing on stdout, never a traceback).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mmsched
from mmsched import MmschedError, Patient, Plan, PlanError, RegimenError
from mmsched.cli.app import app

INVALID = Path(__file__).resolve().parent / "data" / "invalid"
ROOT = Path(__file__).resolve().parent.parent

FORMULAS = "mosteller, dubois, haycock, gehan-george, boyd, stevenson"
ROUTES = "PO, SC, IV, IV push, IM, IT, SL"
BOTH_OR_NEITHER = (
    "needs either 'days' (the same days every cycle) or 'schedule' "
    "(days that depend on the cycle), and not both"
)

#: file name -> every problem it must produce, as (field, text the message must contain).
EXPECTED: dict[str, list[tuple[str, str]]] = {
    # -- plans: unit mistakes and implausible values
    "plan-height-in-metres.yaml": [
        ("patient.height_cm", "1.56 looks like metres; height is in centimetres (write 156)")
    ],
    "plan-weight-in-grams.yaml": [
        ("patient.weight_kg", "52000 looks like grams; weight is in kilograms (write 52)")
    ],
    "plan-height-out-of-range.yaml": [
        ("patient.height_cm", "300 cm is outside 50-250 cm; check the height")
    ],
    "plan-weight-out-of-range.yaml": [
        ("patient.weight_kg", "5 kg is outside 10-350 kg; check the weight")
    ],
    "plan-no-age.yaml": [("patient.age", "give the patient's age or birth_date")],
    "plan-unknown-sex.yaml": [("patient.sex", "'F' or 'M' (got 'X')")],
    "plan-birth-after-start.yaml": [("patient.birth_date", "is on or after the start date")],
    # -- plans: dates
    "plan-start-does-not-exist.yaml": [
        ("start", "'2026-02-30' is not a date that exists; write a real date as YYYY-MM-DD")
    ],
    "plan-start-implausible.yaml": [
        ("start", "1926-12-01 is not a plausible start date (2000 to 2100)")
    ],
    "plan-missing-start.yaml": [("start", "is required but missing")],
    "plan-regimen-file-missing.yaml": [("regimen", "no-such-regimen.yaml")],
    # -- plans: the regimen
    "plan-unknown-regimen.yaml": [
        (
            "regimen",
            "'rvx' is not a bundled regimen (cybord, drd, rd, rd-maintenance-s0777, rvd, rvd-il2,",
        ),
    ],
    # -- plans: dose choices
    "plan-dose-choice-missing.yaml": [
        (
            "doses.dexamethasone",
            "dexamethasone is prescribed as a range (10-40 mg) in regimen 'rvd'; "
            "choose the dose in the plan, e.g. doses: {dexamethasone: 10 mg}",
        )
    ],
    "plan-dose-outside-range.yaml": [
        (
            "doses.dexamethasone",
            "50 mg is outside the regimen's range for dexamethasone (10-40 mg); "
            "choose a dose inside it",
        )
    ],
    "plan-dose-for-fixed-drug.yaml": [
        (
            "doses.bortezomib",
            "bortezomib has a fixed dose of 1.3 mg/m2 in regimen 'rvd'; "
            "only a dose range is chosen in the plan",
        )
    ],
    "plan-dose-wrong-unit.yaml": [
        ("doses.dexamethasone", "choose one dose in mg inside 10-40 mg, e.g. '10 mg'")
    ],
    "plan-dose-unknown-drug.yaml": [
        (
            "doses.thalidomide",
            "regimen 'rvd' has no drug 'thalidomide'; "
            "its drugs are lenalidomide, bortezomib, dexamethasone",
        )
    ],
    # -- plans: other fields
    "plan-unknown-field.yaml": [
        ("bsa_fromula", "is not a known field; check its spelling (unknown fields are refused)")
    ],
    "plan-unknown-bsa-formula.yaml": [
        ("bsa_formula", f"'fujimoto' is not a known formula; use one of {FORMULAS}")
    ],
    "plan-delay-no-such-cycle.yaml": [("delays.3", "there is no cycle 3; cycles run 1 to 2")],
    "plan-delay-negative.yaml": [("delays.2", "-7 days: a delay is 0 to 365 days later")],
    "plan-delay-not-a-number.yaml": [("delays[2]", "valid integer")],
    # -- plans: the file itself
    "plan-yaml-syntax.yaml": [("", "line 3, column 8: not valid YAML")],
    "plan-not-a-mapping.yaml": [
        ("", "must be a YAML mapping of fields (key: value), not a list or a single value")
    ],
    # -- plans: every problem at once
    "plan-many-problems.yaml": [
        ("bsa_formula", "'fujimoto' is not a known formula"),
        ("delays.3", "there is no cycle 3"),
        ("doses.bortezomib", "bortezomib has a fixed dose"),
        ("doses.dexamethasone", "dexamethasone is prescribed as a range (10-40 mg)"),
    ],
    # -- regimens
    "regimen-day-outside-cycle.yaml": [
        ("drugs[0].days", "day 29 is outside the cycle; days run from 1 to cycle_days (28)")
    ],
    "regimen-duplicate-day.yaml": [("drugs[0].days", "day 4 is named more than once")],
    "regimen-days-and-schedule.yaml": [("drugs[0]", f"'daratumumab' {BOTH_OR_NEITHER}")],
    "regimen-neither-days-nor-schedule.yaml": [("drugs[0]", f"'lenalidomide' {BOTH_OR_NEITHER}")],
    "regimen-unknown-unit.yaml": [
        (
            "drugs[0].dose",
            "'units' in '500000 units' is not a known unit; use one of mg, mcg, g, IU",
        )
    ],
    "regimen-unknown-route.yaml": [
        ("drugs[0].route", f"'INH' is not a known route; use one of {ROUTES}")
    ],
    "regimen-overlapping-schedule.yaml": [
        (
            "drugs[0].schedule[1].cycles",
            "cycle 3 day 1 is covered by schedule[0] too; rows may share a cycle only on "
            "different days",
        )
    ],
    "regimen-72h-clash.yaml": [
        (
            "drugs[0].min_interval_hours",
            "bortezomib on cycle 1 day 1 and cycle 1 day 2 are 24 hours apart, less than the "
            "72 hours the regimen requires; space the days out",
        )
    ],
    "regimen-72h-clash-across-cycles.yaml": [
        (
            "drugs[0].min_interval_hours",
            "bortezomib on cycle 1 day 28 and cycle 2 day 1 are 24 hours apart",
        )
    ],
    "regimen-unknown-field.yaml": [
        ("drugs[0].min_interval", "is not a known field; check its spelling")
    ],
    "regimen-duplicate-drug.yaml": [("drugs[1].drug", "'dexamethasone' is listed twice")],
    "regimen-rounding-unit.yaml": [
        ("drugs[0].rounding", "the step is in mcg but the dose is in mg; use the dose's unit")
    ],
    "regimen-many-problems.yaml": [
        ("drugs[0].days", "day 29 is outside the cycle"),
        ("drugs[1].route", "'XX' is not a known route"),
        ("drugs[2].dose", "'units' in '20 units' is not a known unit"),
    ],
}

INVALID_FILES = sorted(p.name for p in INVALID.glob("*.yaml"))
PLAN_FILES = [name for name in INVALID_FILES if name.startswith("plan-")]
REGIMEN_FILES = [name for name in INVALID_FILES if name.startswith("regimen-")]


def load(path: Path) -> object:
    if path.name.startswith("regimen-"):
        return mmsched.load_regimen(path)
    return mmsched.load_plan(path)


def test_every_invalid_file_is_paired_with_its_message() -> None:
    assert set(INVALID_FILES) == set(EXPECTED)
    assert set(INVALID_FILES) == set(PLAN_FILES) | set(REGIMEN_FILES)


@pytest.mark.parametrize("name", INVALID_FILES)
def test_library_reports_file_and_every_problem(name: str) -> None:
    path = INVALID / name
    with pytest.raises(MmschedError) as info:
        load(path)
    error = info.value
    assert error.file is not None
    assert Path(error.file).name == name
    got = [(p.field, p.message) for p in error.problems]
    expected = EXPECTED[name]
    assert len(got) == len(expected), got
    for (field, message), (want_field, want_text) in zip(got, expected, strict=True):
        assert field == want_field
        assert want_text in message
    # The rendered message names the file and every field.
    text = str(error)
    assert name in text
    for want_field, _ in expected:
        assert want_field in text


@pytest.mark.parametrize("name", REGIMEN_FILES)
def test_bad_regimen_files_raise_regimen_error(name: str) -> None:
    with pytest.raises(RegimenError):
        mmsched.load_regimen(INVALID / name)


runner = CliRunner()


def check_cli_error(args: list[str], *must_contain: str) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("error: ") == 1
    for text in must_contain:
        assert text in result.stderr
    # A clean exit, not an exception that escaped the command.
    assert isinstance(result.exception, SystemExit) or result.exception is None
    return result.stderr


@pytest.mark.parametrize("name", PLAN_FILES)
def test_cli_plan_file(name: str) -> None:
    fields = [field for field, _ in EXPECTED[name] if field]
    texts = [text for _, text in EXPECTED[name]]
    stderr = check_cli_error(["calendar", str(INVALID / name)], name, *fields, *texts)
    if len(EXPECTED[name]) == 1:
        assert stderr.count("\n") == 1  # one line


@pytest.mark.parametrize("name", PLAN_FILES)
def test_cli_plan_file_json_format_fails_the_same(name: str) -> None:
    check_cli_error(["calendar", str(INVALID / name), "--format", "json"], name)


@pytest.mark.parametrize("name", REGIMEN_FILES)
def test_cli_plan_with_a_bad_regimen_file(name: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "patient: {id: T-1, sex: F, age: 60, height_cm: 160, weight_kg: 60}\n"
        f"regimen: {(INVALID / name).as_posix()}\nstart: 2026-12-01\n",
        encoding="utf-8",
    )
    fields = [field for field, _ in EXPECTED[name]]
    texts = [text for _, text in EXPECTED[name]]
    check_cli_error(["calendar", str(plan)], name, *fields, *texts)


def test_missing_plan_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(MmschedError) as info:
        mmsched.load_plan(path)
    assert info.value.file == str(path)
    assert [str(p) for p in info.value.problems] == ["no such file; check the path"]
    check_cli_error(["calendar", str(path)], "nope.yaml", "no such file; check the path")


def test_plan_that_is_a_folder(tmp_path: Path) -> None:
    check_cli_error(
        ["calendar", str(tmp_path)], str(tmp_path), "is a folder, not a file; give a YAML file"
    )


def test_plan_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("patient: {name: 廖某妹}\n".encode("gbk"))
    check_cli_error(
        ["calendar", str(path)], "gbk.yaml", "line 1 is not UTF-8 text", "save it as UTF-8"
    )


def test_missing_regimen_file_names_the_plan_its_field_and_the_path() -> None:
    path = INVALID / "plan-regimen-file-missing.yaml"
    with pytest.raises(PlanError) as info:
        mmsched.load_plan(path)
    assert info.value.file == str(path)
    assert [p.field for p in info.value.problems] == ["regimen"]
    assert str(INVALID / "no-such-regimen.yaml") in info.value.problems[0].message


# -- plans built in code get the same checks ----------------------------------------------------


def patient(**changes: object) -> dict[str, object]:
    return {"id": "T-1", "sex": "F", "age": 60, "height_cm": 160, "weight_kg": 60, **changes}


def test_plan_in_code_is_checked_like_a_file() -> None:
    with pytest.raises(PlanError) as info:
        Plan(
            patient=Patient(**patient()),  # type: ignore[arg-type]
            regimen="rvd",  # type: ignore[arg-type]
            start=date(2026, 12, 1),
            doses={"dexamethasone": "50 mg"},
        )
    assert [p.field for p in info.value.problems] == ["doses.dexamethasone"]
    assert info.value.file is None


def test_plan_in_code_with_a_bad_patient_mapping_raises_plan_error() -> None:
    with pytest.raises(PlanError) as info:
        Plan.model_validate(
            {
                "patient": patient(height_cm=Decimal("1.56")),
                "regimen": "rvd",
                "start": "2026-12-01",
                "doses": {"dexamethasone": "20 mg"},
            }
        )
    assert [str(p) for p in info.value.problems] == [
        "patient.height_cm: 1.56 looks like metres; height is in centimetres (write 156)"
    ]


def test_patient_in_code_raises_plan_error() -> None:
    with pytest.raises(PlanError) as info:
        Patient(**patient(height_cm=Decimal("1.56")))  # type: ignore[arg-type]
    assert [p.field for p in info.value.problems] == ["patient.height_cm"]
    assert "looks like metres" in info.value.problems[0].message


def test_plan_in_code_with_a_date_that_does_not_exist_raises_plan_error() -> None:
    with pytest.raises(PlanError) as info:
        Plan.model_validate(
            {
                "patient": patient(),
                "regimen": "rvd",
                "start": "2026-02-30",
                "doses": {"dexamethasone": "20 mg"},
            }
        )
    assert [p.field for p in info.value.problems] == ["start"]


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        (
            {"patient": patient(height_cm=1.56), "bsa_formula": "fujimoto"},
            {"patient.height_cm", "bsa_formula", "doses.dexamethasone"},
        ),
        (
            {"bsa_fromula": "dubois", "delays": {3: 7}},
            {"bsa_fromula", "delays.3", "doses.dexamethasone"},
        ),
    ],
)
def test_all_problems_at_once_across_patient_and_plan(
    changes: dict[str, object], fields: set[str], tmp_path: Path
) -> None:
    import yaml

    data = {"patient": patient(), "regimen": "rvd", "start": "2026-12-01", **changes}
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(MmschedError) as info:
        mmsched.load_plan(path)
    assert {p.field for p in info.value.problems} == fields


def test_example_plans_are_valid() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        plan = mmsched.load_plan(path)
        assert plan.start >= date(2026, 1, 1)


def test_age_and_birth_date_that_disagree_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "patient: {id: T-1, sex: F, age: 30, birth_date: 1950-01-01, height_cm: 160, "
        "weight_kg: 60}\nregimen: rvd\nstart: 2026-12-01\ndoses: {dexamethasone: 20 mg}\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanError) as info:
        mmsched.load_plan(path)
    assert [p.field for p in info.value.problems] == ["patient.age"]


def test_bare_number_patient_id_is_refused(tmp_path: Path) -> None:
    # YAML reads 0101 as the octal number 65: the id must be quoted.
    path = tmp_path / "plan.yaml"
    path.write_text(
        "patient: {id: 0101, sex: F, age: 50, height_cm: 160, weight_kg: 60}\n"
        "regimen: rvd\nstart: 2026-12-01\ndoses: {dexamethasone: 20 mg}\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanError) as info:
        mmsched.load_plan(path)
    (problem,) = info.value.problems
    assert problem.field == "patient.id"
    assert "in quotes" in problem.message and "number 65" in problem.message


def test_empty_file_and_bare_number_dose_and_unknown_action(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    check_cli_error(["calendar", str(empty)], "empty.yaml", "is empty")
    path = tmp_path / "plan.yaml"
    path.write_text(
        "patient: {id: X1, sex: F, age: 50, height_cm: 160, weight_kg: 60}\nregimen: rvd\n"
        "start: 2026-12-01\ndoses: {dexamethasone: 20}\n"
        "changes: [{action: postpone, drug: bortezomib, reason: x}]\n"
        "measurements: [{date: 2026-12-20, weight_kg: 6500}]\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanError) as info:
        mmsched.load_plan(path)
    assert [str(p) for p in info.value.problems] == [
        "doses: dexamethasone: write the dose with its unit, e.g. dexamethasone: 20 mg",
        "measurements[0].weight_kg: 6500 looks like grams; weight is in kilograms (write 6.5)",
        "changes[0]: 'postpone' is not a known action; use one of 'move', 'hold', 'resume', "
        "'omit', 'dose-level', 'stop', 'delay'",
    ]


def test_delay_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "patient: {id: X1, sex: F, age: 50, height_cm: 160, weight_kg: 60}\nregimen: rvd\n"
        "start: 2026-12-01\ndoses: {dexamethasone: 20 mg}\ndelays: {2: 7}\n"
        "changes: [{action: delay, cycle: 2, days: 7, reason: neutropenia}]\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanError, match="cycle 2 is delayed here and in 'delays' too"):
        mmsched.load_plan(path)
