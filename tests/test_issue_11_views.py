"""Issue 11, what the views show of the dose-safety engine: rule notes (once per drug and cycle
in the day list), the calculation of every changed dose, instructions, assumptions.

Case 1 (examples/case1-rvd-il2.yaml) gives no creatinine and no bilirubin: lenalidomide's
doses carry "NO RENAL CHECK", bortezomib's "hepatic dose not checked". Its day list has 56
lenalidomide rows in two cycles: the note belongs on C1D1 and C2D1 only.
"""

from __future__ import annotations

import re

from conftest import EXAMPLES

from mmsched.engine.expand import expand
from mmsched.engine.schedule import Schedule
from mmsched.formats.reader import load_plan
from mmsched.views.calendar_html import render_html
from mmsched.views.calendar_text import render_calendar

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"


def case1() -> Schedule:
    return expand(load_plan(CASE1))


def day_list(text: str) -> list[str]:
    """The lines of the text calendar's day list (after its heading, before the warnings)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line in ("Day by day", "每日用药"))
    end = next(i for i, line in enumerate(lines) if line in ("Warnings", "警告"))
    return lines[start:end]


# -- 1. rule notes once per drug and cycle in the day list --------------------------------------


def test_day_list_says_no_renal_check_once_per_cycle_en() -> None:
    lines = day_list(render_calendar(case1(), lang="en"))
    noted = [line for line in lines if "NO RENAL CHECK" in line]
    assert len(noted) == 2
    assert re.match(r"Tue 1 Dec 2026 +C1D1 +lenalidomide +25 mg +PO +NO RENAL CHECK", noted[0])
    assert re.match(r"Tue 29 Dec 2026 +C2D1 +lenalidomide +25 mg +PO +NO RENAL CHECK", noted[1])
    # Bortezomib's note is on its first dose of each cycle (C1D1, C2D1), not on D4, D8, D11.
    assert sum("hepatic dose not checked" in line for line in lines) == 2
    assert re.search(r"^ +bortezomib +2 mg +\w+$", "\n".join(lines), re.M)


def test_day_list_says_no_renal_check_once_per_cycle_zh() -> None:
    lines = day_list(render_calendar(case1(), lang="zh"))
    assert sum("未做肾功能核对" in line for line in lines) == 2
    assert sum("未核对肝功能剂量" in line for line in lines) == 2


def test_html_day_list_gives_the_note_once_per_cycle() -> None:
    html = render_html(case1(), lang="en")
    days = html[html.index('<table class="days">') :]
    assert days.count("NO RENAL CHECK") == 2
    # The drug table still gives it on lenalidomide's row.
    drugs = html[html.index('<table class="drugs">') : html.index('<table class="days">')]
    assert drugs.count("NO RENAL CHECK") == 1


def test_day_list_within_dates_gives_the_note_on_the_first_row_shown() -> None:
    from datetime import date

    text = render_calendar(case1(), lang="en", start=date(2026, 12, 10), end=date(2026, 12, 12))
    noted = [line for line in day_list(text) if "NO RENAL CHECK" in line]
    assert len(noted) == 1
    assert re.match(r"Thu 10 Dec 2026 +C1D10 +lenalidomide", noted[0])
