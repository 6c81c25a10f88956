"""Cold start of the command line, as whole processes, against Python and a bare typer app.

Each round starts a new process, so imports, typer's set-up, the work itself and the
interpreter's exit are all counted, as a nurse waits for them. The bare typer app
(``bench_bare_typer.py``) is run the same way: with ``--help`` against ``mmsched --help``, and
running its one command against ``mmsched calendar``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bench_support import around, report, timed

ROOT = Path(__file__).resolve().parents[2]
BARE = [sys.executable, str(Path(__file__).with_name("bench_bare_typer.py"))]
CASE_1 = ROOT / "examples" / "case1-rvd-il2.yaml"
ROUNDS = 15


def _mmsched() -> list[str]:
    """The installed console script beside this Python, else ``python -m mmsched``."""
    script = Path(sys.executable).with_name("mmsched")
    if script.is_file():
        return [str(script)]
    found = shutil.which("mmsched")
    return [found] if found else [sys.executable, "-m", "mmsched"]


def _run(command: list[str]) -> None:
    env = {**os.environ, "MMSCHED_LANG": "zh", "NO_COLOR": "1"}
    # As on a user's machine, Python keeps the compiled bytecode of what it imports (pip
    # writes it at install; an editable install writes it on the first run). A development
    # shell that sets PYTHONDONTWRITEBYTECODE would otherwise time mmsched's own modules
    # being compiled from source on every run, which no nurse waits for.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    result = subprocess.run(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    assert result.returncode == 0, result.stderr.decode()


def _process(command: list[str]) -> Any:
    return lambda: _run(command)


@pytest.mark.parametrize(
    ("name", "args", "bare_args", "target"),
    [
        ("mmsched --help", ["--help"], ["--help"], 1.2),
        ("mmsched calendar case 1", ["calendar", str(CASE_1)], [], 1.5),
    ],
    ids=["help", "calendar"],
)
def test_cold_start(
    benchmark: Any, name: str, args: list[str], bare_args: list[str], target: float
) -> None:
    benchmark.group = "cold start (process)"
    command = [*_mmsched(), *args]
    bare = [*BARE, *bare_args]
    python = [sys.executable, "-c", "pass"]
    _run(command)  # warm the file cache and the .pyc files of every side
    _run(bare)
    measured, reference = around(benchmark, _process(command), _process(bare), ROUNDS)
    python_time = statistics.median(timed(_process(python), ROUNDS))
    report(
        benchmark,
        f"{name} vs bare typer",
        value=f"{measured * 1000:.0f} ms",
        reference=f"{reference * 1000:.0f} ms",
        ratio=measured / reference,
        target=f"≤ {target}×",
        met=measured / reference <= target,
        bare_typer=" ".join(bare[1:]),
    )
    report(
        benchmark,
        f"{name} vs python -c pass",
        value=f"{measured * 1000:.0f} ms",
        reference=f"{python_time * 1000:.0f} ms",
        ratio=measured / python_time,
    )
