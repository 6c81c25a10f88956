"""The ward day sheet over plan files: read, expand and gather many plans.

Pipeline: plan files (a folder's ``*.yaml`` or named files) are loaded and expanded one by one;
a file that fails is kept as an error with its name and message, and the others go on; the
schedules are then gathered by day (:mod:`mmsched.engine.wardsheet`). :func:`day_sheet` and
:func:`range_sheets` keep only what the asked dates need, for nightly batches over thousands of
files.

No clock and no locale: the caller gives the dates.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine.courses import CourseSpan, course_span
from ..engine.wardsheet import Ward, WardDay, WardError, WardPatient, ward_days
from ..errors import MmschedError, Problem, coded
from ..formats.limits import file_key, not_a_file, yaml_files

if TYPE_CHECKING:
    from ..engine.schedule import Schedule
    from ..formats.plan import Plan

PLAN_SUFFIXES = (".yaml", ".yml")

#: A path as the library takes it: a :class:`~pathlib.Path` or a ``str``.
StrPath = str | os.PathLike[str]


def as_paths(paths: StrPath | Iterable[StrPath]) -> list[Path]:
    """Paths given as one path (``"ward/"``, a ``Path``) or any iterable of ``str`` and
    ``Path``: always a list of :class:`~pathlib.Path`. A single ``str`` is one path, never its
    characters.

    >>> as_paths("examples/ward"), as_paths(["a.yaml", Path("b.yaml")])
    ([PosixPath('examples/ward')], [PosixPath('a.yaml'), PosixPath('b.yaml')])
    """
    if isinstance(paths, (str, os.PathLike)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def _as_path(path: StrPath | None) -> Path | None:
    return None if path is None else Path(path)


def plan_files(paths: StrPath | Iterable[StrPath]) -> tuple[list[Path], list[WardError]]:
    """The plan files named, a folder standing for its ``*.yaml`` and ``*.yml`` files (sorted).

    In a folder, files that are plainly something else (a ward file of closed days, a regimen,
    a holiday file: see :func:`mmsched.batch.check.kind_of`) are left out; any other file that is
    not a valid plan is an error, so a mistyped plan never silently drops a patient. A missing
    path or a folder without plan files is an error too.
    """
    files: list[Path] = []
    errors: list[WardError] = []
    for path in as_paths(paths):
        if path.is_dir():
            entries = yaml_files(path, recurse=False)
            problems = [(p, not_a_file(p)) for p in entries]
            errors.extend(ward_error(str(p), problem) for p, problem in problems if problem)
            found = [p for p, problem in problems if problem is None and not _other_kind(p)]
            if not found:
                errors.append(ward_error(str(path), coded("", "ward.folder_without_plans")))
            files.extend(found)
        elif (problem := not_a_file(path)) is None:
            files.append(path)
        else:
            errors.append(ward_error(str(path), problem))
    return files, errors


def _other_kind(path: Path) -> bool:
    """True for a file that is readable and plainly not a plan (ward, regimen, holidays)."""
    from ..formats.reader import read_yaml
    from .check import kind_of

    try:
        return kind_of(read_yaml(path)) in ("ward", "regimen", "holidays")
    except MmschedError:
        return False


def load_plans(
    paths: StrPath | Iterable[StrPath],
    ward_file: StrPath | None = None,
    *,
    regimen_dirs: Sequence[str | Path] = (),
) -> Ward:
    """Load and expand every plan; a bad file becomes an error and the others still load.

    A file named twice (the same path, or a folder and a file in it) is read once, with an
    error saying so (``on_sheet`` True). A patient's plans (ids compared regardless of case)
    whose courses do not overlap are all used; when two overlap, every plan of that patient is
    left off the sheet, each file with an error naming the other and both date ranges
    (:mod:`mmsched.batch.courses`). ``ward_file`` (closed days) overrides each plan's own
    ``ward:``; ``regimen_dirs`` are the local regimen library's folders (see
    :func:`mmsched.load_plan`).
    """
    path_errors: list[WardError] = []
    load_errors: list[WardError] = []
    twice: list[tuple[str, str]] = []
    each = _expand_each(
        as_paths(paths),
        _as_path(ward_file),
        path_errors,
        load_errors,
        twice,
        regimen_dirs=regimen_dirs,
    )
    loaded = list(each)
    left_off, sheet_errors = _plans_left_off(
        [course_span(p.schedule, p.file) for p in loaded], twice
    )
    patients = tuple(p for p in loaded if p.file not in left_off)
    return Ward(patients, tuple(path_errors + load_errors + sheet_errors))


@dataclass(frozen=True, slots=True)
class DaySheet:
    """One date's sheet over many plan files: what :func:`day_sheet` returns."""

    #: The administrations, tests and totals of the date, as :func:`ward_days` gives them.
    day: WardDay
    #: How many plans are on the ward (loaded, and not left off), treated that day or not.
    plans: int
    #: The files that could not be used, as :func:`load_plans` reports them.
    errors: tuple[WardError, ...]


