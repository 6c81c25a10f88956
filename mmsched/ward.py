"""The ward day sheet: many patients' plans, gathered by day, with what to prepare.

Pipeline: plan files (a folder's ``*.yaml`` or named files) are loaded and expanded one by one;
a file that fails is kept as an error with its name and message, and the others go on. Each day
then lists every administration of every patient treated that day, and the total of each drug
from the final (rounded) doses: how much to prepare.

No clock and no locale: the caller gives the dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import MmschedError
from .period import days_between
from .schedule import Administration, MonitoringEvent, Schedule

PLAN_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class WardError:
    """A plan file that could not be used, and why.

    ``on_sheet`` is True only for a file named twice: it is read once and its patient is on the
    sheet; every other error leaves the file's patient off the sheet.
    """

    file: str
    message: str
    on_sheet: bool = False


@dataclass(frozen=True, slots=True)
class WardPatient:
    """One loaded plan: the file it came from and its expanded schedule."""

    file: str
    schedule: Schedule


@dataclass(frozen=True, slots=True)
class WardItem:
    """One administration on the sheet, with the patient it is for."""

    patient: WardPatient
    administration: Administration


@dataclass(frozen=True, slots=True)
class WardTest:
    """One test or assessment due on the sheet's day."""

    patient: WardPatient
    event: MonitoringEvent


@dataclass(frozen=True, slots=True)
class RouteTotal:
    """The part of a drug's total given by one route (tablets and injections are prepared
    differently, so the pharmacy needs each)."""

    route: str
    dose: Decimal
    unit: str
    patients: int


@dataclass(frozen=True, slots=True)
class DrugTotal:
    """How much of a drug the day needs, summed from the final doses, and for how many;
    ``routes`` splits it by route, in route order (PO, SC, IV, ...); ``override`` says that
    some of it is a dose above the regimen's, by a plan override."""

    drug: str
    dose: Decimal
    unit: str
    patients: int
    routes: tuple[RouteTotal, ...] = ()
    override: bool = False


@dataclass(frozen=True, slots=True)
class WardDay:
    """Everything given on one date: administrations by patient, then per-drug totals."""

    date: date
    items: tuple[WardItem, ...]
    totals: tuple[DrugTotal, ...]
    tests: tuple[WardTest, ...] = ()

    @property
    def patients(self) -> tuple[WardPatient, ...]:
        """The patients treated or tested on the day, each once, in sheet order (by id)."""
        found: dict[str, WardPatient] = {}
        for patient in [i.patient for i in self.items] + [t.patient for t in self.tests]:
            found.setdefault(patient.file, patient)
        return tuple(sorted(found.values(), key=lambda p: (p.schedule.patient_id, p.file)))

    def warnings(self, lang: str) -> tuple[tuple[WardPatient, str], ...]:
        """Each patient's plan warnings in ``lang``, for the patients on the day."""
        return tuple(
            (patient, text)
            for patient in self.patients
            for text in patient.schedule.warnings_in(lang)
        )


@dataclass(frozen=True, slots=True)
class Ward:
    """The plans that loaded, in file order, and the files that did not."""

    patients: tuple[WardPatient, ...]
    errors: tuple[WardError, ...]

    def span(self) -> tuple[date, date] | None:
        """The first and last date any patient has an administration or test; None if none."""
        dates = [a.date for p in self.patients for a in p.schedule.administrations]
        dates += [m.date for p in self.patients for m in p.schedule.monitoring]
        return (min(dates), max(dates)) if dates else None


