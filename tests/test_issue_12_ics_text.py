"""Issue 12, item 10 (the ``.ics`` part): no name or text can break the calendar file.

A patient's name with a line break and ``ics --full-name`` ended in an AssertionError from
``icalendar`` (the name goes into X-WR-CALNAME, which it writes unescaped). Two defences:

* the plan reader refuses a name that is not one line of plain text (a control character, a
  line or paragraph separator, a bidirectional control), naming ``patient.name`` and the fix;
* the writer takes any str (a Schedule built in code, a regimen's notes, a calendar name): line
  breaks in one-line fields become spaces, other control characters and lone surrogates
  become U+FFFD, and every line of the file stays a valid content line.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from typer.testing import CliRunner

import mmsched
from mmsched.batch.check import check_file
from mmsched.cli.app import app
from mmsched.engine.schedule import Administration, Schedule
from mmsched.errors import PlanError
from mmsched.exports.ics import IcsOptions, calendar_name, render_ics

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
ENV = {"MMSCHED_LANG": "en", "NO_COLOR": "1", "XDG_CONFIG_HOME": "/nonexistent-mmsched-test"}
STAMP = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
WHY = (
    "(a line break, tab, escape code or direction mark: it would break the line the name is "
    "printed on, or change what is read); write the name on one line, as the ward's records "
    "do, without it"
)


def with_name(tmp_path: Path, yaml_name: str) -> Path:
    """Case 1's plan with ``name:`` written as ``yaml_name`` (YAML source text)."""
    text = CASE1.read_text(encoding="utf-8")
    assert "name: 廖某妹," in text
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace("name: 廖某妹,", f"name: {yaml_name},"), encoding="utf-8")
    return path


# --- the reader -----------------------------------------------------------------------------

REFUSED = [
    ('"廖某\\n妹"', "U+000A at character 3"),
    ('"廖某\\r\\n妹"', "U+000D at character 3; U+000A at character 4"),
    ('"Liao\\tXiumei"', "U+0009 at character 5"),
    ('"\\e[31mLiao"', "U+001B at character 1"),
    ('"Liao\\x85"', "U+0085 at character 5"),
    ('"Liao\\u2028Xiumei"', "U+2028 LINE SEPARATOR at character 5"),
    ('"\\u202egnaW"', "U+202E RIGHT-TO-LEFT OVERRIDE at character 1"),
    (
        '"a\\0b\\x7fc\\x01d\\x02"',
        "U+0000 at character 2; U+007F at character 4; U+0001 at character 6 and 1 more",
    ),
]


@pytest.mark.parametrize(("yaml_name", "where"), REFUSED)
def test_a_name_that_is_not_one_line_of_text_is_refused(
    tmp_path: Path, yaml_name: str, where: str
) -> None:
    path = with_name(tmp_path, yaml_name)
    message = f"{path}: patient.name: contains {where} {WHY}"
    with pytest.raises(PlanError) as caught:
        mmsched.load_plan(path)
    assert str(caught.value) == message
    assert str(check_file(path).error) == message


@pytest.mark.parametrize("command", [["ics", "--full-name"], ["ics"], ["calendar"], ["check"]])
def test_the_commands_say_so_without_a_traceback(tmp_path: Path, command: list[str]) -> None:
    path = with_name(tmp_path, '"廖某\\r\\n妹"')
    out = tmp_path / "out.ics"
    extra = ["-o", str(out)] if command[0] == "ics" else []
    result = CliRunner().invoke(app, [*command, str(path), *extra], env=ENV)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"patient.name: contains U+000D at character 3; U+000A at character 4 {WHY}" in (
        result.output
    )
    assert not out.exists()


@pytest.mark.parametrize(
    "name", ["Ana María Núñez", "欧阳娜娜", "O'Brien-Smith, Jr.", "Liao; Xiumei \\ 2"]
)
def test_names_of_people_are_kept_as_written(tmp_path: Path, name: str) -> None:
    path = with_name(tmp_path, f'"{name.replace(chr(92), chr(92) * 2)}"')
    assert mmsched.load_plan(path).patient.name == name


def test_a_patient_built_in_code_is_checked_the_same_way() -> None:
    facts = {"id": "GZ-0009", "sex": "F", "age": 48, "height_cm": 156, "weight_kg": 52}
    with pytest.raises(PlanError) as caught:
        mmsched.Patient(name="廖\n秀妹", **facts)
    assert [p.field for p in caught.value.problems] == ["patient.name"]


# --- the writer -----------------------------------------------------------------------------


