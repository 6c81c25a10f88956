"""Treatment phases: an induction and the maintenance that follows it, expanded as one course.

A regimen may name its maintenance (``maintenance: {regimen: ID, cycles: N}``) and a plan
choose how many maintenance cycles to schedule (:class:`~.course.Maintenance`). The expander
works on one course whose cycles continue through both phases (S0777: induction C1-C8,
maintenance from C9), so closed days, delays, changes, intervals and cumulative doses work
across the boundary as within a phase. :func:`phased` builds that course:

- each drug's rule of each phase, its ``schedule:`` rows moved to the course's numbering (the
  maintenance's own rows count its cycles from 1: its cycle 1 is the course's C9), used for the
  doses of that phase's cycles (:meth:`Phasing.rule_at`): the phase's dose, renal bands, age
  rule, levels and strengths;
- one rule per drug for what spans the phases (placement, intervals, totals): its rows of
  both phases, the longer minimum interval and the lower lifetime maximum;
- the tests and supportive items of both phases, each in its own phase's cycles, supportive
  doses chosen per phase. A test counted in course days (the pregnancy-test programme) keeps
  counting from C1D1 to the course's end; the maintenance's own programme of the same test is
  then not started again (it is the same programme), and where the induction has none the
  maintenance's counts from its own first day. Likewise a maintenance item of its first cycle
  only that the induction has too (a start-of-treatment reminder: pregnancy prevention) is not
  repeated.

A dose level in force carries into maintenance for the same drug as a number of steps, counted
down the maintenance regimen's levels from the maintenance dose (:mod:`.expand.doses`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import PlanError, Problem, coded
from .course import CompiledRegimen, Course
from .orderset import SupportiveRule
from .rules import CycleDays, DrugRule, MonitoringRule
from .schedule import Phase
from .units import Dose


@dataclass(frozen=True)
class Phasing:
    """A course laid out in phases: the course the expander runs (both phases' rules in one
    numbering), each cycle's length, the phase table, and each phase's own drug rules."""

    course: Course
    lengths: tuple[int, ...]
    table: tuple[Phase, ...]
    #: For each drug, (first cycle, last cycle, rule) of each phase that gives it.
    by_drug: dict[str, tuple[tuple[int, int, DrugRule], ...]]
    #: (first cycle, the plan's chosen doses) of each phase.
    chosen: tuple[tuple[int, dict[str, Dose]], ...]

    @property
    def single(self) -> bool:
        """Whether the course has one phase (its rules are used as they are)."""
        return len(self.table) == 1

    def rule_at(self, drug: str, cycle: int) -> DrugRule | None:
        """The rule of ``drug`` in ``cycle``'s phase (None: that phase does not give it)."""
        for first, last, rule in self.by_drug.get(drug, ()):
            if first <= cycle <= last:
                return rule
        return None

    def chosen_at(self, cycle: int) -> dict[str, Dose]:
        """The plan's chosen doses of ``cycle``'s phase."""
        found = self.chosen[0][1]
        for first, chosen in self.chosen:
            if cycle >= first:
                found = chosen
        return found


def phased(course: Course) -> Phasing:
    """``course`` laid out in phases (a course without maintenance: as it is).

    Raises:
        PlanError: a drug given in both phases by another route or closed-day policy (one
            drug's doses are placed as one series).
    """
    induction = course.regimen
    n = course.cycles
    first = Phase(
        "induction", induction.id, induction.name.en, induction.name.zh,
        induction.cycle_days, 1, n,
    )  # fmt: skip
    maintenance = course.maintenance
    if maintenance is None or maintenance.cycles == 0:
        return Phasing(
            course, (induction.cycle_days,) * n, (first,),
            {r.drug: ((1, n, r),) for r in induction.rules}, ((1, course.chosen),),
        )  # fmt: skip
    main, m = maintenance.regimen, maintenance.cycles
    total = n + m
    second = Phase(
        "maintenance", main.id, main.name.en, main.name.zh, main.cycle_days, n + 1, total,
        maintenance.until_progression,
    )  # fmt: skip
    by_drug: dict[str, list[tuple[int, int, DrugRule]]] = {}
    for rule in induction.rules:
        by_drug.setdefault(rule.drug, []).append((1, n, _capped(rule, n)))
    for rule in main.rules:
        by_drug.setdefault(rule.drug, []).append((n + 1, total, _shifted(rule, n)))
    merged = tuple(_merged(drug, [r for _, _, r in rules]) for drug, rules in by_drug.items())
    combined = replace(
        induction,
        cycles=total,
        rules=merged,
        monitoring_rules=_monitoring(induction, main, n),
        supportive=(
            *_supportive(induction.supportive, course.chosen, last=n),
            *_supportive(
                _not_started_again(main.supportive, induction.supportive),
                maintenance.chosen,
                shift=n,
            ),
        ),
        assumptions=tuple(dict.fromkeys((*induction.assumptions, *main.assumptions))),
    )
    return Phasing(
        replace(course, regimen=combined, cycles=total, chosen={}, maintenance=None),
        (induction.cycle_days,) * n + (main.cycle_days,) * m,
        (first, second),
        {drug: tuple(rules) for drug, rules in by_drug.items()},
        ((1, course.chosen), (n + 1, maintenance.chosen)),
    )


