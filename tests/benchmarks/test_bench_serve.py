"""The ward server's feed of 300 plans (issue 17): time to first byte and size, cold and warm,
as a ratio to ``mmsched ics --from/--to`` writing the same window to a file.

Cold: the first request to a server just started, with no history (every plan read, expanded
and recorded). Warm: the same request again (nothing changed: the body is served as built),
and after one plan file changed (that plan read again, the feed built again). The reference is
the command a cron job would run instead: ``mmsched ics FOLDER --from ... --to ... -o FILE``,
a process from start to its file. The server runs under uvicorn in its own process, its clock
fixed at 2026-06-15 (the generated plans run through 2026 and 2027).
"""

from __future__ import annotations

import datetime as dt
import http.client
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import bench_plans
import pytest
from bench_support import report, timed

pytest.importorskip("uvicorn", reason="the serve extra is not installed")

from mmsched.server.tokens import TokenStore

PLANS = 300
NOW = "2026-06-15T01:00:00+00:00"
#: The feed's default window around 2026-06-15 (Shanghai): 14 days back, 120 ahead.
FIRST, LAST = "2026-06-01", "2026-10-13"
CLOCKED = Path(__file__).resolve().parent.parent / "interop" / "clocked_server.py"


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _first_byte(port: int, path: str) -> tuple[float, int]:
    """Seconds to the response's first line and headers, and the body's size."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    first = time.perf_counter() - start
    body = response.read()
    connection.close()
    assert response.status == 200, body[:500]
    return first, len(body)


@pytest.fixture(scope="module")
def folder(workdir: Path, calendars: Any) -> Path:
    target = workdir / "serve-300"
    target.mkdir()
    generated = bench_plans.generate(PLANS)
    built = bench_plans.build(generated, calendars)
    bench_plans.write_plan_files(generated, built, target)
    return target


def test_feed_of_300_plans(benchmark: Any, folder: Path, tmp_path: Path) -> None:
    benchmark.group = "ward server feed (300 plans)"
    out = tmp_path / "ward.ics"
    command = [sys.executable, "-m", "mmsched", "ics", str(folder), "-o", str(out)]
    command += ["--from", FIRST, "--to", LAST, "--dtstamp", "2026-06-15T01:00:00Z"]

    def export() -> None:
        subprocess.run(command, check=True, capture_output=True, timeout=600)

    reference = statistics.median(timed(export, 3))
    file_size = out.stat().st_size

    ward = tmp_path / "ward"
    shutil.copytree(folder, ward)
    now = dt.datetime.fromisoformat(NOW)
    token = TokenStore(ward / ".mmsched" / "tokens.sqlite3").add("bench", now)
    clock = tmp_path / "clock"
    clock.write_text(NOW, encoding="utf-8")
    port = _port()
    server = subprocess.Popen(
        [sys.executable, str(CLOCKED), str(ward), str(clock), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port)
        path = f"/feeds/ward.ics?token={token}"
        cold, size = _first_byte(port, path)
        warm = statistics.median(_first_byte(port, path)[0] for _ in range(5))
        changed = []
        plan = sorted(ward.glob("*.yaml"))[0]
        for i in range(3):
            plan.write_text(plan.read_text(encoding="utf-8") + f"\n# edit {i}\n", "utf-8")
            changed.append(_first_byte(port, path)[0])
        rebuilt = statistics.median(changed)
        benchmark.pedantic(lambda: _first_byte(port, path), rounds=5)
    finally:
        server.terminate()
        server.wait(timeout=30)

    reference_text = f"mmsched ics: {reference:.2f} s, {file_size / 1e6:.2f} MB"
    report(
        benchmark,
        "serve: 300-plan feed, cold (first request)",
        value=f"{cold:.2f} s",
        reference=reference_text,
        ratio=cold / reference,
    )
    report(
        benchmark,
        "serve: 300-plan feed, warm (unchanged)",
        value=f"{warm * 1000:.1f} ms",
        reference=reference_text,
        ratio=warm / reference,
    )
    report(
        benchmark,
        "serve: 300-plan feed, one plan changed",
        value=f"{rebuilt:.2f} s",
        reference=reference_text,
        ratio=rebuilt / reference,
    )
    report(
        benchmark,
        "serve: 300-plan feed, size",
        value=f"{size / 1e6:.2f} MB",
        reference=f"{file_size / 1e6:.2f} MB",
        ratio=size / file_size,
    )


def _wait(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")
