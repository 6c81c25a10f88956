"""A FHIR R4 ``PlanDefinition`` read back as a regimen file (``mmsched regimens from-fhir``).

Reads what mmsched writes (:mod:`mmsched.exports.fhir.plandefinition`) and PlanDefinitions
from elsewhere in the shape of the core example KDN5: cycle actions with
``timingTiming.repeat`` (period or duration, count), nested drug actions with the core
``timing-daysOfCycle`` extension and ``definitionCanonical`` to a contained
``ActivityDefinition`` (product, route, method, a dose per m², per kg or flat, an infusion
duration). AUC dosing and ``relatedAction`` other than after-end are refused, naming the
element. Rules only mmsched's extensions carry get mmsched's defaults, with a warning that
lists them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..data.drugs import ROUTES
from ..data.fhir import (
    DAYS_OF_CYCLE,
    ROW_EXTENSION,
    TRANSLATION,
    UCUM_PER,
    UCUM_UNITS,
    extension_name,
    route_from_snomed,
)
from ..errors import Problem, RegimenError, coded

#: What a PlanDefinition from elsewhere cannot say, and mmsched then assumes.
DEFAULTED = (
    "rounding (none)",
    "minimum interval (none)",
    "closed-day policy (by route)",
    "dose levels (none)",
    "renal, hepatic, age and BMI rules (none)",
    "strengths (none)",
    "lifetime maximum (none)",
    "monitoring (none)",
    "supportive items (none)",
)
_UNITS = {
    code + per: (unit, key) for unit, code in UCUM_UNITS.items() for key, per in UCUM_PER.items()
}
_ROUTE_WORDS = {
    "oral": "PO",
    "by mouth": "PO",
    "subcutaneous": "SC",
    "intravenous": "IV",
    "intramuscular": "IM",
    "intrathecal": "IT",
    "sublingual": "SL",
}


def regimen_from_fhir(resource: Any) -> tuple[dict[str, Any], list[str]]:
    """The regimen file's fields of a PlanDefinition, and the warnings about it.

    Raises:
        RegimenError: every element that cannot be read, by its path (no ``file`` set: the
            caller attributes it).
    """
    problems: list[Problem] = []
    if not isinstance(resource, dict) or resource.get("resourceType") != "PlanDefinition":
        raise RegimenError([coded("resourceType", "fhir.regimen.not_plan_definition")])
    ours = _extensions(resource, "PlanDefinition", problems)
    data: dict[str, Any] = {"id": _id_of(resource)}
    data["name"] = _name(resource)
    data["source"] = _citation(resource)
    contained = {
        str(c.get("id")): (i, c)
        for i, c in enumerate(resource.get("contained") or [])
        if isinstance(c, dict)
    }
    actions = resource.get("action") or []
    if not isinstance(actions, list) or not actions:
        problems.append(coded("PlanDefinition.action", "fhir.regimen.no_cycle_actions"))
        raise RegimenError(problems)
    cycle_days, ranges = _cycles(actions, problems)
    rows: dict[str, list[dict[str, Any]]] = {}
    drugs: dict[str, dict[str, Any]] = {}
    for i, (first, last) in enumerate(ranges):
        for j, drug_action in enumerate(actions[i].get("action") or []):
            where = f"PlanDefinition.action[{i}].action[{j}]"
            _drug_row(drug_action, where, first, last, contained, drugs, rows, problems)
    if problems:
        raise RegimenError(problems)
    data["cycle_days"] = cycle_days
    counted = [last - first + 1 for first, last in ranges if last is not None]
    last_count = actions[-1].get("timingTiming", {}).get("repeat", {}).get("count")
    default_cycles = sum(counted) + (last_count if isinstance(last_count, int) else 1)
    data["cycles"] = ours.pop("cycles", default_cycles if ranges[-1][1] is None else sum(counted))
    order = sorted(drugs, key=lambda name: drugs[name].pop("__order"))
    data["drugs"] = [_drug_fields(drugs[name], rows[name]) for name in order]
    data.update(ours)
    warnings = []
    if not any(extension_name(str(e.get("url", ""))) for e in resource.get("extension") or []):
        warnings.append(
            "a PlanDefinition without mmsched's extensions: these rules get mmsched's defaults, "
            "check them and add them to the regimen file: " + "; ".join(DEFAULTED)
        )
    return data, warnings


def _id_of(resource: Mapping[str, Any]) -> str:
    for ident in resource.get("identifier") or []:
        if str(ident.get("system", "")).endswith("/regimen") and ident.get("value"):
            return str(ident["value"])
    url = str(resource.get("url") or "")
    tail = url.rpartition("/PlanDefinition/")[2] if "/PlanDefinition/" in url else ""
    raw = tail or str(resource.get("id") or resource.get("name") or "regimen")
    return re.sub(r"[^a-z0-9._-]", "-", raw.lower()).strip("-._") or "regimen"


def _name(resource: Mapping[str, Any]) -> dict[str, str]:
    name = {"en": str(resource.get("title") or resource.get("name") or _id_of(resource))}
    for ext in (resource.get("_title") or {}).get("extension") or []:
        if ext.get("url") == TRANSLATION:
            parts = {e.get("url"): e for e in ext.get("extension") or []}
            if parts.get("lang", {}).get("valueCode", "").startswith("zh") and "content" in parts:
                name["zh"] = str(parts["content"].get("valueString"))
    return name


def _citation(resource: Mapping[str, Any]) -> str:
    for artifact in resource.get("relatedArtifact") or []:
        if artifact.get("type") == "citation" and artifact.get("citation"):
            return str(artifact["citation"])
    return f"FHIR PlanDefinition {resource.get('url') or resource.get('id') or '(no url)'}"


def _extensions(element: Mapping[str, Any], where: str, problems: list[Problem]) -> dict[str, Any]:
    """mmsched's extensions on ``element``: field name → the file's value."""
    found: dict[str, Any] = {}
    for k, ext in enumerate(element.get("extension") or []):
        name = extension_name(str(ext.get("url", "")))
        if name is None or name == ROW_EXTENSION:
            continue
        try:
            found[name.replace("-", "_")] = json.loads(ext.get("valueString", ""))
        except (TypeError, ValueError):
            problems.append(
                coded(f"{where}.extension[{k}].valueString", "fhir.regimen.not_our_json")
            )
    return found


def _cycles(
    actions: list[Any], problems: list[Problem]
) -> tuple[int, list[tuple[int, int | None]]]:
    """The cycle length and each cycle action's range of cycles."""
    ranges: list[tuple[int, int | None]] = []
    cycle_days = 0
    first = 1
    for i, action in enumerate(actions):
        where = f"PlanDefinition.action[{i}]"
        for k, related in enumerate(action.get("relatedAction") or []):
            if related.get("relationship") != "after-end":
                problems.append(
                    coded(
                        f"{where}.relatedAction[{k}].relationship",
                        "fhir.regimen.relationship",
                        relationship=related.get("relationship"),
                    )
                )
        repeat = (action.get("timingTiming") or {}).get("repeat") or {}
        days = _days_of(repeat, where, problems)
        if days and cycle_days and days != cycle_days:
            problems.append(
                coded(
                    f"{where}.timingTiming.repeat",
                    "fhir.regimen.cycle_lengths",
                    days=days,
                    other=cycle_days,
                )
            )
        cycle_days = cycle_days or days
        count = repeat.get("count")
        is_last = i == len(actions) - 1
        if is_last:
            ranges.append((first, None))
        elif isinstance(count, int) and count >= 1:
            ranges.append((first, first + count - 1))
            first += count
        else:
            problems.append(coded(f"{where}.timingTiming.repeat.count", "fhir.regimen.count"))
    if not cycle_days:
        where = "PlanDefinition.action[0].timingTiming.repeat.period"
        problems.append(coded(where, "fhir.regimen.no_period"))
    return cycle_days, ranges


