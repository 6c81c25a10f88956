"""A regimen as a FHIR R4 ``PlanDefinition``, in the shape of the core example KDN5.

One cycle action per range of cycles (the ranges every drug's ``schedule:`` rows cut the
course into: DRd's 1-2 / 3-6 / 7-), linked by ``relatedAction`` after-end, each with
``timingTiming.repeat`` (count, duration and period: guides read either); inside, one action
per drug row with the core ``timing-daysOfCycle`` extension and ``definitionCanonical`` to a
contained ``ActivityDefinition`` (product, route, method, dose in UCUM). What R4 has no element
for (rounding, levels, renal bands, ...) is carried by mmsched's own extensions, the file's
value as JSON, so that :mod:`mmsched.formats.fhir_regimen` reads the regimen back unchanged.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Any

from ...data.fhir import (
    DAYS_OF_CYCLE,
    PLAN_DEFINITION_TYPE,
    REGIMEN_EXTENSIONS,
    ROW_EXTENSION,
    TRANSLATION,
    UCUM,
    UCUM_PER,
    UCUM_UNITS,
    drug_codings,
    extension_url,
    route_codings,
)
from ...engine.course import CompiledRegimen
from ...engine.rules import CycleDays, DrugRule
from ...engine.units import Dose

#: Fields of a drug that standard elements carry (the rest go in extensions).
DRUG_STANDARD = frozenset({"drug", "dose", "route", "days", "schedule"})
#: Fields of a ``schedule:`` row that the cycle action and daysOfCycle carry.
ROW_STANDARD = frozenset({"cycles", "days"})


def content_version(file_form: Mapping[str, Any]) -> str:
    """A short hash of a regimen's content: its ``version`` (changes with any field).

    >>> content_version({"id": "x"}) == content_version({"id": "x"})
    True
    >>> len(content_version({"id": "x"}))
    12
    """
    text = json.dumps(file_form, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def canonical_url(base: str, regimen_id: str) -> str:
    """``{base}/PlanDefinition/{id}``."""
    return f"{base}/PlanDefinition/{regimen_id}"


def fhir_id(text: str) -> str:
    """``text`` as a FHIR id (letters, digits, '-' and '.', at most 64).

    >>> fhir_id("ad-interleukin_2")
    'ad-interleukin-2'
    """
    return re.sub(r"[^A-Za-z0-9.-]", "-", text)[:64]


def number(value: Decimal) -> int | float:
    """A decimal as a JSON number (an integer when whole)."""
    return int(value) if value == value.to_integral_value() else float(value)


def ucum(unit: str, per: str | None) -> str:
    """The UCUM code of an mmsched unit.

    >>> ucum("mg", "m2"), ucum("mcg", "kg"), ucum("IU", None)
    ('mg/m2', 'ug/kg', '[iU]')
    """
    return UCUM_UNITS[unit] + UCUM_PER[per]


def quantity(value: Decimal, unit: str, per: str | None = None) -> dict[str, Any]:
    code = ucum(unit, per)
    return {"value": number(value), "unit": code, "system": UCUM, "code": code}


def dose_element(dose: Dose) -> dict[str, Any]:
    """``doseQuantity``, or ``doseRange`` for a range the plan chooses in."""
    if dose.is_range:
        return {
            "doseRange": {
                "low": quantity(dose.low, dose.unit, dose.per),
                "high": quantity(dose.high, dose.unit, dose.per),
            }
        }
    return {"doseQuantity": quantity(dose.low, dose.unit, dose.per)}


def route_element(route: str) -> dict[str, Any]:
    """``Dosage.route``: SNOMED CT when verified, the mmsched route as text."""
    element: dict[str, Any] = {"text": route}
    codings = route_codings(route)
    if codings:
        element["coding"] = codings
    return element


def method_element(route: str) -> dict[str, Any] | None:
    """``Dosage.method``: push (a bolus) or infusion, for the two intravenous routes."""
    return {"IV push": {"text": "push"}, "IV": {"text": "infusion"}}.get(route)


def json_extension(base: str, name: str, value: Any) -> dict[str, Any]:
    """mmsched's extension ``name`` carrying ``value`` as JSON."""
    return {
        "url": extension_url(base, name),
        "valueString": json.dumps(value, ensure_ascii=False, sort_keys=True),
    }


