"""The README's library example runs as written (its asserts are the test)."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def section(text: str, title: str) -> str:
    """The body of the level-2 section ``title``, up to the next level-2 heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, re.M | re.S)


def test_library_section_has_a_python_example() -> None:
    blocks = python_blocks(section(README.read_text(encoding="utf-8"), "Library"))
    assert blocks
    assert any("assert" in block for block in blocks)


def test_library_examples_run() -> None:
    blocks = python_blocks(section(README.read_text(encoding="utf-8"), "Library"))
    for number, block in enumerate(blocks, start=1):
        code = compile(block, f"README.md (Library, python block {number})", "exec")
        exec(code, {"__name__": "readme_example"})  # noqa: S102 - the README is ours


def test_extraction_finds_failing_asserts() -> None:
    # The harness itself must be able to fail: a block with a false assert raises.
    fake = "## Library\n\n```python\nassert 1 == 2\n```\n\n## Next\n"
    blocks = python_blocks(section(fake, "Library"))
    assert blocks == ["assert 1 == 2\n"]
    try:
        exec(compile(blocks[0], "fake", "exec"), {})  # noqa: S102
    except AssertionError:
        return
    raise AssertionError("a false assert in a README block did not fail")
