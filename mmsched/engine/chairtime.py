"""Chair time: the minutes of chair (or bed) time each ward-given dose of a schedule takes.

A stage of its own, run on an expanded :class:`~.schedule.Schedule` (the administrations carry
no chair time: the expander is not slowed for the commands that do not need it). Each dose's
minutes, by the drug's first, second or later dose of the whole course:

1. an oral or sublingual dose (PO, SL) takes none: it is taken at home;
2. the ``chair_minutes`` of the dose's ``schedule:`` row, else of the drug;
3. else the infusion's ``duration_minutes`` (the row's, else the drug's) plus the drug's
   ``observation_minutes``;
4. else the route's default (:data:`ROUTE_DEFAULTS`), each with its source: an injection
   under the skin with its checks is not an intravenous infusion.

A patient's doses on one date add up (:func:`chair_days`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .schedule import Administration, Schedule

#: Routes whose doses are taken at home: no chair.
HOME_ROUTES = frozenset({"PO", "SL"})

#: Where the measured chair times of the route defaults come from.
BORTEZOMIB_CHAIR_STUDY = (
    "'Subcutaneous versus intravenous bortezomib: efficiency practice variables and patient "
    "preferences' (retrospective single-centre review of 92 infusion-centre records): mean "
    "infusion-chair time 89 minutes for subcutaneous and 143 minutes for intravenous bortezomib"
)


@dataclass(frozen=True)
class RouteDefault:
    """The chair minutes of a ward-given dose whose regimen gives neither ``chair_minutes``
    nor an infusion duration, and where the figure comes from."""

    minutes: int
    source: str


#: By route code. SC and IM: the measured chair time of a subcutaneous injection visit (the
#: injection takes seconds; the visit's checks and observation make the rest). IV, IV push and
#: IT: the measured chair time of an intravenous visit (access, the dose, the checks). An IV
#: infusion with ``duration_minutes`` uses its duration instead (step 3).
ROUTE_DEFAULTS: dict[str, RouteDefault] = {
    "SC": RouteDefault(89, BORTEZOMIB_CHAIR_STUDY + " (the subcutaneous figure)"),
    "IM": RouteDefault(
        89, BORTEZOMIB_CHAIR_STUDY + " (the subcutaneous figure: an injection, not an infusion)"
    ),
    "IV push": RouteDefault(143, BORTEZOMIB_CHAIR_STUDY + " (the intravenous push figure)"),
    "IV": RouteDefault(
        143,
        BORTEZOMIB_CHAIR_STUDY + " (the intravenous figure, the shortest IV visit measured; an "
        "infusion with duration_minutes uses its duration)",
    ),
    "IT": RouteDefault(
        143, BORTEZOMIB_CHAIR_STUDY + " (the intravenous figure; no intrathecal figure found)"
    ),
}


def dose_minutes(schedule: Schedule, adm: Administration, occurrence: int) -> int:
    """The chair minutes of ``adm``, the drug's ``occurrence``-th dose of the course."""
    if adm.route in HOME_ROUTES:
        return 0
    row = schedule.row_of(adm)
    if row is not None and row.chair_minutes is not None:
        return row.chair_minutes.for_occurrence(occurrence)
    rule = next((r for r in schedule.rules if r.drug == adm.drug), None)
    if rule is not None and rule.chair_minutes is not None:
        return rule.chair_minutes.for_occurrence(occurrence)
    infusion = schedule.infusion_of(adm, occurrence)
    if infusion is not None and infusion.duration_minutes is not None:
        observation = 0 if rule is None else rule.observation_minutes or 0
        return infusion.duration_minutes + observation
    default = ROUTE_DEFAULTS.get(adm.route)
    return 0 if default is None else default.minutes


def chair_minutes(schedule: Schedule) -> tuple[int, ...]:
    """The chair minutes of each administration, one for one, each by the drug's occurrence
    in the whole course (a schedule cut to dates counts the doses before them)."""
    given = dict(schedule.given_before)
    found: list[int] = []
    for adm in schedule.administrations:
        occurrence = given[adm.drug] = given.get(adm.drug, 0) + 1
        found.append(dose_minutes(schedule, adm, occurrence))
    return tuple(found)


def chair_days(schedule: Schedule) -> dict[date, int]:
    """The patient's chair minutes per date, their doses of a date added up; dates with
    none (oral doses only) are left out."""
    days: dict[date, int] = {}
    for adm, minutes in zip(schedule.administrations, chair_minutes(schedule), strict=True):
        if minutes:
            days[adm.date] = days.get(adm.date, 0) + minutes
    return days
