"""Benchmarks: pytest-benchmark timings, each with a ratio measured in the same run.

Not part of the default test run (``--ignore=tests/benchmarks`` in the pytest options); run them
with ``python -m pytest tests/benchmarks`` (README, "Performance"). Every benchmark records its
figures in ``benchmark.extra_info`` and in the summary table printed at the end of the session,
with the target it is held to. Targets are reported, never asserted: a wall-clock assertion
would fail on a busy machine for no fault of the code.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.append(str(Path(__file__).resolve().parent))

import bench_baseline
import bench_plans
from bench_support import FIGURES, SIZES

from mmsched.engine.wardcal import WardCalendar
from mmsched.formats.plan import Plan
from mmsched.formats.reader import load_regimen


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    write = terminalreporter.write_line
    terminalreporter.section(f"mmsched benchmark figures ({os.cpu_count()} cores)")
    width = max(len(f.name) for f in FIGURES)
    write(f"{'figure':<{width}}  {'measured':>16}  {'reference':>16}  {'ratio':>7}  target")
    for f in FIGURES:
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}×"
        mark = {True: "ok", False: "MISSED", None: ""}[f.met]
        write(
            f"{f.name:<{width}}  {f.value:>16}  {f.reference:>16}  {ratio:>7}  "
            f"{f.target} {mark}".rstrip()
        )


# --- shared data ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="mmsched-bench-") as folder:
        yield Path(folder)


@pytest.fixture(scope="session")
def calendars(workdir: Path) -> dict[str, WardCalendar]:
    return bench_plans.write_wards(workdir / "wards")


@pytest.fixture(scope="session")
def generated() -> list[bench_plans.GeneratedPlan]:
    return bench_plans.generate(max(SIZES))


@pytest.fixture(scope="session")
def plans(
    generated: list[bench_plans.GeneratedPlan], calendars: dict[str, WardCalendar]
) -> list[Plan]:
    """The largest set of plans, validated (the smaller sets are its first plans).

    The set is then moved out of the garbage collector's sight (``gc.freeze``): a batch that
    streams its plans does not hold ten thousand of them, and without this every full
    collection during a timing would walk the benchmark's own data, not mmsched's work.
    """
    built = bench_plans.build(generated, calendars)
    gc.collect()
    gc.freeze()
    return built


@pytest.fixture(scope="session")
def plain_inputs(
    generated: list[bench_plans.GeneratedPlan], plans: list[Plan]
) -> list[tuple[Any, ...]]:
    """The baseline's inputs: each plan's data, its regimen and ward as plain tuples."""
    regimens: dict[str, Any] = {}
    inputs = []
    for data, plan in zip(generated, plans, strict=True):
        regimen_id = data.data["regimen"]
        if regimen_id not in regimens:
            regimens[regimen_id] = bench_baseline.plain_regimen(load_regimen(regimen_id))
        inputs.append((data.data, regimens[regimen_id], bench_baseline.plain_ward(plan.ward)))
    return inputs