def day_sheet(
    paths: StrPath | Iterable[StrPath],
    day: date,
    ward_file: StrPath | None = None,
    *,
    regimen_dirs: Sequence[str | Path] = (),
) -> DaySheet:
    """The sheet of one date over many plan files, for nightly batches.

    The same sheet and errors as ``ward_days(load_plans(paths, ward_file), day, day)``, but
    each file is read once and each schedule is dropped as soon as it is expanded unless the
    patient is treated or tested that day; a patient kept keeps a schedule cut to that day
    (its administrations, tests and skipped doses of the day; the rest of it whole). Memory
    follows the doses of the day, not the number of plans or the length of their courses, so a
    province's plans stream through in time proportional to their number: a sheet that kept
    whole courses would make each garbage collection pass over them, slower the more it kept.

    ``paths`` is one path or any iterable of paths, each a ``str`` or a ``Path``.
    """
    days, plans, errors = range_sheets(paths, day, day, ward_file, regimen_dirs=regimen_dirs)
    return DaySheet(days[0], plans, errors)


def range_sheets(
    paths: StrPath | Iterable[StrPath],
    first: date,
    last: date,
    ward_file: StrPath | None = None,
    *,
    regimen_dirs: Sequence[str | Path] = (),
) -> tuple[list[WardDay], int, tuple[WardError, ...]]:
    """:func:`day_sheet` for every date from ``first`` to ``last``: the sheets (empty days
    included), how many plans are on the ward, and the files that could not be used.

    Each schedule is cut to the dates (administrations, tests and skipped doses from
    ``first`` to ``last``) as soon as it is expanded, and dropped if nothing is left (no
    dose, test or supportive item).
    """
    path_errors: list[WardError] = []
    load_errors: list[WardError] = []
    twice: list[tuple[str, str]] = []
    # One span per plan (a few dates and names): the overlaps of one patient's plans are
    # found when every file has been read, without holding any whole schedule.
    spans: list[CourseSpan] = []
    kept: list[WardPatient] = []
    each = _expand_each(
        as_paths(paths),
        _as_path(ward_file),
        path_errors,
        load_errors,
        twice,
        regimen_dirs=regimen_dirs,
    )
    for patient in each:
        schedule = patient.schedule
        spans.append(course_span(schedule, patient.file))
        given = tuple(a for a in schedule.administrations if first <= a.date <= last)
        tested = tuple(m for m in schedule.monitoring if first <= m.date <= last)
        # A day with only supportive items (enoxaparin given on the ward, a reminder) is on
        # the sheet too: worked out only for a plan with nothing else in the range.
        if given or tested or any(first <= s.date <= last for s in schedule.supportive):
            skipped = tuple(s for s in schedule.skipped if first <= s.date <= last)
            cut = replace(schedule, administrations=given, monitoring=tested, skipped=skipped)
            kept.append(WardPatient(patient.file, cut))
    left_off, sheet_errors = _plans_left_off(spans, twice)
    in_range = tuple(p for p in kept if p.file not in left_off)
    days = ward_days(Ward(in_range, ()), first, last)
    return days, len(spans) - len(left_off), tuple(path_errors + load_errors + sheet_errors)


def _expand_each(
    paths: list[Path],
    ward_file: Path | None,
    path_errors: list[WardError],
    load_errors: list[WardError],
    twice: list[tuple[str, str]],
    *,
    regimen_dirs: Sequence[str | Path] = (),
    plans: dict[str, Plan] | None = None,
) -> Iterator[WardPatient]:
    """Each plan file loaded and expanded, one at a time, in :func:`plan_files` order.

    A folder's file is read once, both to tell a plan from a ward or regimen file and to load
    it. Errors go to ``path_errors`` (paths and folders) and ``load_errors`` (plans); a file
    named again goes to ``twice`` as (the name given again, the name given first). ``plans``,
    when given, keeps each loaded plan by file (the ward's capacity is in its calendar).
    """
    first_named: dict[Path, str] = {}
    for file, data in _plan_mappings(paths, path_errors):
        key = file_key(file)
        other = first_named.get(key)
        if other is not None:
            twice.append((str(file), other))
            continue
        first_named[key] = str(file)
        try:
            plan, schedule = _load_and_expand(file, data, ward_file, regimen_dirs)
        except MmschedError as exc:
            load_errors.append(WardError(str(file), _message(exc, str(file)), error=exc))
            continue
        if plans is not None:
            plans[str(file)] = plan
        yield WardPatient(str(file), schedule)


