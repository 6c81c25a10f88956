"""The ward's load over plan files, and start dates for new plans that fit it.

:func:`ward_load` reads the plans on the ward (as the ward sheet does: a bad file is reported
and the others still count), works out each patient's chair minutes per date
(:mod:`mmsched.engine.chairtime`) and compares them with the ward's capacity
(:mod:`mmsched.engine.capacity`). :func:`suggest_start` ranks start dates for new plans
(:mod:`mmsched.engine.suggest`), placing several one after the other.

The capacity comes from the ward file given (``ward_file``), else from the ward file the
plans name; plans that name different ward files are an error. No clock: the caller gives
the dates and, for the suggestions, today.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.capacity import WardLoad, add_days, loads_between
from ..engine.chairtime import chair_days
from ..engine.suggest import Suggestion, rank_starts
from ..engine.wardcal import WardCalendar
from ..engine.wardsheet import WardError, WardPatient
from ..errors import MmschedError, coded
from ..formats.limits import file_key
from .ward import StrPath, _as_path, _expand_each, _plans_left_off, as_paths

if TYPE_CHECKING:
    from ..formats.plan import Plan

#: The longest load report, in days (as the ward sheet).
MAX_LOAD_DAYS = 366
#: The default window around the preferred start: 3 days before, 14 after.
DAYS_BEFORE, DAYS_AFTER = 3, 14
#: The longest window of candidate starts.
MAX_WINDOW_DAYS = 366


@dataclass(frozen=True)
class _OnWard:
    patients: tuple[WardPatient, ...]
    plans: dict[str, Plan]
    errors: tuple[WardError, ...]


def _read_ward(
    paths: StrPath | Iterable[StrPath],
    ward_file: StrPath | None,
    regimen_dirs: Sequence[str | Path],
    leave_out: frozenset[Path] = frozenset(),
) -> _OnWard:
    """The plans on the ward, loaded and expanded as the ward sheet loads them, each with its
    plan (for its ward calendar); files in ``leave_out`` (the new plans) are not read."""
    from ..engine.courses import course_span

    path_errors: list[WardError] = []
    load_errors: list[WardError] = []
    twice: list[tuple[str, str]] = []
    plans: dict[str, Plan] = {}
    named = [p for p in as_paths(paths) if p.is_dir() or file_key(p) not in leave_out]
    each = _expand_each(
        named, _as_path(ward_file), path_errors, load_errors, twice,
        regimen_dirs=regimen_dirs, plans=plans,
    )  # fmt: skip
    loaded = [p for p in each if file_key(Path(p.file)) not in leave_out]
    left_off, sheet_errors = _plans_left_off(
        [course_span(p.schedule, p.file) for p in loaded], twice
    )
    patients = tuple(p for p in loaded if p.file not in left_off)
    errors = tuple(path_errors + load_errors + sheet_errors)
    return _OnWard(patients, plans, errors)


def ward_calendar(ward_file: StrPath | None, plans: Iterable[tuple[str, Plan]]) -> WardCalendar:
    """The ward calendar whose ``capacity`` counts: the ward file given, else the one the
    plans name (they must all name the same one).

    Raises:
        MmschedError: the ward file has no ``capacity:``, no plan names a ward file with one,
            or two plans name different ward files.
    """
    from ..formats.reader import load_ward

    if ward_file is not None:
        calendar = load_ward(Path(ward_file))
        if calendar.capacity is None:
            raise MmschedError(coded("", "capacity.ward_file_without"), file=str(ward_file))
        return calendar
    found: list[tuple[str, WardCalendar]] = [(f, p.ward) for f, p in plans if p.ward is not None]
    for file, calendar in found[1:]:
        if calendar != found[0][1]:
            raise MmschedError(coded("", "capacity.two_wards", first=found[0][0], other=file))
    if not found or found[0][1].capacity is None:
        raise MmschedError(coded("", "capacity.none"))
    return found[0][1]


def ward_load(
    paths: StrPath | Iterable[StrPath],
    first: date,
    last: date,
    ward_file: StrPath | None = None,
    *,
    regimen_dirs: Sequence[str | Path] = (),
) -> WardLoad:
    """The ward's load per date from ``first`` to ``last`` (at most 366 days) over the plan
    files ``paths`` (folders stand for their plans).

    Raises:
        MmschedError: a reversed or too long range, or no capacity (see
            :func:`ward_calendar`). A plan that cannot be used is in ``errors``.
    """
    _check_range(first, last, MAX_LOAD_DAYS, "capacity.report.load")
    ward = _read_ward(paths, ward_file, regimen_dirs)
    calendar = ward_calendar(ward_file, ward.plans.items())
    assert calendar.capacity is not None
    totals: dict[date, tuple[int, int]] = {}
    for patient in ward.patients:
        add_days(totals, chair_days(patient.schedule))
    days = loads_between(totals, calendar.capacity, calendar, first, last)
    return WardLoad(first, last, tuple(days), calendar.capacity, len(ward.patients), ward.errors)


def _check_range(first: date, last: date, longest: int, what: str) -> None:
    """``what`` is the code of the report's name ("a load report covers")."""
    if last < first:
        raise MmschedError(coded("", "usage.dates.reversed", end=last, start=first))
    if (last - first).days + 1 > longest:
        days = (last - first).days + 1
        report = coded("", what)
        raise MmschedError(
            coded(
                "", "capacity.too_long", start=first, end=last, days=days, what=report, most=longest
            )
        )


