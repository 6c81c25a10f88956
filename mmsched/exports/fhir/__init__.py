"""FHIR R4 export: a course as a ``transaction`` Bundle, a regimen as a ``PlanDefinition``.

:func:`to_bundle` makes one Bundle of many courses, :func:`to_bundles` one per patient (so a
server that refuses one patient's resources does not roll back the others'). With the previous
export, a medication request that is no longer produced is sent again as ``cancelled`` ("removed
from the plan"), as the ``.ics`` export does with events. Output is deterministic:
:func:`bundle_json` writes sorted keys, and no resource carries a time stamp or a random id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from ...errors import MmschedError, coded
from .bundle import CourseInput, Entries, FhirOptions, cancelled_request, course_entries
from .plandefinition import plan_definition

__all__ = [
    "CourseInput",
    "FhirOptions",
    "bundle_json",
    "plan_definition",
    "previous_requests",
    "to_bundle",
    "to_bundles",
]

MEDICATION_REQUEST = "medication-request"


def _bundle(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def to_bundles(
    courses: Iterable[CourseInput],
    options: FhirOptions | None = None,
    previous: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """One transaction Bundle per patient, in the order patients first appear.

    ``previous``: the medication requests of the previous export by identifier value
    (:func:`previous_requests`); those no longer produced come back cancelled, in their
    patient's Bundle.
    """
    options = options or FhirOptions()
    by_patient: dict[str, Entries] = {}
    produced: set[str] = set()
    for item in courses:
        entries = by_patient.setdefault(item.course.patient.id, Entries(options))
        produced.update(course_entries(item, entries))
    _cancel_removed(by_patient, produced, previous or {}, options)
    return [_bundle(e.entries()) for e in by_patient.values()]


def to_bundle(
    courses: Iterable[CourseInput],
    options: FhirOptions | None = None,
    previous: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """One transaction Bundle of every course."""
    entries: list[dict[str, Any]] = []
    for bundle in to_bundles(courses, options, previous):
        entries.extend(bundle["entry"])
    return _bundle(entries)


def _cancel_removed(
    by_patient: dict[str, Entries],
    produced: set[str],
    previous: Mapping[str, Mapping[str, Any]],
    options: FhirOptions,
) -> None:
    for value in sorted(set(previous) - produced):
        patient = value.split("/", 1)[0]
        entries = by_patient.setdefault(patient, Entries(options))
        resource = cancelled_request(previous[value])
        resource["identifier"] = [
            i
            for i in resource.get("identifier", [])
            if i.get("system") != entries.system(MEDICATION_REQUEST)
        ]
        entries.add(resource, MEDICATION_REQUEST, value)


def previous_requests(
    bundles: Iterable[Mapping[str, Any]], options: FhirOptions | None = None, source: str = ""
) -> dict[str, dict[str, Any]]:
    """The medication requests of a previous export (its Bundles), by identifier value."""
    system = f"{(options or FhirOptions()).base}/{MEDICATION_REQUEST}"
    found: dict[str, dict[str, Any]] = {}
    for bundle in bundles:
        if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
            raise MmschedError(coded("", "fhir.previous.not_a_bundle"), file=source)
        for entry in bundle.get("entry") or []:
            resource = entry.get("resource") or {}
            if resource.get("resourceType") != "MedicationRequest":
                continue
            for ident in resource.get("identifier") or []:
                if ident.get("system") == system and isinstance(ident.get("value"), str):
                    found[ident["value"]] = resource
    return found


def bundle_json(bundle: Mapping[str, Any], *, indent: int | None = 2) -> str:
    """A Bundle as JSON text: sorted keys, UTF-8 characters kept, a final newline."""
    return json.dumps(bundle, sort_keys=True, ensure_ascii=False, indent=indent) + "\n"
