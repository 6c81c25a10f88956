"""Lint, format and type checks, run as part of the test suite (config in pyproject.toml)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def tool(name: str) -> list[str]:
    """The command that runs ``name``: the module in this Python, else the program on PATH."""
    if importlib.util.find_spec(name) is not None:
        return [sys.executable, "-m", name]
    program = shutil.which(name)
    if program is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return [program]


def run(command: list[str]) -> None:
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"


def test_ruff_check() -> None:
    run([*tool("ruff"), "check", "mmsched", "tests"])


def test_ruff_format() -> None:
    run([*tool("ruff"), "format", "--check", "mmsched", "tests"])


def test_mypy_strict() -> None:
    # strict = true and the pydantic plugin come from [tool.mypy] in pyproject.toml.
    run(tool("mypy"))