def suggest_start(
    plan: StrPath,
    paths: StrPath | Iterable[StrPath],
    *,
    today: date,
    more_plans: Iterable[StrPath] = (),
    ward_file: StrPath | None = None,
    earliest: date | None = None,
    latest: date | None = None,
    regimen_dirs: Sequence[str | Path] = (),
) -> tuple[tuple[Suggestion, ...], tuple[WardError, ...]]:
    """Ranked start dates for the new plan ``plan`` (and each of ``more_plans``, placed one
    after the other, each seeing the ones placed before it) on the ward of ``paths``.

    Each plan's ``start`` is its preferred date. The window runs from ``earliest`` (default:
    3 days before the preferred date, never before ``today``) to ``latest`` (default: 14 days
    after it); its open days are the candidates. A plan on the ward that is also a new plan,
    or has the same patient id, is not counted twice. Returns the suggestions in placement
    order and the files on the ward that could not be used.

    Raises:
        MmschedError: a new plan cannot be read, a window is reversed or too long, or no
            capacity (:func:`ward_calendar`).
    """
    from ..formats.reader import load_plan

    new_paths = [Path(plan), *(Path(p) for p in more_plans)]
    ward_path = _as_path(ward_file)
    new_plans = [load_plan(p, ward=ward_path, regimen_dirs=regimen_dirs) for p in new_paths]
    ward = _read_ward(paths, ward_file, regimen_dirs, frozenset(file_key(p) for p in new_paths))
    new_ids = {p.patient.id.casefold() for p in new_plans}
    on_ward = [p for p in ward.patients if p.schedule.patient_id.casefold() not in new_ids]
    everyone = [
        *ward.plans.items(),
        *((str(p), n) for p, n in zip(new_paths, new_plans, strict=True)),
    ]
    calendar = ward_calendar(ward_file, everyone)
    capacity = calendar.capacity
    assert capacity is not None
    totals: dict[date, tuple[int, int]] = {}
    for patient in on_ward:
        add_days(totals, chair_days(patient.schedule))
    found = []
    for path, new in zip(new_paths, new_plans, strict=True):
        course = new.course
        preferred = course.start
        low = earliest or max(preferred - timedelta(days=DAYS_BEFORE), today)
        high = latest or preferred + timedelta(days=DAYS_AFTER)
        _check_range(low, high, MAX_WINDOW_DAYS, "capacity.report.window")
        ranked = rank_starts(course, totals, capacity, calendar, window=(low, high))
        suggestion = Suggestion(str(path), course.patient.id, preferred, low, high, tuple(ranked))
        found.append(suggestion)
        if suggestion.chosen is not None:
            add_days(totals, dict(suggestion.chosen.chair_days))
    return tuple(found), ward.errors
