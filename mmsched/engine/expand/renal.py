"""Renal function for the dose step: the CrCl at the start, and each drug's renal band.

Cockcroft-Gault uses the patient's actual weight unless the plan chooses ``crcl_weight: ideal``
or ``adjusted`` (the label is silent; ASCO doses by actual weight). When actual weight is above
120 % of ideal body weight (Devine), the schedule warns with the CrCl by ideal and by adjusted
weight and the band each would give. Bands are chosen by the unrounded CrCl; the CrCl is shown
with as many decimals as keep it on the same side of every bound. On dialysis the dialysis band
applies whatever Cockcroft-Gault gives (it is not valid on dialysis; US lenalidomide label).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from ...errors import Said
from ..course import Course
from ..renal import (
    OBESE_SHARE,
    UMOL_PER_MG_DL,
    adjusted_body_weight,
    cockcroft_gault,
    creatinine_mg_dl,
    ideal_body_weight,
)
from ..rules import CompiledRenalBand, DrugRule
from ..schedule import RenalAssessment
from ..units import dose_words, format_amount, shown_beside
from .notes import Warnings, note, said, zh

if TYPE_CHECKING:
    from ..phases import Phasing

_WEIGHT_WORDS = {"actual": "实际体重", "ideal": "理想体重", "adjusted": "校正体重"}


def renal_assessment(
    course: Course, warnings: Warnings, phasing: Phasing | None = None
) -> RenalAssessment | None:
    """The CrCl by Cockcroft-Gault at the start, when a drug is renally dosed and the plan
    gives a creatinine; None otherwise. With phases, every phase's bands count."""
    patient = course.patient
    every = course.regimen.rules
    if phasing is not None and not phasing.single:
        every = tuple(rule for rules in phasing.by_drug.values() for _, _, rule in rules)
    rules = [rule for rule in every if rule.renal]
    if not rules:
        return None
    if patient.serum_creatinine_umol_l is None and patient.serum_creatinine_mg_dl is None:
        return None
    scr = creatinine_mg_dl(
        umol_l=patient.serum_creatinine_umol_l, mg_dl=patient.serum_creatinine_mg_dl
    )
    bounds = {b.crcl_min for r in rules for b in r.renal} | {
        b.studied_min for r in rules for b in r.renal if b.studied_min is not None
    }
    ideal = ideal_body_weight(height_cm=patient.height_cm, sex=patient.sex)
    weights = {
        "actual": patient.weight_kg,
        "ideal": ideal,
        "adjusted": adjusted_body_weight(ideal_kg=ideal, actual_kg=patient.weight_kg),
    }
    exact = {
        basis: cockcroft_gault(age=patient.age, weight_kg=w, sex=patient.sex, scr_mg_dl=scr)
        for basis, w in weights.items()
    }
    obese = patient.weight_kg > OBESE_SHARE * ideal
    basis = course.crcl_weight
    if exact[basis] > exact["actual"]:
        # Ideal or adjusted weight corrects for obesity; for a patient lighter than ideal it
        # would raise the CrCl, and the dose with it: actual weight is used, and said.
        warnings.add("warning.renal.crcl_weight_higher", basis=_weight_said(basis))
        basis = "actual"
    assessment = RenalAssessment(
        crcl_ml_min=shown_beside(exact[basis], bounds),
        method="Cockcroft-Gault",
        serum_creatinine_mg_dl=scr.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        serum_creatinine_umol_l=(scr * UMOL_PER_MG_DL).quantize(Decimal(1), rounding=ROUND_HALF_UP),
        weight_kg=_kg(weights[basis]),
        age=patient.age,
        dialysis=patient.dialysis,
        crcl_exact_ml_min=exact[basis],
        weight_basis=basis,
        ideal_weight_kg=_kg(ideal) if obese or basis != "actual" else None,
        adjusted_weight_kg=_kg(weights["adjusted"]) if obese or basis != "actual" else None,
        crcl_by_weight=tuple((b, shown_beside(exact[b], bounds)) for b in weights)
        if obese or basis != "actual"
        else (),
    )
    if obese and not patient.dialysis:
        _warn_obesity(course, rules, assessment, exact, warnings)
    return assessment


