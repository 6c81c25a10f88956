"""``mmsched check``: validate regimen and plan files, every problem of every file.

A file is taken as a plan when it has ``patient:``, as a regimen when it has ``drugs:``,
``cycle_days:`` or ``extends:``, as a holiday file when it has ``country:`` and ``year:``, and as
a ward file (closed days) when it has ``closed_weekdays:``, ``holidays:``, ``closed:``,
``open:``, ``holiday_files:``, ``formulary:``, ``timezone:`` or ``capacity:``. A plan is
also expanded, so a schedule that would break a minimum interval is found here and not on the
ward. One bad file does not stop the others. Plans of one patient whose courses overlap are
reported as the ward sheet reports them (:mod:`mmsched.batch.courses`): each file with the
other and both date ranges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.courses import CourseSpan, course_span
from ..errors import MmschedError, coded
from ..formats.limits import file_key, yaml_files

if TYPE_CHECKING:
    from ..engine.schedule import Schedule

SUFFIXES = (".yaml", ".yml")
WARD_KEYS = frozenset(
    {
        "closed_weekdays",
        "holidays",
        "closed",
        "open",
        "holiday_files",
        "formulary",
        "timezone",
        "capacity",
    }
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
    #: A valid plan's course: its patient and its first and last dated event.
    course: CourseSpan | None = None
    #: ``summary`` in Chinese (issue 14).
    summary_zh: str = ""
    #: ``warnings`` in Chinese, one for one (issue 14; empty: as in English).
    warnings_zh: tuple[str, ...] = ()
    #: The message code of each of ``warnings``, one for one (``""`` for one without).
    warning_codes: tuple[str, ...] = ()

    def summary_in(self, lang: str) -> str:
        """The summary in ``lang`` ("zh" or "en")."""
        return self.summary_zh or self.summary if lang == "zh" else self.summary

    def warnings_in(self, lang: str) -> tuple[str, ...]:
        """The warnings in ``lang`` ("zh" or "en")."""
        if lang == "zh" and len(self.warnings_zh) == len(self.warnings):
            return self.warnings_zh
        return self.warnings

    def codes(self) -> tuple[str, ...]:
        """The code of each warning, one for one (``""`` for one without)."""
        if len(self.warning_codes) == len(self.warnings):
            return self.warning_codes
        return ("",) * len(self.warnings)

    @property
    def ok(self) -> bool:
        return self.error is None


def files_to_check(paths: list[Path]) -> tuple[list[Path], list[CheckResult]]:
    """The files named; a folder stands for every ``*.yaml``/``*.yml`` under it, sorted."""
    files: list[Path] = []
    missing: list[CheckResult] = []
    for path in paths:
        if path.is_dir():
            # Every YAML entry is checked: one that is not a regular file (a FIFO, a loop of
            # links) is reported by reading it, never skipped in silence.
            found = yaml_files(path, recurse=True)
            if not found:
                missing.append(
                    CheckResult(
                        str(path),
                        "unknown",
                        error=MmschedError(coded("", "check.folder.no_yaml")),
                    )
                )
            files.extend(found)
        else:
            files.append(path)
    return files, missing


def check_all(paths: list[Path], *, regimen_dirs: Sequence[str | Path] = ()) -> list[CheckResult]:
    """Check every file named (a folder stands for its YAML files, see :func:`files_to_check`),
    then the plans together: of one patient's plans, none may overlap another.

    A plan that is valid on its own but overlaps another of its patient, and every other plan
    of that patient, becomes an error naming the other file and both date ranges. Plans may
    name the regimens of the library folders ``regimen_dirs`` by id; a regimen file of those
    folders that is not used by id (it has a bundled regimen's id, or another local file's) is
    an error saying so, and a plain copy of a bundled file a warning.
    """
    from .courses import IN_CHECK, left_out

    files, results = files_to_check(paths)
    results += [check_file(path, regimen_dirs=regimen_dirs) for path in files]
    if regimen_dirs:
        results = _library_notes(results, regimen_dirs)
    # A file named twice (a folder and a file in it) is one plan, not two that overlap; each
    # of its results says the same.
    named: dict[Path, list[int]] = {}
    for n, result in enumerate(results):
        if result.course is not None:
            named.setdefault(file_key(Path(result.file)), []).append(n)
    groups = list(named.values())
    spans = [course for n, *_ in groups if (course := results[n].course) is not None]
    for i, problem in left_out(spans, IN_CHECK).items():
        for n in groups[i]:
            result = results[n]
            results[n] = replace(result, error=MmschedError(problem, file=result.file))
    return results


def _library_notes(
    results: list[CheckResult], regimen_dirs: Sequence[str | Path]
) -> list[CheckResult]:
    """The results, with what the regimen library says of its own files that were checked."""
    from ..formats.library import scan
    from ..formats.reader import read_yaml

    library = scan(regimen_dirs, read_yaml)
    out = []
    for result in results:
        note = library.about(Path(result.file)) if result.kind == "regimen" else None
        if note is None or result.error is not None:
            out.append(result)
        elif note[1]:  # a copy of a bundled file: harmless
            problem = note[0].problems[0]
            out.append(
                replace(
                    result,
                    warnings=(*result.warnings, str(problem)),
                    warnings_zh=(*result.warnings_in("zh"), problem.text("zh")),
                    warning_codes=(*result.codes(), problem.code),
                )
            )
        else:
            out.append(replace(result, error=note[0]))
    return out


def check_file(path: Path, *, regimen_dirs: Sequence[str | Path] = ()) -> CheckResult:
    """Validate one regimen, plan, ward or holiday file; never raises for a bad file. A plan or
    regimen may name a regimen of the library folders ``regimen_dirs`` by id."""
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
            error=MmschedError(coded("", "check.file.unknown_kind"), file=str(path)),
        )
    try:
        if kind == "plan":
            (summary, zh), schedule, course = _plan(path, regimen_dirs)
            return CheckResult(
                str(path),
                kind,
                summary,
                warnings=schedule.warnings,
                course=course,
                summary_zh=zh,
                warnings_zh=schedule.warnings_zh,
                warning_codes=schedule.warning_codes,
            )
        if kind == "regimen":
            (summary, zh), warnings = _regimen(path, regimen_dirs)
        else:
            (summary, zh), warnings = _CHECKS[kind](path)
    except MmschedError as exc:
        return CheckResult(str(path), kind, error=exc.in_file(str(path)))
    return CheckResult(str(path), kind, summary, warnings=warnings, summary_zh=zh)


#: A file's summary in English and in Chinese.
Summary = tuple[str, str]


def _plan(path: Path, regimen_dirs: Sequence[str | Path]) -> tuple[Summary, Schedule, CourseSpan]:
    from ..engine.expand import expand
    from ..formats.reader import load_plan

    schedule = expand(load_plan(path, regimen_dirs=regimen_dirs))
    cycles, doses = schedule.cycles, len(schedule.administrations)
    summary = (
        f"plan for {schedule.patient_id}: {schedule.regimen_id}, {cycles} "
        f"cycle{'' if cycles == 1 else 's'} from {schedule.start.isoformat()}, {doses} "
        f"administration{'' if doses == 1 else 's'}"
    )
    zh = (
        f"计划（患者 {schedule.patient_id}）：方案“{schedule.regimen_id}”，{cycles} 个周期，"
        f"{schedule.start.isoformat()} 开始，共 {doses} 次给药"
    )
    return (summary, zh), schedule, course_span(schedule, str(path))


def _regimen(path: Path, regimen_dirs: Sequence[str | Path]) -> tuple[Summary, tuple[str, ...]]:
    from ..data.drugs import chinese_name
    from ..formats.maintenance import describe, maintenance_regimen
    from ..formats.reader import load_regimen

    regimen = load_regimen(path, regimen_dirs=regimen_dirs)
    maintenance_regimen(regimen)  # the maintenance it names: found, valid, the last phase
    drugs = ", ".join(rule.drug for rule in regimen.rules)
    summary = (
        f"regimen {regimen.id}: {regimen.cycle_days}-day cycles, {regimen.cycles} "
        f"cycle{'' if regimen.cycles == 1 else 's'}, {drugs}"
        f"{describe(regimen)}"
    )
    zh = (
        f"方案“{regimen.id}”：每周期 {regimen.cycle_days} 天，共 {regimen.cycles} 个周期，"
        f"{'、'.join(chinese_name(rule.drug, rule.name_zh) for rule in regimen.rules)}"
        f"{describe(regimen, 'zh')}"
    )
    return (summary, zh), ()


def _holidays(path: Path) -> tuple[Summary, tuple[str, ...]]:
    from ..formats.reader import load_holiday_file

    load_holiday_file(path)
    return ("holiday file", "节假日文件"), ()


def _ward(path: Path) -> tuple[Summary, tuple[str, ...]]:
    from ..formats.reader import load_ward

    capacity = load_ward(path).capacity
    if capacity is None:
        return ("ward file (closed days)", "病房文件（停诊日）"), ()
    minutes = int(capacity.chairs * capacity.hours * 60)
    return (
        f"ward file (closed days; capacity {capacity.chairs} chairs × {capacity.hours} h = "
        f"{minutes:,} chair-minutes a day, target {capacity.target_percent} %)",
        f"病房文件（停诊日；容量 {capacity.chairs} 个座位 × {capacity.hours} h = 每天 {minutes:,} "
        f"座位分钟，目标 {capacity.target_percent}%）",
    ), ()


_CHECKS = {"holidays": _holidays, "ward": _ward}
