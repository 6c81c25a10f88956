"""Issue 12, item 10: terminal and CSV injection.

A name or a note holding an ANSI escape reached the terminal raw (it could clear the screen,
recolour a dose or retitle the window), and a CSV cell starting with ``=``, ``+``, ``-`` or
``@`` was left for a spreadsheet to run as a formula (OWASP, "CSV Injection"). Three layers,
each tested on its own:

1. every text of every file (plan, regimen, ward, holiday; and a model built in code) refuses
   control characters other than tab and line feed, and the bidirectional overrides and
   isolates ("Trojan Source", CVE-2021-42574), naming the field;
2. every terminal line and every message escapes them anyway (a text that did not come from a
   file: a file name, a course built in code);
3. the CSV columns written for people start with an apostrophe when a spreadsheet would read
   them as a formula.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app
from mmsched.errors import MmschedError, PlanError, printable
from mmsched.views.csv_tables import for_people
from mmsched.views.terminal import Table, Text, to_text

GZ0101 = EXAMPLES / "ward" / "gz-0101-vrd21.yaml"
ENV = {"MMSCHED_LANG": "en", "NO_COLOR": "1", "XDG_CONFIG_HOME": "/nonexistent-mmsched-test"}
ESC = "\x1b"


def with_name(tmp_path: Path, yaml_name: str, name: str = "plan.yaml") -> Path:
    """GZ-0101's plan (examples/ward) with ``name:`` written as ``yaml_name`` (YAML text)."""
    text = GZ0101.read_text(encoding="utf-8")
    assert "name: 陈秀英," in text
    path = tmp_path / name
    path.write_text(text.replace("name: 陈秀英,", f"name: {yaml_name},"), encoding="utf-8")
    return path


# -- 1. refused in files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_name", "code", "kind", "at"),
    [
        ('"Chen\\e[2JXiu"', "U+001B", "a control character", 5),  # clears the screen
        ('"Chen\\rXiu"', "U+000D", "a control character", 5),  # overwrites the line
        ('"Chen\\x07"', "U+0007", "a control character", 5),  # the bell
        ('"Chen\\x9b31m"', "U+009B", "a control character", 5),  # C1 CSI
        ('"Chen\\u202eXiu"', "U+202E", "a text-direction character", 5),  # RIGHT-TO-LEFT OVERRIDE
        ('"\\u2066Chen"', "U+2066", "a text-direction character", 1),  # LEFT-TO-RIGHT ISOLATE
    ],
)
def test_a_name_with_a_control_character_is_refused(
    tmp_path: Path, yaml_name: str, code: str, kind: str, at: int
) -> None:
    path = with_name(tmp_path, yaml_name)
    with pytest.raises(PlanError) as caught:
        mmsched.load_plan(path)
    message = str(caught.value)
    # names are stricter still (one line: formats/ids.py plain_name), so their message is
    # the name's own; every other text field says "(a control character)"
    assert f"patient.name: contains {code}" in message
    assert f"at character {at}" in message
    assert ESC not in message and "\r" not in message

    result = CliRunner().invoke(app, ["check", str(path)], env=ENV)
    assert result.exit_code == 1
    assert f"patient.name: contains {code}" in result.output
    assert ESC not in result.output and "Traceback" not in result.output


def with_reason(tmp_path: Path, yaml_reason: str) -> Path:
    """Case 1 with one change whose ``reason`` is ``yaml_reason`` (YAML text): dexamethasone
    omitted on C1D2 (2026-12-02; rvd-il2 gives it on days 1-4)."""
    path = tmp_path / "plan.yaml"
    text = (EXAMPLES / "case1-rvd-il2.yaml").read_text(encoding="utf-8")
    path.write_text(
        text + "changes:\n  - {action: omit, drug: dexamethasone, date: 2026-12-02, "
        f"reason: {yaml_reason}}}\n",
        encoding="utf-8",
    )
    return path


def test_tab_and_line_feed_stay_allowed_in_text(tmp_path: Path) -> None:
    """A reason written with a tab or over two lines keeps them; only what a terminal obeys
    goes."""
    plan = mmsched.load_plan(with_reason(tmp_path, '"insomnia\\tgrade 2\\nsee notes"'))
    assert plan.changes[0].reason == "insomnia\tgrade 2\nsee notes"
    omitted = {s.date for s in mmsched.expand(plan).skipped if s.drug == "dexamethasone"}
    assert omitted == {date(2026, 12, 2)}


def test_a_reason_with_an_escape_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as caught:
        mmsched.load_plan(with_reason(tmp_path, '"insomnia\\e[8m"'))
    assert (
        "changes[0].omit.reason: contains U+001B (a control character) at character 9; type the "
        "text again without it"
    ) in str(caught.value)


def test_a_regimen_name_with_an_escape_is_refused(tmp_path: Path) -> None:
    """A local regimen file is text a colleague wrote: an OSC title sequence in its name."""
    source = (EXAMPLES.parent / "regimens" / "rd.yaml").read_text(encoding="utf-8")
    line = 'name: {en: "Rd (lenalidomide, low-dose dexamethasone)",'
    assert line in source
    regimen = tmp_path / "r.yaml"
    regimen.write_text(source.replace(line, 'name: {en: "Rd\\e]0;pwned\\a",', 1), encoding="utf-8")
    with pytest.raises(MmschedError) as caught:
        mmsched.load_regimen(regimen)
    assert "name.en: contains U+001B (a control character) at character 3" in str(caught.value)