def _kg(weight: Decimal) -> Decimal:
    return weight.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _warn_obesity(
    course: Course,
    rules: list[DrugRule],
    assessment: RenalAssessment,
    exact: dict[str, Decimal],
    warnings: Warnings,
) -> None:
    """Cockcroft-Gault with actual weight overestimates CrCl in obesity: show each weight's."""
    shown = dict(assessment.crcl_by_weight)
    weights = {
        "actual": course.patient.weight_kg,
        "ideal": assessment.ideal_weight_kg,
        "adjusted": assessment.adjusted_weight_kg,
    }
    from ...errors.catalogue import render_en, render_zh  # a warning is being made

    parts = []
    for basis in ("actual", "ideal", "adjusted"):
        doses = [(rule, _band_by_crcl(rule, exact[basis])) for rule in rules]
        given = Said(
            ", ".join(f"{r.drug} {dose_words(b.dose)}" for r, b in doses),
            "、".join(f"{zh(r)} {dose_words(b.dose, 'zh')}" for r, b in doses),
        )
        part = {
            "weight": _weight_said(basis),
            "kg": format_amount(weights[basis] or Decimal(0)),
            "crcl": shown[basis],
            "doses": given,
        }
        code = "warning.renal.obese_by_weight"
        parts.append(Said(render_en(code, part), render_zh(code, part) or ""))
    warnings.add(
        "warning.renal.obese",
        ideal=format_amount(assessment.ideal_weight_kg or Decimal(0)),
        by_weight=Said("; ".join(p.en for p in parts), "；".join(p.zh for p in parts)),
        basis=_weight_said(course.crcl_weight),
    )


def _weight_said(basis: str) -> Said:
    """A body weight basis ("ideal") in both languages."""
    return Said(basis, _WEIGHT_WORDS[basis])


def _band_by_crcl(rule: DrugRule, crcl: Decimal) -> CompiledRenalBand:
    """The band of a patient not on dialysis: the one with the highest bound at or below
    ``crcl`` (whatever order the file lists them in; a regimen always has one at 0)."""
    bands = [b for b in rule.renal if b.dialysis is not True and crcl >= b.crcl_min]
    return max(bands, key=lambda b: b.crcl_min)


def dialysis_band(rule: DrugRule) -> tuple[CompiledRenalBand, tuple[str, str]] | None:
    """The drug's band for a patient on dialysis, and its note; None when it has none.
    Dialysis decides the band on its own: no creatinine or CrCl is needed for it."""
    band = next((b for b in rule.renal if b.dialysis is True), None)
    if band is None:
        return None
    return band, note("note.renal.dialysis_band", dose=_dose(band), source=_source(rule))


def renal_band_for(
    rule: DrugRule, renal: RenalAssessment, warnings: Warnings
) -> tuple[CompiledRenalBand, tuple[str, str]]:
    """The drug's renal band for the patient, and the note that says why."""
    if renal.dialysis:
        on_dialysis = dialysis_band(rule)
        if on_dialysis is not None:
            return on_dialysis
        warnings.add("warning.renal.dialysis_without_band", drug=said(rule))
    exact = renal.crcl_exact_ml_min if renal.crcl_exact_ml_min is not None else renal.crcl_ml_min
    band = _band_by_crcl(rule, exact)
    if band.studied_min is not None and exact < band.studied_min and not renal.dialysis:
        warnings.add(
            "warning.renal.below_studied",
            drug=said(rule),
            crcl=str(renal.crcl_ml_min),
            limit=format_amount(band.studied_min),
            source=_source(rule, bracketed=True),
            dose=_dose(band),
        )
    below = min((b.crcl_min for b in rule.renal if b.crcl_min > band.crcl_min), default=None)
    basis = renal.weight_basis
    weight = (
        ""
        if basis == "actual"
        else Said(f" with {basis} body weight", f"，按{_WEIGHT_WORDS[basis]}")
    )
    described = Said(band.describe(below), band.describe(below, "zh"))
    crcl, source = str(renal.crcl_ml_min), _source(rule)
    # a band given on some days only says which (its own message, the days apart from the dose)
    code = "note.renal.band_on_days" if band.days else "note.renal.band"
    params = {"days": _day_list(band.days)} if band.days else {}
    return band, note(
        code,
        band=described,
        dose=_dose(band),
        crcl=crcl,
        weight=weight,
        source=source,
        **params,
    )


def _source(rule: DrugRule, *, bracketed: bool = False) -> Said | str:
    """The bands' source after a note: ", US label ..." in English, "；来源：US label ..." in
    Chinese (``bracketed``: "（来源：US label ...）"), the source as the regimen file writes it."""
    source = rule.renal_source
    if not source:
        return ""
    return Said(f", {source}", f"（来源：{source}）" if bracketed else f"；来源：{source}")


def _dose(band: CompiledRenalBand) -> Said:
    return Said(dose_words(band.dose), dose_words(band.dose, "zh"))


def _day_list(days: tuple[int, ...]) -> str:
    return ", ".join(map(str, days))
