"""Issue 15: the FHIR R4 export (``mmsched fhir``, ``mmsched.to_fhir``) checked by independent
parsers (fhirclient's strict R4 models, fhir.resources' R4B models, FHIRPath with fhirpathpy),
by value sets of our own, against ``mmsched.expand``'s dates, and by hand for case 1."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle as R4BBundle
from fhirclient.models.bundle import Bundle as R4Bundle
from fhirpathpy import evaluate
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PLANS = sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "ward").glob("*.yaml"))
CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
DAYS = "http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle"
ENV = {"MMSCHED_LANG": "en", "NO_COLOR": "1", "MMSCHED_REGIMENS": ""}


def bundle_of(*paths: Path, **options: Any) -> dict[str, Any]:
    return mmsched.to_fhir([mmsched.load_plan(p) for p in paths], **options)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def ident(resource: dict[str, Any], system: str) -> str:
    return next(i["value"] for i in resource["identifier"] if i["system"] == system)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_every_example_bundle_parses_as_r4_and_r4b(plan: Path) -> None:
    bundle = bundle_of(plan)
    R4Bundle(bundle, strict=True)  # raises FHIRValidationError on any structural fault
    R4BBundle.model_validate(bundle)


def test_the_whole_ward_in_one_bundle_parses() -> None:
    bundle = bundle_of(*sorted((EXAMPLES / "ward").glob("*.yaml")))
    R4Bundle(bundle, strict=True)
    R4BBundle.model_validate(bundle)
    # six patients, one CarePlan each
    assert len(resources(bundle, "CarePlan")) == 6


def test_fhirpath_bortezomib_days_of_cycle_and_reasons() -> None:
    bundle = bundle_of(CASE1)
    days = evaluate(
        bundle,
        "Bundle.entry.resource.ofType(PlanDefinition).action.action"
        f".where(title='bortezomib').extension.where(url='{DAYS}').extension.valueInteger",
    )
    assert days == [1, 4, 8, 11]  # VRd: bortezomib on days 1, 4, 8 and 11 (Richardson 2010)
    missing = evaluate(
        bundle, "Bundle.entry.resource.ofType(MedicationRequest).where(reasonCode.empty()).count()"
    )
    assert missing == [0]
    codes = evaluate(
        bundle, "Bundle.entry.resource.ofType(MedicationRequest).reasonCode.coding.code.distinct()"
    )
    assert codes == ["109989006"]


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_event_dates_are_expand_dates_drug_by_drug(plan: Path) -> None:
    loaded = mmsched.load_plan(plan)
    schedule = mmsched.expand(loaded)
    bundle = mmsched.to_fhir([loaded])
    expected: dict[str, list[str]] = {}
    for adm in schedule.administrations:
        expected.setdefault(adm.drug, []).append(adm.date.isoformat())
    drafts = [
        r
        for r in resources(bundle, "MedicationRequest")
        if r["status"] == "draft" and "category" not in r
    ]
    found: dict[str, list[str]] = {}
    for request in drafts:
        drug = request["medicationCodeableConcept"]["text"]
        events = evaluate(request, "MedicationRequest.dosageInstruction.timing.event")
        found.setdefault(drug, []).extend(events)
    assert {d: sorted(v) for d, v in found.items()} == {d: sorted(v) for d, v in expected.items()}


def test_value_sets_of_our_own() -> None:
    """The parsers check structure, not codes: statuses, intents, UCUM units checked here."""
    for plan in PLANS:
        bundle = bundle_of(plan)
        for entry in bundle["entry"]:
            resource = entry["resource"]
            kind = resource["resourceType"]
            assert entry["request"]["method"] == "PUT"
            assert entry["request"]["url"].startswith(f"{kind}?identifier=")
            assert entry["fullUrl"].startswith("urn:uuid:")
            if kind in ("MedicationRequest", "ServiceRequest", "RequestGroup", "CarePlan"):
                assert resource["intent"] == "plan"  # never order: mmsched does not sign
            if kind == "MedicationRequest":
                assert resource["status"] in {"draft", "on-hold", "cancelled"}
                if resource["status"] != "draft":
                    assert resource["statusReason"]["text"]
            if kind in ("ServiceRequest", "CarePlan", "RequestGroup"):
                assert resource["status"] == "draft"
            if kind == "Observation":
                assert resource["status"] == "final"
        quantities = list(walk(bundle, "value"))
        assert quantities  # doses and measurements
        units = {q["code"] for q in quantities}
        assert units <= {"mg", "ug", "g", "[iU]", "mg/m2", "mg/kg", "ug/kg", "cm", "kg", "m2"}
        assert {q["system"] for q in quantities} == {"http://unitsofmeasure.org"}
        assert all(q["unit"] == q["code"] for q in quantities)


def test_case1_by_hand() -> None:
    """Case 1: 156 cm, 52 kg, Mosteller BSA sqrt(156 × 52 / 3600) = 1.5011 → 1.50 m²;
    bortezomib 1.3 mg/m² × 1.50 m² = 1.95 mg, ordered 2.0 mg (0.1 mg step); start Tuesday
    2026-12-01, 28-day cycles: C1 days 1, 4, 8, 11 = 12-01, 12-04, 12-08, 12-11 and C2 from
    12-29: 12-29, 2027-01-01, 01-05, 01-08."""
    bundle = bundle_of(CASE1)
    base = "urn:mmsched"
    by_id = {
        ident(r, f"{base}/medication-request"): r for r in resources(bundle, "MedicationRequest")
    }
    c1 = by_id["GZ-0001/rvd-il2/2026-12-01/C1/bortezomib"]
    c2 = by_id["GZ-0001/rvd-il2/2026-12-01/C2/bortezomib"]
    assert c1["dosageInstruction"][0]["timing"]["event"] == [
        "2026-12-01", "2026-12-04", "2026-12-08", "2026-12-11",
    ]  # fmt: skip
    assert c2["dosageInstruction"][0]["timing"]["event"] == [
        "2026-12-29", "2027-01-01", "2027-01-05", "2027-01-08",
    ]  # fmt: skip
    rates = {
        r["type"]["coding"][0]["code"]: r["doseQuantity"]
        for r in c1["dosageInstruction"][0]["doseAndRate"]
    }
    assert rates["calculated"]["value"] == 1.95 and rates["calculated"]["code"] == "mg"
    assert rates["ordered"]["value"] == 2
    basis = c1["extension"][0]
    assert basis["url"].endswith("mcode-normalization-basis")
    assert basis["valueCodeableConcept"]["coding"][0]["code"] == "301898006"
    assert c1["dosageInstruction"][0]["route"]["coding"][0]["code"] == "34206005"  # SC
    bsa = [
        o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "8277-6"
    ]
    # one measurement (the plan's start) serves both cycles: one Observation
    assert [o["valueQuantity"]["value"] for o in bsa] == [1.5]
    assert bsa[0]["effectiveDateTime"] == "2026-12-01"
    assert "mosteller" in bsa[0]["method"]["text"]
    urls = {
        e["resource"]["resourceType"] + ident(e["resource"], base + "/observation"): e["fullUrl"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    }
    assert c1["supportingInformation"] == [
        {"reference": urls["ObservationGZ-0001/bsa-mosteller/2026-12-01"]}
    ]
    heights = [
        o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "8302-2"
    ]
    assert [(o["valueQuantity"]["value"], o["valueQuantity"]["code"]) for o in heights] == [
        (156, "cm")
    ]
    lenalidomide = by_id["GZ-0001/rvd-il2/2026-12-01/C1/lenalidomide"]
    assert lenalidomide["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "1157245009"
    assert "supportingInformation" not in lenalidomide
    care_plan = resources(bundle, "CarePlan")[0]
    assert care_plan["period"] == {"start": "2026-12-01", "end": "2027-01-25"}  # 2 × 28 days
    assert care_plan["subject"] == {
        "identifier": {"system": "urn:mmsched/patient", "value": "GZ-0001"},
        "type": "Patient",
    }
    assert not resources(bundle, "Patient")  # referenced, never created
    value = "GZ-0001/rvd-il2/2026-12-01"
    expected = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:mmsched/care-plan|{value}")
    assert f"urn:uuid:{expected}" in {e["fullUrl"] for e in bundle["entry"]}
    group = resources(bundle, "RequestGroup")[0]
    assert [a["timingPeriod"] for a in group["action"]] == [
        {"start": "2026-12-01", "end": "2026-12-28"},
        {"start": "2026-12-29", "end": "2027-01-25"},
    ]


def test_golden_case1_bundle(golden: Any) -> None:
    """Checked by hand against the R4 specification (README, FHIR): every element in its
    resource's definition, cardinalities and value sets as the tests above."""
    from mmsched.exports.fhir import bundle_json

    golden.check("fhir/case1.json", bundle_json(bundle_of(CASE1)))


