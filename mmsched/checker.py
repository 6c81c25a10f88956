"""``mmsched check``: validate regimen and plan files, every problem of every file.

A file is taken as a plan when it has ``patient:``, as a regimen when it has ``drugs:``,
``cycle_days:`` or ``extends:``. A plan is also expanded, so a schedule that would break a
minimum interval is found here and not on the ward. One bad file does not stop the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import MmschedError

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What checking one file found: its kind, a summary when valid, the error when not."""

    file: str
    kind: str  # "plan", "regimen" or "unknown"
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
    """Validate one regimen or plan file; never raises for a bad file."""
    from .loader import load_plan, load_regimen, read_yaml

    try:
        data = read_yaml(path)
    except MmschedError as exc:
        return CheckResult(str(path), "unknown", error=exc)
    if "patient" in data:
        from .expander import expand

        try:
            schedule = expand(load_plan(path))
        except MmschedError as exc:
            return CheckResult(str(path), "plan", error=exc.in_file(str(path)))
        summary = (
            f"plan for {schedule.patient_id}: {schedule.regimen_id}, {schedule.cycles} cycles "
            f"from {schedule.start.isoformat()}, "
            f"{len(schedule.administrations)} administrations"
        )
        return CheckResult(str(path), "plan", summary, warnings=schedule.warnings)
    if {"drugs", "cycle_days", "extends"} & data.keys():
        try:
            regimen = load_regimen(path)
        except MmschedError as exc:
            return CheckResult(str(path), "regimen", error=exc.in_file(str(path)))
        drugs = ", ".join(rule.drug for rule in regimen.rules)
        summary = (
            f"regimen {regimen.id}: {regimen.cycle_days}-day cycles, {regimen.cycles} cycles, "
            f"{drugs}"
        )
        return CheckResult(str(path), "regimen", summary)
    return CheckResult(
        str(path),
        "unknown",
        error=MmschedError(
            "is neither a plan (it would have 'patient:') nor a regimen (it would have "
            "'drugs:' and 'cycle_days:')",
            file=str(path),
        ),
    )
