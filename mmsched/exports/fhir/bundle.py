"""One patient's course as FHIR R4 resources: the entries of a ``transaction`` Bundle.

Every resource is identified by an identifier under the canonical base, sent as a conditional
PUT on it, with a ``fullUrl`` that is the uuid5 of the identifier: the same plan gives the same
bytes, and sending it again updates the resources instead of adding new ones. The Patient is
referenced by identifier, never created (mmsched does not own demographics); requests are
``draft`` / ``plan`` (mmsched plans, it does not sign).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from ...data.fhir import (
    BASIS,
    BSA,
    DOSE_RATE_TYPE,
    HEIGHT,
    LOINC,
    MULTIPLE_MYELOMA,
    NORMALIZATION_BASIS,
    OBSERVATION_CATEGORY,
    SNOMED,
    WEIGHT,
    drug_codings,
)
from ...engine.course import CompiledRegimen, Course
from ...engine.expand import expand
from ...engine.rules import DrugRule
from ...engine.schedule import Administration, Schedule, SkippedDose, SupportiveRecord
from ...engine.units import Dose
from .plandefinition import (
    canonical_url,
    content_version,
    days_of_cycle,
    dose_element,
    method_element,
    number,
    plan_definition,
    quantity,
    route_element,
)

#: A skipped dose's kind and the request status it is sent with.
SKIPPED_STATUS = {"held": "on-hold", "omitted": "cancelled", "stopped": "cancelled"}
SKIPPED_STATUS["closed"] = "cancelled"
REMOVED = "removed from the plan"


@dataclass(frozen=True)
class FhirOptions:
    """``base``: the canonical base of mmsched's URLs; ``patient_system``: the identifier
    system of the hospital's patient ids (default ``{base}/patient``)."""

    base: str = "urn:mmsched"
    patient_system: str | None = None

    @property
    def patients(self) -> str:
        return self.patient_system or f"{self.base}/patient"


@dataclass(frozen=True)
class CourseInput:
    """A course to export and the regimen files its phases use (id → the file's fields)."""

    course: Course
    regimen_files: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


class Entries:
    """The entries of one Bundle, each identifier once, in the order they were added."""

    def __init__(self, options: FhirOptions) -> None:
        self.options = options
        self.by_key: dict[tuple[str, str], dict[str, Any]] = {}

    def system(self, kind: str) -> str:
        return f"{self.options.base}/{kind}"

    def add(self, resource: dict[str, Any], kind: str, value: str) -> str:
        """Add ``resource`` with its identifier ``{base}/{kind}`` | ``value``; its fullUrl."""
        system = self.system(kind)
        full_url = full_url_of(system, value)
        key = (resource["resourceType"], full_url)
        if key not in self.by_key:
            resource["identifier"] = [
                {"system": system, "value": value},
                *resource.get("identifier", []),
            ]
            self.by_key[key] = {
                "fullUrl": full_url,
                "resource": resource,
                "request": {
                    "method": "PUT",
                    "url": f"{resource['resourceType']}?identifier="
                    + quote(f"{system}|{value}", safe="/:|-._~"),
                },
            }
        return full_url

    def entries(self) -> list[dict[str, Any]]:
        return list(self.by_key.values())


def full_url_of(system: str, value: str) -> str:
    """The fullUrl of the resource with this identifier: a uuid5, stable across runs.

    >>> url = full_url_of("urn:mmsched/care-plan", "GZ-0001/rvd/2026-12-01")
    >>> url == full_url_of("urn:mmsched/care-plan", "GZ-0001/rvd/2026-12-01"), url[:9]
    (True, 'urn:uuid:')
    """
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{system}|{value}')}"


def course_entries(item: CourseInput, entries: Entries) -> list[str]:
    """Add one course's resources to ``entries``; the identifier values of its medication
    requests (for ``--previous``)."""
    schedule = expand(item.course)
    return _CourseWriter(item, schedule, entries).write()


