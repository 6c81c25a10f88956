"""Plan diffs (issue 4): what moved, changed dose, was added or removed."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import mmsched
from mmsched.engine.diff import diff_schedules
from mmsched.exports.diff_json import diff_to_json
from mmsched.views.diff_text import render_diff_text

ROOT = Path(__file__).resolve().parent.parent
CASE1 = ROOT / "examples" / "case1-rvd-il2.yaml"


def case1(**changes: object) -> mmsched.Schedule:
    plan = mmsched.load_plan(CASE1)
    return mmsched.expand(plan.model_copy(update=changes) if changes else plan)


def test_unchanged_plan_has_no_differences() -> None:
    assert diff_schedules(case1(), case1()) == []
    assert render_diff_text(case1(), [], "en") == "No differences.\n"
    assert render_diff_text(case1(), [], "zh") == "无变化。\n"


def test_delayed_cycle_moves_every_cycle_2_event_by_seven_days() -> None:
    old = case1()
    new = mmsched.expand(
        mmsched.Plan.model_validate(
            {**mmsched.load_plan(CASE1).model_dump(), "regimen": old_regimen(), "delays": {2: 7}}
        )
    )
    entries = diff_schedules(old, new)
    # Cycle 2 of RVD + IL-2: lenalidomide 28, bortezomib 4, dexamethasone 8, IL-2 7 = 47
    # administrations; monitoring: 6 blood counts (bortezomib days 1, 4, 8, 11 and
    # lenalidomide's weekly days 15, 22) and the day-28 lymphocyte panel = 7.
    assert {e.kind for e in entries} == {"moved"}
    assert sum(e.what == "administration" for e in entries) == 47
    assert sum(e.what == "monitoring" for e in entries) == 7
    assert all(e.cycle == 2 for e in entries)
    assert all(e.new_date == e.old_date + timedelta(days=7) for e in entries)  # type: ignore[operator]
    first = entries[0]
    assert (first.name, first.old_date, first.new_date) == (
        "lenalidomide",
        date(2026, 12, 29),
        date(2027, 1, 5),
    )
    data = json.loads(diff_to_json(old, new, entries))
    assert data["schema"] == "mmsched.diff/1" and len(data["changes"]) == 54
    assert data["changes"][0] == {
        "kind": "moved",
        "what": "administration",
        "name": "lenalidomide",
        "cycle": 2,
        "day": 1,
        "old_date": "2026-12-29",
        "new_date": "2027-01-05",
        "old_dose": 25,
        "new_dose": 25,
        "unit": "mg",
        "phase": "induction",
    }
    text_zh = render_diff_text(new, entries, "zh")
    assert text_zh.splitlines()[0] == "患者 GZ-0001 的变更：54 项"
    assert "改期" in text_zh and "来那度胺" in text_zh and "2027年1月5日 星期二" in text_zh
    text_en = render_diff_text(new, entries, "en")
    assert "moved" in text_en and "Tue 29 Dec 2026 → Tue 5 Jan 2027" in text_en


def test_fewer_cycles_and_a_dose_change_show_as_removed_and_dose() -> None:
    old = case1()
    plan = mmsched.load_plan(CASE1)
    data = {
        **plan.model_dump(),
        "regimen": plan.regimen,
        "cycles": 1,
        "doses": {"dexamethasone": "40 mg"},
    }
    new = mmsched.expand(mmsched.Plan.model_validate(data))
    entries = diff_schedules(old, new)
    kinds = {(e.kind, e.cycle) for e in entries}
    assert kinds == {("dose", 1), ("removed", 2)}
    dex = [e for e in entries if e.kind == "dose"]
    assert len(dex) == 8 and {(e.old_dose, e.new_dose) for e in dex} == {(20, 40)}


def old_regimen() -> mmsched.Regimen:
    return mmsched.load_plan(CASE1).regimen
