"""The package layout as a contract: imports between stages point one way only.

Every import of every module below ``mmsched`` is read from its source (imports inside
functions count; ``if TYPE_CHECKING:`` imports do not, since they never run), and the test
fails on a circle between modules, on two stages importing each other, on an import of ``cli``
from anywhere else, and on ``engine`` importing another stage or pydantic. The table is the
README's "Architecture" section.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import mmsched

PACKAGE = Path(__file__).resolve().parent.parent / "mmsched"
EXAMPLES = PACKAGE.parent / "examples"

#: The stages each stage may import (besides itself). ``errors`` and ``data`` are shared by all.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "data": set(),
    "engine": {"errors", "data"},
    "formats": {"engine", "errors", "data"},
    "views": {"engine", "errors", "data"},
    "exports": {"views", "engine", "errors", "data"},
    "batch": {"formats", "engine", "errors", "data"},
    "server": {"batch", "exports", "views", "formats", "engine", "errors", "data"},
    "cli": {
        "server",
        "batch",
        "exports",
        "views",
        "formats",
        "engine",
        "errors",
        "data",
        "mmsched",
    },
}
#: The public facade and the deprecated aliases of 0.1 may import any stage but ``cli``
#: (``__main__`` is the one other way in to ``cli``).
FACADE = {"mmsched", "mmsched.render_ics", "mmsched.ward"}
#: Third-party packages the engine must not use: it computes on plain types only.
ENGINE_FORBIDDEN = {"pydantic", "yaml", "typer", "icalendar"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run, at any depth, skipping ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def imports_of(name: str) -> tuple[set[str], set[str]]:
    """The mmsched modules and the outside top-level packages that module ``name`` imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    inner: set[str] = set()
    outer: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                (inner if alias.name.split(".")[0] == "mmsched" else outer).add(alias.name)
            continue
        if node.level == 0:
            base = node.module or ""
            if base.split(".")[0] != "mmsched":
                outer.add(base.split(".")[0])
                continue
        else:
            anchor = package.split(".")
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, node.module] if node.module else anchor)
        for alias in node.names:
            # "from . import x" imports the module x when there is one, else a name of base.
            candidate = f"{base}.{alias.name}"
            inner.add(candidate if candidate in MODULES else base)
    return {m for m in inner if m in MODULES} | _unknown(inner), outer


def _unknown(names: set[str]) -> set[str]:
    unknown = {n for n in names if n not in MODULES}
    assert not unknown, f"imports of modules that do not exist: {sorted(unknown)}"
    return set()


def stage_of(name: str) -> str:
    """The stage a module belongs to: the first package below ``mmsched`` (or a top module)."""
    parts = name.split(".")
    if name in FACADE or parts[1:2] == ["__main__"]:
        return "mmsched"
    return parts[1]


GRAPH = {name: imports_of(name)[0] - {name} for name in MODULES}


def test_every_module_is_in_a_known_stage() -> None:
    stages = {stage_of(name) for name in MODULES}
    assert stages <= {*ALLOWED, "mmsched"}, stages - {*ALLOWED, "mmsched"}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_follow_the_stage_table(name: str) -> None:
    stage = stage_of(name)
    if stage == "mmsched":
        allowed = set(ALLOWED) - {"cli"} if name != "mmsched.__main__" else {"cli"}
    else:
        allowed = ALLOWED[stage] | {stage}
    wrong = sorted(m for m in GRAPH[name] if stage_of(m) not in allowed)
    assert not wrong, f"{name} ({stage}) may import only {sorted(allowed)}, not {wrong}"


def test_engine_uses_no_file_or_presentation_library() -> None:
    used = {
        name: sorted(imports_of(name)[1] & ENGINE_FORBIDDEN)
        for name in MODULES
        if stage_of(name) == "engine"
    }
    assert not {n: u for n, u in used.items() if u}


def test_no_import_circles_between_modules() -> None:
    circles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                circles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(GRAPH):
        if node not in state:
            visit(node)
    assert not circles, "\n".join(" -> ".join(c) for c in circles)


def test_no_two_stages_import_each_other() -> None:
    pairs = {(stage_of(a), stage_of(b)) for a, deps in GRAPH.items() for b in deps}
    both = sorted({tuple(sorted(p)) for p in pairs if p[0] != p[1] and p[::-1] in pairs})
    assert not both


def test_the_walk_sees_imports_inside_functions_and_skips_type_checking(tmp_path: Path) -> None:
    """The walker itself: a test of the test, on a module written here."""
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .a import x\n"
        "def f():\n    from .b import y\n    import pydantic\n"
    )
    names = sorted(
        (n.module or "") if isinstance(n, ast.ImportFrom) else n.names[0].name
        for n in _import_nodes(tree)
    )
    assert names == ["b", "pydantic", "typing"]


# --- the stages at run time ---------------------------------------------------------------------


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )


