"""Issue 11, the calendar file: each dose's instructions and rule notes in its event, the
regimens' assumptions in the calendar's own description (RFC 7986 DESCRIPTION and the
X-WR-CALDESC that Apple and Google clients read).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import EXAMPLES
from icalendar import Calendar
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app
from mmsched.exports.ics import IcsOptions, calendar_description, render_ics

STAMP = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
ENV = {"MMSCHED_LANG": None, "LC_ALL": None, "LANG": "C.UTF-8", "NO_COLOR": "1"}


def export(*args: str) -> Calendar:
    """``mmsched ics ARGS`` with a fixed stamp, parsed back."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.ics"
        result = CliRunner().invoke(
            app, ["ics", *args, "-o", str(out), "--dtstamp", "2026-11-01T00:00:00Z"], env=ENV
        )
        assert result.exit_code == 0, result.output
        return Calendar.from_ical(out.read_bytes())


def plan(tmp_path: Path, name: str, **patient: Any) -> Path:
    data = yaml.safe_load(CASE1.read_text(encoding="utf-8"))
    data["patient"].update(patient)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_calendar_description_gives_the_assumptions_of_rvd_il2() -> None:
    calendar = export(str(CASE1), "--lang", "en")
    description = str(calendar["DESCRIPTION"])
    lines = description.splitlines()
    assert lines[0] == "Regimen assumptions, RVD + IL-2 (rvd-il2):"
    assert [line[:3] for line in lines[1:]] == ["1. ", "2. ", "3. "]
    assert lines[1].startswith("1. Lenalidomide is taken on every day of the 28-day cycle")
    assert lines[3].endswith("(Source: Wu, Liu, Huang 2024 (the seed), section 4)")
    # The same text under the name Apple and Google read (kept as TEXT, escapes and all).
    assert "X-WR-CALDESC:Regimen assumptions\\, RVD + IL-2 (rvd-il2):\\n1. " in (
        calendar.to_ical().decode().replace("\r\n ", "")
    )


def test_calendar_description_in_chinese() -> None:
    description = str(export(str(CASE1), "--lang", "zh")["DESCRIPTION"])
    assert description.startswith(
        "方案说明（假设与依据）：RVD + 白介素-2（rvd-il2）\n1. 来那度胺按原文"
    )


def test_a_ward_feed_describes_each_regimen_once(tmp_path: Path) -> None:
    one = plan(tmp_path, "a.yaml", id="W-1")
    two = plan(tmp_path, "b.yaml", id="W-2")
    tvd = EXAMPLES / "case2-tvd-il2.yaml"
    description = str(export(str(one), str(two), str(tvd), "--lang", "en")["DESCRIPTION"])
    blocks = description.split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [
        "Regimen assumptions, RVD + IL-2 (rvd-il2):",
        "Regimen assumptions, TVD + IL-2 (tvd-il2):",
    ]


def test_library_render_ics_fills_the_description_and_can_leave_it_out() -> None:
    schedule = mmsched.expand(mmsched.load_plan(CASE1))
    data = render_ics([schedule], IcsOptions(stamp=STAMP, lang="en"))
    assert str(Calendar.from_ical(data)["DESCRIPTION"]) == calendar_description([schedule], "en")
    bare = render_ics([schedule], IcsOptions(stamp=STAMP, lang="en", calendar_description=""))
    assert b"CALDESC" not in bare and b"\r\nDESCRIPTION:Regimen" not in bare


def test_dialysis_event_gives_the_instruction_and_the_band(tmp_path: Path) -> None:
    path = plan(tmp_path, "p.yaml", serum_creatinine_umol_l=600, dialysis=True)
    calendar = export(str(path), "--lang", "en", "--group", "drug")
    lena = [e for e in calendar.events if " lenalidomide " in str(e["SUMMARY"])]
    assert len(lena) == 56
    lines = str(lena[0]["DESCRIPTION"]).splitlines()
    assert "  Instructions: on dialysis days, take it after dialysis" in lines
    assert any(line.startswith("  Note: renal band on dialysis: 5 mg") for line in lines)
    zh = export(str(path), "--lang", "zh", "--group", "drug")
    first = next(e for e in zh.events if "来那度胺" in str(e["SUMMARY"]))
    assert "  用法：透析日于透析结束后服用" in str(first["DESCRIPTION"]).splitlines()
