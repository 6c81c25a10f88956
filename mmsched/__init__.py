"""mmsched: chemotherapy cycle scheduling for multiple myeloma regimens.

The library API, pure and typed::

    import mmsched
    plan = mmsched.load_plan("examples/case1-rvd-il2.yaml")
    schedule = mmsched.expand(plan)
    for adm in schedule.administrations:
        print(adm.date, adm.cycle_day, adm.drug, adm.dose, adm.unit, adm.route)

Plans can be built in code too (``mmsched.Plan(...)``), with the same validation as files.
"""

from .errors import MmschedError, PlanError, Problem, RegimenError, ScheduleError
from .expander import expand
from .loader import bundled_regimen_ids, load_plan, load_regimen
from .models import Patient, Plan, Regimen
from .render_json import schedule_to_json
from .schedule import Administration, Schedule

__version__ = "0.1.0"

__all__ = [
    "Administration",
    "MmschedError",
    "Patient",
    "Plan",
    "PlanError",
    "Problem",
    "Regimen",
    "RegimenError",
    "Schedule",
    "ScheduleError",
    "bundled_regimen_ids",
    "expand",
    "load_plan",
    "load_regimen",
    "schedule_to_json",
]