def _days_of(repeat: Mapping[str, Any], where: str, problems: list[Problem]) -> int:
    for value, unit in (("period", "periodUnit"), ("duration", "durationUnit")):
        if repeat.get(value) is None:
            continue
        factor = {"d": 1, "wk": 7}.get(str(repeat.get(unit)))
        if factor is None:
            problems.append(
                coded(f"{where}.timingTiming.repeat.{unit}", "fhir.regimen.period_unit")
            )
            return 0
        return int(Decimal(str(repeat[value])) * factor)
    return 0


def _drug_row(  # noqa: PLR0917 - the row's place and the tables it fills
    action: Mapping[str, Any],
    where: str,
    first: int,
    last: int | None,
    contained: Mapping[str, tuple[int, Mapping[str, Any]]],
    drugs: dict[str, dict[str, Any]],
    rows: dict[str, list[dict[str, Any]]],
    problems: list[Problem],
) -> None:
    """One drug action: its days in this range of cycles, its drug from the definition."""
    days: list[int] = []
    extras: dict[str, Any] = {}
    for k, ext in enumerate(action.get("extension") or []):
        if ext.get("url") == DAYS_OF_CYCLE:
            days += [
                int(e["valueInteger"])
                for e in ext.get("extension") or []
                if e.get("url") == "day" and isinstance(e.get("valueInteger"), int)
            ]
        elif extension_name(str(ext.get("url", ""))) == ROW_EXTENSION:
            try:
                extras = json.loads(ext.get("valueString", ""))
            except (TypeError, ValueError):
                field = f"{where}.extension[{k}].valueString"
                problems.append(coded(field, "fhir.regimen.not_our_json"))
    if not days:
        problems.append(coded(f"{where}.extension", "fhir.regimen.no_days", url=DAYS_OF_CYCLE))
        return
    ref = str(action.get("definitionCanonical") or "")
    if not ref.startswith("#") or ref[1:] not in contained:
        problems.append(coded(f"{where}.definitionCanonical", "fhir.regimen.reference", ref=ref))
        return
    index, definition = contained[ref[1:]]
    drug = _activity(definition, f"PlanDefinition.contained[{index}]", problems)
    if drug is None:
        return
    name = drug["drug"]
    if name not in drugs:
        drugs[name] = {**drug, "__order": index}
        rows[name] = []
    elif drug["dose"] != drugs[name]["dose"] and "dose" not in extras:
        extras = {**extras, "dose": drug["dose"]}
    rows[name].append({"first": first, "last": last, "days": sorted(set(days)), "extras": extras})


