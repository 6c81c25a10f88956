"""Hypothesis properties of closed-day placement (issue 4), with clinical-range strategies.

Whatever the ward's closed days, start date and delays, a schedule either fails with a
ScheduleError or keeps every rule: each dose stays in its own cycle's window, a shifted dose is
never earlier than planned unless its policy is shift-earlier, no dose sits on a closed day
unless its policy is keep, every min_interval_hours holds and no drug is given twice a day.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import event, given, settings
from hypothesis import strategies as st

import mmsched
from mmsched.engine.wardcal import WardCalendar
from mmsched.errors import ScheduleError

REGIMENS = ["rvd", "tvd", "rvd-il2", "tvd-il2", "vrd-21", "rd", "cybord", "drd"]
DOSES = {
    "rvd": {"dexamethasone": "20 mg"},
    "tvd": {"thalidomide": "100 mg", "dexamethasone": "20 mg"},
    "rvd-il2": {"dexamethasone": "20 mg"},
    "tvd-il2": {"thalidomide": "100 mg", "dexamethasone": "20 mg"},
    "vrd-21": {},
    "cybord": {},
    "rd": {},
    "drd": {},
}


@st.composite
def wards(draw: st.DrawFn) -> WardCalendar:
    weekdays = draw(st.frozensets(st.integers(0, 6), max_size=2))
    start = date(2026, 1, 1)
    closed = draw(
        st.frozensets(st.integers(0, 400).map(lambda n: start + timedelta(n)), max_size=12)
    )
    return WardCalendar(closed_weekdays=weekdays, closed=closed)


@settings(max_examples=150, deadline=None)
@given(
    regimen=st.sampled_from(REGIMENS),
    ward=wards(),
    start=st.dates(date(2026, 1, 1), date(2026, 10, 31)),
    cycles=st.integers(1, 3),
    delay=st.integers(0, 14),
)
def test_placement_keeps_every_rule(
    regimen: str, ward: WardCalendar, start: date, cycles: int, delay: int
) -> None:
    plan = mmsched.Plan(
        patient=mmsched.Patient(
            id="P", sex="F", age=60, height_cm=160, weight_kg=60, serum_creatinine_umol_l=70
        ),
        regimen=regimen,
        start=start,
        cycles=cycles,
        doses=DOSES[regimen],
        delays={cycles: delay} if cycles > 1 else {},
        ward=ward,
    )
    try:
        schedule = mmsched.expand(plan)
    except ScheduleError as exc:
        refusal = exc.problems
    else:
        refusal = []
    event("refused" if refusal else "scheduled")
    if refusal:
        assert all(p.message for p in refusal)  # a refusal always says why
        return
    rules = {rule.drug: rule for rule in plan.regimen.rules}
    starts = schedule.cycle_starts
    ends = [*starts[1:], starts[-1] + timedelta(days=schedule.cycle_days)]
    last: dict[str, date] = {}
    for adm in schedule.administrations:
        rule = rules[adm.drug]
        assert starts[adm.cycle - 1] <= adm.date < ends[adm.cycle - 1]
        planned = adm.planned_date or adm.date
        assert planned == starts[adm.cycle - 1] + timedelta(days=adm.day - 1)
        if rule.on_closed_day != "shift-earlier":
            assert adm.date >= planned
        if ward.is_closed(adm.date):
            assert rule.on_closed_day == "keep"
        if adm.planned_date is not None:
            assert adm.shift_reason
        if adm.drug in last:
            gap_hours = (adm.date - last[adm.drug]).days * 24
            assert gap_hours >= (rule.min_interval_hours or 24)
        last[adm.drug] = adm.date
