"""What the benchmarks share: the plan counts, timing helpers, and the figures of the session
(printed as a table by ``conftest.py`` at the end of the run)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Plan counts of the in-process benchmarks; the larger is ten times the smaller (linearity).
SIZES = (1_000, 10_000)


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the summary: a measured value against a reference, and the target."""

    name: str
    value: str
    reference: str
    ratio: float | None
    target: str
    met: bool | None


FIGURES: list[Figure] = []


def report(
    benchmark: Any,
    name: str,
    *,
    value: str,
    reference: str = "",
    ratio: float | None = None,
    target: str = "",
    met: bool | None = None,
    **extra: Any,
) -> None:
    """Record a figure in the benchmark's extra_info and in the session summary."""
    FIGURES.append(Figure(name, value, reference, ratio, target, met))
    if benchmark is not None:
        benchmark.extra_info[name] = {
            "value": value,
            "reference": reference,
            "ratio": None if ratio is None else round(ratio, 3),
            "target": target,
            "met": met,
            **extra,
        }


def median_seconds(benchmark: Any) -> float | None:
    """The median of a finished pytest-benchmark run (None with --benchmark-disable)."""
    stats = getattr(benchmark, "stats", None)
    return None if stats is None else float(stats.stats.median)


def timed(function: Callable[[], object], rounds: int) -> list[float]:
    """Wall-clock seconds of ``rounds`` calls of ``function``."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def around(
    benchmark: Any, target: Callable[[], object], reference: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """Median seconds of ``target`` (timed by pytest-benchmark) and of ``reference`` (timed
    here, half of its rounds before and half after, so a change of machine load during the
    test weighs on both sides alike)."""
    before = timed(reference, max(1, rounds // 2))
    benchmark.pedantic(target, rounds=rounds, warmup_rounds=1 if rounds > 2 else 0)
    after = timed(reference, max(1, rounds - rounds // 2))
    measured = median_seconds(benchmark)
    if measured is None:  # --benchmark-disable: time it here
        measured = statistics.median(timed(target, rounds))
    return measured, statistics.median(before + after)