def _activity(
    definition: Mapping[str, Any], where: str, problems: list[Problem]
) -> dict[str, Any] | None:
    """A drug's fields from its ActivityDefinition."""
    product = definition.get("productCodeableConcept") or {}
    codings = product.get("coding") or [{}]
    name = product.get("text") or codings[0].get("display") or definition.get("title")
    if not name:
        problems.append(coded(f"{where}.productCodeableConcept.text", "fhir.regimen.no_drug"))
        return None
    dosages = definition.get("dosage") or []
    if not dosages:
        problems.append(coded(f"{where}.dosage", "fhir.regimen.no_dosage"))
        return None
    dosage = dosages[0]
    found: dict[str, Any] = {"drug": str(name).strip().lower()}
    found["dose"] = _dose(dosage, f"{where}.dosage[0]", problems)
    found["route"] = _route(dosage, f"{where}.dosage[0]", problems)
    minutes = (dosage.get("timing") or {}).get("repeat") or {}
    if minutes.get("duration") is not None:
        factor = {"min": 1, "h": 60}.get(str(minutes.get("durationUnit")))
        if factor is None:
            field = f"{where}.dosage[0].timing.repeat.durationUnit"
            problems.append(coded(field, "fhir.regimen.duration_unit"))
        else:
            found["duration_minutes"] = int(Decimal(str(minutes["duration"])) * factor)
    found.update(_extensions(definition, where, problems))
    return found if found["dose"] and found["route"] else None


