"""FHIR export of 1,000 plans (issue 15): time and peak memory as ratios to writing the same
schedules as ``mmsched.schedule/1`` JSON. Both sides expand the plans and write text; the
FHIR side also builds the PlanDefinitions, Observations, requests and identifiers."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import Any

import bench_plans
from bench_support import around, report

from mmsched import expand_many, schedule_to_json
from mmsched.exports.fhir import CourseInput, bundle_json, to_bundle
from mmsched.formats.fhir_regimen import regimen_files
from mmsched.formats.plan import Plan

COUNT = 1_000


def _fhir(plans: list[Plan]) -> str:
    return bundle_json(to_bundle(CourseInput(p.course, regimen_files(p)) for p in plans))


def _schedule_json(plans: list[Plan]) -> str:
    return "".join(schedule_to_json(s) for s in expand_many(plans))


def _peak(function: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_fhir_against_schedule_json(benchmark: Any, calendars: Any) -> None:
    benchmark.group = "FHIR (in process)"
    plans = bench_plans.build(bench_plans.generate(COUNT), calendars)
    size = len(_fhir(plans))
    measured, reference = around(
        benchmark, lambda: _fhir(plans), lambda: _schedule_json(plans), rounds=3
    )
    report(
        benchmark,
        f"FHIR bundle of {COUNT:,} plans",
        value=f"{measured:.2f} s ({size / 1e6:.0f} MB)",
        reference=f"schedule/1 JSON {reference:.2f} s",
        ratio=measured / reference,
    )
    fhir_peak = _peak(lambda: _fhir(plans))
    json_peak = _peak(lambda: _schedule_json(plans))
    report(
        benchmark,
        f"FHIR bundle of {COUNT:,} plans: peak memory (tracemalloc)",
        value=f"{fhir_peak / 1e6:.0f} MB",
        reference=f"schedule/1 JSON {json_peak / 1e6:.0f} MB",
        ratio=fhir_peak / json_peak,
    )
