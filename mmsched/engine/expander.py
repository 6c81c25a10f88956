"""The expander: a validated plan in, every dated and dosed administration out.

Pure: no files, no clock, no locale. The pipeline, in order:

1. Cycle starts: ``start + (cycle - 1) × cycle_days`` plus every delay of that cycle and the
   ones before it (``delays:`` and ``delay`` changes).
2. Per cycle, the body measures: the latest measurement on or before the cycle's start (the
   patient's own height and weight before any), and the BSA from them, rounded half-up to
   0.01 m², then the optional cap.
3. Per cycle and drug, the dose: the regimen's dose or the plan's choice inside a range, the
   renal band (Cockcroft-Gault at the start), the age rule, the dose level or percentage of the
   plan's changes, times BSA or weight, rounded to the regimen's step. Each step that changes
   the dose leaves a note on it.
4. Dates (:mod:`mmsched.engine.placement`): the day rules, then the ward's closed days by each
   drug's policy, then the plan's moves, holds, omissions and stops in order, keeping every
   interval.
5. Monitoring tests, cumulative doses, weight flags, and a final check of every interval.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter
from typing import Any

from ..errors import MmschedError, PlanError, Problem, ScheduleError
from ..formats.changes import Delay, DoseLevel, Hold, Move, Omit, Resume, Stop
from ..formats.plan import Plan
from ..views.display import drug_name, format_prescribed
from .bsa import body_surface_area
from .dosing import ROUNDING_TOLERANCE, DoseResult, compute_dose, rounding_deviation
from .placement import DrugCourse, Planned, Slot, apply_changes, stay_as_planned
from .renal import cockcroft_gault, creatinine_mg_dl
from .rules import DrugRule
from .schedule import (
    Administration,
    CumulativeDose,
    DoseChange,
    MonitoringEvent,
    RenalAssessment,
    Schedule,
    SkippedDose,
    WeightFlag,
)
from .units import Dose, format_amount
from .wardcal import OPEN_EVERY_DAY, WardCalendar

#: ``_DAY_OFFSETS[n]`` is the offset of day ``n`` of a cycle from its first day (n - 1 days).
_DAY_OFFSETS = tuple(timedelta(days=day - 1) for day in range(367))
_BY_DATE = attrgetter("date")
#: Computed doses by what they depend on; doses repeat across cycles and across patients
#: (a BSA is one of about 150 values), and computing one writes several strings.
_DOSE_CACHE: dict[tuple[str | None, ...], tuple[DoseResult, bool]] = {}
_DOSE_CACHE_SIZE = 8192


#: A dose that closed days push this many days or more gets a warning: the cycle's other drugs
#: keep their days, and a ward would usually delay the whole cycle instead.
LONG_SHIFT_DAYS = 3


@dataclass(frozen=True, slots=True)
class _Body:
    height_cm: Decimal
    weight_kg: Decimal
    bsa_m2: Decimal
    bsa_uncapped_m2: Decimal


@dataclass(frozen=True, slots=True)
class _CycleDose:
    result: DoseResult
    notes: tuple[str, ...]
    override: bool
    days: tuple[int, ...]
    notes_zh: tuple[str, ...] = ()


def expand(plan: Plan) -> Schedule:
    """Expand a plan into its schedule.

    Raises:
        ScheduleError: the schedule would break a regimen's rule (an interval, a dose that
            cannot be placed before the next cycle, a change that names no dose).
        PlanError: a renally dosed drug without creatinine, where the regimen makes it an error.
        Either names the plan's file when the plan was loaded from one.
    """
    try:
        return _Expansion(plan).run()
    except MmschedError as exc:
        if plan.source is None:
            raise
        raise exc.in_file(plan.source) from None


def expand_many(plans: Iterable[Plan]) -> Iterator[Schedule]:
    """Expand plans one at a time (for nightly batches); stops at the first error."""
    for plan in plans:
        yield expand(plan)


class _Expansion:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.regimen = plan.regimen
        self.calendar: WardCalendar = plan.ward or OPEN_EVERY_DAY
        self.warnings: list[str] = []
        self.warnings_zh: list[str] = []
        self._long_shifts: set[tuple[str, int]] = set()
        self.age = plan.patient.age_on(plan.start)
        # Read once: the regimen's rules are a private attribute of a pydantic model, slow to
        # reach from the per-dose loops.
        self.rules = self.regimen.rules
        self._bsa: dict[tuple[Decimal, Decimal], Decimal] = {}
        self._measurements = sorted(plan.measurements, key=lambda m: m.date)
        self._dose_levels = [c for c in plan.changes if isinstance(c, DoseLevel)]
        self._chosen = {rule.drug: plan.chosen_dose(rule.drug) for rule in self.rules}

    def run(self) -> Schedule:
        plan, regimen = self.plan, self.regimen
        starts = self._cycle_starts()
        bodies = [self._body(start) for start in starts]
        renal = self._renal()
        doses = {
            rule.drug: [
                self._cycle_dose(rule, cycle, bodies[cycle - 1], renal)
                for cycle in range(1, len(starts) + 1)
            ]
            for rule in self.rules
        }
        courses, as_planned = self._place(starts, doses)
        administrations, skipped, totals = self._collect(courses, as_planned, doses)
        self._check_intervals(administrations)
        end = starts[-1] + timedelta(days=regimen.cycle_days - 1)
        for year in self.calendar.missing_years(plan.start, end):
            self._warn_once(
                f"the ward calendar has no official holiday data for {year}: public holidays "
                f"in {year} are NOT treated as closed days; add that year's file under "
                "holiday_files in the ward file",
                f"病区日历没有 {year} 年的法定节假日数据:{year} 年的节假日不会按休息日处理;"
                "请在病区文件的 holiday_files 中加入该年的节假日文件",
            )
        # patient.bsa_m2 and the header are the patient's recorded (baseline) measures; each
        # dose carries the BSA of its own cycle.
        baseline = self._body(date.min)
        monitoring = self._monitoring(starts, courses, as_planned)
        weight_flags = self._weight_flags(starts, bodies, renal)
        cumulative = self._cumulative(totals)
        return Schedule(
            patient_id=plan.patient.id,
            patient_name=plan.patient.name,
            sex=plan.patient.sex,
            age=self.age,
            regimen_id=regimen.id,
            regimen_name=regimen.name.en,
            regimen_name_zh=regimen.name.zh,
            cycle_days=regimen.cycle_days,
            cycles=len(starts),
            start=plan.start,
            cycle_starts=tuple(starts),
            height_cm=baseline.height_cm,
            weight_kg=baseline.weight_kg,
            bsa_m2=baseline.bsa_m2,
            bsa_formula=plan.bsa_formula,
            bsa_uncapped_m2=baseline.bsa_uncapped_m2,
            administrations=tuple(administrations),
            warnings=tuple(self.warnings),
            warnings_zh=tuple(self.warnings_zh),
            monitoring=tuple(monitoring),
            drugs=tuple((rule.drug, rule.name_zh) for rule in self.rules),
            skipped=tuple(skipped),
            weight_flags=tuple(weight_flags),
            cumulative=tuple(cumulative),
            renal=renal,
        )

    # -- cycles and bodies -----------------------------------------------------------------

    def _cycle_starts(self) -> list[date]:
        plan = self.plan
        delays = dict(plan.delays)
        for change in plan.changes:
            if isinstance(change, Delay):
                delays[change.cycle] = delays.get(change.cycle, 0) + change.days
        starts, total = [], 0
        for cycle in range(1, plan.total_cycles + 1):
            total += delays.get(cycle, 0)
            starts.append(
                plan.start + timedelta(days=(cycle - 1) * self.regimen.cycle_days + total)
            )
        return starts

    def _body(self, on: date) -> _Body:
        """Height, weight and BSA from the latest measurement on or before ``on``."""
        patient = self.plan.patient
        height, weight = patient.height_cm, patient.weight_kg
        for m in self._measurements:
            if m.date <= on:
                height = m.height_cm if m.height_cm is not None else height
                weight = m.weight_kg if m.weight_kg is not None else weight
        uncapped = self._bsa.get((height, weight))
        if uncapped is None:
            uncapped = body_surface_area(self.plan.bsa_formula, height, weight)
            self._bsa[height, weight] = uncapped
        cap = self.plan.bsa_cap_m2
        bsa = cap if cap is not None and uncapped > cap else uncapped
        if bsa != uncapped:
            self._warn_once(
                f"BSA capped at {bsa:.2f} m² by the plan (calculated {uncapped:.2f} m²); "
                "every BSA-based dose uses the capped value",
                f"体表面积按计划封顶为 {bsa:.2f} m²(计算值 {uncapped:.2f} m²);"
                "所有按体表面积计算的剂量均使用封顶值",
            )
        return _Body(height, weight, bsa, uncapped)

    # -- doses -----------------------------------------------------------------------------

    def _renal(self) -> RenalAssessment | None:
        patient = self.plan.patient
        if not any(rule.renal for rule in self.rules):
            return None
        if patient.serum_creatinine_umol_l is None and patient.serum_creatinine_mg_dl is None:
            return None
        scr = creatinine_mg_dl(
            umol_l=patient.serum_creatinine_umol_l, mg_dl=patient.serum_creatinine_mg_dl
        )
        crcl = cockcroft_gault(
            age=self.age, weight_kg=patient.weight_kg, sex=patient.sex, scr_mg_dl=scr
        )
        return RenalAssessment(
            crcl_ml_min=crcl.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
            method="Cockcroft-Gault",
            serum_creatinine_mg_dl=scr.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            weight_kg=patient.weight_kg,
            age=self.age,
            dialysis=patient.dialysis,
        )

    def _cycle_dose(
        self, rule: DrugRule, cycle: int, body: _Body, renal: RenalAssessment | None
    ) -> _CycleDose:
        prescribed: Dose = self._chosen[rule.drug] or rule.dose
        notes: list[tuple[str, str]] = []
        days = rule.days_for(cycle)
        override = False
        if rule.renal:
            prescribed, days = self._renal_band(rule, prescribed, days, renal, notes)
        if rule.age_rule is not None and self.age > rule.age_rule.over:
            limit = rule.age_rule.max_dose
            if prescribed.low > limit.low:
                if rule.age_rule.action == "reduce":
                    notes.append(
                        (
                            f"age {self.age} > {rule.age_rule.over}: reduced to {limit} "
                            "by the regimen's age rule",
                            f"年龄 {self.age} 岁,超过 {rule.age_rule.over} 岁:"
                            f"按方案的年龄规则减为 {limit}",
                        )
                    )
                    prescribed = limit
                else:
                    self._warn_once(
                        f"{rule.drug}: {prescribed} for a patient aged {self.age}, over "
                        f"{rule.age_rule.over}; the regimen advises at most {limit} "
                        "(a lower dose over 75: check the order)",
                        f"{self._zh(rule)}:{prescribed} 用于 {self.age} 岁患者(超过 "
                        f"{rule.age_rule.over} 岁);方案建议不超过 {limit}"
                        "(75 岁以上宜减量:请核对医嘱)",
                    )
        level_change = None
        for change in self._dose_levels:
            if change.drug == rule.drug and change.from_cycle <= cycle:
                level_change = change
        if level_change is not None:
            if level_change.level is not None:
                if level_change.level > 0:
                    prescribed = rule.levels[level_change.level]
                    shown = format_prescribed(str(prescribed))
                    notes.append(
                        (
                            f"dose level -{level_change.level} from cycle "
                            f"{level_change.from_cycle}: {shown} ({level_change.reason})",
                            f"自第 {level_change.from_cycle} 周期起剂量下调 "
                            f"{level_change.level} 级:{shown}({level_change.reason})",
                        )
                    )
            else:
                assert level_change.percent is not None
                scaled = prescribed.low * level_change.percent / 100
                prescribed = Dose(scaled, scaled, prescribed.unit, prescribed.per)
                override = level_change.percent > 100
                shown = format_prescribed(str(prescribed))
                label = "OVERRIDE above the regimen's dose: " if override else ""
                label_zh = "超出方案剂量(特批):" if override else ""
                percent = format_amount(level_change.percent)
                notes.append(
                    (
                        f"{label}{percent} % from cycle {level_change.from_cycle}: "
                        f"{shown} ({level_change.reason})",
                        f"{label_zh}自第 {level_change.from_cycle} 周期起按 {percent}%:"
                        f"{shown}({level_change.reason})",
                    )
                )
        result, too_far = _compute_dose(prescribed, body.bsa_m2, body.weight_kg, rule.rounding)
        if too_far:
            calculated, final = format_amount(result.dose_calculated), format_amount(result.dose)
            self._warn_once(
                f"{rule.drug}: rounding to {result.rounding} moves the dose from "
                f"{calculated} to {final} {result.unit}, more than 10 % (HOPA 2018); "
                "check the rounding step",
                f"{self._zh(rule)}:按 {result.rounding} 取整使剂量由 {calculated} 变为 "
                f"{final} {result.unit},变化超过 10%(HOPA 2018);请核对取整规则",
            )
        return _CycleDose(
            result, tuple(en for en, _ in notes), override, days, tuple(zh for _, zh in notes)
        )

    def _renal_band(
        self,
        rule: DrugRule,
        prescribed: Dose,
        days: tuple[int, ...],
        renal: RenalAssessment | None,
        notes: list[tuple[str, str]],
    ) -> tuple[Dose, tuple[int, ...]]:
        if renal is None:
            message = (
                f"{rule.drug} is dosed by renal function, but the plan gives no serum "
                "creatinine (patient.serum_creatinine_umol_l or serum_creatinine_mg_dl): "
                f"the full dose {prescribed} is used WITHOUT the renal check"
            )
            if rule.renal_missing == "error":
                raise PlanError([Problem("patient.serum_creatinine_umol_l", message)])
            self._warn_once(
                message,
                f"{self._zh(rule)} 需按肾功能给药,但计划中没有血肌酐"
                "(patient.serum_creatinine_umol_l 或 serum_creatinine_mg_dl):"
                f"未经肾功能核对,按全量 {prescribed} 给药",
            )
            return prescribed, days
        band = next(b for b in rule.renal if b.holds(renal.crcl_ml_min, renal.dialysis))
        if band is rule.renal[0] and band.days is None and band.dose.low == prescribed.low:
            return prescribed, days
        source = f", {rule.renal_source}" if rule.renal_source else ""
        below = min((b.crcl_min for b in rule.renal if b.crcl_min > band.crcl_min), default=None)
        notes.append(
            (
                f"renal band {band.describe(below)}: {format_prescribed(str(band.dose))}"
                + (f" on days {_day_list(band.days)}" if band.days else "")
                + f" (CrCl {renal.crcl_ml_min} mL/min, Cockcroft-Gault{source})",
                f"肾功能分档 {band.describe(below, 'zh')}:{format_prescribed(str(band.dose))}"
                + (f",第 {_day_list(band.days)} 天" if band.days else "")
                + f"(CrCl {renal.crcl_ml_min} mL/min,Cockcroft-Gault 公式{source})",
            )
        )
        return band.dose, band.days if band.days is not None else days

    def _warn_once(self, message: str, message_zh: str) -> None:
        """Add a warning, in English and in Chinese, unless it is there already."""
        if message not in self.warnings:
            self.warnings.append(message)
            self.warnings_zh.append(message_zh)

    def _warn_long_shift(self, drug: str, cycle: int, day: int, planned: date, given: date) -> None:
        """Warn once per drug and cycle when closed days push a dose far from its day."""
        if (drug, cycle) in self._long_shifts:
            return
        self._long_shifts.add((drug, cycle))
        days = (given - planned).days
        rule = self.regimen.rule(drug)
        name_zh = drug_name(drug, "zh", rule.name_zh if rule is not None else None)
        self._warn_once(
            f"{drug} C{cycle}D{day} is given {days} days after its planned date ({planned} → "
            f"{given}) because the ward is closed; the other drugs of the cycle keep their days: "
            "consider delaying the cycle instead",
            f"{name_zh} C{cycle}D{day} 因病区休息推迟 {days} 天给药({planned} → {given}),"
            "而本周期其他药物日期不变:请考虑整个周期推迟",
        )

    @staticmethod
    def _zh(rule: DrugRule) -> str:
        return drug_name(rule.drug, "zh", rule.name_zh)

    # -- dates -----------------------------------------------------------------------------

    def _place(
        self, starts: list[date], doses: dict[str, list[_CycleDose]]
    ) -> tuple[dict[str, DrugCourse], dict[str, list[Planned]]]:
        """Each drug's doses, placed: as slots (:class:`DrugCourse`) where a closed day, an
        interval or a plan change moves or drops any of them, else as planned (the common
        case, without the cost of a slot per dose)."""
        ends = [*starts[1:], starts[-1] + timedelta(days=self.regimen.cycle_days)]
        dated = [
            (i, c)
            for i, c in enumerate(self.plan.changes)
            if isinstance(c, Move | Hold | Resume | Omit | Stop)
        ]
        changed = {c.drug for _, c in dated}
        courses: dict[str, DrugCourse] = {}
        as_planned: dict[str, list[Planned]] = {}
        offsets = _DAY_OFFSETS
        for rule in self.rules:
            planned: list[Planned] = []
            append = planned.append
            per_cycle = doses[rule.drug]
            for cycle, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
                for day in per_cycle[cycle - 1].days:
                    append((cycle, day, start + offsets[day], start, end))
            stays = stay_as_planned(rule, self.calendar, planned)
            if stays and rule.drug not in changed:
                as_planned[rule.drug] = planned
                continue
            slots = [Slot(c, d, on, on, on, start, end) for c, d, on, start, end in planned]
            course = DrugCourse(rule, slots, self.calendar)
            if not stays:
                course.settle()
            courses[rule.drug] = course
        apply_changes(courses, dated)
        return courses, as_planned

    def _collect(
        self,
        courses: dict[str, DrugCourse],
        as_planned: dict[str, list[Planned]],
        doses: dict[str, list[_CycleDose]],
    ) -> tuple[list[Administration], list[SkippedDose], dict[str, tuple[Decimal, str]]]:
        """The administrations and skipped doses in date order, and each drug's total dose."""
        administrations: list[Administration] = []
        skipped: list[SkippedDose] = []
        totals: dict[str, tuple[Decimal, str]] = {}
        append = administrations.append
        new = _new_administration
        for rule in self.rules:
            drug, route = rule.drug, rule.route
            per_cycle = doses[drug]
            # A drug's given doses are placed in date order, so this sums them in date order.
            total, unit, any_given = Decimal(0), "", False
            if drug in as_planned:
                current = 0
                for cycle, day_of_cycle, day, _, _ in as_planned[drug]:
                    if cycle != current:  # the dose's fields, read once per cycle
                        current = cycle
                        cycle_dose = per_cycle[cycle - 1]
                        result = cycle_dose.result
                        dose, calculated, unit = result.dose, result.dose_calculated, result.unit
                        prescribed, basis = result.prescribed, result.basis
                        bsa_m2, rounding = result.bsa_m2, result.rounding
                        notes, override, notes_zh = (
                            cycle_dose.notes,
                            cycle_dose.override,
                            cycle_dose.notes_zh,
                        )
                        any_given = True
                    total += dose
                    append(
                        new(
                            day,
                            cycle,
                            day_of_cycle,
                            drug,
                            dose,
                            calculated,
                            unit,
                            route,
                            prescribed,
                            basis,
                            bsa_m2,
                            rounding,
                            None,
                            None,
                            notes,
                            None,
                            override,
                            notes_zh,
                        )
                    )
            for slot in courses[drug].slots if drug in courses else ():
                if slot.skipped is not None:
                    skipped.append(
                        SkippedDose(
                            slot.date,
                            slot.cycle,
                            slot.day,
                            drug,
                            slot.skipped or "",
                            slot.skip_reason or "",
                        )
                    )
                    continue
                cycle_dose = per_cycle[slot.cycle - 1]
                result = cycle_dose.result
                total += result.dose
                unit, any_given = result.unit, True
                day = slot.date
                if day != slot.planned:
                    planned: date | None = slot.planned
                    reason: str | None = "; ".join(slot.reasons_en)
                    reason_zh: str | None = "；".join(slot.reasons_zh)
                    if (day - slot.planned).days >= LONG_SHIFT_DAYS and not slot.move_reason:
                        self._warn_long_shift(drug, slot.cycle, slot.day, slot.planned, day)
                else:
                    planned = reason = reason_zh = None
                append(
                    new(
                        day,
                        slot.cycle,
                        slot.day,
                        drug,
                        result.dose,
                        result.dose_calculated,
                        result.unit,
                        route,
                        result.prescribed,
                        result.basis,
                        result.bsa_m2,
                        result.rounding,
                        planned,
                        reason,
                        cycle_dose.notes,
                        reason_zh,
                        cycle_dose.override,
                        cycle_dose.notes_zh,
                    )
                )
            if any_given:
                totals[drug] = (total, unit)
        # Built drug by drug in the regimen's order, and a drug has at most one dose a day, so a
        # stable sort by date alone orders by date, then by the regimen's drug order.
        administrations.sort(key=_BY_DATE)
        skipped.sort(key=_BY_DATE)
        return administrations, skipped, totals

    def _check_intervals(self, administrations: list[Administration]) -> None:
        """Refuse a schedule in which a drug's doses come closer than its minimum interval."""
        needs = {rule.drug: rule.min_interval_hours or 24 for rule in self.rules}
        last: dict[str, Administration] = {}
        problems = []
        for adm in administrations:
            drug = adm.drug
            before = last.get(drug)
            last[drug] = adm
            if before is None:
                continue
            hours = (adm.date - before.date).days * 24
            needed = needs[drug]
            if hours < needed:
                problems.append(
                    Problem(
                        adm.drug,
                        f"{before.cycle_day} ({before.date}) and {adm.cycle_day} ({adm.date}) "
                        f"are {hours} hours apart; regimen '{self.regimen.id}' requires at "
                        f"least {needed} hours",
                    )
                )
        if problems:
            raise ScheduleError(problems)

    # -- monitoring, totals, flags ---------------------------------------------------------

    def _monitoring(
        self,
        starts: list[date],
        courses: dict[str, DrugCourse],
        as_planned: dict[str, list[Planned]],
    ) -> list[MonitoringEvent]:
        events = []
        ends = [*starts[1:], starts[-1] + timedelta(days=self.regimen.cycle_days)]
        given_by_cycle: dict[str, dict[int, list[tuple[date, int]]]] = {}
        for order, rule in enumerate(self.regimen.monitoring_rules):
            for cycle, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
                if not rule.covers(cycle):
                    continue
                if rule.with_drug is not None:
                    by_cycle = given_by_cycle.get(rule.with_drug)
                    if by_cycle is None:
                        by_cycle = given_by_cycle[rule.with_drug] = {}
                        for c, d, on, _, _ in as_planned.get(rule.with_drug, ()):
                            by_cycle.setdefault(c, []).append((on, d))
                        course = courses.get(rule.with_drug)
                        for slot in course.slots if course is not None else ():
                            if slot.skipped is None:
                                by_cycle.setdefault(slot.cycle, []).append((slot.date, slot.day))
                    for when_given, day_given in by_cycle.get(cycle, ()):
                        events.append((when_given, order, cycle, day_given, rule.test))
                    continue
                for day in rule.days:
                    when: date | None = start + timedelta(days=day - 1)
                    assert when is not None
                    if self.calendar.is_closed(when) and rule.on_closed_day != "keep":
                        if rule.on_closed_day == "omit":
                            continue
                        if rule.on_closed_day == "shift-earlier":
                            when = self.calendar.previous_open(when, start)
                        else:
                            when = self.calendar.next_open(when, end)
                        if when is None:
                            raise ScheduleError(
                                [
                                    Problem(
                                        f"monitoring {rule.test}",
                                        f"cycle {cycle} day {day}: no open ward day to move it "
                                        f"to within the cycle ({start} to {end - timedelta(1)})",
                                    )
                                ]
                            )
                    events.append((when, order, cycle, day, rule.test))
        events.sort()
        unique = dict.fromkeys((d, c, day, t) for d, _, c, day, t in events)
        return [MonitoringEvent(d, c, day, t) for d, c, day, t in unique]

    def _cumulative(self, totals: dict[str, tuple[Decimal, str]]) -> list[CumulativeDose]:
        """Each drug's total over the course; above a regimen's lifetime maximum is an error,
        since no schedule that crosses a drug's lifetime limit should be printed."""
        out, problems = [], []
        for rule in self.rules:
            if rule.drug not in totals:
                continue
            total, unit = totals[rule.drug]
            limit = rule.lifetime_max.low if rule.lifetime_max is not None else None
            item = CumulativeDose(rule.drug, total, unit, limit)
            if item.exceeds:
                problems.append(
                    Problem(
                        rule.drug,
                        f"the course totals {format_amount(total)} {unit}, above the regimen's "
                        f"lifetime maximum of {format_amount(limit or Decimal(0))} {unit}; "
                        "give fewer cycles, stop the drug or lower its dose",
                    )
                )
            out.append(item)
        if problems:
            raise ScheduleError(problems)
        return out

    def _weight_flags(
        self, starts: list[date], bodies: list[_Body], renal: RenalAssessment | None
    ) -> list[WeightFlag]:
        patient = self.plan.patient
        baseline = self._body(date.min)
        threshold = self.plan.weight_change_flag_percent
        flags = []
        for cycle, (start, body) in enumerate(zip(starts, bodies, strict=True), start=1):
            change = (body.weight_kg - patient.weight_kg) / patient.weight_kg * 100
            if abs(change) < threshold:
                continue
            doses = []
            for rule in self.rules:
                if rule.dose.per is None:
                    continue
                before = self._cycle_dose(rule, cycle, baseline, renal).result
                after = self._cycle_dose(rule, cycle, body, renal).result
                doses.append(DoseChange(rule.drug, before.dose, after.dose, after.unit))
            measured = max(
                (m.date for m in self.plan.measurements if m.date <= start), default=start
            )
            pct = change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            flags.append(
                WeightFlag(
                    cycle,
                    measured,
                    body.weight_kg,
                    patient.weight_kg,
                    pct,
                    body.bsa_m2,
                    tuple(doses),
                )
            )
            weight, base = format_amount(body.weight_kg), format_amount(patient.weight_kg)
            names_zh = {r.drug: r.name_zh for r in self.rules}
            self._warn_once(
                f"cycle {cycle}: weight {weight} kg is {pct:+} % from baseline {base} kg "
                f"(threshold {format_amount(threshold)} %); BSA {body.bsa_m2:.2f} m²: "
                + ", ".join(
                    f"{d.drug} {format_amount(d.before)} → {format_amount(d.after)} {d.unit}"
                    for d in doses
                ),
                f"第 {cycle} 周期:体重 {weight} kg,较基线 {base} kg 变化 {pct:+}%"
                f"(阈值 {format_amount(threshold)}%);体表面积 {body.bsa_m2:.2f} m²:"
                + "、".join(
                    f"{drug_name(d.drug, 'zh', names_zh.get(d.drug))} "
                    f"{format_amount(d.before)} → {format_amount(d.after)} {d.unit}"
                    for d in doses
                ),
            )
        return flags


