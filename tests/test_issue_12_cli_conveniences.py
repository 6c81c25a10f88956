"""Issue 12, item 14: the small things users hit first.

``-h`` beside ``--help``; shell completion; ``-o -`` as standard output on every command that
writes a file; ``check --format json`` (``mmsched.check/1``); ``diff --exit-code`` as diff(1)
(0 the same, 1 different, 2 trouble); and ``--from``/``--to`` that miss the course said so.

Dates worked by hand: case 1 (rvd-il2, 2 × 28 days from Tue 2026-12-01) runs to C2D28,
2026-12-01 + 55 days = Mon 2027-01-25, its last dose (lenalidomide) and its last test (the
lymphocyte panel on day 28).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from mmsched.cli.app import app

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
CASE2 = EXAMPLES / "case2-tvd-il2.yaml"
COURSE = EXAMPLES / "course" / "case1-course.yaml"
ENV: dict[str, str | None] = {
    "MMSCHED_LANG": "en",  # tests pin their language (issue 14)
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "C.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "NO_COLOR": "1",
}


def run(*args: str, **env: str | None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={**ENV, **env})
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def console(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed console script (``main()``, named ``mmsched``), as a shell runs it."""
    script = Path(sys.executable).with_name("mmsched")
    found = str(script) if script.is_file() else shutil.which("mmsched")
    if found is None:
        pytest.skip("the mmsched console script is not installed beside this Python")
    return subprocess.run(
        [found, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "MMSCHED_LANG": "en", **env},
    )


# --- -h ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["calendar"],
        ["ward"],
        ["check"],
        ["diff"],
        ["ics"],
        ["regimens"],
        ["regimens", "show"],
        ["new"],
        ["new", "plan"],
    ],
)
def test_dash_h_is_help_on_every_command(command: list[str]) -> None:
    code, short, _ = run(*command, "-h")
    assert code == 0
    assert " ".join(["Usage: mmsched", *command]) + " [OPTIONS]" in short
    assert run(*command, "--help")[1] == short


def test_dash_h_through_the_console_script() -> None:
    # The console script registers only the command it runs: -h must reach it too.
    result = console("calendar", "-h")
    assert result.returncode == 0, result.stderr
    assert "Usage: mmsched calendar" in result.stdout


# --- shell completion ----------------------------------------------------------------------
# typer's completion is set up by the console script only when it is asked for (its set-up
# costs about 0.3 ms of every run): these tests run the console script.


def test_help_lists_the_completion_options() -> None:
    for args in ([], ["-h"], ["--help"]):
        result = console(*args)
        assert "--install-completion" in result.stdout, args
        assert "--show-completion" in result.stdout, args


