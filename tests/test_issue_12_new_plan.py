"""Issue 12, item 15: ``mmsched new plan`` starts a plan file.

Every field a plan needs, the regimen's dose ranges as comments, ``# REQUIRED`` on what the
options did not give (and ``check`` lists exactly those), prompts on a terminal, values quoted
where YAML would read them as something else, and never a file replaced.

The central check: a plan written from options equal to an example plan's values expands to
the same schedule as the example. Case 1 by hand: Mosteller √(156 × 52 / 3600) = 1.5011 →
1.50 m², bortezomib 1.3 × 1.50 = 1.95 → 2 mg (0.1 mg, half-up); 47 doses a cycle (lenalidomide
28, bortezomib 4, dexamethasone 8, IL-2 7), 94 in all.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, REGIMENS
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app
from mmsched.exports.schedule_json import schedule_to_json

ENV: dict[str, str | None] = {
    "MMSCHED_LANG": "en",  # tests pin their language (issue 14)
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "C.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "NO_COLOR": "1",
}
CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
CASE2 = EXAMPLES / "case2-tvd-il2.yaml"
#: Case 1's values, as options.
CASE1_OPTIONS = [
    "--regimen", "rvd-il2", "--start", "2026-12-01", "--id", "GZ-0001", "--name", "廖某妹",
    "--sex", "F", "--age", "48", "--height", "156", "--weight", "52",
    "--dose", "dexamethasone=20 mg",
    # issue 13: the example records both, and chooses aspirin 100 mg inside 81-325 mg
    "--childbearing-potential", "no", "--vte-risk", "standard", "--dose", "aspirin=100 mg",
]  # fmt: skip


def without(options: list[str], *names: str) -> list[str]:
    """``options`` (name, value pairs) without the pairs of ``names``."""
    pairs = zip(options[::2], options[1::2], strict=True)
    return [item for name, value in pairs if name not in names for item in (name, value)]


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["new", "plan", *args], env=ENV, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def new(tmp_path: Path, *args: str, name: str = "plan.yaml", stdin: str | None = None) -> Path:
    target = tmp_path / name
    code, out, err = run(*args, "-o", str(target), stdin=stdin)
    assert code == 0, err
    assert out.startswith(f"wrote {target}: ")
    return target


def same_schedule(written: Path, example: Path) -> None:
    mine, theirs = mmsched.load_plan(written), mmsched.load_plan(example)
    assert schedule_to_json(mmsched.expand(mine)) == schedule_to_json(mmsched.expand(theirs))
    for lang in ("en", "zh"):
        calendar = CliRunner().invoke(app, ["calendar", str(written), "--lang", lang], env=ENV)
        expected = CliRunner().invoke(app, ["calendar", str(example), "--lang", lang], env=ENV)
        assert calendar.stdout == expected.stdout


# --- a complete plan from options ----------------------------------------------------------


def test_case_1_from_options_expands_as_the_example(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    code, out, _ = run(*CASE1_OPTIONS, "-o", str(target))
    assert code == 0
    assert out == f"wrote {target}: a complete plan; mmsched calendar {target} shows it\n"
    same_schedule(target, CASE1)
    schedule = mmsched.expand(mmsched.load_plan(target))
    assert schedule.bsa_m2 == mmsched.expand(mmsched.load_plan(CASE1)).bsa_m2
    bortezomib = [a for a in schedule.administrations if a.drug == "bortezomib"]
    assert (str(schedule.bsa_m2), str(bortezomib[0].dose)) == ("1.50", "2.0")
    assert len(schedule.administrations) == 94
    # Nothing is REQUIRED any more, and check says it is valid.
    assert "# REQUIRED" not in target.read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(target)], env=ENV)
    assert result.exit_code == 0 and result.stdout.endswith("1 file checked, all valid\n")


def test_case_2_from_options_expands_as_the_example(tmp_path: Path) -> None:
    target = new(
        tmp_path,
        *("--regimen", "tvd-il2", "--start", "2026-12-03", "--id", "GZ-0002"),
        *("--name", "廖某全", "--sex", "F", "--age", "63", "--height", "152", "--weight", "48"),
        *("--bsa-formula", "stevenson", "--dose", "thalidomide=100 mg"),
        *("--dose", "dexamethasone=20 mg", "--dose", "aspirin=100 mg"),
        *("--childbearing-potential", "no", "--vte-risk", "standard"),
    )
    same_schedule(target, CASE2)


def test_every_example_ward_plan_from_options(tmp_path: Path) -> None:
    """The six ward examples (five regimens; creatinine in both units): same schedules."""
    for example in sorted((EXAMPLES / "ward").glob("*.yaml")):
        plan = mmsched.load_plan(example)
        patient = plan.patient
        args = [
            *("--regimen", plan.regimen.id, "--start", plan.start.isoformat()),
            *("--id", patient.id, "--name", patient.name or "", "--sex", patient.sex),
            *("--age", str(patient.age), "--height", str(patient.height_cm)),
            *("--weight", str(patient.weight_kg)),
        ]
        if patient.serum_creatinine_umol_l is not None:
            args += ["--creatinine", f"{patient.serum_creatinine_umol_l} umol/L"]
        if patient.serum_creatinine_mg_dl is not None:
            args += ["--creatinine", f"{patient.serum_creatinine_mg_dl} mg/dL"]
        if plan.cycles is not None:
            args += ["--cycles", str(plan.cycles)]
        if plan.bsa_formula != "mosteller":
            args += ["--bsa-formula", plan.bsa_formula]
        if patient.childbearing_potential is not None:
            args += ["--childbearing-potential", "yes" if patient.childbearing_potential else "no"]
        if patient.vte_risk is not None:
            args += ["--vte-risk", patient.vte_risk]
        for drug, dose in plan.doses.items():
            args += ["--dose", f"{drug}={dose}"]
        same_schedule(new(tmp_path, *args, name=example.name), example)


# --- what is not given: written empty, marked, listed by check -----------------------------


def check_problems(plan: Path) -> dict[str, str]:
    result = CliRunner().invoke(app, ["check", "-f", "json", str(plan)], env=ENV)
    assert result.exit_code == 1
    data: dict[str, Any] = json.loads(result.stdout)
    return {p["field"]: p["message"] for p in data["files"][0]["error"]["problems"]}


def test_required_fields_not_given_are_empty_marked_and_listed_by_check(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    code, out, _ = run("--regimen", "rvd-il2", "--start", "2026-12-01", "-o", str(target))
    assert code == 0
    assert out == (
        f"wrote {target}: still REQUIRED: patient.id, patient.sex, patient.age, "
        "patient.height_cm, patient.weight_kg, doses.dexamethasone (mmsched check lists them)\n"
    )
    lines = target.read_text(encoding="utf-8").splitlines()
    required = [line.split(":")[0].strip() for line in lines if "# REQUIRED" in line]
    assert required == ["id", "sex", "age", "height_cm", "weight_kg", "dexamethasone"]
    # Each is written empty: the key, a colon, then only the comment.
    for line in lines:
        if "# REQUIRED" in line:
            assert line.split("#")[0].rstrip().endswith(":"), line
    assert (
        "  dexamethasone:                  # REQUIRED: one dose in 10-40 mg (IV, days 1-4, "
        "9-12)" in lines
    )
    assert "start: 2026-12-01                 # the first day of cycle 1, YYYY-MM-DD" in lines
    assert check_problems(target) == {
        "patient.id": "is empty; write its value after the colon",
        "patient.sex": "is empty; write its value after the colon",
        "patient.age": "give the patient's age or birth_date",
        "patient.height_cm": "is empty; write its value after the colon",
        "patient.weight_kg": "is empty; write its value after the colon",
        "doses.dexamethasone": "is empty; write its value after the colon",
    }


def test_a_missing_start_is_required_too(tmp_path: Path) -> None:
    options = [o for o in CASE1_OPTIONS if o not in ("--start", "2026-12-01")]
    target = tmp_path / "plan.yaml"
    code, out, _ = run(*options, "-o", str(target))
    assert code == 0
    assert "still REQUIRED: start " in out
    assert "start:                            # REQUIRED: the first day of cycle 1, YYYY-MM-DD" in (
        target.read_text(encoding="utf-8")
    )
    assert set(check_problems(target)) == {"start"}


def test_oral_choices_list_the_doses_the_strengths_make(tmp_path: Path) -> None:
    target = new(tmp_path, "--regimen", "tvd", "--start", "2026-12-01")
    text = target.read_text(encoding="utf-8")
    # Thalidomide 50-200 mg from 50, 100, 150 and 200 mg capsules, combined: 50 to 200 by 50.
    assert (
        "  thalidomide:                    # REQUIRED: one dose in 50-200 mg made of the strengths "
        "50, 100, 150, 200 mg: 50, 100, 150 or 200 mg (PO, days 1-28)"
    ) in text.splitlines()
    # Dexamethasone tablets (0.5-6 mg, combined) make too many doses in 20-40 mg to list (the
    # bundled regimens now fix their oral dexamethasone: a regimen file of this test's own).
    regimen = tmp_path / "dex-range.yaml"
    regimen.write_text(
        "id: dex-range\nname: Dex range\ncycle_days: 28\nsource: test\ndrugs:\n"
        "  - {drug: dexamethasone, dose: 20-40 mg, route: PO, days: '1, 8, 15, 22',\n"
        "     strengths: [0.5 mg, 0.75 mg, 1 mg, 1.5 mg, 2 mg, 4 mg, 6 mg], combine: true}\n",
        encoding="utf-8",
    )
    rd = new(tmp_path, "--regimen", str(regimen), "--start", "2026-12-01", name="rd.yaml")
    assert (
        "REQUIRED: one dose in 20-40 mg made of the strengths 0.5, 0.75, 1, 1.5, 2, 4, 6 mg (PO"
        in rd.read_text(encoding="utf-8")
    )


# --- values YAML would read as something else ----------------------------------------------


@pytest.mark.parametrize(
    ("patient_id", "name", "written"),
    [
        ("0101", "yes", 'id: "0101"'),
        ("2026-12-01", "on", 'id: "2026-12-01"'),
        ("1.5", "null", 'id: "1.5"'),
        ("GZ-0001", "No", "id: GZ-0001 "),
        # YAML 1.2 numbers that PyYAML (1.1) reads as text: quoted for every reader
        ("1e3", "x", 'id: "1e3"'),
        ("0x1F", "x", 'id: "0x1F"'),
        # An id may not hold ": " (only letters, digits and - _ . /): the name does here.
        ("ZH-3", "O'Brien: 3", "id: ZH-3 "),
    ],
)
def test_text_values_read_back_as_the_same_text(
    tmp_path: Path, patient_id: str, name: str, written: str
) -> None:
    options = [*CASE1_OPTIONS]
    options[options.index("GZ-0001")] = patient_id
    options[options.index("廖某妹")] = name
    target = new(tmp_path, *options)
    assert f"  {written}" in target.read_text(encoding="utf-8")
    plan = mmsched.load_plan(target)
    assert (plan.patient.id, plan.patient.name) == (patient_id, name)


# --- never replaced, -o required, -o - -----------------------------------------------------


def test_an_existing_file_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("yesterday's plan\n", encoding="utf-8")
    code, out, err = run(*CASE1_OPTIONS, "-o", str(target))
    assert (code, out) == (1, "")
    assert err == (
        f"error: {target}: exists already; mmsched new plan never replaces a file: give another "
        "name, or move that file away first\n"
    )
    assert target.read_text(encoding="utf-8") == "yesterday's plan\n"
    # A symbolic link, even one to nothing, is not replaced either.
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")
    assert run(*CASE1_OPTIONS, "-o", str(link))[0] == 1
    assert link.is_symlink() and not (tmp_path / "nowhere.yaml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "plan.yaml"]


def test_write_new_refuses_a_file_that_appears_meanwhile(tmp_path: Path) -> None:
    """The last step links the finished file into place, which fails if anything is there."""
    from mmsched.cli import fileio

    target = tmp_path / "plan.yaml"
    real_link = os.link

    def racing(src: Any, dst: Any) -> None:
        Path(dst).write_text("the other writer's\n", encoding="utf-8")
        real_link(src, dst)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fileio.os, "link", racing)
        with pytest.raises(FileExistsError):
            fileio.write_new(target, "mine\n")
    assert target.read_text(encoding="utf-8") == "the other writer's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]  # no temporary file left


def test_dash_o_is_required() -> None:
    code, _, err = run("--regimen", "rvd")
    assert code == 2
    assert "Missing option '--output' / '-o'" in err


def test_dash_o_dash_prints_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*CASE1_OPTIONS, "-o", "-")
    assert code == 0
    assert err == "wrote standard output: a complete plan\n"
    assert list(tmp_path.iterdir()) == []
    written = new(tmp_path, *CASE1_OPTIONS)
    assert out == written.read_text(encoding="utf-8")


# --- options checked, all problems at once -------------------------------------------------


def test_bad_options_are_all_named_and_nothing_is_written(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    code, out, err = run(
        *("--regimen", "rvd", "--start", "2199-03-01", "--sex", "X", "--height", "1.56"),
        *("--weight", "52000", "--age", "48", "--birth-date", "1978-03-02"),
        *("--creatinine", "88", "--dose", "dexamethasone=50 mg", "--dose", "bortezomib=1 mg/m2"),
        *("--dose", "aspirin=500 mg", "--id", "\u200bGZ-1", "-o", str(target)),
    )
    assert (code, out) == (1, "")
    assert not target.exists()
    lines = err.splitlines()
    assert lines[0] == "error: 10 problems:"
    problems = dict(line.removeprefix("  - ").split(": ", 1) for line in lines[1:])
    assert set(problems) == {
        "--age",
        "--start",
        "--id",
        "--sex",
        "--height",
        "--weight",
        "--creatinine",
        "--dose dexamethasone",
        "--dose bortezomib",
        "--dose aspirin",
    }
    # A date that does not exist is a usage error (exit 2, as every date option: see
    # test_issue_12_review_outputs); a real date the plan would refuse is one of these.
    assert problems["--start"] == "2199-03-01 is not a plausible start date (2000 to 2100)"
    assert problems["--height"] == "1.56 looks like metres; height is in centimetres (write 156)"
    assert problems["--weight"] == "52000 looks like grams; weight is in kilograms (write 52)"
    assert problems["--age"] == "give --age or --birth-date, not both"
    assert "U+200B ZERO WIDTH SPACE" in problems["--id"]
    assert problems["--dose dexamethasone"].startswith("50 mg is outside the regimen's range")
    assert "fixed dose of 1.3 mg/m2" in problems["--dose bortezomib"]
    # aspirin, a supportive item of rvd (issue 13), is chosen inside its 81-325 mg
    assert problems["--dose aspirin"].startswith("500 mg is outside the regimen's range")


def test_an_undispensable_choice_is_refused(tmp_path: Path) -> None:
    code, _, err = run(
        "--regimen", "tvd", "--dose", "thalidomide=75 mg", "-o", str(tmp_path / "p.yaml")
    )
    assert code == 1
    assert "75 mg cannot be made from the strengths 50, 100, 150, 200 mg" in err


def test_creatinine_in_either_unit(tmp_path: Path) -> None:
    for text, field, value in (("88 umol/L", "umol_l", "88"), ("0.99 mg/dL", "mg_dl", "0.99")):
        target = new(tmp_path, *CASE1_OPTIONS, "--creatinine", text, name=f"{field}.yaml")
        assert f"  serum_creatinine_{field}: {value} " in target.read_text(encoding="utf-8")
        plan = mmsched.load_plan(target)
        assert str(getattr(plan.patient, f"serum_creatinine_{field}")) == value


def test_a_birth_date_instead_of_an_age(tmp_path: Path) -> None:
    options = [o if o != "--age" else "--birth-date" for o in CASE1_OPTIONS]
    options[options.index("48")] = "1978-03-02"
    target = new(tmp_path, *options)
    assert "  birth_date: 1978-03-02 " in target.read_text(encoding="utf-8")
    # 48 on 2026-12-01 (born 2 March 1978): the same schedule as case 1's age 48.
    same_schedule(target, CASE1)


def test_a_complete_plan_is_checked_whole_before_it_is_written(tmp_path: Path) -> None:
    options = [o if o != "--age" else "--birth-date" for o in CASE1_OPTIONS]
    options[options.index("48")] = "2027-01-01"  # born after the start
    target = tmp_path / "plan.yaml"
    code, _, err = run(*options, "-o", str(target))
    assert code == 1
    assert "patient.birth_date: is on or after the start date" in err
    assert not target.exists()


def test_a_regimen_file_is_named_relative_to_the_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    for name in ("rvd.yaml", "rvd-il2.yaml"):
        (library / name).write_text((REGIMENS / name).read_text(encoding="utf-8"), "utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    monkeypatch.chdir(tmp_path)
    options = [*CASE1_OPTIONS]
    options[options.index("rvd-il2")] = "library/rvd-il2.yaml"
    target = new(tmp_path, *options, name="plans/plan.yaml")
    assert "regimen: ../library/rvd-il2.yaml " in target.read_text(encoding="utf-8")
    same_schedule(target, CASE1)


def test_an_unknown_regimen() -> None:
    code, _, err = run("--regimen", "rvx", "-o", "-")
    assert code == 1
    assert "'rvx' is not a bundled regimen" in err


# --- prompts -------------------------------------------------------------------------------


def test_prompts_ask_for_what_the_options_do_not_give(tmp_path: Path) -> None:
    """Each answer is checked as the file would be; a wrong one is asked again. The plan is
    the one the options would write."""
    answers = "\n".join(
        [
            "GZ-0001",  # id
            "廖某妹",  # name (optional)
            "X",  # sex: refused
            "f",  # sex
            "forty",  # age: refused
            "48",  # age
            "1.56",  # height: metres, refused
            "156",  # height
            "52",  # weight
            "88",  # creatinine without a unit: refused
            "",  # creatinine: not measured
            "maybe",  # childbearing potential: refused
            "no",  # childbearing potential
            "standard",  # VTE risk
            "50 mg",  # dexamethasone: outside 10-40 mg, refused
            "20 mg",  # dexamethasone
            "100 mg",  # aspirin (optional: its range until chosen)
            "2026-02-30",  # start: no such date, refused
            "2026-12-01",  # start
        ]
    )
    target = tmp_path / "asked.yaml"
    result = CliRunner().invoke(
        app,
        ["new", "plan", "--regimen", "rvd-il2", "--prompt", "-o", str(target)],
        env=ENV,
        input=answers + "\n",
    )
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    for question in (
        "Patient id, as the ward writes it (e.g. GZ-0001): ",
        "Sex (F or M): ",
        "Age in years, or birth date (YYYY-MM-DD): ",
        "Height in cm: ",
        "Weight in kg: ",
        "Serum creatinine with its unit",
        "Could she become pregnant? yes or no",
        "VTE risk: standard or high",
        "dexamethasone dose: one dose in 10-40 mg: ",
        "aspirin dose: one dose in 81-325 mg",
        "Start of cycle 1 (YYYY-MM-DD, or today, tomorrow, +N days): ",
    ):
        assert question in err
    assert "  'X' is not a sex; write F or M\n" in err
    assert "  1.56 looks like metres; height is in centimetres (write 156)\n" in err
    assert "  '88': write the creatinine with its unit, e.g. 88 umol/L or 0.99 mg/dL\n" in err
    assert "  50 mg is outside the regimen's range for dexamethasone (10-40 mg)" in err
    assert "  'maybe': answer yes or no\n" in err
    assert "  '2026-02-30' is not a date that exists; write it as YYYY-MM-DD\n" in err
    assert result.stdout == f"wrote {target}: a complete plan; mmsched calendar {target} shows it\n"
    by_options = new(tmp_path, *CASE1_OPTIONS)
    assert target.read_text(encoding="utf-8") == by_options.read_text(encoding="utf-8")


def test_prompts_only_for_the_missing_fields(tmp_path: Path) -> None:
    given = without(CASE1_OPTIONS, "--height", "--dose")
    given += ["--dose", "aspirin=100 mg"]
    # The height, the creatinine (empty) and the dexamethasone dose.
    target = new(tmp_path, *given, "--prompt", stdin="156\n\n20 mg\n")
    same_schedule(target, CASE1)


def test_the_input_ending_early_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    code, _, err = run("--regimen", "rvd", "--prompt", "-o", str(target), stdin="GZ-0001\n")
    assert code == 1
    assert err.endswith("error: the input ended before an answer to 'Name'; nothing was written\n")
    assert not target.exists()


def test_without_a_terminal_nothing_is_asked(tmp_path: Path) -> None:
    # CliRunner's standard input is not a terminal: the plan is written with its blanks.
    target = tmp_path / "plan.yaml"
    code, _, err = run("--regimen", "rvd", "-o", str(target), stdin="GZ-0001\n")
    assert (code, err) == (0, "")
    assert "  id:                             # REQUIRED" in target.read_text(encoding="utf-8")


def test_help_names_the_options() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for option in ("--regimen", "--output", "--start", "--id", "--sex", "--age", "--birth-date"):
        assert option in out
    for option in ("--height", "--weight", "--creatinine", "--dose", "--prompt", "--no-prompt"):
        assert option in out


# --- with the other commands' date words and regimen library ------------------------------


def test_start_takes_the_date_words(tmp_path: Path) -> None:
    """Under a frozen clock of 2026-11-30 20:00 UTC (2026-11-30 in UTC, the test's local
    zone): tomorrow is 2026-12-01, case 1's start; +7 is 2026-12-07."""
    from datetime import UTC, datetime

    now = {"now": datetime(2026, 11, 30, 20, 0, tzinfo=UTC)}
    env = {**ENV, "TZ": "UTC"}
    options = [o if o != "2026-12-01" else "tomorrow" for o in CASE1_OPTIONS]
    target = tmp_path / "plan.yaml"
    result = CliRunner().invoke(app, ["new", "plan", *options, "-o", str(target)], env=env, obj=now)
    assert result.exit_code == 0, result.stderr
    same_schedule(target, CASE1)
    result = CliRunner().invoke(
        app, ["new", "plan", "--regimen", "rvd-il2", "--start", "+7", "-o", "-"], env=env, obj=now
    )
    assert "\nstart: 2026-12-07 " in result.stdout


def test_a_regimen_of_the_library_by_its_id(tmp_path: Path) -> None:
    """examples/library/rvd-4.yaml (id rvd-4) through MMSCHED_REGIMENS: named by its id in
    the plan, which loads with the same library."""
    library = EXAMPLES / "library"
    options = [o if o != "rvd-il2" else "rvd-4" for o in without(CASE1_OPTIONS, "--dose")]
    options += ["--dose", "aspirin=100 mg"]
    target = tmp_path / "plan.yaml"
    result = CliRunner().invoke(
        app,
        ["new", "plan", *options, "--dose", "dexamethasone=20 mg", "-o", str(target)],
        env={**ENV, "MMSCHED_REGIMENS": str(library)},
    )
    assert result.exit_code == 0, result.stderr
    assert "\nregimen: rvd-4 " in target.read_text(encoding="utf-8")
    plan = mmsched.load_plan(target, regimen_dirs=[library])
    cycles = {a.cycle for a in mmsched.expand(plan).administrations}
    assert cycles == {1, 2, 3, 4}  # rvd-4: the bundled rvd over 4 cycles