def test_same_input_same_bytes_and_other_base() -> None:
    first = json.dumps(bundle_of(*PLANS), sort_keys=True)
    assert first == json.dumps(bundle_of(*PLANS), sort_keys=True)
    other = bundle_of(
        CASE1, canonical_base="https://h.example/fhir", patient_system="urn:oid:1.2.3"
    )
    plan_definition = resources(other, "PlanDefinition")[0]
    assert plan_definition["url"] == "https://h.example/fhir/PlanDefinition/rvd-il2"
    assert resources(other, "CarePlan")[0]["subject"]["identifier"]["system"] == "urn:oid:1.2.3"
    assert all(
        e["url"].startswith(
            ("https://h.example/fhir/StructureDefinition/mmsched-", "http://hl7.org")
        )
        for e in plan_definition["extension"]
    )


def test_previous_cancels_requests_no_longer_planned(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = CASE1.read_text(encoding="utf-8")
    plan.write_text(text.replace("\ncycles: 2\n", "\ncycles: 3\n"), encoding="utf-8")
    old = bundle_of(plan)
    plan.write_text(text, encoding="utf-8")  # the third cycle removed
    new = bundle_of(plan, previous=old)
    cancelled = [r for r in resources(new, "MedicationRequest") if r["status"] == "cancelled"]
    values = sorted(ident(r, "urn:mmsched/medication-request") for r in cancelled)
    assert values and all("/C3/" in v for v in values)
    assert {r["statusReason"]["text"] for r in cancelled} == {"removed from the plan"}
    old_c3 = [
        ident(r, "urn:mmsched/medication-request")
        for r in resources(old, "MedicationRequest")
        if "/C3/" in ident(r, "urn:mmsched/medication-request")
    ]
    assert values == sorted(old_c3)


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env=ENV)


