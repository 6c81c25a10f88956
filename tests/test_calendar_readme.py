"""The README's command-line examples are the commands' real output.

Every ```text block in the README's "Command line" section whose first line is
``$ mmsched ...`` is run (from the repository's root, in a clean environment) and must print
exactly the rest of the block. ``pytest --update-golden`` rewrites the blocks from the real
output instead; review the README diff before committing.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mmsched.cli.app import with_lazy_commands

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ENV: dict[str, str | None] = {
    "MMSCHED_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "C.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "NO_COLOR": "1",
}
BLOCK = re.compile(r"^```text\n(\$ mmsched [^\n]*)\n(.*?)^```\n", re.M | re.S)


def section(text: str) -> tuple[int, int]:
    start = text.index("\n## Command line\n")
    end = text.find("\n## ", start + 1)
    return start, len(text) if end == -1 else end


def output(command: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(with_lazy_commands(), shlex.split(command)[1:], env=ENV)
    # The example shows what the user sees: standard output and, if any, standard error.
    return result.stdout + result.stderr


def test_command_line_examples_are_real_output(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = section(text)
    body = text[start:end]
    blocks = list(BLOCK.finditer(body))
    commands = [m.group(1)[2:] for m in blocks]
    # Both languages of case 1's calendar are shown, as the issue asks.
    assert "mmsched calendar examples/case1-rvd-il2.yaml --lang zh" in commands
    assert "mmsched calendar examples/case1-rvd-il2.yaml --lang en" in commands
    if request.config.getoption("--update-golden"):
        new_body = BLOCK.sub(
            lambda m: f"```text\n{m.group(1)}\n{output(m.group(1)[2:], monkeypatch)}```\n", body
        )
        README.write_text(text[:start] + new_body + text[end:], encoding="utf-8")
        return
    for match in blocks:
        assert output(match.group(1)[2:], monkeypatch) == match.group(2), match.group(1)


def test_the_readme_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # The comparison must see a one-character difference in a dose.
    real = output("mmsched calendar examples/case1-rvd-il2.yaml --lang en", monkeypatch)
    assert "  2 mg" in real
    assert real.replace("  2 mg", "2.0 mg", 1) != real