def _capped_rows(rows: tuple[CycleDays, ...], last: int) -> tuple[CycleDays, ...]:
    """The rows that give cycles 1..``last``, ended at ``last``."""
    return tuple(
        replace(row, last=last if row.last is None else min(row.last, last))
        for row in rows
        if row.first <= last
    )


def _capped(rule: DrugRule, last: int) -> DrugRule:
    return replace(rule, days_by_cycle=_capped_rows(rule.days_by_cycle, last))


def _shifted(rule: DrugRule, by: int) -> DrugRule:
    """``rule`` with its rows in the course's numbering: its cycle 1 is the course's
    ``by + 1``; each row carries the drug's infusion details (the merged rule keeps one)."""
    rows = tuple(
        replace(
            row,
            first=row.first + by,
            last=None if row.last is None else row.last + by,
            infusion=row.infusion if row.infusion is not None else rule.infusion,
        )
        for row in rule.days_by_cycle
    )
    return replace(rule, days_by_cycle=rows)


def _merged(drug: str, rules: list[DrugRule]) -> DrugRule:
    """One rule for a drug across the phases: every phase's rows, the longer minimum interval
    (checked across the boundary too) and the lower lifetime maximum."""
    if len(rules) == 1:
        return rules[0]
    first, later = rules
    conflicts = _conflicts(first, later, "maintenance")
    if conflicts:
        raise PlanError(conflicts)
    intervals = [h for h in (first.min_interval_hours, later.min_interval_hours) if h]
    limits = [d for d in (first.lifetime_max, later.lifetime_max) if d is not None]
    own = tuple(
        row if row.infusion is not None or first.infusion is None
        else replace(row, infusion=first.infusion)
        for row in first.days_by_cycle
    )  # fmt: skip
    return replace(
        first,
        days_by_cycle=own + later.days_by_cycle,
        min_interval_hours=max(intervals, default=None),
        lifetime_max=min(limits, key=lambda d: d.low, default=None),
        renal=first.renal or later.renal,
    )


def phase_conflicts(
    induction: CompiledRegimen, maintenance: CompiledRegimen, field: str
) -> list[Problem]:
    """Why a drug of both regimens cannot be one series of doses (another route or closed-day
    policy in the maintenance), as problems at ``field``: empty when none."""
    found: list[Problem] = []
    for rule in induction.rules:
        other = maintenance.rule(rule.drug)
        if other is not None:
            found += _conflicts(rule, other, field)
    return found


def _conflicts(first: DrugRule, later: DrugRule, field: str) -> list[Problem]:
    drug, found = first.drug, []
    if first.route != later.route:
        found.append(
            coded(
                field,
                "regimen.maintenance.route_differs",
                drug=drug,
                first=first.route,
                later=later.route,
            )
        )
    if first.on_closed_day != later.on_closed_day:
        found.append(
            coded(
                field,
                "regimen.maintenance.closed_day_differs",
                drug=drug,
                first=first.on_closed_day,
                later=later.on_closed_day,
            )
        )
    return found


def _monitoring(
    induction: CompiledRegimen, main: CompiledRegimen, n: int
) -> tuple[MonitoringRule, ...]:
    """The tests of both phases, each in its phase's cycles (see the module's text for tests
    counted in course days)."""
    kept: list[MonitoringRule] = []
    counted: set[str] = set()
    for rule in induction.monitoring_rules:
        if rule.course_days or rule.course_every:
            counted.add(rule.test)
            kept.append(rule)  # from C1D1 to the course's end
        elif rule.first_cycle <= n:
            last = n if rule.last_cycle is None else min(rule.last_cycle, n)
            kept.append(replace(rule, last_cycle=last))
    for rule in main.monitoring_rules:
        if rule.course_days or rule.course_every:
            if rule.test not in counted:
                kept.append(replace(rule, course_from=n + 1))
            continue
        end = None if rule.last_cycle is None else rule.last_cycle + n
        kept.append(replace(rule, first_cycle=rule.first_cycle + n, last_cycle=end))
    return tuple(kept)


def _not_started_again(
    main: tuple[SupportiveRule, ...], induction: tuple[SupportiveRule, ...]
) -> tuple[SupportiveRule, ...]:
    """The maintenance's items without those of its first cycle only that the induction has
    already given (the start-of-treatment reminders, such as pregnancy prevention): the
    maintenance continues a course, it does not start one."""
    started = {rule.item for rule in induction}
    return tuple(
        rule
        for rule in main
        if not (rule.item in started and rule.first_cycle == 1 and rule.last_cycle == 1)
    )


def _supportive(
    rules: tuple[SupportiveRule, ...],
    chosen: dict[str, Dose],
    *,
    last: int | None = None,
    shift: int = 0,
) -> tuple[SupportiveRule, ...]:
    """A phase's supportive items in the course's numbering, each with its phase's chosen
    dose (the combined course chooses none of its own)."""
    out = []
    for rule in rules:
        dose = chosen.get(rule.item) or rule.dose
        if last is not None:
            if rule.first_cycle > last:
                continue
            end = last if rule.last_cycle is None else min(rule.last_cycle, last)
            out.append(replace(rule, dose=dose, last_cycle=end))
        else:
            end_shifted = None if rule.last_cycle is None else rule.last_cycle + shift
            out.append(
                replace(
                    rule, dose=dose, first_cycle=rule.first_cycle + shift, last_cycle=end_shifted
                )
            )
    return tuple(out)
