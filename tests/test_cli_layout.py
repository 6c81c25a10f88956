"""The command line's own layout: the app on top, one module per command below it, the shared
options and helpers below those; and ``mmsched --help`` starts without the heavy libraries.

The imports are read as in test_architecture (inside functions too, not ``if TYPE_CHECKING:``).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from test_architecture import GRAPH, MODULES

#: Each module of mmsched.cli and its layer: a module imports only modules of lower layers.
LAYER = {
    "mmsched.cli": 4,
    "mmsched.cli.app": 3,
    "mmsched.cli.calendar": 2,
    "mmsched.cli.capacity": 2,
    "mmsched.cli.check": 2,
    "mmsched.cli.diff": 2,
    "mmsched.cli.fhir": 2,
    "mmsched.cli.ics": 2,
    "mmsched.cli.new": 2,
    "mmsched.cli.regimens": 2,
    "mmsched.cli.schema": 2,
    "mmsched.cli.serve": 2,
    "mmsched.cli.ward": 2,
    "mmsched.cli.common": 1,
    "mmsched.cli.zhhelp": 1,
    "mmsched.cli.cjkwrap": 0,
    "mmsched.cli.options": 0,
    "mmsched.cli.settings": 0,
    "mmsched.cli.fileio": 0,
    "mmsched.cli.helptext": 0,
}
#: What ``mmsched --help`` must not import (each costs tens of milliseconds).
HEAVY = {"pydantic", "yaml", "icalendar"}


def test_every_cli_module_has_a_layer() -> None:
    assert {n for n in MODULES if n.split(".")[:2] == ["mmsched", "cli"]} == set(LAYER)


@pytest.mark.parametrize("name", sorted(LAYER))
def test_cli_imports_point_down(name: str) -> None:
    wrong = sorted(m for m in GRAPH[name] if m in LAYER and LAYER[m] >= LAYER[name])
    assert not wrong, f"{name} imports {wrong}, which are not below it"


def test_the_package_exposes_app_and_main() -> None:
    import mmsched.cli

    assert isinstance(mmsched.cli.app, typer.Typer)
    assert callable(mmsched.cli.main)
    assert mmsched.cli.__all__ == ["app", "main"]


def test_help_imports_no_heavy_library() -> None:
    script = (
        "import sys\n"
        "sys.argv = ['mmsched', '--help']\n"
        "from mmsched.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(HEAVY)!r})\n"
        "sys.stderr.write('heavy: ' + ' '.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert "Usage: mmsched" in result.stdout
    assert result.stderr.strip() == "heavy:", result.stderr


def test_python_dash_m_runs_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mmsched", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("mmsched ")
