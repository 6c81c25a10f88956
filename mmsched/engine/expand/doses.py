"""Step 3: each drug's dose in each cycle, every rule that changed it left as a note on it.

In order: the regimen's dose (or the plan's choice inside a range), the renal band
(Cockcroft-Gault at the start), the age rule, the plan's dose level or percentage, then times
BSA or weight and rounded to the regimen's step (:func:`mmsched.engine.dosing.compute_dose`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ...errors import PlanError, Problem
from ..changes import DoseLevel
from ..course import Course
from ..dosing import ROUNDING_TOLERANCE, DoseResult, compute_dose, rounding_deviation
from ..renal import cockcroft_gault, creatinine_mg_dl
from ..rules import DrugRule
from ..schedule import RenalAssessment
from ..units import Dose, format_amount, format_prescribed
from .body import Body
from .notes import Warnings, zh

#: A note in English and in Chinese.
Note = tuple[str, str]

#: Computed doses by what they depend on; doses repeat across cycles and across patients
#: (a BSA is one of about 150 values), and computing one writes several strings.
_DOSE_CACHE: dict[tuple[str | None, ...], tuple[DoseResult, bool]] = {}
_DOSE_CACHE_SIZE = 8192


@dataclass(frozen=True, slots=True)
class CycleDose:
    """A drug's dose in one cycle, the days it is given on, and the notes of its rules."""

    result: DoseResult
    notes: tuple[str, ...]
    override: bool
    days: tuple[int, ...]
    notes_zh: tuple[str, ...] = ()


def renal_assessment(course: Course) -> RenalAssessment | None:
    """The CrCl by Cockcroft-Gault at the start, when a drug is renally dosed and the plan
    gives a creatinine; None otherwise."""
    patient = course.patient
    if not any(rule.renal for rule in course.regimen.rules):
        return None
    if patient.serum_creatinine_umol_l is None and patient.serum_creatinine_mg_dl is None:
        return None
    scr = creatinine_mg_dl(
        umol_l=patient.serum_creatinine_umol_l, mg_dl=patient.serum_creatinine_mg_dl
    )
    crcl = cockcroft_gault(
        age=patient.age, weight_kg=patient.weight_kg, sex=patient.sex, scr_mg_dl=scr
    )
    return RenalAssessment(
        crcl_ml_min=crcl.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        method="Cockcroft-Gault",
        serum_creatinine_mg_dl=scr.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        weight_kg=patient.weight_kg,
        age=patient.age,
        dialysis=patient.dialysis,
    )


class CycleDoses:
    """Works out :class:`CycleDose` for a drug, a cycle and the body of that cycle."""

    __slots__ = ("_course", "_levels", "_renal", "_warnings")

    def __init__(self, course: Course, renal: RenalAssessment | None, warnings: Warnings) -> None:
        self._course = course
        self._renal = renal
        self._warnings = warnings
        self._levels = [c for c in course.changes if isinstance(c, DoseLevel)]

    def dose(self, rule: DrugRule, cycle: int, body: Body) -> CycleDose:
        """The dose of ``rule``'s drug in ``cycle`` for ``body``."""
        prescribed: Dose = self._course.chosen.get(rule.drug) or rule.dose
        notes: list[Note] = []
        days = rule.days_for(cycle)
        if rule.renal:
            prescribed, days = self._renal_band(rule, prescribed, days, notes)
        prescribed = self._age_rule(rule, prescribed, notes)
        prescribed, override = self._dose_level(rule, cycle, prescribed, notes)
        result, too_far = _compute_dose(prescribed, body.bsa_m2, body.weight_kg, rule.rounding)
        if too_far:
            calculated, final = format_amount(result.dose_calculated), format_amount(result.dose)
            self._warnings.once(
                f"{rule.drug}: rounding to {result.rounding} moves the dose from "
                f"{calculated} to {final} {result.unit}, more than 10 % (HOPA 2018); "
                "check the rounding step",
                f"{zh(rule)}:按 {result.rounding} 取整使剂量由 {calculated} 变为 "
                f"{final} {result.unit},变化超过 10%(HOPA 2018);请核对取整规则",
            )
        return CycleDose(
            result, tuple(en for en, _ in notes), override, days, tuple(z for _, z in notes)
        )

    def _renal_band(
        self, rule: DrugRule, prescribed: Dose, days: tuple[int, ...], notes: list[Note]
    ) -> tuple[Dose, tuple[int, ...]]:
        renal = self._renal
        if renal is None:
            message = (
                f"{rule.drug} is dosed by renal function, but the plan gives no serum "
                "creatinine (patient.serum_creatinine_umol_l or serum_creatinine_mg_dl): "
                f"the full dose {prescribed} is used WITHOUT the renal check"
            )
            if rule.renal_missing == "error":
                raise PlanError([Problem("patient.serum_creatinine_umol_l", message)])
            self._warnings.once(
                message,
                f"{zh(rule)} 需按肾功能给药,但计划中没有血肌酐"
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

    def _age_rule(self, rule: DrugRule, prescribed: Dose, notes: list[Note]) -> Dose:
        age, age_rule = self._course.patient.age, rule.age_rule
        if age_rule is None or age <= age_rule.over or prescribed.low <= age_rule.max_dose.low:
            return prescribed
        limit = age_rule.max_dose
        if age_rule.action == "reduce":
            notes.append(
                (
                    f"age {age} > {age_rule.over}: reduced to {limit} by the regimen's age rule",
                    f"年龄 {age} 岁,超过 {age_rule.over} 岁:按方案的年龄规则减为 {limit}",
                )
            )
            return limit
        self._warnings.once(
            f"{rule.drug}: {prescribed} for a patient aged {age}, over {age_rule.over}; the "
            f"regimen advises at most {limit} (a lower dose over 75: check the order)",
            f"{zh(rule)}:{prescribed} 用于 {age} 岁患者(超过 {age_rule.over} 岁);"
            f"方案建议不超过 {limit}(75 岁以上宜减量:请核对医嘱)",
        )
        return prescribed

    def _dose_level(
        self, rule: DrugRule, cycle: int, prescribed: Dose, notes: list[Note]
    ) -> tuple[Dose, bool]:
        """The plan's last dose-level change of the drug in force in ``cycle``, applied."""
        change = None
        for candidate in self._levels:
            if candidate.drug == rule.drug and candidate.from_cycle <= cycle:
                change = candidate
        if change is None:
            return prescribed, False
        if change.level is not None:
            if change.level > 0:
                prescribed = rule.levels[change.level]
                shown = format_prescribed(str(prescribed))
                notes.append(
                    (
                        f"dose level -{change.level} from cycle {change.from_cycle}: "
                        f"{shown} ({change.reason})",
                        f"自第 {change.from_cycle} 周期起剂量下调 {change.level} 级:"
                        f"{shown}({change.reason})",
                    )
                )
            return prescribed, False
        assert change.percent is not None
        scaled = prescribed.low * change.percent / 100
        prescribed = Dose(scaled, scaled, prescribed.unit, prescribed.per)
        override = change.percent > 100
        shown = format_prescribed(str(prescribed))
        label = "OVERRIDE above the regimen's dose: " if override else ""
        label_zh = "超出方案剂量(特批):" if override else ""
        percent = format_amount(change.percent)
        notes.append(
            (
                f"{label}{percent} % from cycle {change.from_cycle}: {shown} ({change.reason})",
                f"{label_zh}自第 {change.from_cycle} 周期起按 {percent}%:{shown}({change.reason})",
            )
        )
        return prescribed, override


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