def days_of_cycle(days: tuple[int, ...]) -> dict[str, Any]:
    """The core ``timing-daysOfCycle`` extension."""
    return {
        "url": DAYS_OF_CYCLE,
        "extension": [{"url": "day", "valueInteger": day} for day in days],
    }


def cycle_ranges(regimen: CompiledRegimen) -> list[tuple[int, int | None]]:
    """The ranges of cycles every drug's rows cut the regimen into (last: open-ended).

    >>> from mmsched.engine.rules import CycleDays, DrugRule
    >>> from mmsched.engine.units import Dose
    >>> rows = (CycleDays(1, 2, (1,)), CycleDays(3, 6, (1,)), CycleDays(7, None, (1,)))
    >>> rule = DrugRule("d", Dose.parse("1 mg"), "PO", rows, None, None, None)
    >>> from mmsched.engine.course import CompiledRegimen
    >>> from mmsched.engine.names import LocalName
    >>> cycle_ranges(CompiledRegimen("x", LocalName("x"), 28, 12, "s", (rule,)))
    [(1, 2), (3, 6), (7, None)]
    """
    starts = {1}
    for rule in regimen.rules:
        for row in rule.days_by_cycle:
            starts.add(row.first)
            if row.last is not None:
                starts.add(row.last + 1)
    ordered = sorted(starts)
    return [(first, nxt - 1) for first, nxt in pairwise(ordered)] + [(ordered[-1], None)]


def _row_extras(rule: DrugRule, row: CycleDays, file_drug: Mapping[str, Any]) -> dict[str, Any]:
    """A row's own fields (role, dose, infusion details) as the file wrote them."""
    rows = file_drug.get("schedule")
    if not rows:
        return {}
    index = rule.days_by_cycle.index(row)
    return {k: v for k, v in rows[index].items() if k not in ROW_STANDARD}


def activity_definition(
    rule: DrugRule, file_drug: Mapping[str, Any], base: str, ad_id: str, dose: Dose
) -> dict[str, Any]:
    """The contained ``ActivityDefinition`` of a drug (or of one row's own dose)."""
    dosage: dict[str, Any] = {
        "text": f"{dose} {rule.route}",
        "route": route_element(rule.route),
        "doseAndRate": [dose_element(dose)],
    }
    method = method_element(rule.route)
    if method is not None:
        dosage["method"] = method
    minutes = file_drug.get("duration_minutes")
    if isinstance(minutes, int):
        dosage["timing"] = {"repeat": {"duration": minutes, "durationUnit": "min"}}
    product: dict[str, Any] = {"text": rule.drug}
    codings = drug_codings(rule.drug)
    if codings:
        product["coding"] = codings
    extensions = [
        json_extension(base, name.replace("_", "-"), value)
        for name, value in file_drug.items()
        if name not in DRUG_STANDARD
    ]
    resource: dict[str, Any] = {
        "resourceType": "ActivityDefinition",
        "id": ad_id,
        "status": "active",
        "kind": "MedicationRequest",
        "title": rule.drug,
        "productCodeableConcept": product,
        "dosage": [dosage],
    }
    if extensions:
        resource["extension"] = extensions
    return resource


