"""The ward day sheet: many patients' schedules, gathered by day, with what to prepare.

Each day lists every administration of every patient treated that day, and the total of each
drug from the final (rounded) doses: how much to prepare. Reading the plan files is
:mod:`mmsched.batch.ward`'s; this module only computes.

No clock and no locale: the caller gives the dates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..errors import MessageLang, MmschedError
from .period import days_between
from .schedule import Administration, MonitoringEvent, Schedule, SupportiveRecord


@dataclass(frozen=True, slots=True)
class WardError:
    """A plan file that could not be used, and why.

    ``on_sheet`` is True only for a file named twice: it is read once and its patient is on the
    sheet; every other error leaves the file's patient off the sheet. ``error`` is the error
    the message was written from, when there is one: its message code and its Chinese text.
    """

    file: str
    message: str
    on_sheet: bool = False
    error: MmschedError | None = field(default=None, compare=False)

    @property
    def code(self) -> str:
        """The message code of a one-problem error ("" when there is none)."""
        problems = self.error.problems if self.error is not None else []
        return problems[0].code if len(problems) == 1 else ""

    def text(self, lang: MessageLang = "en") -> str:
        """The message in ``lang`` (the English one for an error without a code)."""
        if lang == "en" or self.error is None:
            return self.message
        text = self.error.render(lang)
        prefix = f"{self.error.file}：" if self.error.file else ""
        if prefix and self.error.file == self.file and text.startswith(prefix):
            text = text[len(prefix) :]
        return text


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
class WardSupportive:
    """One supportive item (or reminder) of the order set due on the sheet's day."""

    patient: WardPatient
    record: SupportiveRecord


@dataclass(frozen=True, slots=True)
class SupportiveTotal:
    """How much of a supportive drug the day needs, apart from the anticancer totals (never
    summed into them), and for how many patients: a dose given ``per_day`` times counts so
    many times; a range a plan did not choose inside adds its low end to ``dose_low`` and its
    high end to ``dose_high`` (equal when every dose is fixed). Reminders have no total.
    ``optional``: the total of an item a prescriber may leave out (montelukast, DRd's
    methylprednisolone), kept apart from the same item given as ordered."""

    item: str
    unit: str
    route: str
    dose_low: Decimal
    dose_high: Decimal
    patients: int
    name_zh: str | None = None
    optional: bool = False


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
    #: The order set's supportive items and reminders of the day, by patient.
    supportive: tuple[WardSupportive, ...] = ()

    @property
    def patients(self) -> tuple[WardPatient, ...]:
        """The patients treated, tested or given a supportive item on the day, each once, in
        sheet order (by id)."""
        found: dict[str, WardPatient] = {}
        everyone = [i.patient for i in self.items] + [t.patient for t in self.tests]
        for patient in everyone + [s.patient for s in self.supportive]:
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


def ward_days(ward: Ward, first: date, last: date) -> list[WardDay]:
    """One sheet per date from ``first`` to ``last``, empty days included.

    Administrations are ordered by patient id, then in each patient's schedule order (the
    regimen's drug order). Totals are per drug and unit, from the final doses, by drug name.
    """
    by_date: dict[date, list[WardItem]] = defaultdict(list)
    tests_by_date: dict[date, list[WardTest]] = defaultdict(list)
    items_by_date: dict[date, list[WardSupportive]] = defaultdict(list)
    for patient in sorted(ward.patients, key=lambda p: (p.schedule.patient_id, p.file)):
        for adm in patient.schedule.administrations:
            if first <= adm.date <= last:
                by_date[adm.date].append(WardItem(patient, adm))
        for event in patient.schedule.monitoring:
            if first <= event.date <= last:
                tests_by_date[event.date].append(WardTest(patient, event))
        for record in patient.schedule.supportive:
            if first <= record.date <= last:
                items_by_date[record.date].append(WardSupportive(patient, record))
    return [
        WardDay(
            day,
            tuple(by_date[day]),
            totals(by_date[day]),
            tuple(tests_by_date[day]),
            tuple(items_by_date[day]),
        )
        for day in days_between(first, last)
    ]


def supportive_totals(items: tuple[WardSupportive, ...]) -> tuple[SupportiveTotal, ...]:
    """The supportive drugs to prepare, by item, unit and route (by item name); reminders
    left out."""
    low: dict[tuple[str, bool, str, str], Decimal] = defaultdict(Decimal)
    high: dict[tuple[str, bool, str, str], Decimal] = defaultdict(Decimal)
    patients: dict[tuple[str, bool, str, str], set[str]] = defaultdict(set)
    names: dict[str, str | None] = {}
    for entry in items:
        record = entry.record
        if record.dose_low is None or record.dose_high is None or record.unit is None:
            continue
        key = (record.item, record.optional, record.unit, record.route or "")
        times = record.per_day or 1
        low[key] += record.dose_low * times
        high[key] += record.dose_high * times
        patients[key].add(entry.patient.schedule.patient_id)
        names.setdefault(record.item, record.name_zh)
    return tuple(
        SupportiveTotal(
            item, unit, route, low[key], high[key], len(patients[key]), names[item], optional
        )
        for key in sorted(low)
        for item, optional, unit, route in [key]
    )


def totals(items: list[WardItem]) -> tuple[DrugTotal, ...]:
    """The sum of final doses per drug and unit, with the number of patients, by drug name;
    each split by route."""
    from ..data.drugs import ROUTES

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