def _dose(dosage: Mapping[str, Any], where: str, problems: list[Problem]) -> str | None:
    rates = dosage.get("doseAndRate") or [{}]
    rate = rates[0]
    if "doseQuantity" in rate:
        parts = [("doseQuantity", rate["doseQuantity"])]
    elif "doseRange" in rate:
        parts = [
            ("doseRange.low", rate["doseRange"].get("low") or {}),
            ("doseRange.high", rate["doseRange"].get("high") or {}),
        ]
    else:
        problems.append(coded(f"{where}.doseAndRate[0]", "fhir.regimen.no_dose"))
        return None
    amounts = []
    unit_text = ""
    for path, q in parts:
        code = str(q.get("code") or q.get("unit") or "")
        if "auc" in code.lower() or "min/ml" in code.lower().replace(".", "/"):
            problems.append(
                coded(f"{where}.doseAndRate[0].{path}.code", "fhir.regimen.auc", code=code)
            )
            return None
        if code not in _UNITS:
            field = f"{where}.doseAndRate[0].{path}.code"
            problems.append(coded(field, "fhir.regimen.unit", code=code))
            return None
        unit, per = _UNITS[code]
        unit_text = f"{unit}/{per}" if per else unit
        try:
            amounts.append(format(Decimal(str(q.get("value"))).normalize(), "f"))
        except InvalidOperation:
            problems.append(coded(f"{where}.doseAndRate[0].{path}.value", "fhir.regimen.value"))
            return None
    return f"{'-'.join(amounts)} {unit_text}"


def _route(dosage: Mapping[str, Any], where: str, problems: list[Problem]) -> str | None:
    route_element = dosage.get("route") or {}
    route = None
    for coding in route_element.get("coding") or []:
        route = route or route_from_snomed(str(coding.get("code")))
    text = str(route_element.get("text") or "").strip()
    if route is None:
        route = text if text in ROUTES else _ROUTE_WORDS.get(text.lower())
    if route is None:
        problems.append(
            coded(f"{where}.route", "fhir.regimen.route", text=text, routes=list(ROUTES))
        )
        return None
    method = str((dosage.get("method") or {}).get("text") or "").lower()
    if route == "IV" and ("push" in method or "bolus" in method or text == "IV push"):
        return "IV push"
    return route


def _drug_fields(drug: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A drug entry: ``days`` when one row covers every cycle, else ``schedule`` rows (rows
    alike and back to back joined)."""
    merged: list[dict[str, Any]] = []
    for row in rows:
        before = merged[-1] if merged else None
        if (
            before is not None
            and before["last"] is not None
            and before["last"] + 1 == row["first"]
            and before["days"] == row["days"]
            and before["extras"] == row["extras"]
        ):
            before["last"] = row["last"]
        else:
            merged.append(dict(row))
    fields = dict(drug)
    if (
        len(merged) == 1
        and merged[0]["first"] == 1
        and merged[0]["last"] is None
        and not merged[0]["extras"]
    ):
        fields["days"] = merged[0]["days"]
        return fields
    fields["schedule"] = [
        {"cycles": _cycles_text(r["first"], r["last"]), "days": r["days"], **r["extras"]}
        for r in merged
    ]
    return fields


def _cycles_text(first: int, last: int | None) -> str:
    """
    >>> _cycles_text(1, 2), _cycles_text(7, None), _cycles_text(3, 3)
    ('1-2', '7-', '3')
    """
    if last is None:
        return f"{first}-"
    return str(first) if first == last else f"{first}-{last}"


def regimen_files(plan: Any) -> dict[str, dict[str, Any]]:
    """The file fields of each regimen a validated plan uses (its own, and its maintenance's
    when the plan schedules maintenance cycles), by id: what the FHIR export's
    PlanDefinitions carry."""
    from .maintenance import maintenance_regimen

    found = {plan.regimen.id: plan.regimen.file_form()}
    maintenance = maintenance_regimen(plan.regimen) if plan.maintenance_cycles else None
    if maintenance is not None:
        found[maintenance.id] = maintenance.file_form()
    return found