def test_a_plan_built_in_code_is_checked_too() -> None:
    patient = {"id": "GZ-9", "name": "A\x1bB", "sex": "F", "age": 60}
    with pytest.raises(PlanError, match=r"patient\.name: contains U\+001B"):
        mmsched.Plan(
            patient={**patient, "height_cm": 160, "weight_kg": 60},
            regimen="rd",
            start=date(2026, 12, 1),
        )


# -- 2. escaped on every output -------------------------------------------------------------


def test_terminal_lines_escape_controls_and_keep_mmsched_colour() -> None:
    table = Table()
    table.add_column("name")
    table.add_row(Text("Li\x1b[2J\u202eWei"))
    plain = to_text([table])
    assert ESC not in plain and "\u202e" not in plain
    assert "Li\\x1b[2J\\u202eWei" in plain
    coloured = to_text([Text("x\x1b]0;t\x07", style="bold")], color=True)
    # mmsched's own codes (bold, reset) and nothing else
    assert coloured == "\x1b[1mx\\x1b]0;t\\x07\x1b[0m\n"


def test_an_escaped_cell_is_measured_as_written() -> None:
    """The table is laid out for the escaped text, so its borders still line up."""
    table = Table()
    table.add_column("n")
    table.add_column("m")
    table.add_row(Text("ab\x1bcdefg"), "X")  # written 11 wide (8 characters)
    table.add_row(Text("abcdefghij"), "Y")  # 10 wide
    table.add_row(Text("abc"), "Z")
    lines = to_text([table]).splitlines()
    assert "ab\\x1bcdefg" in lines[1]
    assert lines[1].index("X") == lines[2].index("Y") == lines[3].index("Z"), lines


def test_a_file_name_with_an_escape_is_shown_escaped(tmp_path: Path) -> None:
    bad = tmp_path / "plan\x1b[31m.yaml"
    result = CliRunner().invoke(app, ["calendar", str(bad)], env=ENV)
    assert result.exit_code == 1
    assert ESC not in result.output
    assert "plan\\x1b[31m.yaml" in result.output


def test_a_message_keeps_its_lines_but_escapes_the_rest() -> None:
    error = PlanError(
        [
            mmsched.Problem("patient.name", "x\x1b"),
            mmsched.Problem("start", "y\nz"),
        ],
        file="a\x1b.yaml",
    )
    assert str(error) == ("a\\x1b.yaml: 2 problems:\n  - patient.name: x\\x1b\n  - start: y\\nz")
    assert printable("ok 张伟") == "ok 张伟"


# -- 3. CSV for spreadsheets ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-Li", "'-Li"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Li =1", "Li =1"),  # only the first character matters
        ("陈秀英", "陈秀英"),
    ],
)
def test_ward_csv_names_never_start_a_formula(tmp_path: Path, name: str, cell: str) -> None:
    plan = with_name(tmp_path, f'"{name}"')
    result = CliRunner().invoke(
        app,
        ["ward", str(plan), "--date", "2026-12-07", "--format", "csv", "--full-name"],
        env=ENV,
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {row["patient"] for row in rows} == {cell}
    # the machine columns are untouched: GZ-0101's bortezomib on C1D1 (vrd-21, 1.3 mg/m²)
    assert {row["patient_id"] for row in rows} == {"GZ-0101"}
    assert any(row["drug"] == "bortezomib" for row in rows)


def test_every_formula_start_is_neutralised() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert for_people(start + "x") == "'" + start + "x"
    assert for_people("") == ""
    assert for_people("1.3 mg/m²") == "1.3 mg/m²"


def test_calendar_csv_columns_for_people_are_neutralised() -> None:
    """The calendar CSV's text columns pass the same guard (a dose text never starts so)."""
    plan = mmsched.load_plan(EXAMPLES / "case1-rvd-il2.yaml")
    from mmsched.views.csv_tables import calendar_csv

    rows = list(csv.DictReader(io.StringIO(calendar_csv(mmsched.expand(plan), lang="en"))))
    first = next(row for row in rows if row["drug"] == "bortezomib")
    assert first["date"] == "2026-12-01"
    assert first["dose_text"] == "2 mg"
    # 1.3 mg/m² × BSA 1.50 m² (Mosteller, 156 cm, 52 kg: sqrt(156 × 52 / 3600) = 1.501) = 1.95
    # → 2 mg at the regimen's 0.1 mg step (the seed's own case 1)
    assert Decimal(first["dose"]) == Decimal("2")


def test_every_file_model_checks_its_text() -> None:
    """The class made impossible, not the example patched: every pydantic model of the file
    formats derives from FileModel, whose validator checks every text field."""
    import inspect

    import pydantic

    from mmsched import formats
    from mmsched.formats import base, changes, plan, regimen, ward

    models = [
        obj
        for module in (base, changes, plan, regimen, ward)
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, pydantic.BaseModel)
        and obj.__module__.startswith(formats.__name__)
    ]
    assert len(models) > 10
    assert [m.__name__ for m in models if not issubclass(m, base.FileModel)] == []