class _CourseWriter:
    def __init__(self, item: CourseInput, schedule: Schedule, entries: Entries) -> None:
        self.course = item.course
        self.files = item.regimen_files
        self.schedule = schedule
        self.entries = entries
        self.base = entries.options.base
        patient = self.course.patient.id
        self.patient_id = patient
        self.subject = {
            "identifier": {"system": entries.options.patients, "value": patient},
            "type": "Patient",
        }
        self.key = f"{patient}/{self.course.regimen.id}/{self.course.start.isoformat()}"
        self.regimens = [self.course.regimen]
        if self.course.maintenance is not None and self.course.maintenance.cycles:
            self.regimens.append(self.course.maintenance.regimen)
        self.rules = {r.drug: r for reg in reversed(self.regimens) for r in reg.rules}
        self.phase_rules = {
            "induction": {r.drug: r for r in self.course.regimen.rules},
            "maintenance": {r.drug: r for r in self.regimens[-1].rules},
        }
        self.requests: list[str] = []

    def write(self) -> list[str]:
        canonicals = [self._plan_definition(r) for r in self.regimens]
        observations = self._observations()
        care_plan_url = full_url_of(self.entries.system("care-plan"), self.key)
        group_url = full_url_of(self.entries.system("request-group"), self.key)
        self.entries.add(self._care_plan(canonicals, group_url), "care-plan", self.key)
        group = self._request_group(canonicals)
        self.entries.add(group, "request-group", self.key)
        requests = self._medication_requests(care_plan_url, observations)
        self._fill_group(group, requests)
        self._supportive(care_plan_url)
        self._monitoring(care_plan_url)
        return self.requests

    # PlanDefinition ---------------------------------------------------------------------
    def _plan_definition(self, regimen: CompiledRegimen) -> str:
        file_form = self.files.get(regimen.id) or {"id": regimen.id}
        resource = plan_definition(regimen, file_form, self.base)
        version = content_version(file_form)
        self.entries.add(resource, "regimen-version", f"{regimen.id}/{version}")
        return f"{canonical_url(self.base, regimen.id)}|{version}"

    # Observations -----------------------------------------------------------------------
    def _observations(self) -> dict[tuple[str, date], str]:
        """Height, weight and BSA Observations; (kind, date) → fullUrl. BSA on each date a
        BSA-based dose was computed from."""
        found: dict[tuple[str, date], str] = {}
        course = self.course
        heights = [(course.start, course.patient.height_cm)]
        weights = [(course.start, course.patient.weight_kg)]
        for m in course.measurements:
            if m.height_cm is not None:
                heights.append((m.date, m.height_cm))
            if m.weight_kg is not None:
                weights.append((m.date, m.weight_kg))
        for day, value in heights:
            found[("height", day)] = self._observation(HEIGHT, day, value, "height")
        for day, value in weights:
            found[("weight", day)] = self._observation(WEIGHT, day, value, "weight")
        for cycle, start in enumerate(self.schedule.cycle_starts, start=1):
            bsa = next(
                (a.bsa_m2 for a in self.schedule.administrations if a.cycle == cycle and a.bsa_m2),
                None,
            )
            if bsa is None:
                continue
            h_day = (
                max(d for d, _ in heights if d <= start)
                if any(d <= start for d, _ in heights)
                else course.start
            )
            w_day = (
                max(d for d, _ in weights if d <= start)
                if any(d <= start for d, _ in weights)
                else course.start
            )
            day = max(h_day, w_day)
            found[("bsa", start)] = self._bsa(
                day, bsa, found[("height", h_day)], found[("weight", w_day)]
            )
        return found

    def _observation(
        self, code: tuple[str, str, str], day: date, value: Decimal, kind: str, **extra: Any
    ) -> str:
        loinc, display, unit = code
        resource = {
            "resourceType": "Observation",
            "status": "final",
            "category": [
                {
                    "coding": [
                        {
                            "system": OBSERVATION_CATEGORY,
                            "code": "vital-signs",
                            "display": "Vital Signs",
                        }
                    ]
                }
            ],
            "code": {
                "coding": [{"system": LOINC, "code": loinc, "display": display}],
                "text": display,
            },
            "subject": self.subject,
            "effectiveDateTime": day.isoformat(),
            "valueQuantity": quantity_unit(value, unit),
            **extra,
        }
        return self.entries.add(
            resource, "observation", f"{self.patient_id}/{kind}/{day.isoformat()}"
        )

    def _bsa(self, day: date, bsa: Decimal, height: str, weight: str) -> str:
        formula = self.course.bsa_formula
        method = f"{formula} formula, rounded half-up to 0.01 m2"
        if self.course.bsa_cap_m2 is not None:
            method += f"; capped at {self.course.bsa_cap_m2} m2"
        extra = {
            "method": {"text": method},
            "derivedFrom": [{"reference": height}, {"reference": weight}],
        }
        kind = f"bsa-{formula}" + (
            f"-cap{self.course.bsa_cap_m2}" if self.course.bsa_cap_m2 else ""
        )
        return self._observation(BSA, day, bsa, kind, **extra)

    # CarePlan and RequestGroup -----------------------------------------------------------
    def _care_plan(self, canonicals: list[str], group_url: str) -> dict[str, Any]:
        return {
            "resourceType": "CarePlan",
            "status": "draft",
            "intent": "plan",
            "instantiatesCanonical": canonicals,
            "title": self.schedule.regimen_name,
            "subject": self.subject,
            "period": {
                "start": self.schedule.start.isoformat(),
                "end": self.schedule.end.isoformat(),
            },
            "activity": [{"reference": {"reference": group_url}}],
        }

    def _request_group(self, canonicals: list[str]) -> dict[str, Any]:
        actions = []
        for cycle, start in enumerate(self.schedule.cycle_starts, start=1):
            end = start + timedelta(days=self.schedule.cycle_days_of(cycle) - 1)
            actions.append(
                {
                    "title": f"Cycle {cycle}",
                    "timingPeriod": {"start": start.isoformat(), "end": end.isoformat()},
                    "action": [],
                }
            )
        return {
            "resourceType": "RequestGroup",
            "status": "draft",
            "intent": "plan",
            "instantiatesCanonical": canonicals,
            "subject": self.subject,
            "action": actions,
        }

    def rule_in(self, drug: str, cycle: int) -> tuple[DrugRule | None, int]:
        """The rule of ``drug`` in the phase of ``cycle``, and the cycle's number in that
        phase's regimen (a maintenance counts its own cycles from 1)."""
        phase = self.schedule.phase_of(cycle)
        first = next((p.first_cycle for p in self.schedule.phase_table if p.phase == phase), 1)
        return self.phase_rules.get(phase, self.rules).get(drug), cycle - first + 1

    def _fill_group(self, group: dict[str, Any], requests: dict[tuple[int, str], str]) -> None:
        for (cycle, drug), url in requests.items():
            rule, local = self.rule_in(drug, cycle)
            days = rule.days_for(local) if rule is not None else ()
            action: dict[str, Any] = {"title": drug, "resource": {"reference": url}}
            if days:
                action["extension"] = [days_of_cycle(days)]
            group["action"][cycle - 1]["action"].append(action)

    # MedicationRequests ----------------------------------------------------------------
    def _medication_requests(
        self, care_plan: str, observations: Mapping[tuple[str, date], str]
    ) -> dict[tuple[int, str], str]:
        given: dict[tuple[int, str], list[Administration]] = {}
        for adm in self.schedule.administrations:
            given.setdefault((adm.cycle, adm.drug), []).append(adm)
        found: dict[tuple[int, str], str] = {}
        for (cycle, drug), doses in given.items():
            rule = self.rules[drug]
            value = f"{self.key}/C{cycle}/{drug}"
            resource = self._request(drug, rule.route, care_plan, "draft")
            resource["dosageInstruction"] = list(_dosages(doses, rule.route))
            per = rule.dose.per
            code, display = BASIS[per]
            resource["extension"] = [
                {
                    "url": NORMALIZATION_BASIS,
                    "valueCodeableConcept": {
                        "coding": [{"system": SNOMED, "code": code, "display": display}]
                    },
                }
            ]
            start = self.schedule.cycle_starts[cycle - 1]
            support = observations.get(("bsa", start)) if per == "m2" else None
            if per == "kg":
                weights = [d for k, d in observations if k == "weight" and d <= start]
                support = observations.get(("weight", max(weights))) if weights else None
            if support is not None:
                resource["supportingInformation"] = [{"reference": support}]
            found[(cycle, drug)] = self.entries.add(resource, "medication-request", value)
            self.requests.append(value)
        skipped: dict[tuple[int, str, str], list[SkippedDose]] = {}
        for s in self.schedule.skipped:
            skipped.setdefault(
                (s.cycle, s.drug, SKIPPED_STATUS.get(s.kind, "cancelled")), []
            ).append(s)
        for (cycle, drug, status), missed in skipped.items():
            known = self.rules.get(drug)
            route = known.route if known is not None else ""
            value = f"{self.key}/C{cycle}/{drug}/{status}"
            resource = self._request(drug, route, care_plan, status)
            resource["statusReason"] = {
                "text": "; ".join(sorted({f"{s.kind}: {s.reason}" for s in missed}))
            }
            resource["dosageInstruction"] = [
                {"timing": {"event": sorted({s.date.isoformat() for s in missed})}}
            ]
            self.entries.add(resource, "medication-request", value)
            self.requests.append(value)
        return found

    def _request(self, drug: str, route: str, care_plan: str, status: str) -> dict[str, Any]:
        medication: dict[str, Any] = {"text": drug}
        codings = drug_codings(drug)
        if codings:
            medication["coding"] = codings
        return {
            "resourceType": "MedicationRequest",
            "status": status,
            "intent": "plan",
            "medicationCodeableConcept": medication,
            "subject": self.subject,
            "basedOn": [{"reference": care_plan}],
            "reasonCode": [
                {
                    "coding": [
                        {
                            "system": SNOMED,
                            "code": MULTIPLE_MYELOMA[0],
                            "display": MULTIPLE_MYELOMA[1],
                        }
                    ]
                }
            ],
        }

    def _supportive(self, care_plan: str) -> None:
        grouped: dict[tuple[int, str], list[SupportiveRecord]] = {}
        for record in self.schedule.supportive:
            if record.is_prompt:
                continue  # a reminder, not a medication
            grouped.setdefault((record.cycle, record.item), []).append(record)
        for (cycle, item), records in grouped.items():
            first = records[0]
            resource = self._request(item, first.route or "", care_plan, "draft")
            resource["category"] = [
                {
                    "coding": [
                        {
                            "system": f"{self.base}/CodeSystem/supportive-category",
                            "code": first.category,
                        }
                    ],
                    "text": first.category,
                }
            ]
            dose = Dose(
                first.dose_low or Decimal(0), first.dose_high or Decimal(0), first.unit or "mg"
            )
            dosage: dict[str, Any] = {
                "timing": {"event": sorted({r.date.isoformat() for r in records})},
                "doseAndRate": [dose_element(dose)],
            }
            if first.route:
                dosage["route"] = route_element(first.route)
            if first.note:
                dosage["text"] = first.note
            resource["dosageInstruction"] = [dosage]
            value = f"{self.key}/C{cycle}/supportive/{item}"
            self.entries.add(resource, "medication-request", value)
            self.requests.append(value)

    def _monitoring(self, care_plan: str) -> None:
        for event in self.schedule.monitoring:
            resource: dict[str, Any] = {
                "resourceType": "ServiceRequest",
                "status": "draft",
                "intent": "plan",
                "code": {"text": event.test},
                "subject": self.subject,
                "basedOn": [{"reference": care_plan}],
            }
            if event.window_to is not None:
                resource["occurrencePeriod"] = {
                    "start": event.date.isoformat(),
                    "end": event.window_to.isoformat(),
                }
            else:
                resource["occurrenceDateTime"] = event.date.isoformat()
            value = f"{self.key}/C{event.cycle}/D{event.day}/{event.test}"
            self.entries.add(resource, "service-request", value)


