"""Generated plans for the benchmarks: every bundled regimen, varied starts, delays,
measurements, creatinine, closed-day wards and a few course changes.

Deterministic: plan ``i`` of a seed is always the same plan, so two runs time the same work.
Each plan is kept as plain data (what a plan file holds) and is known to expand: a variant that
the engine refuses (a dose pushed past the next cycle by closed days) is replaced by the same
plan without its ward.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from mmsched.data import bundled_regimen_ids
from mmsched.engine.dispensing import at_or_below, exactly
from mmsched.engine.expand import expand
from mmsched.engine.wardcal import WardCalendar
from mmsched.errors import MmschedError
from mmsched.formats.plan import Plan
from mmsched.formats.reader import load_regimen, load_ward
from mmsched.formats.regimen import Regimen

#: Ward files (as written in a ward folder), by the name plans refer to them with.
WARDS: dict[str, dict[str, Any]] = {
    "ward-sun.yaml": {"closed_weekdays": ["sun"], "holidays": "cn"},
    "ward-weekend.yaml": {"closed_weekdays": ["sat", "sun"], "holidays": "cn", "open": []},
    "ward-training.yaml": {
        "closed": [date(2026, 3, 18), date(2026, 6, 17), date(2026, 9, 16), date(2026, 12, 16)]
    },
}


@dataclass(frozen=True, slots=True)
class GeneratedPlan:
    """A plan as file data, with the ward file it names (None: open every day)."""

    data: dict[str, Any]
    ward: str | None


def write_wards(folder: Path) -> dict[str, WardCalendar]:
    """Write the ward files into ``folder`` and load them."""
    folder.mkdir(parents=True, exist_ok=True)
    calendars = {}
    for name, content in WARDS.items():
        (folder / name).write_text(yaml.safe_dump(content), encoding="utf-8")
        calendars[name] = load_ward(folder / name)
    return calendars


def _choice(regimen: Regimen, rng: random.Random) -> dict[str, str]:
    doses = {}
    for rule in regimen.rules:
        if rule.dose.is_range:
            low, high = rule.dose.low, rule.dose.high
            amount = rng.choice([low, high, (low + high) / 2]).quantize(Decimal(1))
            if rule.strengths is not None and exactly(amount, rule.strengths) is None:
                made = at_or_below(amount, rule.strengths)  # a dose the pharmacy can make
                amount = made.dose if made is not None else amount
            doses[rule.drug] = f"{amount} {rule.dose.unit_text}"
    return doses


def _one(i: int, rng: random.Random, regimens: dict[str, Regimen]) -> GeneratedPlan:
    regimen_id = sorted(regimens)[i % len(regimens)]
    regimen = regimens[regimen_id]
    start = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 330))
    cycles = rng.choice([None, None, 1, 2, 3, 4])
    total = cycles or regimen.cycles
    height = rng.randrange(145, 190)
    weight = rng.randrange(42, 105)
    sex = rng.choice(["F", "M"])
    patient: dict[str, Any] = {
        "id": f"P{i:06d}",
        "name": rng.choice(["廖某妹", "陈秀英", "王建国", "Li Ming", "张伟"]),
        "sex": sex,
        "age": rng.randrange(38, 86),
        "height_cm": height,
        "weight_kg": weight,
    }
    if rng.random() < 0.6:
        patient["serum_creatinine_umol_l"] = rng.randrange(50, 300)
        patient["dialysis"] = rng.random() < 0.1
    data: dict[str, Any] = {
        "patient": patient,
        "regimen": regimen_id,
        "start": start,
        "doses": _choice(regimen, rng),
    }
    if cycles is not None:
        data["cycles"] = cycles
    if rng.random() < 0.1:
        data["bsa_formula"] = rng.choice(["dubois", "haycock", "stevenson", "boyd"])
    if total >= 2 and rng.random() < 0.3:
        data["delays"] = {2: rng.randrange(1, 15)}
    if rng.random() < 0.3:
        data["measurements"] = [
            {
                "date": start + timedelta(days=rng.randrange(10, 40)),
                "weight_kg": max(42, weight + rng.randrange(-12, 6)),
            }
        ]
    changes: list[dict[str, Any]] = []
    drugs = [rule.drug for rule in regimen.rules]
    if total >= 2 and rng.random() < 0.15 and "delays" not in data:
        changes.append(
            {"action": "delay", "cycle": 2, "days": rng.randrange(1, 8), "reason": "neutropenia"}
        )
    if total >= 2 and rng.random() < 0.15:
        leveled = [rule.drug for rule in regimen.rules if rule.levels]
        if leveled:
            changes.append(
                {
                    "action": "dose-level",
                    "drug": leveled[0],
                    "from_cycle": 2,
                    "level": 1,
                    "reason": "neuropathy grade 2",
                }
            )
        else:
            changes.append(
                {
                    "action": "dose-level",
                    "drug": drugs[0],
                    "from_cycle": 2,
                    "percent": 75,
                    "reason": "toxicity",
                }
            )
    if rng.random() < 0.1:
        first = start + timedelta(days=rng.randrange(3, 20))
        changes.append(
            {
                "action": "hold",
                "drug": drugs[-1],
                "from": first,
                "until": first + timedelta(days=rng.randrange(1, 6)),
                "reason": "rash",
            }
        )
    if changes:
        data["changes"] = changes
    ward = rng.choice([None, None, None, *WARDS]) if rng.random() < 0.7 else None
    return GeneratedPlan(data, ward)


def iterate(n: int, seed: int = 6) -> Iterator[GeneratedPlan]:
    """``n`` plans, one at a time, the same ones for the same ``n`` and ``seed``."""
    rng = random.Random(seed)  # noqa: S311 - varied test data, not secrets
    regimens = {rid: load_regimen(rid) for rid in bundled_regimen_ids()}
    for i in range(n):
        yield _one(i, rng, regimens)


def generate(n: int, seed: int = 6) -> list[GeneratedPlan]:
    """``n`` plans (the first ``k`` are the same for every ``n``)."""
    return list(iterate(n, seed))


def build_one(plan: GeneratedPlan, calendars: dict[str, WardCalendar]) -> Plan:
    """Validate a generated plan, as ``load_plan`` would; a plan whose ward makes it impossible
    (a dose pushed past the next cycle) is kept without its ward. A plan still refused is an
    error of the generator."""
    ward = calendars[plan.ward] if plan.ward else None
    regimen = load_regimen(plan.data["regimen"])
    model = Plan.model_validate({**plan.data, "regimen": regimen, "ward": ward})
    try:
        expand(model)
    except MmschedError:
        model = Plan.model_validate({**plan.data, "regimen": regimen, "ward": None})
        expand(model)
    return model


def build(plans: list[GeneratedPlan], calendars: dict[str, WardCalendar]) -> list[Plan]:
    """Validate every generated plan (see :func:`build_one`)."""
    return [build_one(plan, calendars) for plan in plans]


def write_plan_files(plans: list[GeneratedPlan], built: list[Plan], folder: Path) -> list[Path]:
    """Write each plan as a YAML file into ``folder``, with the ward files beside them; a plan
    that :func:`build_one` kept without its ward is written without it."""
    write_wards(folder)
    paths = []
    for plan, model in zip(plans, built, strict=True):
        data = dict(plan.data)
        if plan.ward is not None and model.ward is not None:
            data["ward"] = plan.ward
        path = folder / f"{data['patient']['id']}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        paths.append(path)
    return paths
