"""Properties of the expander for any bundled regimen and any plausible patient and plan.

Strategies stay inside clinical ranges (heights 140-200 cm, weights 35-150 kg, starts 2020-2035,
delays 0-21 days, 1-8 cycles); validation refuses what lies far outside them.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import mmsched
from mmsched import Patient, Plan, Regimen, Schedule
from mmsched.engine.dispensing import exactly

REGIMEN_IDS = mmsched.bundled_regimen_ids()
FORMULA_NAMES = ["mosteller", "dubois", "haycock", "gehan-george", "boyd", "stevenson"]


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    regimen = mmsched.load_regimen(draw(st.sampled_from(REGIMEN_IDS)))
    cycles = draw(st.integers(1, 8))
    delays = draw(st.dictionaries(st.integers(1, cycles), st.integers(0, 21), max_size=cycles))
    doses = {}
    for rule in regimen.rules:
        if rule.dose.is_range:
            # A plan chooses a dose its pharmacy can make (the plan is refused otherwise).
            amounts = [
                n
                for n in range(int(rule.dose.low), int(rule.dose.high) + 1)
                if rule.strengths is None or exactly(Decimal(n), rule.strengths) is not None
            ]
            amount = draw(st.sampled_from(amounts))
            doses[rule.drug] = f"{amount} {rule.dose.unit_text}"
    patient = Patient(
        id="P",
        sex=draw(st.sampled_from(["F", "M"])),
        age=draw(st.integers(18, 90)),
        height_cm=draw(st.decimals(140, 200, places=1)),
        weight_kg=draw(st.decimals(35, 150, places=1)),
    )
    return Plan(
        patient=patient,
        regimen=regimen,
        start=draw(st.dates(date(2020, 1, 1), date(2035, 12, 31))),
        cycles=cycles,
        bsa_formula=draw(st.sampled_from(FORMULA_NAMES)),
        doses=doses,
        delays=delays,
    )


def order_of(regimen: Regimen) -> dict[str, int]:
    return {rule.drug: i for i, rule in enumerate(regimen.rules)}


@settings(max_examples=150, deadline=None)
@given(plans())
def test_no_day_outside_its_cycle(plan: Plan) -> None:
    s = mmsched.expand(plan)
    for a in s.administrations:
        assert 1 <= a.day <= plan.regimen.cycle_days
        assert 1 <= a.cycle <= plan.total_cycles
        assert a.date == s.cycle_starts[a.cycle - 1] + timedelta(days=a.day - 1)
        # Inside the cycle's own span, before the next cycle starts.
        if a.cycle < len(s.cycle_starts):
            assert a.date < s.cycle_starts[a.cycle]


@settings(max_examples=150, deadline=None)
@given(plans())
def test_cycle_starts_are_cycle_days_apart_plus_delays(plan: Plan) -> None:
    s: Schedule = mmsched.expand(plan)
    assert len(s.cycle_starts) == plan.total_cycles
    assert s.cycle_starts[0] == plan.start + timedelta(days=plan.delays.get(1, 0))
    for cycle in range(2, plan.total_cycles + 1):
        gap = (s.cycle_starts[cycle - 1] - s.cycle_starts[cycle - 2]).days
        assert gap == plan.regimen.cycle_days + plan.delays.get(cycle, 0)
    total_delay = sum(plan.delays.values())
    expected_last = plan.start + timedelta(
        days=(plan.total_cycles - 1) * plan.regimen.cycle_days + total_delay
    )
    assert s.cycle_starts[-1] == expected_last


@settings(max_examples=150, deadline=None)
@given(plans())
def test_dose_count_per_cycle_equals_the_rules_day_count(plan: Plan) -> None:
    s = mmsched.expand(plan)
    for cycle in range(1, plan.total_cycles + 1):
        for rule in plan.regimen.rules:
            given_days = [
                a.day for a in s.administrations if a.cycle == cycle and a.drug == rule.drug
            ]
            assert len(given_days) == len(rule.days_for(cycle))
            assert tuple(given_days) == rule.days_for(cycle)
    assert len(s.administrations) == sum(
        len(rule.days_for(cycle))
        for cycle in range(1, plan.total_cycles + 1)
        for rule in plan.regimen.rules
    )


@settings(max_examples=150, deadline=None)
@given(plans())
def test_sorted_by_date_then_drug_order(plan: Plan) -> None:
    s = mmsched.expand(plan)
    order = order_of(plan.regimen)
    keys = [(a.date, order[a.drug]) for a in s.administrations]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)  # one dose of a drug per day


@settings(max_examples=150, deadline=None)
@given(plans())
def test_min_interval_kept(plan: Plan) -> None:
    s = mmsched.expand(plan)
    for rule in plan.regimen.rules:
        if rule.min_interval_hours is None:
            continue
        dates = [a.date for a in s.administrations if a.drug == rule.drug]
        for before, after in itertools.pairwise(dates):
            assert (after - before).days * 24 >= rule.min_interval_hours


@settings(max_examples=150, deadline=None)
@given(plans())
def test_doses_follow_bsa_and_weight(plan: Plan) -> None:
    s = mmsched.expand(plan)
    assert s.bsa_m2 == s.bsa_m2.quantize(Decimal("0.01"))
    assert Decimal("1.1") < s.bsa_m2 < Decimal("3.2")  # 140 cm / 35 kg .. 200 cm / 150 kg
    for a in s.administrations:
        rule = plan.regimen.rule(a.drug)
        assert rule is not None
        prescribed = plan.chosen_dose(a.drug) or rule.dose
        assert a.dose > 0
        if prescribed.per == "m2":
            assert a.dose_calculated == prescribed.low * s.bsa_m2
        elif prescribed.per == "kg":
            assert a.dose_calculated == prescribed.low * plan.patient.weight_kg
        else:
            assert a.dose == a.dose_calculated
            if not a.notes:  # no renal band, age rule or dose level changed it
                assert a.dose == prescribed.low
        if rule.rounding is not None:
            step = rule.rounding.low
            assert a.dose % step == 0
            assert abs(a.dose - a.dose_calculated) <= step / 2
