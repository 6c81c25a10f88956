"""mmsched: chemotherapy cycle scheduling for multiple myeloma regimens.

The library API, pure and typed::

    import mmsched
    plan = mmsched.load_plan("examples/case1-rvd-il2.yaml")
    schedule = mmsched.expand(plan)
    for adm in schedule.administrations:
        print(adm.date, adm.cycle_day, adm.drug, adm.dose, adm.unit, adm.route)

Plans can be built in code too (``mmsched.Plan(...)``), with the same validation as files.
For nightly batches, ``mmsched.expand_many(plans)`` expands plans one at a time, and
``mmsched.day_sheet(paths, day)`` gives one date's ward sheet over any number of plan files;
``mmsched.ward_load(paths, first, last)`` the ward's load against its capacity and
``mmsched.suggest_start(plan, paths, today=...)`` start dates that fit it.

The public names are imported on first use (PEP 562), so ``import mmsched`` and the command's
``--help`` do not pay for pydantic and the models until a name that needs them is used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch.capacity import suggest_start, ward_load
    from .batch.ward import DaySheet, day_sheet, range_sheets
    from .data import bundled_regimen_ids
    from .engine.capacity import WardLoad
    from .engine.expand import expand, expand_many
    from .engine.schedule import Administration, Schedule
    from .engine.suggest import Suggestion
    from .errors import MmschedError, PlanError, Problem, RegimenError, ScheduleError
    from .exports.ics import IcsOptions, render_ics
    from .exports.schedule_json import schedule_to_dict, schedule_to_json
    from .formats.plan import Patient, Plan
    from .formats.reader import load_plan, load_regimen, load_ward
    from .formats.regimen import Regimen

from .data import __version__ as __version__

#: Each public name and the module it lives in, imported when the name is first used.
_EXPORTS: dict[str, str] = {
    "Administration": "engine.schedule",
    "DaySheet": "batch.ward",
    "IcsOptions": "exports.ics",
    "MmschedError": "errors",
    "Patient": "formats.plan",
    "Plan": "formats.plan",
    "PlanError": "errors",
    "Problem": "errors",
    "Regimen": "formats.regimen",
    "RegimenError": "errors",
    "Schedule": "engine.schedule",
    "ScheduleError": "errors",
    "bundled_regimen_ids": "data",
    "day_sheet": "batch.ward",
    "expand": "engine.expand",
    "expand_many": "engine.expand",
    "load_plan": "formats.reader",
    "load_regimen": "formats.reader",
    "load_ward": "formats.reader",
    "range_sheets": "batch.ward",
    "render_ics": "exports.ics",
    "schedule_to_dict": "exports.schedule_json",
    "schedule_to_json": "exports.schedule_json",
    "Suggestion": "engine.suggest",
    "WardLoad": "engine.capacity",
    "suggest_start": "batch.capacity",
    "ward_load": "batch.capacity",
}

__all__ = [
    "Administration",
    "DaySheet",
    "IcsOptions",
    "MmschedError",
    "Patient",
    "Plan",
    "PlanError",
    "Problem",
    "Regimen",
    "RegimenError",
    "Schedule",
    "ScheduleError",
    "Suggestion",
    "WardLoad",
    "bundled_regimen_ids",
    "day_sheet",
    "expand",
    "expand_many",
    "load_plan",
    "load_regimen",
    "load_ward",
    "range_sheets",
    "render_ics",
    "schedule_to_dict",
    "schedule_to_json",
    "suggest_start",
    "ward_load",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mmsched' has no attribute '{name}'")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later uses are plain attribute reads
    return value


def __dir__() -> list[str]:
    """The public names only (``dir(mmsched)``, completion in a REPL): what ``__all__`` lists
    and ``__version__``, not the helpers of this module or the stages imported so far."""
    return sorted([*__all__, "__version__"])
