"""A new plan file as text: every field a plan needs, and the choices its regimen leaves open.

``mmsched new plan`` writes this. A field it was given is written with its value; a required
field it was not given is written empty and marked ``# REQUIRED``, so that the file says what is
missing and ``mmsched check`` lists it ("patient.height_cm: is empty; ..."). Each dose the
regimen gives as a range is a required choice, with the range (and the unit strengths an oral
dose is made of) in its comment. Optional fields are written as comments, to be uncommented.

Text values are written so that YAML reads them back as the same text: an id ``0101`` (which
YAML would read as the number 65), ``yes``, ``on``, ``null`` or a date-like id are quoted;
plain ones (``GZ-0001``, ``廖某妹``) are not. Dates and numbers are written for YAML to read as
dates and numbers, as the plan's fields expect.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import yaml

from ..engine.bsa import FORMULAS
from ..engine.dispensing import Strengths, exactly
from ..engine.orderset import SupportiveRule
from ..engine.rules import DrugRule
from ..engine.units import Dose, format_amount
from .regimen import Regimen

#: Where the comments start, so that they line up.
COMMENT_COLUMN = 34

#: The most dispensable doses listed one by one in a comment; more are described.
MAX_LISTED = 12

#: Characters of text that YAML may read plain: letters and digits of any script, and a few
#: marks that start nothing in YAML (the dash only after the first character: "- " starts a
#: list item).
_PLAIN = re.compile(r"[\w./][\w .\-/()·]*")


#: Numbers as YAML 1.2 reads them (``1e3``, ``0o17``, ``0x1F``, ``.5``, ``.inf``), which
#: PyYAML (YAML 1.1) reads as text: written quoted, so every YAML reader reads the same text.
_YAML12_NUMBER = re.compile(
    r"[-+]?(\.inf|\.nan|0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+\.?[0-9]*([eE][-+]?[0-9]+)?"
    r"|\.[0-9]+([eE][-+]?[0-9]+)?)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PlanDraft:
    """What is known of a new plan. ``None`` is a value not given yet.

    ``regimen_ref`` is the regimen as the plan names it: a bundled id, or a file path
    (relative to the plan file's folder). ``creatinine`` is ``(value, "umol/L" | "mg/dL")``.
    ``doses`` are the choices made, by drug, as dose text ("20 mg").
    """

    regimen: Regimen
    regimen_ref: str
    start: date | None = None
    patient_id: str | None = None
    name: str | None = None
    sex: str | None = None
    age: int | None = None
    birth_date: date | None = None
    height_cm: Decimal | None = None
    weight_kg: Decimal | None = None
    creatinine: tuple[Decimal, str] | None = None
    doses: dict[str, str] = field(default_factory=dict)
    cycles: int | None = None
    maintenance_cycles: int | None = None
    bsa_formula: str | None = None
    childbearing_potential: bool | None = None
    irregular_menses: bool | None = None
    vte_risk: str | None = None

    def missing(self) -> list[str]:
        """The required fields without a value, as field paths."""
        required: list[tuple[str, object]] = [
            ("patient.id", self.patient_id),
            ("patient.sex", self.sex),
            ("patient.age", self.age if self.birth_date is None else self.birth_date),
            ("patient.height_cm", self.height_cm),
            ("patient.weight_kg", self.weight_kg),
            ("start", self.start),
        ]
        required += [(f"doses.{rule.drug}", self.doses.get(rule.drug)) for rule in choices(self)]
        return [path for path, value in required if value is None]

    def mapping(self) -> dict[str, object]:
        """The plan as the mapping its text reads back as (only the fields that have values)."""
        patient: dict[str, object] = {
            key: value
            for key, value in (
                ("id", self.patient_id),
                ("name", self.name),
                ("sex", self.sex),
                ("age", self.age),
                ("birth_date", self.birth_date),
                ("height_cm", self.height_cm),
                ("weight_kg", self.weight_kg),
                ("childbearing_potential", self.childbearing_potential),
                ("irregular_menses", self.irregular_menses),
                ("vte_risk", self.vte_risk),
            )
            if value is not None
        }
        if self.creatinine is not None:
            patient[_creatinine_field(self.creatinine[1])] = self.creatinine[0]
        data: dict[str, object] = {"patient": patient, "regimen": self.regimen_ref}
        optional = (
            ("start", self.start),
            ("cycles", self.cycles),
            ("maintenance_cycles", self.maintenance_cycles),
        )
        data.update({key: value for key, value in optional if value is not None})
        if self.bsa_formula is not None:
            data["bsa_formula"] = self.bsa_formula
        if self.doses:
            data["doses"] = dict(self.doses)
        return data


def choices(draft: PlanDraft) -> list[DrugRule]:
    """The regimen's drugs whose dose the plan chooses (a range), in the regimen's order."""
    return [rule for rule in draft.regimen.rules if rule.dose.is_range]


def item_choices(draft: PlanDraft) -> list[SupportiveRule]:
    """The supportive items given as a range (aspirin 81-325 mg) that may apply to this
    patient: a choice the plan may make (until it does, the range is shown), in the regimen's
    order. An item for another VTE risk than the one recorded never applies."""
    return [
        item
        for item in draft.regimen.compiled.supportive
        if item.dose is not None
        and item.dose.is_range
        and (
            item.conditions is None
            or item.conditions.vte_risk in (None, "unknown")
            or draft.vte_risk in (None, item.conditions.vte_risk)
        )
    ]


def asks_for(regimen: Regimen, condition: str) -> bool:
    """Whether any test or supportive item of ``regimen`` depends on the patient field
    ``condition`` (``childbearing_potential``, ``vte_risk``, ``irregular_menses``)."""
    compiled = regimen.compiled
    found = [rule.conditions for rule in compiled.supportive]
    found += [rule.conditions for rule in compiled.monitoring_rules]
    return any(c is not None and getattr(c, condition) is not None for c in found)


def plan_text(draft: PlanDraft) -> str:
    """The plan file: a header that says what to do with it, then every field."""
    regimen = draft.regimen
    cycles = f"{regimen.cycles} × {regimen.cycle_days}-day cycles"
    lines = [
        f"# A plan for regimen {regimen.id} ({regimen.name.en}; {cycles}).",
        "# Fields marked REQUIRED have no value yet: write it after the colon. `mmsched check`",
        "# lists what is still missing; `mmsched calendar` then shows every dose and date.",
        "patient:",
        *_patient(draft),
        _line(f"regimen: {yaml_text(draft.regimen_ref)}", regimen.name.en),
        _value("start", draft.start, "REQUIRED: the first day of cycle 1, YYYY-MM-DD"),
    ]
    lines.append(
        _line(f"cycles: {draft.cycles}", f"the regimen gives {regimen.cycles}")
        if draft.cycles is not None
        else _line(f"# cycles: {regimen.cycles}", "optional: the regimen's number of cycles")
    )
    lines.extend(_maintenance(draft))
    others = ", ".join(f for f in FORMULAS if f != "mosteller")
    lines.append(
        _line(f"bsa_formula: {draft.bsa_formula}", f"mosteller (the default), {others}")
        if draft.bsa_formula is not None
        else _line("# bsa_formula: mosteller", f"optional; or {others}")
    )
    lines.append(_line("# ward: ward.yaml", "optional: the ward's closed days and formulary"))
    lines.extend(_doses(draft))
    return "\n".join(lines) + "\n"


def _maintenance(draft: PlanDraft) -> list[str]:
    """The maintenance cycles to schedule after the induction, for a regimen that names its
    maintenance: the number written, or a comment saying what the field does."""
    named = draft.regimen.maintenance
    if named is None:
        return []
    cap = "until progression" if named.cap is None else f"at most {named.cap}"
    note = f"cycles of {named.regimen} after the induction ({cap}); 0: none"
    if draft.maintenance_cycles is not None:
        return [_line(f"maintenance_cycles: {draft.maintenance_cycles}", note)]
    return [_line("# maintenance_cycles: 0", f"optional: {note}")]


def _patient(draft: PlanDraft) -> list[str]:
    lines = [
        _value("id", draft.patient_id, "REQUIRED: the patient's id as the ward writes it", 2),
        _value("name", draft.name, "optional: shown masked (廖某妹, L. M.) unless --full-name", 2)
        if draft.name is not None
        else _line("  # name:", "optional: shown masked (廖某妹, L. M.) unless --full-name"),
        _value("sex", draft.sex, "REQUIRED: F or M", 2),
    ]
    if draft.birth_date is not None:
        lines.append(_value("birth_date", draft.birth_date, "the age is taken on the start", 2))
    else:
        lines.append(_value("age", draft.age, "REQUIRED: years (or birth_date: YYYY-MM-DD)", 2))
    lines.append(_value("height_cm", draft.height_cm, "REQUIRED: centimetres", 2))
    lines.append(_value("weight_kg", draft.weight_kg, "REQUIRED: kilograms", 2))
    lines.extend(_order_set_facts(draft))
    renal = [rule.drug for rule in draft.regimen.rules if rule.renal]
    why = f"{' and '.join(renal)} {'is' if len(renal) == 1 else 'are'} dosed by it" if renal else ""
    if draft.creatinine is not None:
        value, unit = draft.creatinine
        lines.append(_value(_creatinine_field(unit), value, why or "serum creatinine", 2))
    else:
        note = f"optional (or _mg_dl){'; ' + why if why else ''}"
        lines.append(_line("  # serum_creatinine_umol_l:", note))
    return lines


def _order_set_facts(draft: PlanDraft) -> list[str]:
    """The patient facts the regimen's tests and supportive items depend on (issue 13): each
    with its value, or as a comment saying what it decides until it is recorded."""
    lines = []
    if draft.sex != "M" and asks_for(draft.regimen, "childbearing_potential"):
        why = "until then, pregnancy tests are scheduled"
        if draft.childbearing_potential is None:
            lines.append(_line("  # childbearing_potential: false", f"record it (women): {why}"))
        else:
            lines.append(
                _value(
                    "childbearing_potential",
                    draft.childbearing_potential,
                    "a woman who could become pregnant",
                    2,
                )
            )
        if draft.childbearing_potential:
            note = "tests every 2 weeks instead of 4 when true"
            lines.append(
                _value("irregular_menses", draft.irregular_menses, note, 2)
                if draft.irregular_menses is not None
                else _line("  # irregular_menses: false", note)
            )
    if asks_for(draft.regimen, "vte_risk"):
        note = "standard (aspirin) or high (LMWH); until then, a prompt"
        lines.append(
            _value("vte_risk", draft.vte_risk, note, 2)
            if draft.vte_risk is not None
            else _line("  # vte_risk: standard", f"record it: {note}")
        )
    return lines


def _doses(draft: PlanDraft) -> list[str]:
    """The regimen's doses: the choices to make (the supportive items' may be left to the
    range), then the fixed ones for reference."""
    open_ = choices(draft)
    items = item_choices(draft)
    chosen_items = [item for item in items if item.item in draft.doses]
    lines = ["doses:"] if open_ or chosen_items else (["# doses:"] if items else [])
    for rule in open_:
        comment = f"REQUIRED: {choice_text(rule)} ({rule.route}{_days_comment(rule)})"
        lines.append(_value(rule.drug, draft.doses.get(rule.drug), comment, 2))
    for item in items:
        comment = f"one dose in {item.dose} ({item.category}, {item.route}; the range until chosen)"
        if item.item in draft.doses:
            lines.append(_value(item.item, draft.doses[item.item], comment, 2))
        else:
            lines.append(_line(f"  # {item.item}:", f"optional: {comment}"))
    fixed = [rule for rule in draft.regimen.rules if not rule.dose.is_range]
    if fixed:
        lines += textwrap.wrap(
            f"The regimen fixes the other doses: {_fixed_text(fixed)}.",
            width=98,
            initial_indent="# ",
            subsequent_indent="# ",
            break_on_hyphens=False,
        )
    return lines


def choice_text(rule: DrugRule) -> str:
    """What may be chosen for a drug given as a range: the range and, for an oral drug with
    unit strengths, the doses they make (listed when there are few).

    >>> from mmsched.formats.reader import load_regimen
    >>> thalidomide, dexamethasone = [r for r in load_regimen("tvd").rules if r.dose.is_range]
    >>> choice_text(thalidomide)
    'one dose in 50-200 mg made of the strengths 50, 100, 150, 200 mg: 50, 100, 150 or 200 mg'
    >>> choice_text(dexamethasone)
    'one dose in 10-40 mg'
    """
    text = f"one dose in {rule.dose}"
    strengths = rule.strengths
    if rule.route != "PO" or strengths is None or rule.dose.per is not None:
        return text
    made = dispensable(rule.dose, strengths)
    listed = (
        f": {', '.join(made[:-1])} or {made[-1]} {rule.dose.unit_text}"
        if 1 < len(made) <= MAX_LISTED
        else ""
    )
    return f"{text} made of the strengths {strengths.describe()}{listed}"


def dispensable(dose: Dose, strengths: Strengths) -> list[str]:
    """The amounts inside ``dose``'s range that the strengths make exactly, as text; an empty
    list when there are more than :data:`MAX_LISTED` (they are then described, not listed)."""
    step = min(strengths.amounts)
    for amount in strengths.amounts:
        step = _gcd(step, amount)
    made: list[str] = []
    amount = (dose.low / step).to_integral_value(rounding="ROUND_CEILING") * step
    while amount <= dose.high:
        if exactly(amount, strengths) is not None:
            made.append(format_amount(amount, group=False))
            if len(made) > MAX_LISTED:
                return []
        amount += step
    return made


def _gcd(a: Decimal, b: Decimal) -> Decimal:
    while b:
        a, b = b, a % b
    return a


def _days_comment(rule: DrugRule) -> str:
    """ ", days 1-4, 9-12" when the drug's days are the same in every cycle."""
    if len(rule.days_by_cycle) != 1:
        return ""
    days = rule.days_by_cycle[0].days
    runs: list[str] = []
    start = previous = days[0]
    for day in (*days[1:], None):
        if day is not None and day == previous + 1:
            previous = day
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if day is not None:
            start = previous = day
    return f", days {', '.join(runs)}"


