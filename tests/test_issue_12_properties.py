"""Issue 12, property: any bundled example plan, written again with random variations of the
ways files really arrive (a byte-order mark from Notepad, CRLF line ends from Windows, a
full-width id from a Chinese input method, padding, comments and blank lines, a key given
twice), either gives exactly the clean file's schedule or is refused with a message; never a
third thing. And which of the two is not left to chance: a key given twice is always refused,
every other variation always gives the same schedule.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mmsched
from mmsched.errors import MmschedError

PLANS = sorted(
    [
        EXAMPLES / "case1-rvd-il2.yaml",
        EXAMPLES / "case2-tvd-il2.yaml",
        EXAMPLES / "course" / "case1-course.yaml",
        *(EXAMPLES / "ward").glob("*.yaml"),
    ]
)
CLEAN: dict[Path, dict[str, Any]] = {}


def clean(path: Path) -> dict[str, Any]:
    if path not in CLEAN:
        CLEAN[path] = mmsched.schedule_to_dict(mmsched.expand(mmsched.load_plan(path)))
    return CLEAN[path]


def fullwidth(text: str) -> str:
    """ASCII letters, digits and ``-`` as their full-width forms (U+FF01..U+FF5E), which NFKC
    maps back: what a Chinese input method in full-width mode types."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@st.composite
def variants(draw: st.DrawFn) -> tuple[Path, str, bool]:
    """(plan, its text varied, whether a key was given twice)."""
    path = draw(st.sampled_from(PLANS))
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    patient = next(i for i, line in enumerate(lines) if line.startswith("patient: {id: "))
    ident = lines[patient].split("id: ", 1)[1].split(",", 1)[0]

    style = draw(st.sampled_from(["as-is", "fullwidth", "padded", "nfkd-quoted"]))
    if style == "fullwidth":
        written = f'"{fullwidth(ident)}"'
    elif style == "padded":
        written = f'"\u3000 {ident}\u00a0"'  # an ideographic space, a space, a no-break space
    elif style == "nfkd-quoted":
        written = f'"{unicodedata.normalize("NFKD", ident)}"'
    else:
        written = ident
    lines[patient] = lines[patient].replace(f"id: {ident},", f"id: {written},", 1)

    twice = draw(st.booleans())
    if twice:
        top = [i for i, line in enumerate(lines) if line[:1].isalpha() and ": " in line]
        i = draw(st.sampled_from(top))
        key, value = lines[i].split(": ", 1)
        if key == "patient":  # a field of the patient's mapping, inside the braces
            field = draw(st.sampled_from(["sex", "age", "height_cm", "weight_kg"]))
            other = draw(st.sampled_from(["F", "M", "95", "52", "40"]))
            lines[i] = lines[i].rstrip("}") + f", {field}: {other}}}"
        else:
            # between two top-level lines, so the file stays YAML (not inside a list)
            places = [
                j
                for j in range(i + 1, len(lines) + 1)
                if not lines[j : j + 1] or not lines[j].startswith(" ")
            ]
            where = draw(st.sampled_from(places))
            lines.insert(where, f"{key}: {draw(st.sampled_from([value, '2026-12-08', '3']))}")

    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "# a comment added by a colleague")
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "")
    if draw(st.booleans()):
        lines = [line + "  " if line and not line.startswith(" ") else line for line in lines]
    end = "\r\n" if draw(st.booleans()) else "\n"
    varied = end.join(lines) + end
    if draw(st.booleans()):
        varied = "\ufeff" + varied
    return path, varied, twice


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(variants())
def test_a_varied_plan_gives_the_same_schedule_or_is_refused(
    case: tuple[Path, str, bool],
) -> None:
    path, text, twice = case
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        copy.write_bytes(text.encode("utf-8"))
        if (path.parent / "ward.yaml").exists():  # the course example names its ward file
            shutil.copy(path.parent / "ward.yaml", Path(folder) / "ward.yaml")
        if twice:
            with pytest.raises(MmschedError) as caught:
                mmsched.expand(mmsched.load_plan(copy))
            assert "twice" in str(caught.value), str(caught.value)
            assert str(copy) in str(caught.value)
            return
        schedule = mmsched.schedule_to_dict(mmsched.expand(mmsched.load_plan(copy)))
    assert schedule == clean(path)
