"""A regimen's ``maintenance:`` and a plan's maintenance phase, checked.

A regimen names the regimen that follows it (``maintenance: {regimen: ID, cycles: N |
until-progression}``); a plan schedules ``maintenance_cycles`` of it (0 by default: no
maintenance), at most the regimen's number, and chooses that phase's doses under
``doses: {maintenance: {...}}``. The maintenance regimen is looked up as the regimen's own file
was (a bundled id, a path from its folder, a library id) and may not name a maintenance of its
own; a drug given in both phases keeps one route and one closed-day policy.
"""

from __future__ import annotations

import dataclasses

from ..engine.course import Maintenance
from ..engine.phases import phase_conflicts
from ..engine.units import Dose
from ..errors import MmschedError, Problem, RegimenError, coded
from . import resolve
from .regimen import Regimen


def maintenance_regimen(regimen: Regimen) -> Regimen | None:
    """The regimen ``regimen`` names as its maintenance (None: it names none), checked.

    Raises:
        RegimenError: on ``maintenance.regimen``: no such regimen, a file that is not valid,
            a maintenance that names a maintenance of its own, a drug that changes route.
    """
    spec = regimen.maintenance
    if spec is None:
        return None
    base_dir, dirs = regimen.found_in
    try:
        found = resolve.regimen_near(spec.regimen, base_dir, dirs)
    except MmschedError as exc:
        detail = tuple(dataclasses.replace(p, field="") for p in exc.problems)
        if exc.file:
            problem = coded(
                "maintenance.regimen",
                "regimen.maintenance.unusable_in_file",
                regimen=spec.regimen,
                file=exc.file,
                detail=detail,
            )
        else:
            problem = coded(
                "maintenance.regimen",
                "regimen.maintenance.unusable",
                regimen=spec.regimen,
                detail=detail,
            )
        raise RegimenError([problem]) from None
    if found.maintenance is not None:
        raise RegimenError(
            [
                coded(
                    "maintenance.regimen",
                    "regimen.maintenance.names_its_own",
                    found=found.id,
                    own=found.maintenance.regimen,
                )
            ]
        )
    conflicts = phase_conflicts(regimen.compiled, found.compiled, "maintenance.regimen")
    if conflicts:
        raise RegimenError(conflicts)
    return found


def describe(regimen: Regimen, lang: str = "en") -> str:
    """The maintenance in words, for ``check``'s summary ("" when it names none)."""
    spec = regimen.maintenance
    if spec is None:
        return ""
    if lang == "zh":
        cycles = "用至疾病进展" if spec.cap is None else f"最多 {spec.cap} 个周期"
        return f"；维持治疗 {spec.regimen}（{cycles}）"
    cycles = "until progression" if spec.cap is None else f"at most {spec.cap} cycles"
    return f"; maintenance {spec.regimen} ({cycles})"


def maintenance_of(
    regimen: Regimen, cycles: int, chosen: dict[str, Dose], problems: list[Problem]
) -> tuple[Regimen | None, Maintenance | None]:
    """The maintenance regimen a plan's ``maintenance_cycles`` schedules, or the problems."""
    if cycles == 0:
        return None, None
    spec = regimen.maintenance
    if spec is None:
        problems.append(
            coded(
                "maintenance_cycles", "plan.maintenance_cycles.no_maintenance", regimen=regimen.id
            )
        )
        return None, None
    try:
        found = maintenance_regimen(regimen)
    except RegimenError as exc:
        problems += [
            coded(
                "maintenance_cycles",
                "plan.maintenance_cycles.regimen_problem",
                regimen=regimen.id,
                where=p.field,
                problem=dataclasses.replace(p, field=""),
            )
            for p in exc.problems
        ]
        return None, None
    assert found is not None
    if spec.cap is not None and cycles > spec.cap:
        problems.append(
            coded(
                "maintenance_cycles",
                "plan.maintenance_cycles.too_many",
                cycles=cycles,
                regimen=regimen.id,
                cap=spec.cap,
                maintenance=found.id,
            )
        )
        return found, None
    return found, Maintenance(found.compiled, cycles, chosen, spec.cap is None)
