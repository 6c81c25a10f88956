"""The commands of issue 3 as a new user meets them: help, languages, regimens, check, errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import EXAMPLES, REGIMENS
from typer.testing import CliRunner

from mmsched.cli.app import app
from mmsched.cli.settings import default_lang

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
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
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "command",
    [["calendar"], ["ward"], ["regimens"], ["regimens", "show"], ["check"]],
)
def test_every_command_has_help(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert "Usage: mmsched " + " ".join(command) in out
    assert "--help" in out


def test_calendar_help_names_every_option() -> None:
    _, out, _ = run("calendar", "--help")
    for option in ("--format", "-f", "--output", "-o", "--lang", "--from", "--to"):
        assert option in out
    for option in ("--no-color", "--full-name", "text", "json", "csv", "html"):
        assert option in out


# --- the language default: --lang, MMSCHED_LANG, config file, locale, zh ------------------


def first_label(**env: str | None) -> str:
    """The first line of a calendar under the default rule (no MMSCHED_LANG unless given)."""
    code, out, err = run("calendar", str(CASE1), **{"MMSCHED_LANG": None, **env})
    assert code == 0, err
    return out.splitlines()[0]


def test_default_language_is_chinese() -> None:
    assert first_label() == "化疗日历"
    assert first_label(LANG=None) == "化疗日历"


def test_english_locale_gives_english() -> None:
    assert first_label(LANG="en_GB.UTF-8") == "Treatment calendar"
    assert first_label(LC_ALL="en_US.UTF-8", LANG="zh_CN.UTF-8") == "Treatment calendar"
    # LC_ALL comes before LANG (POSIX order).
    assert first_label(LC_ALL="zh_CN.UTF-8", LANG="en_US.UTF-8") == "化疗日历"


def test_mmsched_lang_and_config_file(tmp_path: Path) -> None:
    assert first_label(MMSCHED_LANG="en", LANG="zh_CN.UTF-8") == "Treatment calendar"
    config = tmp_path / "mmsched" / "config.toml"
    config.parent.mkdir()
    config.write_text('lang = "en"\n', encoding="utf-8")
    assert first_label(XDG_CONFIG_HOME=str(tmp_path)) == "Treatment calendar"
    # --lang beats everything.
    code, out, _ = run("calendar", str(CASE1), "--lang", "zh", XDG_CONFIG_HOME=str(tmp_path))
    assert code == 0 and out.startswith("化疗日历")


def test_bad_language_settings_are_clean_errors(tmp_path: Path) -> None:
    code, _, err = run("calendar", str(CASE1), MMSCHED_LANG="de")
    assert code == 1 and "MMSCHED_LANG: 'de' is not a language; use zh or en" in err
    config = tmp_path / "mmsched" / "config.toml"
    config.parent.mkdir()
    config.write_text("lang = en\n", encoding="utf-8")  # not TOML: the quotes are missing
    # A config file that cannot be used is a one-line warning; the command goes on (issue 12).
    code, out, err = run(
        "calendar", str(CASE1), XDG_CONFIG_HOME=str(tmp_path), LANG="en_GB", MMSCHED_LANG=None
    )
    assert code == 0 and out.startswith("Treatment calendar")
    (line,) = err.splitlines()
    assert line.startswith("warning: the config file is not used") and "config.toml" in line
    code, _, err = run("calendar", str(CASE1), "--lang", "fr")
    assert code == 2


def test_library_default_lang_reads_only_what_it_is_given() -> None:
    assert default_lang({}) == "zh"
    assert default_lang({"LANG": "en"}) == "en"
    assert default_lang({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"


# --- bad input, as a new user types it ------------------------------------------------------


def test_missing_plan_and_typos() -> None:
    code, _, err = run("calendar", "no-such-plan.yaml")
    assert code == 1 and "no-such-plan.yaml: no such file; check the path" in err
    code, _, err = run("calender", str(CASE1))
    assert code == 2 and "calendar" in err
    code, _, err = run("calendar", str(CASE1), "--format", "pdf")
    assert code == 2
    code, _, err = run("calendar", str(CASE1), "--from", "2026-12-32")
    assert code == 2


def test_a_bad_plan_names_the_field(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "patient: {id: X1, sex: F, age: 40, height_cm: 1.6, weight_kg: 55}\n"
        "regimen: rvd\nstart: 2026-12-01\ndoses: {dexamethasone: 20 mg}\n",
        encoding="utf-8",
    )
    code, out, err = run("calendar", str(plan))
    assert code == 1 and out == ""
    assert "patient.height_cm: 1.6 looks like metres" in err
    assert "Traceback" not in err


# --- regimens ---------------------------------------------------------------------------------


def test_regimens_lists_every_bundled_regimen() -> None:
    code, out, _ = run("regimens", "--lang", "zh")
    assert code == 0
    ids = sorted(p.stem for p in REGIMENS.glob("*.yaml"))
    listed = [line.split()[0] for line in out.splitlines()[2:] if line and line[0] != " "]
    assert listed == ids
    # A regimen's row with its wrapped continuation lines (the drug list wraps at 100 columns).
    rows = re.split(r"\n(?=\S)", out.split("\n", 2)[2])
    rvd_il2 = next(row for row in rows if row.startswith("rvd-il2"))
    assert "28 天" in rvd_il2 and "重组人白介素-2" in rvd_il2
    code, out, _ = run("regimens", "--lang", "en")
    assert "28 days" in out and "bundled" in out


def test_regimens_local_folder_and_a_bad_local_file(tmp_path: Path) -> None:
    local = tmp_path / "regimens"
    local.mkdir()
    (local / "vd.yaml").write_text(
        "id: vd\nname: {en: Vd, zh: Vd 方案}\ncycle_days: 21\ncycles: 8\nsource: test\n"
        "drugs:\n  - {drug: bortezomib, dose: 1.3 mg/m2, route: SC, days: '1, 4, 8, 11'}\n"
        "  - {drug: dexamethasone, dose: 20 mg, route: PO, days: '1, 2, 4, 5, 8, 9, 11, 12'}\n",
        encoding="utf-8",
    )
    (local / "broken.yaml").write_text("id: broken\ncycle_days: 0\n", encoding="utf-8")
    code, out, err = run("regimens", "--dir", str(local), "--lang", "zh")
    assert code == 1
    assert any(line.startswith("vd ") and "21 天" in line for line in out.splitlines())
    assert "broken.yaml" in err


def test_regimens_show_grid_has_the_seed_days() -> None:
    code, out, _ = run("regimens", "show", "rvd", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    head = next(line for line in lines if line.startswith("Drug "))
    days = head.split()[1:]
    assert days == [str(d) for d in range(1, 29)]

    def marked(drug: str) -> list[int]:
        row = next(line for line in lines if line.startswith(drug + " "))
        return [int(head[i - 1 : i + 1].strip() or 0) for i, ch in enumerate(row) if ch == "X"]

    # Seed, section 4: bortezomib d1, 4, 8, 11; dexamethasone d1-4, 9-12; lenalidomide daily.
    assert marked("bortezomib") == [1, 4, 8, 11]
    assert marked("dexamethasone") == [1, 2, 3, 4, 9, 10, 11, 12]
    assert marked("lenalidomide") == list(range(1, 29))
    assert "1.3 mg/m²" in out and "10-40 mg" in out


def test_regimens_show_cycle_dependent_rows_and_errors() -> None:
    code, out, _ = run("regimens", "show", "drd", "--lang", "zh")
    assert code == 0
    assert "达雷妥尤单抗 C1-2" in out and "达雷妥尤单抗 C3-6" in out and "达雷妥尤单抗 C7-" in out
    code, _, err = run("regimens", "show", "rvx")
    assert code == 1 and "'rvx' is not a bundled regimen" in err


def test_regimens_show_a_file() -> None:
    code, out, _ = run("regimens", "show", str(REGIMENS / "vrd-21.yaml"), "--lang", "en")
    assert code == 0 and "(vrd-21)" in out and "8 × 21-day cycles" in out


# --- check -------------------------------------------------------------------------------


def test_check_valid_files() -> None:
    # Not the whole of examples/: case 1 and case 1 as a real course are two plans of GZ-0001
    # over the same dates, which check reports (tests/test_issue_12_courses.py).
    code, out, _ = run(
        "check",
        str(REGIMENS),
        str(CASE1),
        str(EXAMPLES / "case2-tvd-il2.yaml"),
        str(EXAMPLES / "ward"),
        str(EXAMPLES / "course" / "ward.yaml"),
    )
    assert code == 0, out
    assert "ok    " + str(CASE1) + ": plan for GZ-0001: rvd-il2, 2 cycles from 2026-12-01" in out
    assert f"ok    {REGIMENS / 'rvd.yaml'}: regimen rvd: 28-day cycles" in out
    assert "files checked, all valid" in out


def test_check_reports_every_problem_of_every_file(tmp_path: Path) -> None:
    regimen = tmp_path / "many.yaml"
    regimen.write_text(
        "id: many\nname: Many\ncycle_days: 28\nsource: test\ndrugs:\n"
        "  - {drug: bortezomib, dose: 1.3 mg/m2, route: SC, days: '1, 29'}\n"
        "  - {drug: lenalidomide, dose: 25 mg, route: XX, days: 1-21}\n"
        "  - {drug: dexamethasone, dose: 20 units, route: PO, days: 1}\n",
        encoding="utf-8",
    )
    neither = tmp_path / "notes.yaml"
    neither.write_text("title: ward notes\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(CASE1.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run("check", str(regimen), str(neither), str(good), str(tmp_path / "gone.yaml"))
    assert code == 1
    assert f"error {regimen}: 3 problems:" in out
    assert "drugs[0].days: day 29 is outside the cycle" in out
    assert "drugs[1].route: 'XX' is not a known route" in out
    assert "drugs[2].dose: 'units' in '20 units' is not a known unit" in out
    assert f"error {neither}: is neither a plan" in out
    assert f"ok    {good}: plan for GZ-0001" in out
    assert "gone.yaml: no such file" in out
    assert "4 files checked, 3 with problems" in out


def test_check_an_empty_folder(tmp_path: Path) -> None:
    code, out, _ = run("check", str(tmp_path))
    assert code == 1 and "has no *.yaml or *.yml files" in out


#: Every command ``mmsched --help`` lists: what a run builds when it must show them all.
EVERY_COMMAND = [
    "calendar",
    "check",
    "diff",
    "fhir",
    "ics",
    "load",
    "new",
    "regimens",
    "schema",
    "serve",
    "suggest-start",
    "token",
    "ward",
]


@pytest.mark.parametrize(
    ("argv", "code", "expected", "built"),
    [
        (
            ["calendar", str(EXAMPLES / "case1-rvd-il2.yaml"), "--lang", "en"],
            0,
            "GZ-0001",
            ["calendar"],
        ),
        (["regimens", "show", "rvd", "--lang", "en"], 0, "1.3 mg/m²", ["regimens"]),
        (
            ["--version"],
            0,
            "mmsched ",
            EVERY_COMMAND,
        ),
        (
            ["calendr"],
            2,
            "No such command",
            EVERY_COMMAND,
        ),
    ],
)
def test_console_script_builds_only_the_command_it_runs(  # noqa: PLR0917 - parametrised
    argv: list[str],
    code: int,
    expected: str,
    built: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import typer.main

    from mmsched.cli.app import main

    before = (list(app.registered_commands), list(app.registered_groups))
    real = typer.main.get_command
    names: list[str] = []

    def recording(typer_app: typer.Typer) -> Any:
        command = real(typer_app)
        names.extend(getattr(command, "commands", {}))
        return command

    monkeypatch.setattr(typer.main, "get_command", recording)
    monkeypatch.setattr("sys.argv", ["mmsched", *argv])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == code
    captured = capsys.readouterr()
    assert expected in captured.out + captured.err
    assert sorted(names) == built
    # Every command is registered again afterwards.
    assert (app.registered_commands, app.registered_groups) == before
