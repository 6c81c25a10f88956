"""One plan field at a time, as a person gives it (``mmsched new plan``'s options and prompts).

Each function reads the text typed for one field and returns its value, or raises a
ValueError whose message says what is wrong and what to write: the same rules the plan file's
model applies (:mod:`.plan`, :mod:`.plan_checks`), so an answer accepted here is accepted in
the file it is written to.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from ..engine.bsa import FORMULAS
from ..engine.units import parse_number
from ..errors import CodedError
from .ids import normal_id
from .plan import (
    SEX_ALIASES,
    plausible_creatinine_mg_dl,
    plausible_creatinine_umol_l,
    plausible_height,
    plausible_weight,
)
from .plan_checks import dose_choice
from .regimen import Regimen

#: Creatinine units as typed, by the unit the plan file uses.
_CREATININE_UNITS = {
    "umol/l": "umol/L",
    "µmol/l": "umol/L",
    "μmol/l": "umol/L",  # the Greek letter mu, as some keyboards give it
    "mg/dl": "mg/dL",
}

_CREATININE = re.compile(r"\s*([0-9.]+)\s*([^\s0-9.].*?)?\s*")


def patient_id(text: str) -> str:
    """The id, normalised as in the plan file (NFKC, trimmed, nothing invisible).

    >>> patient_id(" ＧＺ-0001 "), patient_id("0101")
    ('GZ-0001', '0101')
    """
    return normal_id(text)


def sex(text: str) -> str:
    """``F`` or ``M`` (also female, male, 女, 男).

    >>> sex("f"), sex("男")
    ('F', 'M')
    """
    found = SEX_ALIASES.get(text.strip().lower())
    if found is None:
        raise CodedError("answer.sex", text=repr(text.strip()))
    return found


def age_or_birth_date(text: str) -> int | date:
    """Whole years (0 to 120), or a birth date written YYYY-MM-DD.

    >>> age_or_birth_date("48"), age_or_birth_date("1978-03-02")
    (48, datetime.date(1978, 3, 2))
    """
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        born = a_date(text)
        if not date(1900, 1, 1) <= born <= date(2100, 12, 31):
            raise CodedError("answer.birth_date", text=text)
        return born
    if not text.isdigit():
        raise CodedError("answer.age", text=repr(text))
    years = int(text)
    if years > 120:
        raise CodedError("answer.age_too_high", years=years)
    return years


def a_date(text: str) -> date:
    """A date written YYYY-MM-DD that exists.

    >>> a_date("2026-12-01")
    datetime.date(2026, 12, 1)
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CodedError("answer.date", text=repr(text.strip())) from None


def start(text: str) -> date:
    """The first day of cycle 1: a date from 2000 to 2100, as the plan file allows."""
    day = a_date(text)
    if not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        raise CodedError("answer.start", day=day)
    return day


def _number(text: str, unit: str) -> Decimal:
    try:
        return parse_number(text.strip().removesuffix(unit).strip())
    except ValueError:
        raise CodedError("answer.number", text=repr(text.strip()), unit=unit) from None


def height_cm(text: str) -> Decimal:
    """Centimetres ("156", "156 cm"); metres are caught ("1.56 looks like metres").

    >>> height_cm("156 cm")
    Decimal('156')
    """
    return plausible_height(_number(text, "cm"))


def weight_kg(text: str) -> Decimal:
    """Kilograms ("52", "52.5 kg"); grams are caught."""
    return plausible_weight(_number(text, "kg"))


def creatinine(text: str) -> tuple[Decimal, str] | None:
    """A serum creatinine with its unit, ``umol/L`` (µmol/L) or ``mg/dL``; None for an empty
    answer (not measured). The unit is required: 88 and 0.99 are the same creatinine.

    >>> creatinine("88 umol/L"), creatinine("0.99 mg/dl"), creatinine("")
    ((Decimal('88'), 'umol/L'), (Decimal('0.99'), 'mg/dL'), None)
    """
    if not text.strip():
        return None
    match = _CREATININE.fullmatch(text)
    unit = _CREATININE_UNITS.get((match.group(2) or "").lower()) if match else None
    if match is None or unit is None:
        raise CodedError("answer.creatinine_unit", text=repr(text.strip()))
    value = parse_number(match.group(1))
    if value <= 0:
        raise CodedError("answer.creatinine_zero", text=repr(text.strip()))
    checked = (
        plausible_creatinine_mg_dl(value) if unit == "mg/dL" else plausible_creatinine_umol_l(value)
    )
    return checked, unit


def dose(regimen: Regimen, drug: str, text: str) -> str:
    """A dose chosen inside the range the regimen gives ``drug``, made of its strengths.

    >>> from mmsched.formats.reader import load_regimen
    >>> dose(load_regimen("rvd"), "dexamethasone", " 20 mg ")
    '20 mg'
    """
    text = text.strip()
    problem = dose_choice(regimen, drug, text)
    if problem is not None and problem.code:
        raise CodedError(problem.code, **problem.params)
    if problem is not None:  # a problem without a code: written the same in every language
        raise ValueError(problem.message)
    return text


def yes_no(text: str) -> bool:
    """``true``/``false`` as a plan writes them, or yes/no, y/n, 是/否.

    >>> yes_no("yes"), yes_no(" False "), yes_no("否")
    (True, False, False)
    """
    answer = text.strip().lower()
    if answer in ("true", "yes", "y", "是"):
        return True
    if answer in ("false", "no", "n", "否"):
        return False
    raise CodedError("answer.yes_no", text=repr(text.strip()))


def vte_risk(text: str) -> str:
    """The VTE risk as IMWG groups it: ``standard`` (aspirin) or ``high`` (LMWH).

    >>> vte_risk(" High ")
    'high'
    """
    answer = text.strip().lower()
    if answer not in ("standard", "high"):
        raise CodedError("answer.vte_risk", text=repr(text.strip()))
    return answer


def cycles(text: str) -> int:
    """The number of cycles, 1 to 100."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 100:
        raise CodedError("answer.cycles", text=repr(text.strip()))
    return int(text)


def maintenance_cycles(text: str) -> int:
    """The number of maintenance cycles, 0 (none: the induction only) to 100."""
    if not text.strip().isdigit() or not 0 <= int(text) <= 100:
        raise CodedError("answer.maintenance_cycles", text=repr(text.strip()))
    return int(text)


def bsa_formula(text: str) -> str:
    """One of the BSA formulas mmsched knows."""
    name = text.strip().lower()
    if name not in FORMULAS:
        raise CodedError("answer.formula", text=repr(text.strip()), formulas=list(FORMULAS))
    return name
