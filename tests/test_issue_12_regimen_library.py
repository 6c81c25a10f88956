"""Issue 12, item 12 (and ``--format json`` of item 14): the local regimen library.

`mmsched regimens` run in a checkout listed every regimen twice with 8 errors (the old default
`--dir ./regimens` picked up the bundled sources), and a local regimen it listed could not be
named by id in a plan. Now the regimens listed are the ones a plan can name: the bundled ones,
then the library's folders (``MMSCHED_REGIMENS`` or ``regimen_dirs`` in config.toml) and
``--dir``. Bundled ids win; two local files with one id are both refused.

The local regimen here is bortezomib 1.3 mg/m² SC days 1, 4, 8, 11 (0.1 mg) and dexamethasone
20 mg PO days 1, 2, 4, 5, 8, 9, 11, 12 of 21-day cycles. Case 1's patient (156 cm, 52 kg) has a
Mosteller BSA of √(156 × 52 / 3600) = 1.50 m², so bortezomib is 1.3 × 1.50 = 1.95 → 2 mg. From
Tuesday 2026-12-01, cycle 2 starts on day 22, 2026-12-22: bortezomib on 12-01, 12-04, 12-08,
12-11, 12-22, 12-25, 12-29 and 2027-01-01; 8 doses plus 16 of dexamethasone.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import REGIMENS
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app
from mmsched.errors import MmschedError

ENV: dict[str, str | None] = {
    "MMSCHED_LANG": None,
    "MMSCHED_REGIMENS": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "en_GB.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "NO_COLOR": "1",
    "COLUMNS": "100",
}
BUNDLED = sorted(p.stem for p in REGIMENS.glob("*.yaml"))

MY_VD = """\
id: my-vd
name: {en: My Vd, zh: 我的 Vd}
cycle_days: 21
cycles: 2
source: a test regimen
drugs:
  - {drug: bortezomib, dose: 1.3 mg/m2, route: SC, days: "1, 4, 8, 11",
     min_interval_hours: 72, rounding: 0.1 mg}
  - {drug: dexamethasone, dose: 20 mg, route: PO, days: "1, 2, 4, 5, 8, 9, 11, 12"}
