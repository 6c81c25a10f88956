"""Ward day sheet for one date over 10,000 plan files (and 1,000, for linearity).

The plan files are written once per session into a temporary folder, with their ward files
beside them. The sheet is built by the library call a nightly batch uses,
``mmsched.day_sheet(paths, day)``: each file is read, validated and expanded, and only the
patients treated that day are kept. The reference is the least any such tool must do: read
and parse every file with PyYAML alone, on libyaml (its C parser) when it has it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import bench_plans
import pytest
import yaml
from bench_support import SIZES, around, report

import mmsched
from mmsched.batch.ward import load_plans
from mmsched.engine.wardsheet import ward_days
from mmsched.exports.ward_json import ward_to_json
from mmsched.formats.plan import Plan

DAY = date(2026, 6, 15)
ROUNDS = {1_000: 3, 10_000: 2}
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Median seconds and the administrations of the day, by file count, for the linearity figure.
SECONDS: dict[int, float] = {}
ITEMS: dict[int, int] = {}


@pytest.fixture(scope="session")
def plan_folders(
    workdir: Path, generated: list[bench_plans.GeneratedPlan], plans: list[Plan]
) -> dict[int, Path]:
    """A folder of plan files for each size (the smaller is the first plans of the larger)."""
    folders = {}
    for size in SIZES:
        folder = workdir / f"plans-{size}"
        folder.mkdir()
        bench_plans.write_plan_files(generated[:size], plans[:size], folder)
        folders[size] = folder
    return folders


def test_day_sheet_is_the_ward_sheet_of_that_day(plan_folders: dict[int, Path]) -> None:
    """The streaming call gives what the whole ward gives for that date, errors included."""
    folder = plan_folders[SIZES[0]]
    ward = load_plans([folder])
    sheet = mmsched.day_sheet([folder], DAY)
    # Equal in the JSON contract (the sheet's patients carry schedules cut to the day).
    assert ward_to_json([sheet.day], sheet.errors) == ward_to_json(
        ward_days(ward, DAY, DAY), ward.errors
    )
    assert sheet.errors == ward.errors
    assert sheet.plans == len(ward.patients)


def _parse_only(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)  # noqa: S506 - safe


@pytest.mark.parametrize("size", SIZES)
def test_day_sheet(benchmark: Any, size: int, plan_folders: dict[int, Path]) -> None:
    benchmark.group = "ward day sheet (in process)"
    folder = plan_folders[size]
    sheet = mmsched.day_sheet([folder], DAY)
    assert not sheet.errors
    assert sheet.plans == size
    assert sheet.day.items  # the date is a treatment day for some patients

    measured, reference = around(
        benchmark,
        lambda: mmsched.day_sheet([folder], DAY),
        lambda: _parse_only(folder),
        ROUNDS[size],
    )
    SECONDS[size] = measured
    ITEMS[size] = len(sheet.day.items)
    report(
        benchmark,
        f"day sheet over {size:,} plan files",
        value=f"{measured:.2f} s",
        reference=f"{reference:.2f} s",
        ratio=measured / reference,
        target=f"reference: {YAML_LOADER.__name__} parse of every file",
        files_per_second=size / measured,
        patients_that_day=len({item.patient.schedule.patient_id for item in sheet.day.items}),
        administrations_that_day=len(sheet.day.items),
    )
    small, large = SIZES
    if size == large and small in SECONDS:
        growth = SECONDS[large] / SECONDS[small]
        report(
            benchmark,
            f"day sheet: time {large // small}× files "
            f"({ITEMS[large] / ITEMS[small]:.1f}× doses that day)",
            value=f"{SECONDS[large]:.2f} s",
            reference=f"{SECONDS[small]:.2f} s",
            ratio=growth,
            target="≤ 11×",
            met=growth <= 11,
        )