def _fixed_text(rules: list[DrugRule]) -> str:
    return "; ".join(f"{rule.drug} {rule.dose} {rule.route}" for rule in rules)


def _creatinine_field(unit: str) -> str:
    return "serum_creatinine_mg_dl" if unit == "mg/dL" else "serum_creatinine_umol_l"


def _value(key: str, value: object, comment: str, indent: int = 0) -> str:
    """``key: value  # comment``; a field without a value keeps its comment, which for a
    required field says REQUIRED."""
    pad = " " * indent
    if value is None:
        return _line(f"{pad}{key}:", comment)
    shown = comment.removeprefix("REQUIRED: ") if comment.startswith("REQUIRED") else comment
    return _line(f"{pad}{key}: {_scalar(value)}", shown)


def _line(left: str, comment: str) -> str:
    return f"{left:<{COMMENT_COLUMN - 1}} # {comment}" if comment else left


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format_amount(value, group=False)
    if isinstance(value, int):
        return str(value)
    return yaml_text(str(value))


def yaml_text(text: str) -> str:
    """``text`` as a YAML scalar that reads back as the same text: plain when it may be,
    else in double quotes (JSON's escapes are YAML's).

    >>> yaml_text("GZ-0001"), yaml_text("廖某妹"), yaml_text("20 mg")
    ('GZ-0001', '廖某妹', '20 mg')
    >>> yaml_text("0101"), yaml_text("yes"), yaml_text("On"), yaml_text("2026-12-01")
    ('"0101"', '"yes"', '"On"', '"2026-12-01"')
    >>> yaml_text("1e3"), yaml_text("0o17"), yaml_text("0x1F"), yaml_text("GZ-1e3")
    ('"1e3"', '"0o17"', '"0x1F"', 'GZ-1e3')
    >>> yaml_text("a: b"), yaml_text("O'Brien"), yaml_text("null"), yaml_text("12.50")
    ('"a: b"', '"O\\'Brien"', '"null"', '"12.50"')
    """
    if _YAML12_NUMBER.fullmatch(text):  # PyYAML reads 1e3 or 0o17 as text; YAML 1.2 does not
        return json.dumps(text)
    if _PLAIN.fullmatch(text) and text == text.strip():
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=not text.isprintable())
