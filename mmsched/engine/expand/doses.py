"""Step 3: each drug's dose in each cycle, every rule that changed it left as a note on it.

The order of rules, the same for every drug and documented in the README ("Dosing"):

1. the regimen's dose, or the plan's choice inside a range;
2. the renal band (Cockcroft-Gault at the start; on dialysis, the dialysis band whatever CrCl
   gives) and the hepatic band (total bilirubin / ULN): the starting dose;
3. the age rule, then the BMI rule;
4. the plan's dose level (counted down the drug's ``levels`` from the dose the rules before it
   gave, so a level never raises a dose) or percentage;
5. times BSA or weight, rounded to the regimen's step: half-up, or down when an organ rule
   reduced the dose (HOPA 2018: never round up in organ dysfunction);
6. made dispensable from the strengths held (:mod:`.dispense`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ...errors import PlanError, Problem, Said, ScheduleError, coded
from ..changes import DoseLevel
from ..course import Course
from ..dosing import ROUNDING_TOLERANCE, DoseResult, compute_dose, rounding_deviation
from ..rules import CompiledRenalBand, DrugRule, Instruction
from ..schedule import RenalAssessment
from ..units import Dose, dose_words, format_amount, shown_beside, unit_words, units_in_text
from .body import Body
from .dispense import dispense
from .notes import Warnings, note, said
from .renal import dialysis_band, renal_band_for

if TYPE_CHECKING:
    from ..phases import Phasing

#: A note in English and in Chinese.
Note = tuple[str, str]

#: Computed doses by what they depend on; doses repeat across cycles and across patients
#: (a BSA is one of about 150 values), and computing one writes several strings.
_DOSE_CACHE: dict[tuple[object, ...], tuple[DoseResult, bool]] = {}
_DOSE_CACHE_SIZE = 8192


@dataclass(frozen=True, slots=True)
class CycleDose:
    """A drug's dose in one cycle, the days it is given on, the notes of its rules and the
    instructions that come with it."""

    result: DoseResult
    notes: tuple[str, ...]
    override: bool
    days: tuple[int, ...]
    notes_zh: tuple[str, ...] = ()
    instructions: tuple[str, ...] = ()
    instructions_zh: tuple[str, ...] = ()
    dispensed_as: str | None = None
    #: Days whose ``schedule:`` row gives a dose of its own (a step-up dose), with their dose;
    #: empty for a drug with one dose a cycle.
    by_day: tuple[tuple[int, CycleDose], ...] = ()

    def on_day(self, day: int) -> CycleDose:
        """The dose of day ``day`` of the cycle: its row's own, else the cycle's."""
        for row_day, dose in self.by_day:
            if row_day == day:
                return dose
        return self


#: A drug's "dose" in a cycle of a phase that does not give it: no days.
NOT_GIVEN = CycleDose(
    DoseResult(Decimal(0), Decimal(0), "", "", "", None, None), (), override=False, days=()
)


@dataclass(slots=True)
class _Working:
    """A dose as the rules pass it along: what is prescribed so far and what they said."""

    prescribed: Dose
    days: tuple[int, ...]
    notes: list[Note]
    instructions: list[Instruction]
    organ: bool = False  # reduced for organ dysfunction: round down
    reduced: bool = False  # reduced by any rule: dispense at or below
    override: bool = False

    def note(self, code: str, /, **params: str | int | Said) -> None:
        self.notes.append(note(code, **params))


class CycleDoses:
    """Works out :class:`CycleDose` for a drug, a cycle and the body of that cycle."""

    __slots__ = ("_bmi", "_course", "_levels", "_memo", "_phasing", "_renal", "_warnings")

    def __init__(
        self,
        course: Course,
        renal: RenalAssessment | None,
        warnings: Warnings,
        phasing: Phasing | None = None,
    ) -> None:
        self._course = course
        self._renal = renal
        self._warnings = warnings
        #: With a maintenance phase: each cycle's drug rule and chosen doses are its phase's.
        self._phasing = None if phasing is None or phasing.single else phasing
        self._levels = [c for c in course.changes if isinstance(c, DoseLevel)]
        patient = course.patient
        metres = patient.height_cm / 100
        self._bmi = patient.weight_kg / (metres * metres)
        #: Doses already worked out in this course: a dose depends on the cycle only through
        #: the cycle's days, its body and the dose-level change in force (the patient's rules
        #: are the course's), and most cycles repeat all three.
        self._memo: dict[tuple[object, ...], CycleDose] = {}

    def quiet(self) -> CycleDoses:
        """The same rules with warnings of their own, for doses that are compared, not given."""
        return CycleDoses(self._course, self._renal, Warnings(), self._phasing)

    def dose(self, rule: DrugRule, cycle: int, body: Body) -> CycleDose:
        """The dose of ``rule``'s drug in ``cycle`` for ``body`` (with phases: by the rule of
        ``cycle``'s phase; no days where that phase does not give the drug)."""
        if self._phasing is not None:
            own = self._phasing.rule_at(rule.drug, cycle)
            if own is None:
                return NOT_GIVEN
            rule = own
        # The rule itself (not its drug's name): each phase has its own rule of a drug.
        key: tuple[object, ...] = (
            id(rule), rule.days_for(cycle), body, self._change_in_force(rule, cycle)
        )  # fmt: skip
        if rule.row_doses:
            # Two cycles with the same days may differ in which rows (doses) give them.
            key += (tuple(i for i, row in enumerate(rule.days_by_cycle) if row.covers(cycle)),)
        found = self._memo.get(key)
        if found is None:
            found = self._work_out(rule, cycle, body)
            if rule.row_doses:
                found = self._with_row_doses(rule, cycle, body, found)
            self._memo[key] = found
        return found

    def _with_row_doses(
        self, rule: DrugRule, cycle: int, body: Body, whole: CycleDose
    ) -> CycleDose:
        """``whole`` with the doses of the cycle's rows that give their own (each worked out
        by the same rules, from the row's dose instead of the drug's)."""
        by_day: list[tuple[int, CycleDose]] = []
        for row in rule.days_by_cycle:
            if row.dose is None or not row.covers(cycle):
                continue
            own = self._work_out(rule, cycle, body, start=row.dose)
            by_day += [(day, own) for day in row.days]
        if not by_day:
            return whole
        return CycleDose(
            whole.result, whole.notes, whole.override, whole.days, whole.notes_zh,
            whole.instructions, whole.instructions_zh, whole.dispensed_as, tuple(by_day),
        )  # fmt: skip

    def _work_out(
        self, rule: DrugRule, cycle: int, body: Body, start: Dose | None = None
    ) -> CycleDose:
        chosen = self._course.chosen
        if self._phasing is not None:
            chosen = self._phasing.chosen_at(cycle)
        work = _Working(
            start or chosen.get(rule.drug) or rule.dose,
            rule.days_for(cycle),
            [],
            [rule.instruction] if rule.instruction is not None else [],
        )
        if rule.renal:
            self._renal_band(rule, work)
        if rule.hepatic:
            self._hepatic_band(rule, work)
        self._age_rule(rule, work)
        self._bmi_rule(rule, work)
        self._dose_level(rule, cycle, work)
        result, too_far = _compute_dose(
            work.prescribed, body.bsa_m2, body.weight_kg, rule.rounding, down=work.organ
        )
        if result.dose <= 0:
            raise ScheduleError([_zero_dose(rule.drug, cycle, result)])
        if work.organ and result.dose < result.dose_calculated and result.rounding:
            step = Said(units_in_text(result.rounding), units_in_text(result.rounding, "zh"))
            work.note("note.dose.rounded_down", step=step)
        if too_far:
            self._warn_rounding(rule, result)
        strengths = self._course.calendar.formulary.get(rule.drug) or rule.strengths
        result, dispensed_as = dispense(
            rule, result, strengths, reduced=work.reduced, override=work.override,
            notes=work.notes, warnings=self._warnings,
        )  # fmt: skip
        return CycleDose(
            result,
            tuple(en for en, _ in work.notes),
            work.override,
            work.days,
            tuple(z for _, z in work.notes),
            tuple(i.en for i in work.instructions),
            tuple(i.get("zh") for i in work.instructions),
            dispensed_as,
        )

    def _warn_rounding(self, rule: DrugRule, result: DoseResult) -> None:
        calculated, final = format_amount(result.dose_calculated), format_amount(result.dose)
        step = result.rounding or ""
        self._warnings.add(
            "warning.dose.rounding_over_10_percent",
            drug=said(rule),
            step=Said(units_in_text(step), units_in_text(step, "zh")),
            calculated=calculated,
            final=final,
            unit=Said(unit_words(result.unit), unit_words(result.unit, "zh")),
        )

    # -- organ function ------------------------------------------------------------------------

    def _renal_band(self, rule: DrugRule, work: _Working) -> None:
        renal = self._renal
        on_dialysis = dialysis_band(rule) if self._course.patient.dialysis else None
        if on_dialysis is not None:
            band, band_note = on_dialysis
        elif renal is None:
            self._no_creatinine(rule, work)
            return
        else:
            band, band_note = renal_band_for(rule, renal, self._warnings)
        if band.instruction is not None:
            work.instructions.append(band.instruction)
        if band is rule.renal[0] and band.days is None and band.dose.low == work.prescribed.low:
            return
        work.notes.append(band_note)
        if band.days is not None:
            work.days = band.days
        if band.dose.low > work.prescribed.low:
            # A band never raises a dose the plan chose lower inside a range.
            work.note("note.renal.band_above_plan", kept=_both(work.prescribed))
            return
        if band.dose.low < work.prescribed.low:
            work.organ = work.reduced = True
        work.prescribed = band.dose

    def _no_creatinine(self, rule: DrugRule, work: _Working) -> None:
        shown, shown_zh = dose_words(work.prescribed), dose_words(work.prescribed, "zh")
        dose = Said(shown, shown_zh)
        if rule.renal_missing == "error":
            raise PlanError(
                coded(
                    "patient.serum_creatinine_umol_l",
                    "plan.creatinine.missing_for_renal",
                    drug=rule.drug,
                    dose=dose,
                )
            )
        self._warnings.add("warning.renal.no_creatinine", drug=said(rule), dose=dose)
        work.note("note.renal.not_checked", dose=dose)

    def _hepatic_band(self, rule: DrugRule, work: _Working) -> None:
        patient = self._course.patient
        if patient.total_bilirubin is None or not patient.bilirubin_uln:
            work.note("note.hepatic.not_checked")
            return
        ratio = patient.total_bilirubin / patient.bilirubin_uln
        band = next((b for b in rule.hepatic if ratio > b.bilirubin_uln_above), None)
        if band is None or band.dose.low >= work.prescribed.low:
            return
        if band.instruction is not None:
            work.instructions.append(band.instruction)
        value, uln, unit = (
            format_amount(patient.total_bilirubin),
            format_amount(patient.bilirubin_uln),
            patient.bilirubin_unit,
        )
        times = str(shown_beside(ratio, [b.bilirubin_uln_above for b in rule.hepatic], places=2))
        limit = format_amount(band.bilirubin_uln_above)
        source = rule.hepatic_source
        work.note(
            "note.hepatic.band",
            value=value,
            unit=unit,
            times=times,
            uln=uln,
            limit=limit,
            dose=_both(band.dose),
            source=Said(f", {source}", f"；来源：{source}") if source else "",
        )
        work.prescribed = band.dose
        work.organ = work.reduced = True

    # -- age and body size ---------------------------------------------------------------------

    def _age_rule(self, rule: DrugRule, work: _Working) -> None:
        age, age_rule = self._course.patient.age, rule.age_rule
        if age_rule is None or age <= age_rule.over:
            return
        limit = age_rule.max_dose
        if work.prescribed.low <= limit.low:
            return
        if age_rule.action == "reduce":
            work.note(
                "note.age.reduced",
                age=age,
                over=age_rule.over,
                limit=_both(limit),
                source=_bracketed(age_rule.source),
            )
            work.prescribed, work.reduced = limit, True
            return
        self._warnings.add(
            "warning.dose.over_age_limit",
            drug=said(rule),
            dose=_both(work.prescribed),
            age=age,
            over=age_rule.over,
            limit=_both(limit),
        )

    def _bmi_rule(self, rule: DrugRule, work: _Working) -> None:
        bmi_rule, bmi = rule.bmi_rule, self._bmi
        if bmi_rule is None or bmi >= bmi_rule.under:
            return
        limit = bmi_rule.max_dose
        if work.prescribed.low <= limit.low:
            return
        shown_bmi = shown_beside(bmi, [bmi_rule.under])
        under = format_amount(bmi_rule.under)
        if bmi_rule.action == "reduce":
            work.note(
                "note.bmi.reduced",
                bmi=str(shown_bmi),
                under=under,
                limit=_both(limit),
                source=_bracketed(bmi_rule.source),
            )
            work.prescribed, work.reduced = limit, True
            return
        self._warnings.add(
            "warning.dose.over_bmi_limit",
            drug=said(rule),
            dose=_both(work.prescribed),
            bmi=str(shown_bmi),
            under=under,
            limit=_both(limit),
        )

    # -- the plan's changes --------------------------------------------------------------------

    def _dose_level(self, rule: DrugRule, cycle: int, work: _Working) -> None:
        """The plan's dose-level change of the drug in force in ``cycle``, applied."""
        change = self._change_in_force(rule, cycle)
        if change is None:
            return
        if change.level is not None:
            if change.level > 0:
                self._level_down(rule, change, work)
            return
        assert change.percent is not None
        scaled = work.prescribed.low * change.percent / 100
        work.prescribed = Dose(scaled, scaled, work.prescribed.unit, work.prescribed.per)
        work.override = change.percent > 100
        work.reduced = work.reduced or change.percent < 100
        work.note(
            "note.level.percent",
            override=_OVERRIDE if work.override else "",
            percent=format_amount(change.percent),
            from_cycle=change.from_cycle,
            dose=_both(work.prescribed),
            reason=change.reason,
        )

    def _change_in_force(self, rule: DrugRule, cycle: int) -> DoseLevel | None:
        """The drug's dose-level change in force in ``cycle``: the latest start not after it
        (a later entry of the plan wins a tie)."""
        change = None
        for candidate in self._levels:
            in_force = candidate.drug == rule.drug and candidate.from_cycle <= cycle
            if in_force and (change is None or candidate.from_cycle >= change.from_cycle):
                change = candidate
        return change

    def _level_down(self, rule: DrugRule, change: DoseLevel, work: _Working) -> None:
        """Count ``change.level`` steps down the drug's levels from the dose so far: level 1 is
        the first level below it (a renal 10 mg dose at level 1 is 5 mg, never 20 mg)."""
        assert change.level is not None
        current = work.prescribed
        below = [level for level in rule.levels if level.low < current.low]
        if change.level > len(below):
            lowest = rule.levels[-1]
            raise ScheduleError(
                [
                    coded(
                        rule.drug,
                        "schedule.level.past_lowest",
                        level=change.level,
                        from_cycle=change.from_cycle,
                        current=Said(dose_words(current), dose_words(current, "zh")),
                        lowest=Said(dose_words(lowest), dose_words(lowest, "zh")),
                    )
                ]
            )
        work.prescribed = below[change.level - 1]
        work.reduced = True
        work.note(
            "note.level.down",
            level=change.level,
            from_cycle=change.from_cycle,
            dose=_both(work.prescribed),
            reason=change.reason,
        )


