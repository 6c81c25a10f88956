"""Issue 15: the FHIR export against a real FHIR server from PyPI: SEKMET (``sekmet-fhir``, a
FastAPI R4 server with transactions, conditional update and search by identifier), run in its
own virtual environment (.ci/run installs it and sets ``MMSCHED_SEKMET``).

The transaction is sent, read back, sent again after a delay change (resources updated, none
added), then sent with ``--previous`` after a cycle is removed (its requests cancelled).
SEKMET 0.1.1 indexes no search parameter for PlanDefinition and RequestGroup, so a conditional
update on them cannot be resolved there: those two entries (and the CarePlan's reference to the
RequestGroup) are left out of what is sent; the offline parsers check them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import mmsched

pytestmark = pytest.mark.interop

CASE1 = Path(__file__).resolve().parent.parent / "examples" / "case1-rvd-il2.yaml"
SYSTEM = "urn:mmsched/medication-request"
UNINDEXED = {"PlanDefinition", "RequestGroup"}


def _sekmet() -> str:
    found = os.environ.get("MMSCHED_SEKMET") or shutil.which("sekmet")
    if not found or not Path(found).exists():
        pytest.skip(
            "the FHIR server sekmet is not installed: python3 -m venv /tmp/sekmet-venv && "
            "/tmp/sekmet-venv/bin/pip install sekmet-fhir, then MMSCHED_SEKMET="
            "/tmp/sekmet-venv/bin/sekmet (.ci/run does this)"
        )
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - a local server
        return json.load(response)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    executable = _sekmet()
    port = _free_port()
    log = (tmp_path / "sekmet.log").open("wb")
    process = subprocess.Popen(
        [executable, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/fhir"
    try:
        for _ in range(240):
            try:
                _get(f"{base}/metadata")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.25)
        else:
            pytest.fail(f"sekmet did not start: {(tmp_path / 'sekmet.log').read_text()[-2000:]}")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _sendable(bundle: dict[str, Any]) -> dict[str, Any]:
    entries = [e for e in bundle["entry"] if e["resource"]["resourceType"] not in UNINDEXED]
    for entry in entries:
        entry["resource"].pop("activity", None)
    return {**bundle, "entry": entries}


def _post(base: str, bundle: dict[str, Any]) -> list[str]:
    data = json.dumps(_sendable(bundle)).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - a local server
        base, data=data, headers={"Content-Type": "application/fhir+json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            reply = json.load(response)
    except urllib.error.HTTPError as exc:
        pytest.fail(f"the server refused the transaction: {exc.read().decode()[:2000]}")
    return [e["response"]["status"] for e in reply["entry"]]


def _requests(base: str) -> dict[str, dict[str, Any]]:
    found = _get(f"{base}/MedicationRequest?_count=1000")
    return {
        next(i["value"] for i in e["resource"]["identifier"] if i["system"] == SYSTEM): e[
            "resource"
        ]
        for e in found.get("entry", [])
    }


def _plan(tmp_path: Path, cycles: int, delays: str = "") -> Any:
    text = CASE1.read_text(encoding="utf-8").replace("\ncycles: 2\n", f"\ncycles: {cycles}\n")
    path = tmp_path / "plan.yaml"
    path.write_text(text + delays, encoding="utf-8")
    return mmsched.load_plan(path)


def _events(resource: dict[str, Any]) -> list[str]:
    return [e for d in resource["dosageInstruction"] for e in d["timing"]["event"]]


def test_send_update_and_cancel_on_a_real_server(server: str, tmp_path: Path) -> None:
    first = mmsched.to_fhir([_plan(tmp_path, 3)])
    statuses = _post(server, first)
    assert statuses and all(s.startswith("201") for s in statuses)
    stored = _requests(server)
    key = "GZ-0001/rvd-il2/2026-12-01/C2/bortezomib"
    assert _events(stored[key]) == ["2026-12-29", "2027-01-01", "2027-01-05", "2027-01-08"]
    count = len(stored)

    delayed = mmsched.to_fhir([_plan(tmp_path, 3, "delays: {2: 7}\n")])
    statuses = _post(server, delayed)
    assert all(s.startswith("200") for s in statuses)  # updated, none created
    stored = _requests(server)
    assert len(stored) == count
    # cycle 2 a week later: 2026-12-29 + 7 days = 2027-01-05
    assert _events(stored[key]) == ["2027-01-05", "2027-01-08", "2027-01-12", "2027-01-15"]

    shorter = mmsched.to_fhir([_plan(tmp_path, 2, "delays: {2: 7}\n")], previous=delayed)
    _post(server, shorter)
    stored = _requests(server)
    assert len(stored) == count
    third = {k: r for k, r in stored.items() if "/C3/" in k}
    assert third and {r["status"] for r in third.values()} == {"cancelled"}
    assert {r["statusReason"]["text"] for r in third.values()} == {"removed from the plan"}
    assert {r["status"] for k, r in stored.items() if "/C3/" not in k} <= {"draft", "on-hold"}
