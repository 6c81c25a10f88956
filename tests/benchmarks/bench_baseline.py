"""The plain-Python floor the expander is measured against.

It builds the same ``(date, drug, dose)`` tuples as :func:`mmsched.expand` for the generated
plans (see ``bench_plans.py``), from plain dicts, with no validation, no messages, no warnings, no
monitoring and no records: cycle starts with delays, the body measures of each cycle, the BSA,
renal bands, dose levels, rounding half-up in Decimal, closed-day shifts, intervals and holds.
Regimens and wards are turned into plain tuples once (as the engine validates each regimen
once). The benchmarks check that both give the same tuples before timing either.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from math import ceil
from typing import Any

from mmsched.engine.bsa import FORMULAS
from mmsched.engine.wardcal import WardCalendar
from mmsched.formats.regimen import Regimen

ONE = Decimal(1)
HUNDREDTH = Decimal("0.01")
TENTH = Decimal("0.1")
OFFSETS = [timedelta(days=day - 1) for day in range(367)]

# A plain regimen: (cycle_days, cycles, drugs); a drug is
# (name, amount, per, step, days_by_cycle, gap, shifts, renal, levels, limits), limits being
# (age over, dose) and (BMI under, dose) of the rules that reduce; each row of days_by_cycle is
# (first, last, days, the drug it follows or None, days after it).
PlainDrug = tuple[Any, ...]
PlainRegimen = tuple[int, int, list[PlainDrug]]
# A plain ward: (closed weekdays, closed dates, open dates).
PlainWard = tuple[frozenset[int], frozenset[date], frozenset[date]]


def plain_regimen(regimen: Regimen) -> PlainRegimen:
    drugs = []
    for rule in regimen.rules:
        step = rule.rounding.low if rule.rounding else (HUNDREDTH if rule.dose.per else None)
        gap = max(1, ceil(rule.min_interval_hours / 24)) if rule.min_interval_hours else 1
        drugs.append(
            (
                rule.drug,
                rule.dose.low,
                rule.dose.per,
                step,
                [(e.first, e.last, e.days, e.with_drug, e.offset_days) for e in rule.days_by_cycle],
                timedelta(days=gap),
                rule.on_closed_day != "keep",
                [(b.crcl_min, b.dialysis, b.dose.low, b.days) for b in rule.renal],
                [level.low for level in rule.levels],
                (
                    _reducing(rule.age_rule, "over"),
                    _reducing(rule.bmi_rule, "under"),
                ),
            )
        )
    return regimen.cycle_days, regimen.cycles, drugs


def _reducing(rule: Any, bound: str) -> tuple[Any, Decimal] | None:
    if rule is None or rule.action != "reduce":
        return None
    return getattr(rule, bound), rule.max_dose.low


def plain_ward(calendar: WardCalendar | None) -> PlainWard | None:
    if calendar is None:
        return None
    closed = (calendar.closed | frozenset(calendar.holidays)) - calendar.open
    opened = calendar.working_days | calendar.open
    return calendar.closed_weekdays, closed, opened


def _round(value: Decimal, step: Decimal) -> Decimal:
    result = (value / step).quantize(ONE, rounding=ROUND_HALF_UP) * step
    exponent = step.as_tuple().exponent
    if isinstance(exponent, int) and exponent < 0:
        result = result.quantize(ONE.scaleb(exponent))
    return result


def expand_plain(
    data: dict[str, Any], regimen: PlainRegimen, ward: PlainWard | None
) -> list[tuple[date, str, Decimal]]:
    """The administrations of one plan as ``(date, drug, dose)``, in the expander's order."""
    cycle_days, default_cycles, drugs = regimen
    cycles = data.get("cycles") or default_cycles
    changes = data.get("changes", ())
    delays = dict(data.get("delays", {}))
    for change in changes:
        if change["action"] == "delay":
            delays[change["cycle"]] = delays.get(change["cycle"], 0) + change["days"]
    start = data["start"]
    starts, total = [], 0
    for cycle in range(1, cycles + 1):
        total += delays.get(cycle, 0)
        starts.append(start + timedelta(days=(cycle - 1) * cycle_days + total))
    ends = [*starts[1:], starts[-1] + timedelta(days=cycle_days)]

    patient = data["patient"]
    height, weight = Decimal(patient["height_cm"]), Decimal(patient["weight_kg"])
    formula = FORMULAS[data.get("bsa_formula", "mosteller")]
    measured = sorted(data.get("measurements", ()), key=lambda m: m["date"])
    bodies = []
    for cycle_start in starts:
        w = weight
        for m in measured:
            if m["date"] <= cycle_start:
                w = Decimal(m["weight_kg"])
        bodies.append((w, formula(height, w).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)))

    crcl = None
    umol = patient.get("serum_creatinine_umol_l")
    if umol is not None:
        clearance = (
            (Decimal(140) - patient["age"])
            * weight
            / (Decimal(72) * (Decimal(umol) / Decimal("88.4")))
        )
        if patient["sex"] == "F":
            clearance *= Decimal("0.85")
        crcl = clearance  # bands are chosen by the unrounded value
    dialysis = patient.get("dialysis", False)
    metres = height / 100
    bmi = weight / (metres * metres)
    chosen = data.get("doses", {})

    closed_weekdays, closed, opened = ward if ward is not None else (frozenset(), (), ())
    out: list[tuple[date, str, Decimal, int]] = []
    placed: dict[str, tuple[list[list[Any]], int]] = {}
    calendar = (closed_weekdays, closed, opened)
    for order, (
        drug,
        full,
        per,
        step,
        by_cycle,
        gap,
        policy_shifts,
        renal,
        levels,
        (by_age, by_bmi),
    ) in enumerate(drugs):
        amount = Decimal(chosen[drug].split()[0]) if drug in chosen else full
        band_days = None
        if renal and (crcl is not None or dialysis):
            for i, (crcl_min, band_dialysis, band_amount, days) in enumerate(renal):
                # dialysis decides the band, whatever Cockcroft-Gault gives
                if (band_dialysis and dialysis) or (
                    not dialysis
                    and crcl is not None
                    and crcl >= crcl_min
                    and band_dialysis is not True
                ):
                    if not (i == 0 and days is None and band_amount == amount):
                        amount, band_days = band_amount, days
                    break
        if by_age is not None and patient["age"] > by_age[0] and amount > by_age[1]:
            amount = by_age[1]
        if by_bmi is not None and bmi < by_bmi[0] and amount > by_bmi[1]:
            amount = by_bmi[1]
        level_changes = [c for c in changes if c["action"] == "dose-level" and c["drug"] == drug]
        shifts = calendar if policy_shifts and ward is not None else None
        slots = []  # [planned, cycle start, next cycle start, dose]
        for cycle, (cycle_start, cycle_end) in enumerate(zip(starts, ends, strict=True), 1):
            dose_amount = amount
            level_change = None
            for change in level_changes:
                if change["from_cycle"] <= cycle:
                    level_change = change
            if level_change is not None:
                if "level" in level_change:
                    if level_change["level"]:
                        # counted down from the dose so far (a renal 10 mg at level 1 is 5 mg)
                        below = [level for level in levels if level < dose_amount]
                        dose_amount = below[level_change["level"] - 1]
                else:
                    dose_amount = dose_amount * Decimal(level_change["percent"]) / 100
            w, bsa = bodies[cycle - 1]
            value = dose_amount * bsa if per == "m2" else dose_amount * w if per else dose_amount
            dose = _round(value, step) if step is not None else value
            days = band_days
            if days is None:
                # Rows may share a cycle on different days (issue 13): their days together.
                days = sorted(
                    day
                    for f, to, row_days, _, _ in by_cycle
                    if f <= cycle and (to is None or cycle <= to)
                    for day in row_days
                )
            for day in days:
                follows = next(
                    (
                        (anchor, offset)
                        for f, to, row_days, anchor, offset in by_cycle
                        if anchor and f <= cycle and (to is None or cycle <= to) and day in row_days
                    ),
                    None,
                )
                slots.append(
                    [cycle_start + OFFSETS[day], cycle_start, cycle_end, dose, None, cycle, day,
                     follows]
                )  # fmt: skip
        _place(slots, 0, gap, shifts)
        for change in changes:
            if change["action"] == "hold" and change["drug"] == drug:
                first = None
                for i, slot in enumerate(slots):
                    if slot[4] and change["from"] <= slot[4] <= change["until"]:
                        slot[4] = False
                        first = i if first is None else first
                if first is not None:
                    _place(slots, first, gap, shifts)
        placed[drug] = (slots, order)
    # Rows that follow a drug (DRd's premedication dexamethasone) go to its actual dates.
    for slots, _ in placed.values():
        for slot in slots:
            if slot[7] is None or not slot[4]:
                continue
            anchor, offset = slot[7]
            for other in placed[anchor][0]:
                if other[5] == slot[5] and other[6] == slot[6] - offset and other[4]:
                    slot[4] = other[4] + timedelta(days=offset)
                    break
    for drug, (slots, order) in placed.items():
        out.extend((slot[4], drug, slot[3], order) for slot in slots if slot[4])
    out.sort(key=lambda t: (t[0], t[3]))
    return [(day, drug, dose) for day, drug, dose, _ in out]


def _place(slots: list[list[Any]], first: int, gap: timedelta, shifts: Any) -> None:
    """Date the slots from ``first`` on: the interval, then the next open day if ``shifts``
    (the ward's closed weekdays, closed dates and open dates)."""
    previous = None
    for slot in slots[:first]:
        if slot[4]:
            previous = slot[4]
    for slot in slots[first:]:
        if slot[4] is False:
            continue
        target = slot[0]
        if previous is not None and previous + gap > target:
            target = previous + gap
        if shifts is not None:
            closed_weekdays, closed, opened = shifts
            while target in closed or (
                target not in opened and target.weekday() in closed_weekdays
            ):
                target += timedelta(days=1)
        slot[4] = previous = target