def schedule(name: str, note: str) -> Schedule:
    day = dt.date(2026, 12, 1)
    dose = Administration(
        date=day,
        cycle=1,
        day=1,
        drug="bortezomib",
        dose=Decimal("2.0"),
        dose_calculated=Decimal("1.950"),
        unit="mg",
        route="SC",
        prescribed="1.3 mg/m2",
        basis="1.3 mg/m² × 1.50 m²",
        bsa_m2=Decimal("1.50"),
        rounding="0.1 mg",
        notes=(note,),
    )
    return Schedule(
        patient_id="GZ-0009",
        patient_name=name,
        sex="F",
        age=48,
        regimen_id="hand",
        regimen_name="Hand-made",
        regimen_name_zh=None,
        cycle_days=7,
        cycles=1,
        start=day,
        cycle_starts=(day,),
        height_cm=Decimal(156),
        weight_kg=Decimal(52),
        bsa_m2=Decimal("1.50"),
        bsa_formula="mosteller",
        bsa_uncapped_m2=Decimal("1.50"),
        administrations=(dose,),
    )


def expected_one_line(text: str) -> str:
    """What a one-line field shows, worked out here character by character."""
    text = text.replace("\\N", "\\n").replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return "".join(
        "\ufffd" if unicodedata.category(ch) in ("Cc", "Cs") and ch != "\t" else ch for ch in text
    )


def physical_lines(data: bytes) -> list[bytes]:
    """The file's lines, each checked: CRLF only, at most 75 octets, no control byte but tab."""
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        assert len(line) <= 75, line
        assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line), line
        line.decode("utf-8")  # whole characters on every line
    return lines


def test_the_issue_example_a_name_with_crlf_and_full_name() -> None:
    sched = schedule("廖秀\r\n妹", "note")
    options = IcsOptions(
        stamp=STAMP,
        lang="en",
        full_name=True,
        calendar_name=calendar_name([sched], "en", full_name=True),
    )
    data = render_ics([sched], options)
    physical_lines(data)
    assert b"\r\nX-WR-CALNAME:\xe5\xbb\x96\xe7\xa7\x80 \xe5\xa6\xb9 \xc2\xb7 Hand-made\r\n" in data
    assert "SUMMARY:C1D1 bortezomib · 廖秀 妹\r\n".encode() in data
    assert "DESCRIPTION:Patient 廖秀 妹 · GZ-0009\\n".encode() in data


def test_control_characters_in_a_note_are_replaced_and_line_breaks_kept() -> None:
    data = render_ics([schedule("廖秀妹", "a\x1b[31mb\x00\r\nc\ud800")], IcsOptions(STAMP, "en"))
    physical_lines(data)
    (event,) = Calendar.from_ical(data).events
    assert str(event["DESCRIPTION"]).endswith("  Note: a\ufffd[31mb\ufffd\nc\ufffd")


#: Any character at all: controls, line breaks, lone surrogates, noncharacters.
ANY = st.characters(exclude_categories=())


@settings(max_examples=200, deadline=None)
@given(
    name=st.text(ANY, max_size=40),
    note=st.text(ANY, max_size=200),
    title=st.text(ANY, max_size=40),
    timed=st.booleans(),
)
@example(name="廖\r\n秀\ud800妹\x1b\\N", note="a\\Nb\r\x85", title=" a,b;c\\\n", timed=True)
@example(name="\x00", note="", title="\u2028\t", timed=False)
@example(name="", note="", title="\ufeff", timed=False)
def test_no_text_breaks_the_file(name: str, note: str, title: str, timed: bool) -> None:
    options = IcsOptions(
        STAMP,
        "zh",
        group="drug",
        full_name=True,
        time=dt.time(8, 30) if timed else None,
        alarms=(dt.timedelta(hours=1),),
        calendar_name=title or None,
        calendar_description=note,
    )
    data = render_ics([schedule(name, note)], options)
    physical_lines(data)
    calendar = Calendar.from_ical(data)
    (event,) = calendar.events
    who = expected_one_line(name) or "GZ-0009"
    assert str(event["SUMMARY"]) == f"C1D1 硼替佐米 2 mg SC · {who}"
    assert str(event.subcomponents[0]["DESCRIPTION"]) == str(event["SUMMARY"])
    if title:
        # TEXT since issue 17 (icalendar keeps an X- property's value raw: unescape it).
        raw = str(calendar["X-WR-CALNAME"])
        text = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)
        # A byte-order mark at the start is dropped (icalendar would drop it on writing).
        assert text == expected_one_line(title).lstrip("\ufeff")