def _dosages(doses: list[Administration], route: str) -> Iterator[dict[str, Any]]:
    """One Dosage per distinct dose of a drug in a cycle (usually one), with its dates."""
    by_dose: dict[tuple[Decimal, Decimal, str], list[Administration]] = {}
    for adm in doses:
        by_dose.setdefault((adm.dose, adm.dose_calculated, adm.unit), []).append(adm)
    for (dose, calculated, unit), same in by_dose.items():
        dosage: dict[str, Any] = {
            "text": f"{same[0].prescribed}: {same[0].basis}",
            "timing": {"event": [a.date.isoformat() for a in same]},
            "route": route_element(route),
            "doseAndRate": [
                {
                    "type": {
                        "coding": [
                            {
                                "system": DOSE_RATE_TYPE,
                                "code": "calculated",
                                "display": "Calculated",
                            }
                        ]
                    },
                    "doseQuantity": quantity(calculated, unit),
                },
                {
                    "type": {
                        "coding": [
                            {"system": DOSE_RATE_TYPE, "code": "ordered", "display": "Ordered"}
                        ]
                    },
                    "doseQuantity": quantity(dose, unit),
                },
            ],
        }
        method = method_element(route)
        if method is not None:
            dosage["method"] = method
        yield dosage


def quantity_unit(value: Decimal, unit: str) -> dict[str, Any]:
    """A UCUM quantity in a body measurement's unit (cm, kg, m2)."""
    return {
        "value": number(value),
        "unit": unit,
        "system": "http://unitsofmeasure.org",
        "code": unit,
    }


def cancelled_request(previous: Mapping[str, Any]) -> dict[str, Any]:
    """A request of the previous bundle no longer planned: sent again as cancelled."""
    resource = {k: v for k, v in previous.items() if k not in ("id", "meta")}
    resource["status"] = "cancelled"
    resource["statusReason"] = {"text": REMOVED}
    return resource