def _plan_mappings(
    paths: list[Path], errors: list[WardError]
) -> Iterator[tuple[Path, dict[str, Any] | None]]:
    """:func:`plan_files` one file at a time, each with the mapping read to tell what it is
    (None for a file named on its own, or one that cannot be read: loading it says why)."""
    from ..formats.reader import read_yaml
    from .check import kind_of

    for path in paths:
        if path.is_dir():
            found = 0
            for file in yaml_files(path, recurse=False):
                problem = not_a_file(file)
                if problem is not None:  # a FIFO, a link loop: named, never skipped silently
                    errors.append(ward_error(str(file), problem))
                    continue
                try:
                    data: dict[str, Any] | None = read_yaml(file)
                except MmschedError:
                    data = None
                if data is not None and kind_of(data) in ("ward", "regimen", "holidays"):
                    continue
                found += 1
                yield file, data
            if not found:
                errors.append(ward_error(str(path), coded("", "ward.folder_without_plans")))
        elif (problem := not_a_file(path)) is None:
            yield path, None
        else:
            errors.append(ward_error(str(path), problem))


def read_plan_file(
    file: Path, ward_file: Path | None = None, *, regimen_dirs: Sequence[str | Path] = ()
) -> WardPatient | WardError | None:
    """One file of a plan folder as the ward sheet reads it: its patient, the error that keeps
    it off the sheet, or None for a file that is plainly something else (a ward, regimen or
    holiday file). For a server that re-reads only the files that changed (issue 17)."""
    from ..formats.reader import read_yaml
    from .check import kind_of

    problem = not_a_file(file)
    if problem is not None:
        return ward_error(str(file), problem)
    try:
        data: dict[str, Any] | None = read_yaml(file)
    except MmschedError:
        data = None  # loading it says why
    if data is not None and kind_of(data) in ("ward", "regimen", "holidays"):
        return None
    try:
        _, schedule = _load_and_expand(file, data, ward_file, regimen_dirs)
    except MmschedError as exc:
        return WardError(str(file), _message(exc, str(file)), error=exc)
    return WardPatient(str(file), schedule)


def _load_and_expand(
    file: Path,
    data: dict[str, Any] | None,
    ward_file: Path | None,
    regimen_dirs: Sequence[str | Path],
) -> tuple[Plan, Schedule]:
    """A plan file (its mapping when already read) loaded and expanded."""
    from ..engine.expand import expand
    from ..formats.reader import load_plan, plan_from_mapping

    plan = (
        load_plan(file, ward=ward_file, regimen_dirs=regimen_dirs)
        if data is None
        else plan_from_mapping(data, file, ward_file, regimen_dirs=regimen_dirs)
    )
    return plan, expand(plan)


def usable(
    patients: Sequence[WardPatient],
) -> tuple[tuple[WardPatient, ...], tuple[WardError, ...]]:
    """The loaded plans the sheet uses, and an error for each plan left off it: the ward
    sheet's rule on a patient's plans whose courses overlap (:mod:`mmsched.batch.courses`)."""
    left_off, errors = _plans_left_off([course_span(p.schedule, p.file) for p in patients], [])
    return tuple(p for p in patients if p.file not in left_off), tuple(errors)


def _plans_left_off(
    spans: list[CourseSpan], twice: list[tuple[str, str]]
) -> tuple[set[str], list[WardError]]:
    """The files left off the sheet (a patient whose plans overlap) and the errors about them
    and about files named twice, from each loaded plan's course in load order."""
    from .courses import ON_THE_SHEET, left_out

    messages = left_out(spans, ON_THE_SHEET)
    left_off = {spans[i].file for i in messages}
    errors = [ward_error(spans[i].file, problem) for i, problem in messages.items()]
    listed = {span.file for span in spans if span.file not in left_off}
    for again, first in twice:
        # The patient is on the sheet only if the file's one reading made it there.
        on_sheet = first in listed
        code = "ward.given_twice.listed" if on_sheet else "ward.given_twice"
        if first != again:
            code += ".also"
        errors.append(ward_error(again, coded("", code, first=first), on_sheet))
    return left_off, errors


def _message(exc: MmschedError, file: str) -> str:
    """The error's text without the file name in front (the file is reported beside it)."""
    text = str(exc)
    prefix = f"{exc.file}: " if exc.file else ""
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :]
    if exc.file and exc.file != file:
        text = f"{exc.file}: {text}"
    return text


def ward_error(file: str, problem: Problem, on_sheet: bool = False) -> WardError:
    """The error for a plan ``file`` the sheet cannot use, from its coded ``problem``: the
    English message, and the error it renders in either language."""
    error = MmschedError(problem, file=file)
    return WardError(file, str(problem), on_sheet, error=error)