def test_cli_fhir_writes_the_bundle_and_per_patient(tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    result = invoke("fhir", str(CASE1), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == bundle_of(CASE1)
    ward = sorted((EXAMPLES / "ward").glob("*.yaml"))
    nd = tmp_path / "w.ndjson"
    result = invoke("fhir", *map(str, ward), "--per-patient", "-o", str(nd))
    assert result.exit_code == 0, result.output
    lines = nd.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6
    patients = [
        Counter(
            e["resource"]["subject"]["identifier"]["value"]
            for e in json.loads(line)["entry"]
            if "subject" in e["resource"]
        )
        for line in lines
    ]
    assert all(len(p) == 1 for p in patients)


def test_cli_fhir_errors_are_one_paragraph(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(CASE1.read_text(encoding="utf-8").replace("height_cm: 156", "height_cm: tall"))
    result = invoke("fhir", str(bad), "-o", str(tmp_path / "x.json"))
    assert result.exit_code == 1
    assert "bad.yaml" in result.output and "height_cm" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.json").exists()
    result = invoke("fhir", str(CASE1), "-o", str(tmp_path / "x.json"), "--canonical-base", "x y")
    assert result.exit_code == 2 and "--canonical-base" in result.output
    prev = tmp_path / "prev.json"
    prev.write_text("{not json", encoding="utf-8")
    result = invoke("fhir", str(CASE1), "-o", str(tmp_path / "x.json"), "--previous", str(prev))
    assert result.exit_code == 1 and "prev.json" in result.output and "not JSON" in result.output


def test_fhir_command_is_imported_only_when_it_runs() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import mmsched.cli.app as a; "
        "print('mmsched.cli.fhir' in sys.modules, 'mmsched.cli.schema' in sys.modules, "
        "'mmsched.exports.fhir' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def walk(node: Any, key: str) -> Any:
    """Every mapping under ``node`` that has ``key`` and a UCUM-style ``code`` (a Quantity),
    or, for ``key`` "event", every Timing."""
    if isinstance(node, dict):
        if key in node and (key == "event" or ("code" in node and "unit" in node)):
            yield node
        for value in node.values():
            yield from walk(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value, key)


def test_dates_are_iso_dates() -> None:
    bundle = bundle_of(CASE1)
    events = [e for timing in walk(bundle, "event") for e in timing["event"]]
    assert len(events) > 20
    for event in events:
        date.fromisoformat(event)


def test_a_course_with_maintenance(tmp_path: Path) -> None:
    """gz-0101 (VRd-21, 4 cycles from 2026-12-07) with 2 cycles of S0777 Rd maintenance:
    two PlanDefinitions, the maintenance cycles' days from the maintenance regimen (lenalidomide
    days 1-14 in VRd-21, 1-21 in the maintenance; cycles of 21 then 28 days)."""
    source = (EXAMPLES / "ward" / "gz-0101-vrd21.yaml").read_text(encoding="utf-8")
    source = source.replace(
        "doses: {aspirin: 100 mg}",
        "doses: {aspirin: 100 mg, maintenance: {dexamethasone: 40 mg}}",
    )
    plan = tmp_path / "m.yaml"
    plan.write_text(source + "\nmaintenance_cycles: 2\n", encoding="utf-8")
    bundle = bundle_of(plan)
    R4Bundle(bundle, strict=True)
    urls = [r["url"] for r in resources(bundle, "PlanDefinition")]
    assert urls == [
        "urn:mmsched/PlanDefinition/vrd-21",
        "urn:mmsched/PlanDefinition/rd-maintenance-s0777",
    ]
    group = resources(bundle, "RequestGroup")[0]
    periods = [a["timingPeriod"] for a in group["action"]]
    # C1 2026-12-07 + 4 × 21 days = C5 (the first maintenance cycle) on 2027-03-01, 28 days
    assert periods[4] == {"start": "2027-03-01", "end": "2027-03-28"}
    assert periods[3] == {"start": "2027-02-08", "end": "2027-02-28"}

    def days(cycle: int) -> list[int]:
        action = next(
            a for a in group["action"][cycle - 1]["action"] if a["title"] == "lenalidomide"
        )
        return [e["valueInteger"] for e in action["extension"][0]["extension"]]

    assert days(1) == list(range(1, 15))
    assert days(5) == list(range(1, 22))


def test_cli_per_patient_with_previous_ndjson(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = CASE1.read_text(encoding="utf-8")
    plan.write_text(text.replace("\ncycles: 2\n", "\ncycles: 3\n"), encoding="utf-8")
    old = tmp_path / "old.ndjson"
    assert invoke("fhir", str(plan), "--per-patient", "-o", str(old)).exit_code == 0
    plan.write_text(text, encoding="utf-8")
    new = tmp_path / "new.ndjson"
    result = invoke("fhir", str(plan), "--per-patient", "--previous", str(old), "-o", str(new))
    assert result.exit_code == 0, result.output
    (bundle,) = [json.loads(line) for line in new.read_text(encoding="utf-8").splitlines()]
    cancelled = {
        ident(r, "urn:mmsched/medication-request")
        for r in resources(bundle, "MedicationRequest")
        if r["status"] == "cancelled"
    }
    assert cancelled and all("/C3/" in v for v in cancelled)
    result = CliRunner().invoke(app, ["fhir", str(plan), "-o", "-"], env=ENV)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["type"] == "transaction"