def plan_files(paths: list[Path]) -> tuple[list[Path], list[WardError]]:
    """The plan files named, a folder standing for its ``*.yaml`` and ``*.yml`` files (sorted).

    In a folder, files that are plainly something else (a ward file of closed days, a regimen,
    a holiday file: see :func:`mmsched.checker.kind_of`) are left out; any other file that is
    not a valid plan is an error, so a mistyped plan never silently drops a patient. A missing
    path or a folder without plan files is an error too.
    """
    files: list[Path] = []
    errors: list[WardError] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.suffix in PLAN_SUFFIXES and p.is_file() and not _other_kind(p)
            )
            if not found:
                errors.append(WardError(str(path), "this folder has no plan files (*.yaml, *.yml)"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            errors.append(WardError(str(path), "no such file or folder; check the path"))
    return files, errors


def _other_kind(path: Path) -> bool:
    """True for a file that is readable and plainly not a plan (ward, regimen, holidays)."""
    from .checker import kind_of
    from .loader import read_yaml

    try:
        return kind_of(read_yaml(path)) in ("ward", "regimen", "holidays")
    except MmschedError:
        return False


def load_plans(paths: list[Path], ward_file: Path | None = None) -> Ward:
    """Load and expand every plan; a bad file becomes an error and the others still load.

    A file named twice (the same path, or a folder and a file in it) is read once, with an
    error saying so (``on_sheet`` True). Two different files for the same patient id are both
    left off the sheet, each with an error naming the other: nobody can tell which is right,
    and listing both would give the patient every dose twice. ``ward_file`` (closed days)
    overrides each plan's own ``ward:``.
    """
    path_errors: list[WardError] = []
    load_errors: list[WardError] = []
    twice: list[tuple[str, str]] = []
    loaded = list(_expand_each(paths, ward_file, path_errors, load_errors, twice))
    left_off, sheet_errors = _one_plan_each(
        [(p.schedule.patient_id, p.file) for p in loaded], twice
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


def day_sheet(paths: list[Path], day: date, ward_file: Path | None = None) -> DaySheet:
    """The sheet of one date over many plan files, for nightly batches.

    The same sheet and errors as ``ward_days(load_plans(paths, ward_file), day, day)``, but
    each file is read once and each schedule is dropped as soon as it is expanded unless the
    patient is treated or tested that day; a patient kept keeps a schedule cut to that day
    (its administrations, tests and skipped doses of the day; the rest of it whole). Memory
    follows the doses of the day, not the number of plans or the length of their courses, so a
    province's plans stream through in time proportional to their number: a sheet that kept
    whole courses would make each garbage collection pass over them, slower the more it kept.
    """
    days, plans, errors = range_sheets(paths, day, day, ward_file)
    return DaySheet(days[0], plans, errors)


def range_sheets(
    paths: list[Path], first: date, last: date, ward_file: Path | None = None
) -> tuple[list[WardDay], int, tuple[WardError, ...]]:
    """:func:`day_sheet` for every date from ``first`` to ``last``: the sheets (empty days
    included), how many plans are on the ward, and the files that could not be used.

    Each schedule is cut to the dates (administrations, tests and skipped doses from
    ``first`` to ``last``) as soon as it is expanded, and dropped if nothing is left.
    """
    path_errors: list[WardError] = []
    load_errors: list[WardError] = []
    twice: list[tuple[str, str]] = []
    ids: list[tuple[str, str]] = []
    kept: list[WardPatient] = []
    for patient in _expand_each(paths, ward_file, path_errors, load_errors, twice):
        schedule = patient.schedule
        ids.append((schedule.patient_id, patient.file))
        given = tuple(a for a in schedule.administrations if first <= a.date <= last)
        tested = tuple(m for m in schedule.monitoring if first <= m.date <= last)
        if given or tested:
            skipped = tuple(s for s in schedule.skipped if first <= s.date <= last)
            cut = replace(schedule, administrations=given, monitoring=tested, skipped=skipped)
            kept.append(WardPatient(patient.file, cut))
    left_off, sheet_errors = _one_plan_each(ids, twice)
    in_range = tuple(p for p in kept if p.file not in left_off)
    days = ward_days(Ward(in_range, ()), first, last)
    return days, len(ids) - len(left_off), tuple(path_errors + load_errors + sheet_errors)


def _expand_each(
    paths: list[Path],
    ward_file: Path | None,
    path_errors: list[WardError],
    load_errors: list[WardError],
    twice: list[tuple[str, str]],
) -> Iterator[WardPatient]:
    """Each plan file loaded and expanded, one at a time, in :func:`plan_files` order.

    A folder's file is read once, both to tell a plan from a ward or regimen file and to load
    it. Errors go to ``path_errors`` (paths and folders) and ``load_errors`` (plans); a file
    named again goes to ``twice`` as (the name given again, the name given first).
    """
    from .expander import expand
    from .loader import load_plan, plan_from_mapping

    first_named: dict[Path, str] = {}
    for file, data in _plan_mappings(paths, path_errors):
        key = file.resolve()
        other = first_named.get(key)
        if other is not None:
            twice.append((str(file), other))
            continue
        first_named[key] = str(file)
        try:
            plan = (
                load_plan(file, ward=ward_file)
                if data is None
                else plan_from_mapping(data, file, ward_file)
            )
            schedule = expand(plan)
        except MmschedError as exc:
            load_errors.append(WardError(str(file), _message(exc, str(file))))
            continue
        yield WardPatient(str(file), schedule)


def _plan_mappings(
    paths: list[Path], errors: list[WardError]
) -> Iterator[tuple[Path, dict[str, Any] | None]]:
    """:func:`plan_files` one file at a time, each with the mapping read to tell what it is
    (None for a file named on its own, or one that cannot be read: loading it says why)."""
    from .checker import kind_of
    from .loader import read_yaml

    for path in paths:
        if path.is_dir():
            found = 0
            for file in sorted(p for p in path.iterdir() if p.suffix in PLAN_SUFFIXES):
                if not file.is_file():
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
                errors.append(WardError(str(path), "this folder has no plan files (*.yaml, *.yml)"))
        elif path.is_file():
            yield path, None
        else:
            errors.append(WardError(str(path), "no such file or folder; check the path"))


def _one_plan_each(
    ids: list[tuple[str, str]], twice: list[tuple[str, str]]
) -> tuple[set[str], list[WardError]]:
    """The files left off the sheet (two files for one patient id) and the errors about
    duplicates, from each loaded plan's (patient id, file) in load order."""
    files_of: dict[str, list[str]] = defaultdict(list)
    for pid, file in ids:
        files_of[pid].append(file)
    left_off: set[str] = set()
    errors: list[WardError] = []
    for pid, file in ids:
        others = [f for f in files_of[pid] if f != file]
        if not others:
            continue
        left_off.add(file)
        errors.append(
            WardError(
                file,
                f"patient {pid} has a plan in {', '.join(others)} too: the patient is left "
                "off this sheet, since nobody can tell which plan is right; keep one plan per "
                "patient",
            )
        )
    listed = {file for _, file in ids if file not in left_off}
    for again, first in twice:
        also = "" if first == again else f" (also as {first})"
        # The patient is on the sheet only if the file's one reading made it there.
        on_sheet = first in listed
        result = "it is read once and its patient listed once" if on_sheet else "it is read once"
        errors.append(WardError(again, f"this file is given twice{also}; {result}", on_sheet))
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


def ward_days(ward: Ward, first: date, last: date) -> list[WardDay]:
    """One sheet per date from ``first`` to ``last``, empty days included.

    Administrations are ordered by patient id, then in each patient's schedule order (the
    regimen's drug order). Totals are per drug and unit, from the final doses, by drug name.
    """
    by_date: dict[date, list[WardItem]] = defaultdict(list)
    tests_by_date: dict[date, list[WardTest]] = defaultdict(list)
    for patient in sorted(ward.patients, key=lambda p: (p.schedule.patient_id, p.file)):
        for adm in patient.schedule.administrations:
            if first <= adm.date <= last:
                by_date[adm.date].append(WardItem(patient, adm))
        for event in patient.schedule.monitoring:
            if first <= event.date <= last:
                tests_by_date[event.date].append(WardTest(patient, event))
    return [
        WardDay(day, tuple(by_date[day]), totals(by_date[day]), tuple(tests_by_date[day]))
        for day in days_between(first, last)
    ]


def totals(items: list[WardItem]) -> tuple[DrugTotal, ...]:
    """The sum of final doses per drug and unit, with the number of patients, by drug name;
    each split by route."""
    from .drugs import ROUTES

    amounts: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    patients: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_route: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    route_patients: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    overrides: set[tuple[str, str]] = set()
    for item in items:
        adm = item.administration
        key = (adm.drug, adm.unit)
        pid = item.patient.schedule.patient_id
        amounts[key] += adm.dose
        patients[key].add(pid)
        by_route[(adm.drug, adm.unit, adm.route)] += adm.dose
        route_patients[(adm.drug, adm.unit, adm.route)].add(pid)
        if adm.override:
            overrides.add(key)
    order = list(ROUTES)

    def route_key(route: str) -> tuple[int, str]:
        return (order.index(route) if route in order else len(order), route)

    result = []
    for drug, unit in sorted(amounts):
        routes = sorted((r for d, u, r in by_route if (d, u) == (drug, unit)), key=route_key)
        result.append(
            DrugTotal(
                drug,
                amounts[(drug, unit)],
                unit,
                len(patients[(drug, unit)]),
                tuple(
                    RouteTotal(
                        route,
                        by_route[(drug, unit, route)],
                        unit,
                        len(route_patients[(drug, unit, route)]),
                    )
                    for route in routes
                ),
                (drug, unit) in overrides,
            )
        )
    return tuple(result)