def test_show_completion_prints_the_bash_script() -> None:
    # typer reads this variable when it builds the options: the shell is then given, not
    # detected from the process tree (which, under pytest, is not a shell's).
    result = console("--show-completion", "bash", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert result.returncode == 0, result.stderr
    assert "_MMSCHED_COMPLETE=complete_bash" in result.stdout
    assert result.stdout.rstrip().endswith("complete -o default -F _mmsched_completion mmsched")


def test_install_completion_writes_into_home(tmp_path: Path) -> None:
    result = console(
        "--install-completion",
        "bash",
        _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1",
        HOME=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    script = tmp_path / ".bash_completions" / "mmsched.sh"
    assert f"completion installed in {script}" in result.stdout
    assert "_MMSCHED_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["calendar", str(CASE1)], False),
        (["calendar", "-h"], False),
        (["regimens"], False),
        (["--version"], False),
        (["--show-completion"], True),
        (["--install-completion=bash"], True),
        (["--help"], True),
        ([], True),
    ],
)
def test_completion_is_set_up_only_when_asked_for(
    argv: list[str], wanted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer.main

    from mmsched.cli.app import main

    asked: list[bool] = []
    real = typer.main.get_install_completion_arguments

    def recording() -> Any:
        asked.append(True)
        return real()

    monkeypatch.setattr(typer.main, "get_install_completion_arguments", recording)
    monkeypatch.setattr("sys.argv", ["mmsched", *argv])
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    monkeypatch.setenv("MMSCHED_LANG", "en")
    with pytest.raises(SystemExit):
        main()
    assert bool(asked) is wanted


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("mmsched cal", "1", ["calendar"]),
        ("mmsched calendar --fo", "2", ["--format"]),
        ("mmsched calendar -f ", "3", ["text", "json", "csv", "html"]),
        ("mmsched regimens s", "2", ["show"]),
        ("mmsched ward -f ", "3", ["text", "json", "csv", "html"]),
        ("mmsched check -f ", "3", ["text", "json"]),
    ],
)
def test_a_shell_asking_for_completions_gets_them(
    words: str, cword: str, expected: list[str]
) -> None:
    """What the installed bash script does on Tab: the console script answers, one word a
    line, in the form typer's script reads."""
    result = console(_MMSCHED_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected


# --- -o - is standard output ---------------------------------------------------------------

WARD_DAY = ["ward", str(EXAMPLES / "ward"), str(CASE1), "--date", "2026-12-11"]


@pytest.mark.parametrize(
    "command",
    [
        ["calendar", str(CASE1), "-f", "text"],
        ["calendar", str(CASE1), "-f", "json"],
        ["calendar", str(CASE1), "-f", "csv"],
        ["calendar", str(CASE1), "-f", "html"],
        [*WARD_DAY, "-f", "text"],
        [*WARD_DAY, "-f", "json"],
        [*WARD_DAY, "-f", "csv"],
        [*WARD_DAY, "-f", "html"],
        ["ics", str(CASE1), "--dtstamp", "2026-11-01T00:00:00Z"],
    ],
    ids=lambda c: "-".join(c[:1] + c[-1:]),
)
def test_dash_o_dash_is_standard_output(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-o -`` prints what ``-o FILE`` writes (a CSV file alone starts with a byte-order mark
    for Excel), and no file named "-" appears."""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "out"
    code, _, err = run(*command, "--lang", "en", "-o", str(target))
    assert code == 0, err
    written = target.read_bytes().decode("utf-8").removeprefix("\ufeff")
    code, out, err = run(*command, "--lang", "en", "-o", "-")
    assert code == 0, err
    assert out == written
    assert not (tmp_path / "-").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_calendar_csv_to_standard_output_has_no_byte_order_mark() -> None:
    code, out, _ = run("calendar", str(CASE1), "-f", "csv", "-o", "-")
    assert code == 0
    assert out.startswith("patient_id,date,")


def test_ward_with_nothing_to_use_and_dash_o_dash_names_no_file() -> None:
    code, out, err = run("ward", "/nonexistent-mmsched-folder", "-o", "-")
    assert code == 1
    assert out == ""
    assert "no sheet is printed" in err
    assert "- is left as it was" not in err


def test_ics_to_standard_output_says_so_on_stderr() -> None:
    code, out, err = run("ics", str(CASE1), "-o", "-", "--dtstamp", "2026-11-01T00:00:00Z")
    assert code == 0
    assert out.startswith("BEGIN:VCALENDAR\r\n")
    assert err.startswith("wrote standard output: ")


# --- check --format json -------------------------------------------------------------------


def check_json(*paths: Path) -> tuple[int, dict[str, Any]]:
    code, out, _ = run("check", "--format", "json", *map(str, paths))
    data: dict[str, Any] = json.loads(out)
    return code, data


def test_check_json_of_valid_files() -> None:
    code, data = check_json(CASE1, EXAMPLES / "course" / "ward.yaml")
    assert code == 0
    assert data["schema"] == "mmsched.check/1"
    assert (data["checked"], data["with_problems"]) == (2, 0)
    plan, ward = data["files"]
    assert plan["file"] == str(CASE1)
    assert (plan["kind"], plan["ok"], plan["error"]) == ("plan", True, None)
    # Case 1: lenalidomide 28 + bortezomib 4 + dexamethasone 8 + IL-2 7 = 47 a cycle, × 2.
    assert (
        plan["summary"] == "plan for GZ-0001: rvd-il2, 2 cycles from 2026-12-01, 94 administrations"
    )
    assert plan["course"] == {
        "patient_id": "GZ-0001",
        "regimen": "rvd-il2",
        "start": "2026-12-01",
        "first": "2026-12-01",
        "last": "2027-01-25",
    }
    # No creatinine in case 1: lenalidomide's renal rule could not be checked.
    assert len(plan["warnings"]) == 1 and "no serum creatinine" in plan["warnings"][0]
    assert (ward["kind"], ward["ok"], ward["course"], ward["warnings"]) == ("ward", True, None, [])


def test_check_json_lists_every_problem_with_its_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "patient: {id: GZ-9, sex: X, age: 48, height_cm: 1.56, weight_kg: 52}\n"
        "regimen: rvd\nstart: 2026-12-01\ndoses: {dexamethasone: 50 mg}\n",
        encoding="utf-8",
    )
    code, data = check_json(CASE1, bad)
    assert code == 1
    assert (data["checked"], data["with_problems"]) == (2, 1)
    entry = data["files"][1]
    assert (entry["file"], entry["kind"], entry["ok"]) == (str(bad), "plan", False)
    assert entry["summary"] is None and entry["course"] is None
    error = entry["error"]
    assert error["file"] == str(bad)
    fields = [p["field"] for p in error["problems"]]
    assert fields == ["patient.sex", "patient.height_cm", "doses.dexamethasone"]
    height = error["problems"][1]["message"]
    assert "looks like metres" in height and "156" in height
    assert "outside the regimen's range" in error["problems"][2]["message"]
    assert error["message"].startswith(f"{bad}: 3 problems:")


def test_check_json_names_the_other_plan_of_an_overlap(tmp_path: Path) -> None:
    again = tmp_path / "again.yaml"
    again.write_text(
        CASE1.read_text(encoding="utf-8").replace("2026-12-01", "2027-01-20"), encoding="utf-8"
    )
    code, data = check_json(CASE1, again)
    assert code == 1
    for entry, other in zip(data["files"], (str(again), str(CASE1)), strict=True):
        assert entry["ok"] is False
        (problem,) = entry["error"]["problems"]
        assert problem["field"] == ""
        assert other in problem["message"]


def test_check_text_is_unchanged_by_the_option() -> None:
    code, out, _ = run("check", str(CASE1))
    assert code == 0
    assert out.splitlines()[0].startswith(f"ok    {CASE1}: plan for GZ-0001")
    assert out.splitlines()[-1] == "1 file checked, all valid"


def test_an_empty_required_field_says_so(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "patient:\n  id:\n  sex: F\n  age: 48\n  height_cm:\n  weight_kg: 52\n"
        "regimen: rvd\nstart: 2026-12-01\ndoses:\n  dexamethasone:\n",
        encoding="utf-8",
    )
    code, data = check_json(plan)
    assert code == 1
    problems = {p["field"]: p["message"] for p in data["files"][0]["error"]["problems"]}
    expected = "is empty; write its value after the colon"
    assert problems == {
        "patient.id": expected,
        "patient.height_cm": expected,
        "doses.dexamethasone": expected,
    }


# --- diff --exit-code ----------------------------------------------------------------------


def test_diff_exit_code_same_plans_is_0() -> None:
    code, out, _ = run("diff", str(CASE1), str(CASE1), "--exit-code", "--lang", "en")
    assert (code, out) == (0, "No differences.\n")


def test_diff_exit_code_different_plans_is_1() -> None:
    # The course file delays cycle 2 and lowers bortezomib: its schedule differs.
    code, out, _ = run("diff", str(CASE1), str(COURSE), "--exit-code", "--lang", "en")
    assert code == 1
    assert out.startswith("Changes for patient GZ-0001: ")
    code, out, _ = run("diff", str(CASE1), str(COURSE), "--exit-code", "-f", "json")
    assert code == 1
    assert json.loads(out)["changes"]


def test_diff_exit_code_two_patients_with_the_same_days_is_1(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(CASE1.read_text(encoding="utf-8").replace("GZ-0001", "GZ-0002"), "utf-8")
    code, out, _ = run("diff", str(CASE1), str(other), "--exit-code", "--lang", "en")
    assert code == 1
    assert out.startswith("NOTE: these plans are for two different patients")


def test_diff_exit_code_trouble_is_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    code, out, err = run("diff", str(CASE1), str(missing), "--exit-code")
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {missing}: ")
    bad = tmp_path / "bad.yaml"
    bad.write_text("patient: {id: GZ-1}\nregimen: rvd\n", encoding="utf-8")
    assert run("diff", str(CASE1), str(bad), "--exit-code")[0] == 2
    # A usage error is 2 already (click's).
    assert run("diff", str(CASE1), "--exit-code")[0] == 2
    assert run("diff", str(CASE1), str(CASE1), "--exit-code", "--lang", "fr")[0] == 2


def test_diff_without_exit_code_keeps_its_codes(tmp_path: Path) -> None:
    assert run("diff", str(CASE1), str(COURSE))[0] == 0
    assert run("diff", str(CASE1), str(tmp_path / "missing.yaml"))[0] == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_diff_exit_code_when_standard_output_is_full_is_2() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = subprocess.run(
            [sys.executable, "-m", "mmsched", "diff", str(CASE1), str(COURSE), "--exit-code"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr == "mmsched: cannot write to standard output (No space left on device)\n"


# --- --from past the course ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "html"])
def test_calendar_from_after_the_course_says_so(fmt: str) -> None:
    code, out, err = run("calendar", str(CASE1), "--from", "2027-01-26", "-f", fmt)
    assert (code, out) == (1, "")
    assert err == (
        f"error: {CASE1}: --from 2027-01-26 is after the course's last day (the course runs "
        "2026-12-01 to 2027-01-25); give dates within it, or leave them out\n"
    )


def test_calendar_to_before_the_course_says_so() -> None:
    code, out, err = run("calendar", str(CASE1), "--from", "2026-11-01", "--to", "2026-11-30")
    assert (code, out) == (1, "")
    assert "--to 2026-11-30 is before the course's first day (the course runs 2026-12-01" in err


def test_calendar_window_on_the_course_edges_still_prints() -> None:
    # The last day itself is inside: lenalidomide C2D28 and the day-28 panel.
    code, out, _ = run("calendar", str(CASE1), "--from", "2027-01-25", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert [(a["drug"], a["cycle"], a["day"]) for a in data["administrations"]] == [
        ("lenalidomide", 2, 28)
    ]
    code, out, _ = run("calendar", str(CASE1), "--to", "2026-12-01", "-f", "json")
    assert code == 0
    # C1D1: all four drugs of rvd-il2.
    assert len(json.loads(out)["administrations"]) == 4


def test_ward_from_after_every_plan_says_so() -> None:
    code, out, err = run("ward", str(CASE1), "--from", "2027-02-01")
    assert (code, out) == (1, "")
    assert err == (
        "error: --from 2027-02-01 is after the last day of every plan (the plans run "
        "2026-12-01 to 2027-01-25); give --date, or --from and --to\n"
    )
    code, out, err = run("ward", str(CASE1), "--to", "2026-11-30")
    assert (code, out) == (1, "")
    assert "--to 2026-11-30 is before the first day of every plan" in err


def test_ward_half_open_range_inside_the_plans_still_prints() -> None:
    # From the last day: one day, with case 1's C2D28 lenalidomide on it.
    code, out, _ = run("ward", str(CASE1), "--from", "2027-01-25", "-f", "json")
    assert code == 0
    days = json.loads(out)["days"]
    assert [d["date"] for d in days] == ["2027-01-25"]
    assert [a["drug"] for a in days[0]["administrations"]] == ["lenalidomide"]
