"""Expansion in process: administrations per second against a plain-Python baseline.

The plans (``bench_plans.py``) cover every bundled regimen with varied starts, cycles, delays,
measurements, creatinine, closed-day wards and a few changes; they are validated once, outside
the timing, as a nightly batch loads them once. The baseline (``bench_baseline.py``) builds the
same ``(date, drug, dose)`` tuples from the same plans with no validation and no records.
"""

from __future__ import annotations

from typing import Any

import bench_baseline
import pytest
from bench_support import SIZES, around, report

from mmsched import expand, expand_many
from mmsched.formats.plan import Plan

ROUNDS = {1_000: 11, 10_000: 3}
#: Median seconds and administrations by plan count, for the linearity figure.
SECONDS: dict[int, float] = {}
DOSES: dict[int, int] = {}


def test_baseline_builds_the_same_tuples(plans: list[Plan], plain_inputs: list[Any]) -> None:
    """The baseline is only a floor if it does the same work: the same tuples, plan by plan."""
    for plan, inputs in zip(plans[: SIZES[0]], plain_inputs, strict=False):
        engine = [(a.date, a.drug, a.dose) for a in expand(plan).administrations]
        plain = bench_baseline.expand_plain(*inputs)
        assert engine == plain
        assert [str(t[2]) for t in engine] == [str(t[2]) for t in plain]


@pytest.mark.parametrize("size", SIZES)
def test_expand_many(benchmark: Any, size: int, plans: list[Plan], plain_inputs: list[Any]) -> None:
    benchmark.group = "expansion (in process)"
    chosen, inputs = plans[:size], plain_inputs[:size]
    administrations = sum(len(s.administrations) for s in expand_many(chosen))

    def engine() -> None:
        for _ in expand_many(chosen):
            pass

    def plain() -> None:
        for item in inputs:
            bench_baseline.expand_plain(*item)

    measured, reference = around(benchmark, engine, plain, ROUNDS[size])
    SECONDS[size] = measured
    DOSES[size] = administrations
    rate = administrations / measured
    report(
        benchmark,
        f"expand {size:,} plans",
        value=f"{rate:,.0f} adm/s",
        reference=f"{administrations / reference:,.0f} adm/s",
        ratio=measured / reference,
        target="≥ 300,000 adm/s, ≤ 3× baseline",
        met=rate >= 300_000 and measured / reference <= 3,
        plans=size,
        administrations=administrations,
        seconds=measured,
        baseline_seconds=reference,
    )
    small, large = SIZES
    if size == large and small in SECONDS:
        growth = SECONDS[large] / SECONDS[small]
        report(
            benchmark,
            f"expand: time {large // small}× plans ({DOSES[large] / DOSES[small]:.1f}× doses)",
            value=f"{SECONDS[large]:.2f} s",
            reference=f"{SECONDS[small]:.3f} s",
            ratio=growth,
            target="≤ 11×",
            met=growth <= 11,
        )