def _positional_constructor(cls: type[Any]) -> Callable[..., Any]:
    """A constructor of the frozen, slotted dataclass ``cls`` that takes every field
    positionally, in field order, and sets each slot through its descriptor.

    The dataclass's own ``__init__`` sets each field through ``object.__setattr__`` (it must get
    past the frozen ``__setattr__``); setting the slots directly gives the same object a fifth
    faster, which counts once per dose of every plan. Built from the dataclass's own fields,
    so it cannot fall out of step with them.
    """
    names = [f.name for f in fields(cls)]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{name}": getattr(cls, name).__set__ for name in names})
    body = "".join(f"    _set_{name}(self, {name})\n" for name in names)
    source = f"def new({', '.join(names)}):\n    self = _new(_cls)\n{body}    return self\n"
    exec(source, namespace)  # noqa: S102 - the source is built from field names only
    constructor: Callable[..., Any] = namespace["new"]
    return constructor


_new_administration: Callable[..., Administration] = _positional_constructor(Administration)


def _compute_dose(
    prescribed: Dose, bsa_m2: Decimal, weight_kg: Decimal, rounding: Dose | None
) -> tuple[DoseResult, bool]:
    """:func:`compute_dose`, and whether rounding moved the dose more than 10 %, remembered by
    what the dose depends on (BSA for a dose per m², weight for one per kg, neither for a flat
    dose)."""
    # Text, not Decimal, in the key: Decimal("1.5") == Decimal("1.50"), but the digits of the
    # result follow the digits of the input.
    per = prescribed.per
    key = (
        str(prescribed.low),
        str(prescribed.high),
        prescribed.unit,
        per,
        str(rounding.low) if rounding is not None else None,
        str(bsa_m2) if per == "m2" else None,
        str(weight_kg) if per == "kg" else None,
    )
    cached = _DOSE_CACHE.get(key)
    if cached is None:
        result = compute_dose(prescribed, bsa_m2=bsa_m2, weight_kg=weight_kg, rounding=rounding)
        too_far = result.dose_calculated > 0 and rounding_deviation(result) > ROUNDING_TOLERANCE
        if len(_DOSE_CACHE) >= _DOSE_CACHE_SIZE:
            _DOSE_CACHE.clear()
        cached = _DOSE_CACHE[key] = (result, too_far)
    return cached


def _day_list(days: tuple[int, ...]) -> str:
    return ", ".join(map(str, days))
