"""Creatinine clearance by Cockcroft-Gault, for renal dose bands (lenalidomide).

CrCl (mL/min) = (140 − age) × weight (kg) / (72 × serum creatinine (mg/dL)), × 0.85 for women.
Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine.
Nephron 1976;16:31-41. Serum creatinine in µmol/L is divided by 88.4 to give mg/dL.
The lenalidomide US label bands its starting dose by this CrCl (see regimens/rvd.yaml).
"""

from __future__ import annotations

from decimal import Decimal

UMOL_PER_MG_DL = Decimal("88.4")


def creatinine_mg_dl(*, umol_l: Decimal | None = None, mg_dl: Decimal | None = None) -> Decimal:
    """Serum creatinine in mg/dL, from either unit.

    >>> creatinine_mg_dl(umol_l=Decimal("88.4"))
    Decimal('1')
    """
    if mg_dl is not None:
        return mg_dl
    assert umol_l is not None, "give the creatinine in µmol/L or in mg/dL"
    return umol_l / UMOL_PER_MG_DL


def cockcroft_gault(*, age: int, weight_kg: Decimal, sex: str, scr_mg_dl: Decimal) -> Decimal:
    """Creatinine clearance in mL/min (unrounded).

    Worked examples (CLINICAL.md): man, 65 y, 70 kg, SCr 1.4 mg/dL → 52.1; woman, 45 y, 60 kg,
    SCr 0.9 mg/dL → 74.8.

    >>> round(cockcroft_gault(age=65, weight_kg=Decimal(70), sex="M", scr_mg_dl=Decimal("1.4")), 1)
    Decimal('52.1')
    >>> round(cockcroft_gault(age=45, weight_kg=Decimal(60), sex="F", scr_mg_dl=Decimal("0.9")), 1)
    Decimal('74.8')
    """
    crcl = (Decimal(140) - age) * weight_kg / (Decimal(72) * scr_mg_dl)
    return crcl * Decimal("0.85") if sex == "F" else crcl


def ideal_body_weight(*, height_cm: Decimal, sex: str) -> Decimal:
    """Ideal body weight by Devine (1974): 50 kg for men, 45.5 kg for women, plus 0.9 kg per
    cm over 152.4 cm (2.3 kg per inch over 5 feet). Devine BJ. Gentamicin therapy. Drug Intell
    Clin Pharm 1974;8:650-655.

    >>> ideal_body_weight(height_cm=Decimal(170), sex="M")
    Decimal('65.84')
    """
    base = Decimal(50) if sex == "M" else Decimal("45.5")
    return base + Decimal("0.9") * (height_cm - Decimal("152.4"))


def adjusted_body_weight(*, ideal_kg: Decimal, actual_kg: Decimal) -> Decimal:
    """Adjusted body weight: ideal + 0.4 × (actual − ideal), the usual correction for obesity in
    Cockcroft-Gault (e.g. Winter MA et al., Pharmacotherapy 2012;32:604-612).

    >>> adjusted_body_weight(ideal_kg=Decimal("65.84"), actual_kg=Decimal(140))
    Decimal('95.504')
    """
    return ideal_kg + Decimal("0.4") * (actual_kg - ideal_kg)


#: Actual weight above this share of ideal body weight is called obese for Cockcroft-Gault.
OBESE_SHARE = Decimal("1.2")