def _compute_dose(
    prescribed: Dose, bsa_m2: Decimal, weight_kg: Decimal, rounding: Dose | None, *, down: bool
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
        down,
    )
    cached = _DOSE_CACHE.get(key)
    if cached is None:
        result = compute_dose(
            prescribed, bsa_m2=bsa_m2, weight_kg=weight_kg, rounding=rounding, down=down
        )
        too_far = result.dose_calculated > 0 and rounding_deviation(result) > ROUNDING_TOLERANCE
        if len(_DOSE_CACHE) >= _DOSE_CACHE_SIZE:
            _DOSE_CACHE.clear()
        cached = _DOSE_CACHE[key] = (result, too_far)
    return cached


def _zero_dose(drug: str, cycle: int, result: DoseResult) -> Problem:
    """Why a computed dose is no dose at all: a rounding step too coarse for it, or a
    calculation that gave nothing (a BSA cap or weight too small)."""
    basis = Said(result.basis, "固定剂量" if result.basis == "flat dose" else result.basis)
    rounds = bool(result.dose_calculated > 0 and result.rounding)
    return coded(
        drug,
        "schedule.dose.zero_rounding" if rounds else "schedule.dose.zero",
        cycle=cycle,
        unit=result.unit,
        basis=basis,
        calculated=format_amount(result.dose_calculated),
        rounding=result.rounding,
    )


def describe_band(band: CompiledRenalBand, rule: DrugRule, lang: str) -> str:
    """The band's bounds for people, with the next higher band's bound where there is one."""
    below = min((b.crcl_min for b in rule.renal if b.crcl_min > band.crcl_min), default=None)
    return band.describe(below, lang)


def _both(dose: Dose) -> Said:
    """A dose written for people in both languages, for a warning's sentence."""
    return Said(dose_words(dose), dose_words(dose, "zh"))


#: The mark of a dose the plan raises above the regimen's (a dose-level percentage over 100).
_OVERRIDE = Said("OVERRIDE above the regimen's dose: ", "超出方案剂量（特批）：")


def _bracketed(source: str | None) -> Said | str:
    """A rule's source after a note, in brackets: " (FIRST trial)", "（FIRST trial）"."""
    return Said(f" ({source})", f"（{source}）") if source else ""
