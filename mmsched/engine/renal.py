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
