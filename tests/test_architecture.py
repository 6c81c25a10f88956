"""The package layout as a contract: imports between stages point one way only.

Every import of every module below ``mmsched`` is read from its source (imports inside
functions count; ``if TYPE_CHECKING:`` imports do not, since they never run), and the test
fails on a circle between modules, on two stages importing each other, on an import of ``cli``
from anywhere else, and on ``engine`` importing another stage or pydantic. The table is the
README's "Architecture" section.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mmsched"

#: The stages each stage may import (besides itself). ``errors`` and ``data`` are shared by all.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "data": set(),
    "engine": {"errors", "data"},
    "formats": {"engine", "errors", "data"},
    "views": {"engine", "errors", "data"},
    "exports": {"views", "engine", "errors", "data"},
    "batch": {"formats", "engine", "errors", "data"},
    "cli": {"batch", "exports", "views", "formats", "engine", "errors", "data", "mmsched"},
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
