"""``mmsched fhir``: plans as a FHIR R4 transaction Bundle (README, "FHIR").

Imported only when the command runs (:data:`mmsched.cli.app.LAZY_COMMANDS`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import MmschedError, coded
from .common import emit, error_line, fail, library_dirs, not_an_input, resolve_lang, usage
from .options import LangOption, WardFileOption

if TYPE_CHECKING:
    from ..exports.fhir import CourseInput

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s|?#]+$")
#: The most ``--previous`` reads (a bundle of 1,000 plans is about 60 MB).
MAX_PREVIOUS_BYTES = 256 * 1024 * 1024


def fhir(
    ctx: typer.Context,
    plans: Annotated[list[Path], typer.Argument(help="Plan files (YAML).", show_default=False)],
    *,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The JSON file to write (replaced atomically; - for standard output).",
            show_default=False,
        ),
    ],
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="The file written last time: its medication requests no longer planned are "
            "sent again as cancelled ('removed from the plan').",
            show_default=False,
        ),
    ] = None,
    per_patient: Annotated[
        bool,
        typer.Option(
            "--per-patient",
            help="One transaction Bundle per patient, one per line (NDJSON), so that one "
            "patient's refused resources do not roll back the others'.",
        ),
    ] = False,
    canonical_base: Annotated[
        str,
        typer.Option(
            "--canonical-base",
            help="The base of mmsched's URLs: PlanDefinitions, identifiers, extensions.",
        ),
    ] = "urn:mmsched",
    patient_system: Annotated[
        str | None,
        typer.Option(
            "--patient-system",
            help="The identifier system of the hospital's patient ids "
            "(default: {canonical base}/patient).",
            show_default=False,
        ),
    ] = None,
    ward: WardFileOption = None,
    lang: LangOption = None,
) -> None:
    """Write the plans as a FHIR R4 transaction Bundle: a PlanDefinition per regimen, height,
    weight and BSA Observations, a CarePlan, a RequestGroup, a draft MedicationRequest per drug
    and cycle, supportive items and tests. The same plans give the same bytes."""
    from ..exports.fhir import FhirOptions, bundle_json, to_bundle, to_bundles

    if lang is not None:  # else the default rule, when a message is written
        resolve_lang(lang, ctx)
    for name, value in (("--canonical-base", canonical_base), ("--patient-system", patient_system)):
        if value is not None and not _URI.match(value):
            raise usage(MmschedError(coded("", "usage.fhir.not_a_uri", name=name, value=value)))
    not_an_input(output, [*plans, ward])
    options = FhirOptions(canonical_base.rstrip("/"), patient_system)
    try:
        old = _read_previous(previous, options)
    except MmschedError as exc:
        raise fail(exc) from None
    courses = _courses(plans, ward, library_dirs(ctx))
    if per_patient:
        bundles = to_bundles(courses, options, old)
        text = "".join(bundle_json(b, indent=None) for b in bundles)
        count = sum(len(b["entry"]) for b in bundles)
        summary = f"{len(bundles)} bundle{'s' * (len(bundles) != 1)}, {count} entries"
    else:
        bundle = to_bundle(courses, options, old)
        text = bundle_json(bundle)
        summary = f"{len(bundle['entry'])} entries"
    emit(text, output)
    where = "standard output" if str(output) == "-" else str(output)
    typer.echo(
        f"wrote {where}: {summary} from {len(plans)} plan{'s' * (len(plans) != 1)}", err=True
    )


def _courses(plans: list[Path], ward: Path | None, dirs: tuple[Path, ...]) -> list[CourseInput]:
    """Every plan read and compiled; every file's error reported, the last one failing."""
    from ..exports.fhir import CourseInput
    from ..formats.fhir_regimen import regimen_files
    from ..formats.reader import load_plan

    found: list[CourseInput] = []
    errors: list[MmschedError] = []
    for path in plans:
        try:
            plan = load_plan(path, ward=ward, regimen_dirs=dirs)
            found.append(CourseInput(plan.course, regimen_files(plan)))
        except MmschedError as exc:
            errors.append(exc.in_file(str(path)))
    if errors:
        for error in errors[:-1]:
            typer.echo(error_line(error), err=True)
        raise fail(errors[-1])
    return found


def _read_previous(previous: Path | None, options: Any) -> dict[str, dict[str, Any]] | None:
    """The medication requests of ``--previous``: a Bundle (JSON) or Bundles (NDJSON)."""
    if previous is None:
        return None
    from ..exports.fhir import previous_requests
    from .fileio import read_previous

    where = str(previous)
    data = read_previous(previous, "fhir", MAX_PREVIOUS_BYTES)
    try:
        text = data.decode("utf-8")
        try:
            bundles = [json.loads(text)]
        except json.JSONDecodeError:
            bundles = [json.loads(line) for line in text.splitlines() if line.strip()]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MmschedError(coded("", "fhir.previous.not_json", detail=exc), file=where) from None
    return previous_requests(bundles, options, source=where)
