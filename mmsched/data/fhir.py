"""The FHIR vocabulary mmsched uses: code systems, the names of its own extensions, and the
drug and route codes of ``codes.json`` (each with the page it was read from).

Shared by the export (:mod:`mmsched.exports.fhir`) and the import of PlanDefinitions
(:mod:`mmsched.formats.fhir_regimen`), which must agree on every name; imports nothing.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

#: The canonical base of mmsched's own URLs when ``--canonical-base`` is not given.
DEFAULT_BASE = "urn:mmsched"

UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
DAYS_OF_CYCLE = "http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
NORMALIZATION_BASIS = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-normalization-basis"
DOSE_RATE_TYPE = "http://terminology.hl7.org/CodeSystem/dose-rate-type"
PLAN_DEFINITION_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

#: mmsched's units and what UCUM writes for them (``[iU]``: the international unit).
UCUM_UNITS = {"mg": "mg", "mcg": "ug", "g": "g", "IU": "[iU]"}
UCUM_PER = {"m2": "/m2", "kg": "/kg", None: ""}

#: The rules R4 has no element for, each in an extension of its own:
#: ``{canonical base}/StructureDefinition/mmsched-{name}``, its value the file's value as JSON
#: (``valueString``). Drug fields go on the drug's ActivityDefinition; the regimen's on the
#: PlanDefinition; a ``schedule:`` row's own fields on its drug action.
EXTENSION_PREFIX = "mmsched-"
REGIMEN_EXTENSIONS = ("cycles", "assumptions", "monitoring", "supportive", "maintenance")
ROW_EXTENSION = "schedule-row"


def extension_url(base: str, name: str) -> str:
    """The URL of mmsched's extension ``name`` under ``base``.

    >>> extension_url("urn:mmsched", "rounding")
    'urn:mmsched/StructureDefinition/mmsched-rounding'
    """
    return f"{base}/StructureDefinition/{EXTENSION_PREFIX}{name}"


def extension_name(url: str) -> str | None:
    """The field an mmsched extension URL carries (any canonical base), else None.

    >>> extension_name("https://ward.example/fhir/StructureDefinition/mmsched-levels")
    'levels'
    >>> extension_name(DAYS_OF_CYCLE) is None
    True
    """
    _, sep, tail = url.rpartition("/StructureDefinition/")
    if not sep or not tail.startswith(EXTENSION_PREFIX):
        return None
    return tail[len(EXTENSION_PREFIX) :]


#: Normalization basis (mCODE): SNOMED CT for a dose per BSA, per body weight, or fixed.
BASIS = {
    "m2": ("301898006", "Body surface area"),
    "kg": ("363804004", "Body weight"),
    None: ("1157245009", "Fixed dose"),
}
#: Multiple myeloma, SNOMED CT: every MedicationRequest's reason.
MULTIPLE_MYELOMA = ("109989006", "Multiple myeloma")
#: LOINC codes of the body measurements.
HEIGHT = ("8302-2", "Body height", "cm")
WEIGHT = ("29463-7", "Body weight", "kg")
BSA = ("8277-6", "Body surface area", "m2")


@cache
def codes() -> dict[str, Any]:
    """``codes.json``: ``drugs`` (drug → system name → {code, display, source}), ``routes``
    (route → system name → ...), ``systems`` (system name → URI), ``not_verified``."""
    path = Path(__file__).resolve().parent / "codes.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def drug_codings(drug: str) -> list[dict[str, str]]:
    """The codings of ``drug`` (RxNorm, ATC, ... that were verified), in a fixed order.

    >>> drug_codings("bortezomib")
    [{'system': 'http://www.whocc.no/atc', 'code': 'L01XG01', 'display': 'bortezomib'}]
    >>> drug_codings("elotuzumab")
    []
    """
    table = codes()
    found = table["drugs"].get(drug, {})
    return [
        {"system": table["systems"][name], "code": c["code"], "display": c["display"]}
        for name, c in sorted(found.items())
    ]


def route_codings(route: str) -> list[dict[str, str]]:
    """The SNOMED CT coding of an mmsched route code ("PO"), when it was verified.

    >>> route_codings("PO")
    [{'system': 'http://snomed.info/sct', 'code': '26643006', 'display': 'Oral route'}]
    """
    table = codes()
    found = table["routes"].get("IV" if route == "IV push" else route, {})
    return [
        {"system": table["systems"][name], "code": c["code"], "display": c["display"]}
        for name, c in sorted(found.items())
    ]


def route_from_snomed(code: str) -> str | None:
    """The mmsched route of a SNOMED CT route code, if the table has it."""
    for route, systems in codes()["routes"].items():
        if systems.get("snomed", {}).get("code") == code:
            return str(route)
    return None
