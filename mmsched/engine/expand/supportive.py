"""Step 8: the order set's supportive items, dated (premedication, prophylaxis,
post-medication, hydration, prompts).

An item on ``days`` is dated in each cycle it covers (date = the cycle's actual start + day − 1,
so day 0 is the day before day 1 and keeps its owning cycle: C2D0 is cycle 1's last day). An
item ``with:`` a drug follows that drug's actual doses (after closed-day shifts, moves, holds,
omissions and stops): on the dose's date (``minutes_before``) or ``days_after`` it, in the
cycles it covers, or with the course's first or last dose only (``occurrence: first`` /
``last``: a reminder at the end of a drug, e.g. how long a prophylaxis goes on after it). Its
conditions are checked on each date.

The records are worked out when first asked for (:class:`OrderSet`), not during the expansion:
a daily prophylaxis doubles the records of a course, and a nightly batch that only wants the
doses should not pay for them. What the expansion must know at once (a warning that a field
is missing, two corticosteroids on one day) is checked by :func:`order_set_warnings`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from ...data.drugs import chinese_name
from ...errors import Said
from ..course import Course
from ..orderset import CORTICOSTEROIDS, SupportiveRule
from ..schedule import Administration, SupportiveRecord
from .notes import Warnings


@dataclass(frozen=True)
class OrderSet:
    """The inputs of a course's supportive records; calling it dates them."""

    course: Course
    starts: tuple[date, ...]
    administrations: tuple[Administration, ...]
    #: The course's first maintenance cycle (None: no maintenance phase).
    maintenance_from: int | None = None

    def __call__(self) -> tuple[SupportiveRecord, ...]:
        return tuple(
            supportive_records(
                self.course, self.starts, self.administrations,
                maintenance_from=self.maintenance_from,
            )
        )  # fmt: skip


def supportive_records(
    course: Course,
    starts: tuple[date, ...],
    administrations: tuple[Administration, ...],
    rules: tuple[SupportiveRule, ...] | None = None,
    *,
    maintenance_from: int | None = None,
) -> list[SupportiveRecord]:
    """Every supportive item of the course (or of ``rules``), in date order, then the
    regimen's order; an item of a cycle from ``maintenance_from`` on is of the maintenance
    phase."""
    rules = course.regimen.supportive if rules is None else rules
    if not rules:
        return []
    needs_given = any(
        r.conditions is not None and (r.conditions.given or r.conditions.not_given) for r in rules
    )
    given = frozenset((a.drug, a.date) for a in administrations) if needs_given else frozenset()
    dated: list[tuple[date, int, SupportiveRecord]] = []
    for order, rule in enumerate(rules):
        conditions = rule.conditions
        if conditions is not None and not conditions.holds_for(course.patient):
            continue
        for when, cycle, day in _dates(course, rule, starts, administrations):
            if conditions is not None and not conditions.holds_on(when, given):
                continue
            record = _record(course, rule, when, cycle, day)
            if maintenance_from is not None and cycle >= maintenance_from:
                record = replace(record, phase="maintenance")
            dated.append((when, order, record))
    dated.sort(key=lambda entry: entry[:2])
    return [record for _, _, record in dated]


def _dates(
    course: Course,
    rule: SupportiveRule,
    starts: tuple[date, ...],
    administrations: tuple[Administration, ...],
) -> list[tuple[date, int, int]]:
    """The (date, owning cycle, day) of each of the item's occurrences, before conditions."""
    found: list[tuple[date, int, int]] = []
    if rule.with_drug is not None:
        after = rule.days_after or 0
        for adm in administrations:
            if adm.drug != rule.with_drug or not rule.covers(adm.cycle):
                continue
            found.append((adm.date + timedelta(days=after), adm.cycle, adm.day + after))
            if rule.first_only:
                break
        return found[-1:] if rule.last_only else found
    for cycle, start in enumerate(starts, start=1):
        if not rule.covers(cycle):
            continue
        for day in rule.days:
            when = course.calendar.off_closed_day(
                start + timedelta(days=day - 1), rule.on_closed_day
            )
            if when is not None:
                found.append((when, cycle, day))
    return found