def plan_definition(
    regimen: CompiledRegimen, file_form: Mapping[str, Any], base: str
) -> dict[str, Any]:
    """The regimen as a PlanDefinition (``file_form``: the regimen file's fields, as JSON)."""
    files = {d["drug"]: d for d in file_form.get("drugs", [])}
    contained: list[dict[str, Any]] = []
    canonical: dict[tuple[str, int], str] = {}
    for rule in regimen.rules:
        ad_id = fhir_id(f"ad-{rule.drug}")
        contained.append(activity_definition(rule, files[rule.drug], base, ad_id, rule.dose))
        for index, row in enumerate(rule.days_by_cycle):
            canonical[(rule.drug, index)] = f"#{ad_id}"
            if row.dose is not None and row.dose != rule.dose:
                row_id = fhir_id(f"ad-{rule.drug}-row{index + 1}")
                contained.append(
                    activity_definition(rule, files[rule.drug], base, row_id, row.dose)
                )
                canonical[(rule.drug, index)] = f"#{row_id}"
    ranges = cycle_ranges(regimen)
    actions = []
    for number_, (first, last) in enumerate(ranges):
        actions.append(
            _cycle_action(regimen, files, base, canonical, first, last, number_, len(ranges))
        )
    for i in range(1, len(actions)):
        actions[i]["relatedAction"] = [
            {"actionId": actions[i - 1]["id"], "relationship": "after-end"}
        ]
    resource: dict[str, Any] = {
        "resourceType": "PlanDefinition",
        "url": canonical_url(base, regimen.id),
        "identifier": [{"system": f"{base}/regimen", "value": regimen.id}],
        "version": content_version(file_form),
        "title": regimen.name.en,
        "type": {
            "coding": [
                {
                    "system": PLAN_DEFINITION_TYPE,
                    "code": "clinical-protocol",
                    "display": "Clinical Protocol",
                }
            ]
        },
        "status": "active",
        "relatedArtifact": [{"type": "citation", "citation": regimen.source}],
        "contained": contained,
        "action": actions,
    }
    if regimen.name.zh:
        resource["_title"] = {
            "extension": [
                {
                    "url": TRANSLATION,
                    "extension": [
                        {"url": "lang", "valueCode": "zh"},
                        {"url": "content", "valueString": regimen.name.zh},
                    ],
                }
            ]
        }
    extensions = [
        json_extension(base, name, file_form[name])
        for name in REGIMEN_EXTENSIONS
        if name in file_form
    ]
    if "cycles" not in file_form:
        extensions.insert(0, json_extension(base, "cycles", regimen.cycles))
    resource["extension"] = extensions
    return resource


def _cycle_action(  # noqa: PLR0917 - the range and the tables it is drawn from
    regimen: CompiledRegimen,
    files: Mapping[str, Mapping[str, Any]],
    base: str,
    canonical: Mapping[tuple[str, int], str],
    first: int,
    last: int | None,
    index: int,
    count: int,
) -> dict[str, Any]:
    """One range of cycles: its timing and one action per drug row that covers it."""
    repeat: dict[str, Any] = {
        "duration": regimen.cycle_days,
        "durationUnit": "d",
        "period": regimen.cycle_days,
        "periodUnit": "d",
    }
    if last is not None:
        repeat["count"] = last - first + 1
    elif count == 1:
        repeat["count"] = regimen.cycles  # the regimen's default number of cycles
    title = f"Cycles {first}-{last}" if last is not None else f"Cycles {first}-"
    drugs = []
    for rule in regimen.rules:
        for row_index, row in enumerate(rule.days_by_cycle):
            if not row.covers(first):
                continue
            action: dict[str, Any] = {
                "title": rule.drug,
                "extension": [days_of_cycle(row.days)],
                "definitionCanonical": canonical[(rule.drug, row_index)],
            }
            extras = _row_extras(rule, row, files[rule.drug])
            if extras:
                action["extension"].append(json_extension(base, ROW_EXTENSION, extras))
            drugs.append(action)
    return {
        "id": f"cycles-{first}",
        "title": title,
        "timingTiming": {"repeat": repeat},
        "action": drugs,
    }
