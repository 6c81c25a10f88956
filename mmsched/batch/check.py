"""``mmsched check``: validate regimen and plan files, every problem of every file.

A file is taken as a plan when it has ``patient:``, as a regimen when it has ``drugs:``,
``cycle_days:`` or ``extends:``, as a holiday file when it has ``country:`` and ``year:``, and as
a ward file (closed days) when it has ``closed_weekdays:``, ``holidays:``, ``closed:``,
``open:`` or ``holiday_files:``. A plan is also expanded, so a schedule that would break a
minimum interval is found here and not on the ward. One bad file does not stop the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import MmschedError

SUFFIXES = (".yaml", ".yml")
WARD_KEYS = frozenset(
    {"closed_weekdays", "holidays", "closed", "open", "holiday_files", "formulary"}
)


def kind_of(data: dict[str, object]) -> str:
    """What a YAML mapping is, from its keys: "plan", "regimen", "holidays", "ward", "unknown"."""
    if "patient" in data:
        return "plan"
    if {"drugs", "cycle_days", "extends"} & data.keys():
        return "regimen"
    if {"country", "year"} <= data.keys():
        return "holidays"
    if WARD_KEYS & data.keys():
        return "ward"
    return "unknown"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What checking one file found: its kind, a summary when valid, the error when not."""

    file: str
    kind: str  # "plan", "regimen", "ward", "holidays" or "unknown"
    summary: str = ""
    error: MmschedError | None = None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def files_to_check(paths: list[Path]) -> tuple[list[Path], list[CheckResult]]:
    """The files named; a folder stands for every ``*.yaml``/``*.yml`` under it, sorted."""
    files: list[Path] = []
    missing: list[CheckResult] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                missing.append(
                    CheckResult(
                        str(path),
                        "unknown",
                        error=MmschedError("this folder has no *.yaml or *.yml files"),
                    )
                )
            files.extend(found)
        else:
            files.append(path)
    return files, missing


def check_file(path: Path) -> CheckResult:
    """Validate one regimen, plan, ward or holiday file; never raises for a bad file."""
    from ..formats.reader import read_yaml

    try:
        data = read_yaml(path)
    except MmschedError as exc:
        return CheckResult(str(path), "unknown", error=exc)
    kind = kind_of(data)
    if kind == "unknown":
        return CheckResult(
            str(path),
            kind,
            error=MmschedError(
                "is neither a plan (it would have 'patient:'), a regimen ('drugs:' and "
                "'cycle_days:'), a ward file ('closed_weekdays:', 'holidays:', 'closed:') nor a "
                "holiday file ('country:' and 'year:')",
                file=str(path),
            ),
        )
    try:
        summary, warnings = _CHECKS[kind](path)
    except MmschedError as exc:
        return CheckResult(str(path), kind, error=exc.in_file(str(path)))
    return CheckResult(str(path), kind, summary, warnings=warnings)


def _plan(path: Path) -> tuple[str, tuple[str, ...]]:
    from ..engine.expand import expand
    from ..formats.reader import load_plan

    schedule = expand(load_plan(path))
    cycles, doses = schedule.cycles, len(schedule.administrations)
    summary = (
        f"plan for {schedule.patient_id}: {schedule.regimen_id}, {cycles} "
        f"cycle{'' if cycles == 1 else 's'} from {schedule.start.isoformat()}, {doses} "
        f"administration{'' if doses == 1 else 's'}"
    )
    return summary, schedule.warnings


def _regimen(path: Path) -> tuple[str, tuple[str, ...]]:
    from ..formats.reader import load_regimen

    regimen = load_regimen(path)
    drugs = ", ".join(rule.drug for rule in regimen.rules)
    summary = (
        f"regimen {regimen.id}: {regimen.cycle_days}-day cycles, {regimen.cycles} cycles, {drugs}"
    )
    return summary, ()


def _holidays(path: Path) -> tuple[str, tuple[str, ...]]:
    from ..formats.reader import load_holiday_file

    load_holiday_file(path)
    return "holiday file", ()


def _ward(path: Path) -> tuple[str, tuple[str, ...]]:
    from ..formats.reader import load_ward

    load_ward(path)
    return "ward file (closed days)", ()


_CHECKS = {"plan": _plan, "regimen": _regimen, "holidays": _holidays, "ward": _ward}