def _record(
    course: Course, rule: SupportiveRule, when: date, cycle: int, day: int
) -> SupportiveRecord:
    dose = course.chosen.get(rule.item) or rule.dose
    prompt = rule.prompt
    return SupportiveRecord(
        date=when,
        cycle=cycle,
        day=day,
        item=rule.item,
        category=rule.category,
        source=rule.source,
        name_zh=rule.name_zh,
        dose_low=None if dose is None else dose.low,
        dose_high=None if dose is None else dose.high,
        unit=None if dose is None else dose.unit,
        per_day=rule.per_day,
        route=rule.route,
        with_drug=rule.with_drug,
        minutes_before=rule.minutes_before,
        days_after=rule.days_after,
        prompt_en=None if prompt is None else prompt.en,
        prompt_zh=None if prompt is None else prompt.zh,
        optional=rule.optional,
        note=rule.note,
        note_zh=rule.note_zh,
    )


def order_set_warnings(
    course: Course,
    starts: tuple[date, ...],
    administrations: tuple[Administration, ...],
    warnings: Warnings,
) -> None:
    """What the expansion warns about at once: a woman's childbearing potential (or the
    regularity of her cycles) not recorded where a test or item depends on it, and a day that
    would carry two corticosteroids."""
    regimen, patient = course.regimen, course.patient
    every = [r.conditions for r in regimen.monitoring_rules]
    every += [r.conditions for r in regimen.supportive]
    asked = [c for c in every if c is not None]
    woman = patient.sex == "F"
    if (
        woman
        and patient.childbearing_potential is None
        and any(c.childbearing_potential is not None for c in asked)
    ):
        warnings.add("warning.plan.childbearing_potential_missing")
    if (
        woman
        and patient.childbearing_potential is not False
        and patient.irregular_menses is None
        and any(c.irregular_menses is not None for c in asked)
    ):
        warnings.add("warning.plan.irregular_menses_missing")
    if patient.vte_risk is None and any(c.vte_risk is not None for c in asked):
        warnings.add("warning.plan.vte_risk_missing")
    _two_corticosteroids(course, starts, administrations, warnings)


def _two_corticosteroids(
    course: Course,
    starts: tuple[date, ...],
    administrations: tuple[Administration, ...],
    warnings: Warnings,
) -> None:
    """Warn on each date that would carry two corticosteroids (a regimen's dexamethasone is
    the premedication: a second steroid on top is a known error)."""
    # An item that is given only where a corticosteroid is not (DRd's methylprednisolone, with
    # not_given: dexamethasone) cannot meet that one: a regimen with no other is not checked
    # date by date.
    regimen = course.regimen
    steroid_items = tuple(r for r in regimen.supportive if r.item in CORTICOSTEROIDS)
    regimen_steroids = {r.drug for r in regimen.rules if r.drug in CORTICOSTEROIDS}
    if len(steroid_items) < 2 and all(
        r.conditions is not None
        and r.conditions.not_given in regimen_steroids
        and len(regimen_steroids) == 1
        for r in steroid_items
    ):
        return
    by_date: dict[date, set[str]] = {}
    for adm in administrations:
        if adm.drug in CORTICOSTEROIDS:
            by_date.setdefault(adm.date, set()).add(adm.drug)
    for record in supportive_records(course, starts, administrations, steroid_items):
        names = by_date.setdefault(record.date, set())
        if names and record.item not in names:
            steroids = sorted(names)
            own = {r.drug: r.name_zh for r in regimen.rules}
            warnings.add(
                "warning.supportive.two_corticosteroids",
                date=record.date,
                cycle_day=record.cycle_day,
                steroids=Said(
                    ", ".join(steroids), "、".join(chinese_name(d, own.get(d)) for d in steroids)
                ),
                item=Said(record.item, chinese_name(record.item, record.name_zh)),
            )
        names.add(record.item)
