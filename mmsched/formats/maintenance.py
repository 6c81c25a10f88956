"""A regimen's ``maintenance:`` and a plan's maintenance phase, checked.

A regimen names the regimen that follows it (``maintenance: {regimen: ID, cycles: N |
until-progression}``); a plan schedules ``maintenance_cycles`` of it (0 by default: no
maintenance), at most the regimen's number, and chooses that phase's doses under
``doses: {maintenance: {...}}``. The maintenance regimen is looked up as the regimen's own file
was (a bundled id, a path from its folder, a library id) and may not name a maintenance of its
own; a drug given in both phases keeps one route and one closed-day policy.
"""

from __future__ import annotations

from ..engine.course import Maintenance
from ..engine.phases import phase_conflicts
from ..engine.units import Dose
from ..errors import MmschedError, Problem, RegimenError
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
        where = f" ({exc.file})" if exc.file else ""
        detail = "; ".join(p.message for p in exc.problems)
        raise RegimenError(
            [
                Problem(
                    "maintenance.regimen",
                    f"cannot use '{spec.regimen}' as the maintenance regimen{where}: {detail}",
                )
            ]
        ) from None
    if found.maintenance is not None:
        raise RegimenError(
            [
                Problem(
                    "maintenance.regimen",
                    f"'{found.id}' names a maintenance of its own ('{found.maintenance.regimen}'); "
                    "a maintenance is the last phase: name a regimen without 'maintenance:'",
                )
            ]
        )
    conflicts = phase_conflicts(regimen.compiled, found.compiled)
    if conflicts:
        raise RegimenError([Problem("maintenance.regimen", text) for text in conflicts])
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
            Problem(
                "maintenance_cycles",
                f"regimen '{regimen.id}' names no maintenance regimen; leave maintenance_cycles "
                "out (or 0), or use a regimen with 'maintenance:'",
            )
        )
        return None, None
    try:
        found = maintenance_regimen(regimen)
    except RegimenError as exc:
        problems += [
            Problem("maintenance_cycles", f"regimen '{regimen.id}', {p.field}: {p.message}")
            for p in exc.problems
        ]
        return None, None
    assert found is not None
    if spec.cap is not None and cycles > spec.cap:
        problems.append(
            Problem(
                "maintenance_cycles",
                f"{cycles} cycles: regimen '{regimen.id}' gives at most {spec.cap} cycles of "
                f"its maintenance '{found.id}'; schedule {spec.cap} or fewer",
            )
        )
        return found, None
    return found, Maintenance(found.compiled, cycles, chosen, spec.cap is None)
