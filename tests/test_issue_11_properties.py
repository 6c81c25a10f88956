"""Issue 11, as properties over random patients: what no rule may ever produce.

Patients aged 18-95, 35-180 kg, creatinine 30-1200 µmol/L, on dialysis or not, with or without a
bilirubin, with a random dose level or percentage: every oral dose is dispensable from the
drug's strengths; no dose is above the regimen's dose plus what its rounding rule allows (HOPA:
half a step, never more than 10 %); a level or percentage never raises a dose; a dialysis
patient never gets a band chosen by CrCl; a dose changed by a rule says which.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import mmsched
from mmsched import Plan
from mmsched.engine.dispensing import exactly
from mmsched.engine.dosing import DEFAULT_STEP, ROUNDING_TOLERANCE
from mmsched.errors import ScheduleError

REGIMENS = {rid: mmsched.load_regimen(rid) for rid in mmsched.bundled_regimen_ids()}


@st.composite
def cases(draw: st.DrawFn) -> tuple[Plan, dict[str, Any] | None]:
    regimen = REGIMENS[draw(st.sampled_from(sorted(REGIMENS)))]
    doses = {}
    for rule in regimen.rules:
        if rule.dose.is_range:
            amounts = [
                n
                for n in range(int(rule.dose.low), int(rule.dose.high) + 1)
                if rule.strengths is None or exactly(Decimal(n), rule.strengths) is not None
            ]
            doses[rule.drug] = f"{draw(st.sampled_from(amounts))} {rule.dose.unit_text}"
    patient: dict[str, Any] = {
        "id": "P",
        "sex": draw(st.sampled_from(["F", "M"])),
        "age": draw(st.integers(18, 95)),
        "height_cm": draw(st.decimals(145, 195, places=0)),
        "weight_kg": draw(st.decimals(35, 180, places=1)),
        "dialysis": draw(st.booleans()),
    }
    if draw(st.booleans()):
        patient["serum_creatinine_umol_l"] = draw(st.decimals(30, 1200, places=0))
    if draw(st.booleans()):
        patient["total_bilirubin_umol_l"] = draw(st.decimals(3, 120, places=1))
        patient["bilirubin_uln_umol_l"] = Decimal(21)
    change = None
    drug = draw(st.sampled_from([r.drug for r in regimen.rules]))
    rule = regimen.rule(drug)
    assert rule is not None
    kind = draw(st.sampled_from(["none", "level", "percent"]))
    base = {"action": "dose-level", "drug": drug, "from_cycle": draw(st.integers(1, 2))}
    if kind == "level" and rule.levels:
        level = draw(st.integers(1, len(rule.levels) - 1))
        change = {**base, "level": level, "reason": "toxicity"}
    elif kind == "percent":
        change = {**base, "percent": draw(st.integers(20, 100)), "reason": "toxicity"}
    plan = Plan(
        patient=patient,
        regimen=regimen,
        start=date(2026, 12, 1),
        cycles=2,
        doses=doses,
        changes=[change] if change else [],
    )
    return plan, change


def _full_dose_limit(plan: Plan, adm: mmsched.Administration) -> Decimal:
    """The regimen's dose for this patient plus what its rounding rule allows."""
    rule = plan.regimen.rule(adm.drug)
    assert rule is not None
    base = plan.chosen_dose(adm.drug) or rule.dose
    if base.per == "m2":
        assert adm.bsa_m2 is not None
        calculated = base.high * adm.bsa_m2
    elif base.per == "kg":
        calculated = base.high * plan.patient.weight_kg
    else:
        return base.high
    step = rule.rounding.low if rule.rounding is not None else DEFAULT_STEP
    return calculated + min(step / 2, calculated * ROUNDING_TOLERANCE)


def _expand(plan: Plan) -> mmsched.Schedule | None:
    try:
        return mmsched.expand(plan)
    except ScheduleError:
        # Below the smallest strength, or a level past the lowest: refused, never printed.
        return None


@settings(max_examples=300, deadline=None)
@given(cases())
def test_no_rule_makes_a_dose_a_pharmacist_would_refuse(case: tuple[Plan, Any]) -> None:
    plan, change = case
    schedule = _expand(plan)
    if schedule is None:
        return
    without = _expand(Plan.model_validate({**dict(plan), "changes": []})) if change else schedule
    assert without is not None
    unchanged = {(a.drug, a.cycle, a.day): a.dose for a in without.administrations}
    for adm in schedule.administrations:
        rule = plan.regimen.rule(adm.drug)
        assert rule is not None
        if rule.route == "PO" and rule.strengths is not None:
            assert exactly(adm.dose, rule.strengths) is not None, adm
        assert adm.override or adm.dose <= _full_dose_limit(plan, adm), adm
        # A level or a percentage never raises a dose.
        assert adm.dose <= unchanged.get((adm.drug, adm.cycle, adm.day), adm.dose), adm
        if rule.renal and plan.patient.dialysis and schedule.renal is not None:
            assert adm.notes[0].startswith("renal band on dialysis"), adm
        if adm.dose < _full_dose_limit(plan, adm) - _allowance_below(plan, adm):
            # A reduced dose names the rule that reduced it.
            assert adm.notes, adm


def _allowance_below(plan: Plan, adm: mmsched.Administration) -> Decimal:
    """How far below the full dose rounding alone may bring a dose (half a step)."""
    rule = plan.regimen.rule(adm.drug)
    assert rule is not None
    base = plan.chosen_dose(adm.drug) or rule.dose
    if base.per is None:
        return Decimal(0)
    return rule.rounding.low if rule.rounding is not None else DEFAULT_STEP