"""
PLAN = """\
patient: {id: LIB-1, sex: F, age: 48, height_cm: 156, weight_kg: 52}
regimen: %s
start: 2026-12-01
"""
BORTEZOMIB = [
    "2026-12-01",
    "2026-12-04",
    "2026-12-08",
    "2026-12-11",
    "2026-12-22",
    "2026-12-25",
    "2026-12-29",
    "2027-01-01",
]


def run(*args: str, **env: str | None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={**ENV, **env})
    return result.exit_code, result.stdout, result.stderr


def listed(out: str) -> list[str]:
    """The ids of a `regimens` table (first column of each row, continuation lines skipped)."""
    return [line.split()[0] for line in out.splitlines()[2:] if line and line[0] != " "]


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "vd.yaml").write_text(MY_VD, encoding="utf-8")
    return folder


def plan_file(tmp_path: Path, regimen: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(PLAN % regimen, encoding="utf-8")
    return path


def bortezomib_dates(out: str) -> list[str]:
    data = json.loads(out)
    return [a["date"] for a in data["administrations"] if a["drug"] == "bortezomib"]


# --- the checkout: each regimen once ---------------------------------------------------------


def test_regimens_in_a_checkout_lists_each_regimen_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = REGIMENS.parent
    monkeypatch.chdir(root)
    code, out, err = run("regimens")
    assert (code, err) == (0, "")
    assert listed(out) == BUNDLED
    # A copy of the checkout (an installed mmsched run in someone's clone): ./regimens holds
    # copies of the bundled files; it is not looked at unless named, and named it adds nothing.
    copy = tmp_path / "clone"
    shutil.copytree(REGIMENS, copy / "regimens")
    monkeypatch.chdir(copy)
    code, out, err = run("regimens")
    assert (code, err, listed(out)) == (0, "", BUNDLED)
    code, out, err = run("regimens", "--dir", "regimens")
    assert code == 0 and listed(out) == BUNDLED
    warnings = err.splitlines()
    assert len(warnings) == len(BUNDLED)
    assert all(w.startswith("warning: regimens/") for w in warnings)
    assert "is a copy of the bundled regimen 'rvd' (the same text)" in err


# --- a local regimen by id: list, show, plan ---------------------------------------------------


def test_a_library_regimen_works_by_id_everywhere(tmp_path: Path, lib: Path) -> None:
    plan = plan_file(tmp_path, "my-vd")
    code, out, err = run("regimens", MMSCHED_REGIMENS=str(lib))
    assert (code, err) == (0, "")
    assert listed(out) == [*BUNDLED, "my-vd"]
    row = next(line for line in out.splitlines() if line.startswith("my-vd"))
    assert row.split()[-1] == str(lib / "vd.yaml") and "21 days" in row
    code, out, _ = run("regimens", "show", "my-vd", "--lang", "en", MMSCHED_REGIMENS=str(lib))
    assert code == 0 and out.startswith("My Vd (my-vd)\n2 × 21-day cycles")
    code, out, err = run("calendar", str(plan), "-f", "json", MMSCHED_REGIMENS=str(lib))
    assert code == 0, err
    assert bortezomib_dates(out) == BORTEZOMIB
    data = json.loads(out)
    assert {a["dose"] for a in data["administrations"] if a["drug"] == "bortezomib"} == {2}
    assert len(data["administrations"]) == 8 + 16
    code, out, _ = run("check", str(plan), MMSCHED_REGIMENS=str(lib))
    assert code == 0 and "my-vd, 2 cycles from 2026-12-01, 24 administrations" in out
    code, out, _ = run(
        "ward", str(plan), "--date", "2026-12-04", "-f", "json", MMSCHED_REGIMENS=str(lib)
    )
    given = json.loads(out)["days"][0]["administrations"]
    assert code == 0 and [(a["drug"], a["dose"]) for a in given] == [
        ("bortezomib", 2),
        ("dexamethasone", 20),
    ]
    # Without the library the id is unknown, and the message says where local ids come from.
    code, _, err = run("calendar", str(plan))
    assert code == 1 and "'my-vd' is not a bundled regimen" in err
    assert "MMSCHED_REGIMENS, or regimen_dirs in config.toml" in err


def test_dir_makes_a_folder_usable_in_that_command(lib: Path) -> None:
    code, out, _ = run("regimens", "--dir", str(lib))
    assert code == 0 and listed(out)[-1] == "my-vd"
    code, out, _ = run("regimens", "show", "my-vd", "--dir", str(lib), "--lang", "en")
    assert code == 0 and "(my-vd)" in out
    code, out, _ = run("regimens", "--dir", str(lib), "show", "my-vd", "--lang", "en")
    assert code == 0 and "(my-vd)" in out
    code, _, err = run("regimens", "show", "my-vd")
    assert code == 1 and "'my-vd' is not a bundled regimen" in err
    code, _, err = run("regimens", "--dir", str(lib / "missing"))
    assert code == 1 and f"error: {lib / 'missing'}: no such folder" in err


def test_the_config_file_gives_the_library(tmp_path: Path, lib: Path) -> None:
    config = tmp_path / "mmsched" / "config.toml"
    config.parent.mkdir()
    shutil.move(lib, config.parent / "lib")
    plan = plan_file(tmp_path, "my-vd")
    for value in ('["lib"]', '"lib"'):  # relative to the config file's folder; one, or a list
        config.write_text(f"regimen_dirs = {value}\n", encoding="utf-8")
        code, out, err = run("calendar", str(plan), "-f", "json", XDG_CONFIG_HOME=str(tmp_path))
        assert (code, err) == (0, "")
        assert bortezomib_dates(out) == BORTEZOMIB
    # MMSCHED_REGIMENS, when set, is the library: the config's folders are not searched.
    other = tmp_path / "other"
    other.mkdir()
    code, _, err = run(
        "calendar", str(plan), XDG_CONFIG_HOME=str(tmp_path), MMSCHED_REGIMENS=str(other)
    )
    assert code == 1 and "nor a regimen of the local library" in err


def test_config_problems_are_one_line_warnings(tmp_path: Path) -> None:
    config = tmp_path / "mmsched" / "config.toml"
    config.parent.mkdir()
    config.write_text("regimen_dirs = 5\n", encoding="utf-8")
    case1 = REGIMENS.parent / "examples" / "case1-rvd-il2.yaml"
    code, out, err = run("calendar", str(case1), XDG_CONFIG_HOME=str(tmp_path))
    assert code == 0 and out.startswith("Treatment calendar")
    assert (
        err == f"warning: regimen_dirs in {config} is not used (write a list of folders, "
        'e.g. regimen_dirs = ["~/regimens"])\n'
    )
    config.write_text('regimen_dirs = ["gone"]\n', encoding="utf-8")
    code, _, err = run("calendar", str(case1), XDG_CONFIG_HOME=str(tmp_path))
    assert code == 0
    assert err == (
        f"warning: the regimen folder {config.parent / 'gone'} (regimen_dirs in {config}) is "
        "not a folder; not searched\n"
    )
    # A file that is not TOML is read once for the language and the library: one warning.
    config.write_text("regimen_dirs = [lib\n", encoding="utf-8")
    code, out, err = run("calendar", str(case1), XDG_CONFIG_HOME=str(tmp_path))
    assert code == 0 and out.startswith("Treatment calendar")
    (line,) = err.splitlines()
    assert line.startswith("warning: the config file is not used") and "config.toml" in line
    code, _, err = run("calendar", str(case1), MMSCHED_REGIMENS=str(tmp_path / "none"))
    assert code == 0 and "(MMSCHED_REGIMENS) is not a folder; not searched" in err


# --- bundled ids win; duplicates are refused -------------------------------------------------


def test_a_local_file_with_a_bundled_id_is_reported_and_otherwise_ignored(
    tmp_path: Path, lib: Path
) -> None:
    text = (REGIMENS / "rvd.yaml").read_text(encoding="utf-8")
    assert "cycles: 2\n" in text
    (lib / "rvd.yaml").write_text(text.replace("cycles: 2\n", "cycles: 3\n"), encoding="utf-8")
    code, out, err = run("regimens", MMSCHED_REGIMENS=str(lib))
    assert code == 1 and listed(out) == [*BUNDLED, "my-vd"]  # rvd once: the bundled one
    assert err == (
        f"error: {lib / 'rvd.yaml'}: has the id of the bundled regimen 'rvd', and a plan's "
        "'regimen: rvd' always means the bundled one, so this file is not used; give it an id "
        "of its own and name that id in plans\n"
    )
    code, out, _ = run("check", str(lib), MMSCHED_REGIMENS=str(lib))
    assert code == 1 and f"error {lib / 'rvd.yaml'}: has the id of the bundled regimen" in out
    assert f"ok    {lib / 'vd.yaml'}: regimen my-vd" in out
    # Everywhere else it is ignored: rvd-il2 (extends: rvd) and rvd keep the bundled 2 cycles.
    for regimen in ("rvd", "rvd-il2"):
        plan = plan_file(tmp_path, regimen)
        plan.write_text(
            plan.read_text(encoding="utf-8") + "doses: {dexamethasone: 20 mg}\n", encoding="utf-8"
        )
        code, out, err = run("calendar", str(plan), "-f", "json", MMSCHED_REGIMENS=str(lib))
        assert (code, err) == (0, "")
        assert json.loads(out)["regimen"]["cycle_starts"] == ["2026-12-01", "2026-12-29"]


def test_a_copy_of_a_bundled_file_is_a_warning(lib: Path) -> None:
    shutil.copy(REGIMENS / "rd.yaml", lib / "rd.yaml")
    code, out, err = run("regimens", MMSCHED_REGIMENS=str(lib))
    assert code == 0 and listed(out) == [*BUNDLED, "my-vd"]
    assert err.startswith(f"warning: {lib / 'rd.yaml'}: is a copy of the bundled regimen 'rd'")
    code, out, _ = run("check", str(lib / "rd.yaml"), MMSCHED_REGIMENS=str(lib))
    assert code == 0 and "      warning: is a copy of the bundled regimen 'rd'" in out


def test_two_local_files_with_one_id_are_both_refused(tmp_path: Path, lib: Path) -> None:
    second = tmp_path / "lib2"
    second.mkdir()
    (second / "vd-copy.yaml").write_text(MY_VD.replace("id: my-vd", "id: MY-VD"), encoding="utf-8")
    library = os.pathsep.join([str(lib), str(second)])
    first_file, second_file = lib / "vd.yaml", second / "vd-copy.yaml"
    code, out, err = run("regimens", MMSCHED_REGIMENS=library)
    assert code == 1 and listed(out) == BUNDLED
    assert f"error: {first_file}: has the id 'my-vd', as {second_file} has" in err
    assert f"error: {second_file}: has the id 'my-vd', as {first_file} has" in err
    plan = plan_file(tmp_path, "my-vd")
    code, _, err = run("calendar", str(plan), MMSCHED_REGIMENS=library)
    assert code == 1
    assert f"'my-vd' is the id of {first_file} and {second_file}: a plan cannot tell" in err
    code, _, err = run("regimens", "show", "my-vd", MMSCHED_REGIMENS=library)
    assert code == 1 and str(second_file) in err


def test_a_local_regimen_extends_another_local_one(tmp_path: Path, lib: Path) -> None:
    (lib / "vd3.yaml").write_text(
        "id: my-vd-3\nextends: my-vd\ncycles: 3\nsource: three cycles\n", encoding="utf-8"
    )
    code, out, err = run(
        "calendar", str(plan_file(tmp_path, "my-vd-3")), "-f", "json", MMSCHED_REGIMENS=str(lib)
    )
    assert (code, err) == (0, "")
    # Cycle 3 starts on day 43: 2027-01-12.
    assert json.loads(out)["regimen"]["cycle_starts"] == ["2026-12-01", "2026-12-22", "2027-01-12"]


def test_every_library_entry_that_cannot_be_used_is_named(tmp_path: Path, lib: Path) -> None:
    (lib / "plan.yaml").write_text(PLAN % "rvd", encoding="utf-8")
    (lib / "noid.yaml").write_text(MY_VD.replace("id: my-vd\n", ""), encoding="utf-8")
    (lib / "broken.yaml").write_text("id: broken\ncycle_days: 0\n", encoding="utf-8")
    (lib / "loop.yaml").symlink_to(lib / "loop.yaml")
    os.mkfifo(lib / "fifo.yaml")
    (lib / ".hidden.yaml").write_text("not: [yaml", encoding="utf-8")
    code, out, err = run("regimens", MMSCHED_REGIMENS=str(lib))
    assert code == 1 and listed(out) == [*BUNDLED, "my-vd"]
    named = sorted(line.split(":")[1].strip() for line in err.splitlines() if line[0] != " ")
    assert named == sorted(
        str(lib / n) for n in ("plan.yaml", "noid.yaml", "broken.yaml", "loop.yaml", "fifo.yaml")
    )
    assert "is a plan, not a regimen" in err and "id: is missing" in err
    assert "a loop of symbolic links" in err and "a FIFO" in err
    # A loop of links named on its own is described too (it used to be a RuntimeError).
    code, _, err = run("regimens", "show", str(lib / "loop.yaml"))
    assert code == 1 and err.endswith(
        "loop.yaml: is a loop of symbolic links; point the link at a real file\n"
    )
    # The usable regimen still works by id, and a command that uses it says nothing of the rest.
    code, _, err = run("calendar", str(plan_file(tmp_path, "my-vd")), MMSCHED_REGIMENS=str(lib))
    assert (code, err) == (0, "")
    # An id the library lacks: the message names the library and what it could not use.
    code, _, err = run("calendar", str(plan_file(tmp_path, "nope")), MMSCHED_REGIMENS=str(lib))
    assert (
        code == 1 and f"nor a regimen of the local library ({lib}; its ids: broken, my-vd)" in err
    )
    assert "the library also has what it could not use" in err


# --- the library takes the folders as an argument -------------------------------------------


def test_the_library_takes_folders_and_reads_no_environment(
    tmp_path: Path, lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_file(tmp_path, "my-vd")
    schedule = mmsched.expand(mmsched.load_plan(plan, regimen_dirs=[lib]))
    dates = [a.date.isoformat() for a in schedule.administrations if a.drug == "bortezomib"]
    assert dates == BORTEZOMIB
    assert mmsched.load_regimen("my-vd", regimen_dirs=[str(lib)]).cycle_days == 21
    sheet = mmsched.day_sheet([plan], date(2026, 12, 4), regimen_dirs=[lib])
    assert sheet.errors == () and sheet.plans == 1
    assert [str(i.administration.dose) for i in sheet.day.items] == ["2.0", "20"]
    monkeypatch.setenv("MMSCHED_REGIMENS", str(lib))
    with pytest.raises(MmschedError, match="'my-vd' is not a bundled regimen"):
        mmsched.load_plan(plan)


# --- JSON -------------------------------------------------------------------------------------


def test_regimens_json_lists_ids_with_origin_and_problems(lib: Path) -> None:
    (lib / "broken.yaml").write_text("id: broken\ncycle_days: 0\n", encoding="utf-8")
    code, out, err = run("regimens", "--format", "json", MMSCHED_REGIMENS=str(lib))
    assert code == 1 and err.startswith(f"error: {lib / 'broken.yaml'}: ")
    data = json.loads(out)
    assert data["schema"] == "mmsched.regimens/1"
    assert [r["id"] for r in data["regimens"]] == [*BUNDLED, "my-vd"]
    rvd, mine = data["regimens"][BUNDLED.index("rvd")], data["regimens"][-1]
    assert rvd == {
        "id": "rvd",
        "name": {
            "en": "RVD (lenalidomide, bortezomib, dexamethasone)",
            "zh": "RVD 方案（来那度胺 + 硼替佐米 + 地塞米松）",
        },
        "cycle_days": 28,
        "cycles": 2,
        "drugs": ["lenalidomide", "bortezomib", "dexamethasone"],
        "origin": "bundled",
        "file": None,
    }
    assert (mine["origin"], mine["file"], mine["drugs"]) == (
        "local",
        str(lib / "vd.yaml"),
        ["bortezomib", "dexamethasone"],
    )
    assert [e["file"] for e in data["errors"]] == [str(lib / "broken.yaml")]
    assert data["warnings"] == []


def test_regimens_show_json_has_days_doses_and_rules() -> None:
    code, out, _ = run("regimens", "show", "rvd", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["schema"], data["id"], data["cycle_days"], data["cycles"]) == (
        "mmsched.regimen/1",
        "rvd",
        28,
        2,
    )
    assert (data["origin"], data["file"]) == ("bundled", None)
    drugs = {d["drug"]: d for d in data["drugs"]}
    # Seed, section 4: bortezomib 1.3 mg/m² SC d1, 4, 8, 11 (72 h apart, 0.1 mg);
    # dexamethasone 10-40 mg IV d1-4, 9-12; lenalidomide 25 mg PO every day of the 28.
    assert drugs["bortezomib"]["dose"] == {
        "text": "1.3 mg/m2",
        "low": 1.3,
        "high": 1.3,
        "unit": "mg",
        "per": "m2",
    }
    assert drugs["bortezomib"]["days"] == [
        {"first_cycle": 1, "last_cycle": None, "days": [1, 4, 8, 11], "dose": None,
         "role": None, "with": None, "timing": None}
    ]  # fmt: skip
    assert (drugs["bortezomib"]["route"], drugs["bortezomib"]["code"]) == ("SC", "V")
    assert (drugs["bortezomib"]["min_interval_hours"], drugs["bortezomib"]["rounding"]) == (
        72,
        "0.1 mg",
    )
    assert (drugs["dexamethasone"]["dose"]["low"], drugs["dexamethasone"]["dose"]["high"]) == (
        10,
        40,
    )
    assert drugs["dexamethasone"]["days"][0]["days"] == [1, 2, 3, 4, 9, 10, 11, 12]
    assert drugs["lenalidomide"]["days"][0]["days"] == list(range(1, 29))
    # DRd: daratumumab weekly in C1-2, every 2 weeks in C3-6, every 4 weeks from C7.
    code, out, _ = run("regimens", "show", "drd", "-f", "json")
    dara = next(d for d in json.loads(out)["drugs"] if d["drug"] == "daratumumab")
    assert [{k: row[k] for k in ("first_cycle", "last_cycle", "days")} for row in dara["days"]] == [
        {"first_cycle": 1, "last_cycle": 2, "days": [1, 8, 15, 22]},
        {"first_cycle": 3, "last_cycle": 6, "days": [1, 15]},
        {"first_cycle": 7, "last_cycle": None, "days": [1]},
    ]
    assert dara["dose"]["per"] == "kg" and dara["dose"]["low"] == 16


def test_regimens_show_json_of_a_file_names_it(lib: Path) -> None:
    code, out, _ = run("regimens", "show", str(lib / "vd.yaml"), "-f", "json")
    data = json.loads(out)
    assert code == 0 and (data["id"], data["origin"], data["file"]) == (
        "my-vd",
        "local",
        str(lib / "vd.yaml"),
    )
