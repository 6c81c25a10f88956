"""Start dates that fit the ward: each candidate start expanded with the real engine, ranked.

A candidate moves the whole course (its start, its dated changes and measurements) by the same
number of days (:func:`shifted`) and is expanded as any plan is: closed days, shifts and
minimum intervals apply. A candidate the engine refuses is infeasible, with the reason. The
others are ranked (:func:`rank_key`) on the new patient's chair days only (the dates their
ward-given doses fall on, over the whole course), with the ward's load from the plans already
on it plus the new patient's:

1. the number of those days on which the ward is over capacity;
2. the number of those days above the ward's ``target_percent``;
3. the distance from the preferred start, in days; at equal distance, later before earlier;
4. the peak percentage on those days, exact.

Pure: no clock. The caller gives the window (and so "today").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from ..errors import MmschedError
from .capacity import DayLoad, WardCapacity, capacity_on, percent_of
from .chairtime import chair_days
from .changes import Change, Hold, Move, Omit, Resume, Stop
from .course import Course
from .expand import expand
from .wardcal import WardCalendar


@dataclass(frozen=True)
class Candidate:
    """One candidate start and how the ward would carry it.

    ``loads``: the ward's load (plans on the ward and the new patient) on each of the new
    patient's chair days, in date order; ``chair_days``: the new patient's own minutes on
    each. ``over_dates``: those of the days over capacity. ``shifted_doses``: the new
    patient's doses not on their planned date (closed days, the plan's moves).
    """

    start: date
    distance_days: int
    feasible: bool
    reason: str | None = None
    loads: tuple[DayLoad, ...] = ()
    chair_days: tuple[tuple[date, int], ...] = ()
    shifted_doses: int = 0
    target_percent: Decimal = Decimal(100)

    @property
    def over_dates(self) -> tuple[date, ...]:
        return tuple(load.date for load in self.loads if load.over)

    @property
    def over_capacity_days(self) -> int:
        return len(self.over_dates)

    @property
    def above_target_days(self) -> int:
        return sum(1 for load in self.loads if load.above(self.target_percent))

    @property
    def peak_percent(self) -> Decimal | None:
        """The highest exact percentage on the chair days (None: no open chair day)."""
        found = [load.percent for load in self.loads if load.percent is not None]
        return max(found) if found else None


def rank_key(candidate: Candidate) -> tuple[int, int, int, int, int, Decimal]:
    """The sort key of a candidate: feasible first, then the four criteria in order."""
    peak = candidate.peak_percent
    distance = candidate.distance_days
    if not candidate.feasible:
        return (1, 0, 0, abs(distance), 0 if distance >= 0 else 1, Decimal(0))
    return (
        0,
        candidate.over_capacity_days,
        candidate.above_target_days,
        abs(distance),
        0 if distance >= 0 else 1,
        Decimal(-1) if peak is None else peak,
    )


def shifted(course: Course, days: int) -> Course:
    """The course moved by ``days``: its start, its measurements and its dated changes (the
    patient's age stays the one on the preferred start)."""
    if days == 0:
        return course
    step = timedelta(days=days)
    return replace(
        course,
        start=course.start + step,
        measurements=tuple(replace(m, date=m.date + step) for m in course.measurements),
        changes=tuple(_shift_change(change, step) for change in course.changes),
    )


def _shift_change(change: Change, step: timedelta) -> Change:
    if isinstance(change, Move):
        return replace(change, date=change.date + step, to=change.to + step)
    if isinstance(change, Hold):
        until = None if change.until is None else change.until + step
        return replace(change, from_=change.from_ + step, until=until)
    if isinstance(change, Resume | Omit):
        return replace(change, date=change.date + step)
    if isinstance(change, Stop):
        return replace(change, from_=change.from_ + step)
    return change


def open_days(calendar: WardCalendar, earliest: date, latest: date) -> list[date]:
    """The open days from ``earliest`` to ``latest``: the candidate starts."""
    count = (latest - earliest).days + 1
    days = (earliest + timedelta(days=i) for i in range(max(count, 0)))
    return [day for day in days if not calendar.is_closed(day)]


def evaluate(
    course: Course,
    start: date,
    totals: Mapping[date, tuple[int, int]],
    capacity: WardCapacity,
    calendar: WardCalendar,
) -> Candidate:
    """One candidate start: the course moved there, expanded, and its chair days loaded."""
    distance = (start - course.start).days
    target = capacity.target_percent
    try:
        schedule = expand(shifted(course, distance))
    except MmschedError as exc:
        return Candidate(start, distance, False, _reason(exc), target_percent=target)
    own = sorted(chair_days(schedule).items())
    loads = []
    for day, minutes in own:
        used, patients = totals.get(day, (0, 0))
        available = capacity_on(capacity, calendar, day)
        total = used + minutes
        loads.append(DayLoad(day, total, available, percent_of(total, available), patients + 1))
    moved = sum(1 for a in schedule.administrations if a.planned_date is not None)
    return Candidate(start, distance, True, None, tuple(loads), tuple(own), moved, target)


def _reason(exc: MmschedError) -> str:
    """The engine's message without the file name in front (the plan is named beside it)."""
    text = str(exc)
    prefix = f"{exc.file}: " if exc.file else ""
    return text[len(prefix) :] if prefix and text.startswith(prefix) else text


def rank_starts(
    course: Course,
    totals: Mapping[date, tuple[int, int]],
    capacity: WardCapacity,
    calendar: WardCalendar,
    *,
    window: tuple[date, date],
) -> list[Candidate]:
    """Every open day of ``window`` (earliest, latest) as a start, best first."""
    earliest, latest = window
    candidates = [
        evaluate(course, start, totals, capacity, calendar)
        for start in open_days(calendar, earliest, latest)
    ]
    return sorted(candidates, key=rank_key)


@dataclass(frozen=True)
class Suggestion:
    """The ranked start dates of one new plan: ``candidates`` best first (all of them; the
    outputs show the top N). ``plan`` is the path as given."""

    plan: str
    patient: str
    preferred: date
    earliest: date
    latest: date
    candidates: tuple[Candidate, ...]

    @property
    def chosen(self) -> Candidate | None:
        """The first candidate when it is feasible: the start the plan is placed at."""
        first = self.candidates[0] if self.candidates else None
        return first if first is not None and first.feasible else None

    @property
    def preferred_candidate(self) -> Candidate | None:
        """The preferred start's candidate (None: outside the window, or a closed day)."""
        return next((c for c in self.candidates if c.distance_days == 0), None)
