"""Issue 13: hypothesis properties of the order sets.

Whatever the ward's closed days, the start, the delays and the plan's holds, omissions and moves,
every supportive item ``with:`` a drug appears on exactly the days that drug is actually given
(at its offset: the same day for ``minutes_before``, ``days_after`` later, the first dose only
for ``occurrence: first``, the last for ``occurrence: last``, where its conditions hold), and no
day carries two corticosteroids.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

import mmsched
from mmsched.engine.orderset import CORTICOSTEROIDS
from mmsched.engine.wardcal import WardCalendar
from mmsched.errors import ScheduleError

REGIMENS = {
    "drd": {"dexamethasone": "40 mg"},
    "rvd": {"dexamethasone": "20 mg"},
    "tvd": {"thalidomide": "100 mg", "dexamethasone": "20 mg"},
    "vrd-21": {},
    "cybord": {},
    "rd": {"dexamethasone": "40 mg"},
}
#: The drug each regimen's changes act on (the one its premedication or counts follow).
MAIN = {"drd": "daratumumab", "rvd": "bortezomib", "tvd": "bortezomib", "vrd-21": "bortezomib",
        "cybord": "bortezomib", "rd": "lenalidomide"}  # fmt: skip


@st.composite
def changes(draw: st.DrawFn, drug: str, start: date) -> list[dict[str, Any]]:
    """Up to two changes on ``drug``: a hold (with a resume), an omission; dates near the start
    (a change that names no dose is a ScheduleError, which the property accepts)."""
    out: list[dict[str, Any]] = []
    if draw(st.booleans()):
        first = start + timedelta(draw(st.integers(0, 30)))
        until = first + timedelta(draw(st.integers(0, 20)))
        out.append({"action": "hold", "drug": drug, "from": first, "until": until, "reason": "p"})
    if draw(st.booleans()):
        day = start + timedelta(draw(st.sampled_from([0, 7, 14, 21, 28, 35])))
        out.append({"action": "omit", "drug": drug, "date": day, "reason": "p"})
    return out


@settings(max_examples=120, deadline=None)
@given(
    regimen=st.sampled_from(sorted(REGIMENS)),
    start=st.dates(date(2026, 1, 1), date(2026, 10, 31)),
    closed=st.frozensets(st.integers(0, 6), max_size=1),
    delay=st.integers(0, 10),
    vte=st.sampled_from([None, "standard", "high"]),
    data=st.data(),
)
def test_with_items_follow_the_drug_and_no_two_corticosteroids(  # noqa: PLR0917 - hypothesis
    regimen: str,
    start: date,
    closed: frozenset[int],
    delay: int,
    vte: str | None,
    data: st.DataObject,
) -> None:
    drug = MAIN[regimen]
    try:
        plan = mmsched.Plan(
            patient=mmsched.Patient(
                id="P", sex="M", age=60, height_cm=170, weight_kg=70,
                serum_creatinine_umol_l=70, vte_risk=vte,
            ),
            regimen=regimen,
            start=start,
            cycles=2,
            delays={2: delay},
            doses=REGIMENS[regimen],
            ward=WardCalendar(closed_weekdays=closed),
            changes=data.draw(changes(drug, start)),
        )  # fmt: skip
        schedule = mmsched.expand(plan)
    except (ScheduleError, mmsched.PlanError) as exc:
        event(f"refused: {type(exc).__name__}")
        return
    event("expanded")
    given_on: dict[str, list[date]] = {}
    for adm in schedule.administrations:
        given_on.setdefault(adm.drug, []).append(adm.date)
    every_day = {(a.drug, a.date) for a in schedule.administrations}
    for rule in plan.regimen.compiled.supportive:
        if rule.with_drug is None:
            continue
        dates = given_on.get(rule.with_drug, [])
        if rule.first_only:
            dates = dates[:1]
        if rule.last_only:  # an end-of-treatment reminder: with the plan's last dose only
            dates = dates[-1:]
        offset = timedelta(days=rule.days_after or 0)
        expected = [d + offset for d in dates]
        if rule.conditions is not None and rule.conditions.not_given:
            expected = [d for d in expected if (rule.conditions.not_given, d) not in every_day]
        actual = [s.date for s in schedule.supportive if s.item == rule.item]
        assert actual == expected, rule.item
    steroids: dict[date, set[str]] = {}
    for adm in schedule.administrations:
        if adm.drug in CORTICOSTEROIDS:
            steroids.setdefault(adm.date, set()).add(adm.drug)
    for record in schedule.supportive:
        if record.item in CORTICOSTEROIDS:
            steroids.setdefault(record.date, set()).add(record.item)
    assert all(len(names) == 1 for names in steroids.values())
    # Tests with a drug fall on exactly its days, too (blood counts before each dose).
    for test in plan.regimen.monitoring_rules:
        if test.with_drug is not None and test.conditions is None:
            on = [m.date for m in schedule.monitoring if m.test == test.test]
            assert set(given_on.get(test.with_drug, [])) <= set(on)