def test_the_engine_runs_without_pydantic_or_yaml() -> None:
    """Importing the whole engine loads neither pydantic nor PyYAML (nor any other stage)."""
    result = _run(
        "import sys, mmsched.engine.expand, mmsched.engine.diff, mmsched.engine.wardsheet\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml')\n"
        "    or m.startswith(('mmsched.formats', 'mmsched.views', 'mmsched.exports',\n"
        "                     'mmsched.batch', 'mmsched.cli')))\n"
        "print(loaded)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_plan_names_its_regimen_without_importing_the_reader_itself() -> None:
    """``Plan(regimen="rvd")`` in a fresh process that imports the plan model alone: the
    formats package registers the reader as the resolver."""
    result = _run(
        "from datetime import date\n"
        "from mmsched.formats.plan import Patient, Plan\n"
        "p = Plan(patient=Patient(id='A1', sex='F', age=60, height_cm=160, weight_kg=52),\n"
        "         regimen='rvd', start=date(2026, 12, 1), doses={'dexamethasone': '20 mg'})\n"
        "print(p.regimen.id, p.course.regimen.id)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["rvd", "rvd"]


def test_a_course_built_by_hand_expands_without_pydantic() -> None:
    """A library user may build the engine's course from plain values.

    Worked by hand: Mosteller BSA = sqrt(160 cm × 52 kg / 3600) = sqrt(2.3111) = 1.5202, used as
    1.52 m²; bortezomib 1.3 mg/m² × 1.52 m² = 1.976 mg, rounded to the 0.1 mg step: 2.0 mg.
    Days 1, 4, 8, 11 of 21-day cycles from Tuesday 2026-12-01; cycle 2 starts 2026-12-22.
    """
    from mmsched.engine.course import CompiledRegimen, Course, PatientFacts
    from mmsched.engine.expand import expand
    from mmsched.engine.names import LocalName
    from mmsched.engine.rules import CycleDays, DrugRule
    from mmsched.engine.units import Dose

    rule = DrugRule(
        drug="bortezomib",
        dose=Dose.parse("1.3 mg/m2"),
        route="SC",
        days_by_cycle=(CycleDays(1, None, (1, 4, 8, 11)),),
        min_interval_hours=72,
        rounding=Dose.parse("0.1 mg"),
        name_zh=None,
    )
    regimen = CompiledRegimen("v", LocalName("V"), 21, 2, "a test", (rule,))
    patient = PatientFacts("A1", None, "F", 60, Decimal(160), Decimal(52))
    schedule = expand(Course(patient, regimen, date(2026, 12, 1), cycles=2))
    assert [(a.date.isoformat(), a.cycle_day, a.dose) for a in schedule.administrations] == [
        ("2026-12-01", "C1D1", Decimal("2.0")),
        ("2026-12-04", "C1D4", Decimal("2.0")),
        ("2026-12-08", "C1D8", Decimal("2.0")),
        ("2026-12-11", "C1D11", Decimal("2.0")),
        ("2026-12-22", "C2D1", Decimal("2.0")),
        ("2026-12-25", "C2D4", Decimal("2.0")),
        ("2026-12-29", "C2D8", Decimal("2.0")),
        ("2027-01-01", "C2D11", Decimal("2.0")),
    ]
    assert schedule.bsa_m2 == Decimal("1.52")
    assert schedule.administrations[0].basis == "1.3 mg/m² × 1.52 m²"


def test_a_plan_is_compiled_once_at_validation_and_expands_as_its_course() -> None:
    plan = mmsched.load_plan(EXAMPLES / "case1-rvd-il2.yaml")
    course = plan.course
    assert plan.course is course  # compiled at validation, not per expansion
    assert course.source == str(EXAMPLES / "case1-rvd-il2.yaml")
    assert mmsched.expand(plan) == mmsched.expand(course)


def test_errors_of_an_expanded_course_name_its_plan_file(tmp_path: Path) -> None:
    text = (EXAMPLES / "case1-rvd-il2.yaml").read_text(encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(text + "\nchanges:\n  - {action: omit, drug: bortezomib, date: 2020-01-01,"
                    " reason: test}\n", encoding="utf-8")  # fmt: skip
    if "changes:" in text:
        pytest.skip("the example has changes of its own")
    plan = mmsched.load_plan(path)  # valid: the omission is refused when it is placed
    with pytest.raises(mmsched.ScheduleError) as caught:
        mmsched.expand(plan.course)
    assert caught.value.file == str(path)
    assert "2020-01-01" in str(caught.value)


def test_the_deprecated_module_paths_of_0_1_still_work() -> None:
    """``mmsched.render_ics.render_ics`` and ``mmsched.ward.range_sheets`` (named in 0.1's
    README) import with a DeprecationWarning and are the objects the package exports now."""
    result = _run(
        "import warnings\n"
        "warnings.simplefilter('error')\n"
        "import mmsched\n"
        "f = mmsched.render_ics\n"
        "warnings.simplefilter('always')\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    import mmsched.render_ics, mmsched.ward\n"
        "print(sorted(type(w.message).__name__ for w in caught))\n"
        "print(mmsched.render_ics.render_ics is f,\n"
        "      mmsched.ward.range_sheets is mmsched.range_sheets,\n"
        "      mmsched.ward.day_sheet is mmsched.day_sheet)\n"
        "print(callable(mmsched.render_ics))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['DeprecationWarning', 'DeprecationWarning']",
        "True True True",
        "True",
    ]


def test_the_readme_states_the_same_stage_table() -> None:
    """The README's "Architecture" table is this test's ``ALLOWED``, row for row."""
    text = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] in ALLOWED:
            allowed = cells[1]
            rows[cells[0]] = (
                set()
                if allowed == "nothing"
                else set(ALLOWED) - {"cli"} | {"mmsched"}
                if allowed == "every stage"
                else {c.strip().strip("`") for c in allowed.split(",")}
            )
    assert rows == ALLOWED


def test_a_copy_with_other_values_is_compiled_again() -> None:
    """``model_copy(update=...)`` skips validation; the copy's course must still be its own."""
    plan = mmsched.load_plan(EXAMPLES / "case1-rvd-il2.yaml")
    later = plan.model_copy(update={"start": date(2027, 3, 2)})
    assert later.course.start == date(2027, 3, 2)
    assert mmsched.expand(later).administrations[0].date == date(2027, 3, 2)
    assert plan.course.start == date(2026, 12, 1)
    with pytest.raises(mmsched.PlanError, match="dexamethasone"):
        _ = plan.model_copy(update={"doses": {}}).course
