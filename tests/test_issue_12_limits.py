"""Issue 12, items 5-7: files read with limits (size, aliases, nesting, digits), only regular
files, a bad value quoted short; each case through the command line, with a memory limit where
the old code exhausted memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from mmsched.formats.limits import MAX_DEPTH, quote

BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else '1, 1, 1, 1, 1, 1, 1, 1, 1'}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f"], "abcdefg", strict=True)
)


def mmsched(*args: str, memory_mb: int = 1024) -> subprocess.CompletedProcess[str]:
    """The real command in a child process, its address space limited to ``memory_mb``."""

    def limit() -> None:
        size = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return subprocess.run(
        [sys.executable, "-m", "mmsched", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=limit,
    )


def assert_refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    assert result.stdout == "" or "1 with problems" in result.stdout
    text = result.stderr + result.stdout
    assert len(text) < 1000, text[:200]
    for word in words:
        assert word in text, text


def test_an_anchor_bomb_is_refused_within_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")  # 9^7 = 4.8 million values once expanded
    assert_refused(mmsched("check", str(path), memory_mb=400), "expands to more than 100,000")
    assert_refused(mmsched("calendar", str(path), memory_mb=400), "expands to more than")


def test_deep_nesting_never_reaches_the_parser(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    assert_refused(mmsched("calendar", str(path)), f"nested more than {MAX_DEPTH} levels")
    block = tmp_path / "block.yaml"
    block.write_text("".join(" " * i + f"k{i}:\n" for i in range(40)), encoding="utf-8")
    assert_refused(mmsched("calendar", str(block)), "nested more than")


def test_a_5001_digit_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "num.yaml"
    path.write_text("patient: {age: " + "9" * 5001 + "}\n", encoding="utf-8")
    assert_refused(mmsched("calendar", str(path)), "a number of 5001 characters")


def test_a_file_over_4_mib_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("# padding\n" * 500_000, encoding="utf-8")  # 5 MB
    assert_refused(mmsched("calendar", str(path)), "at most 4 MiB")


@pytest.mark.skipif(not Path("/dev/urandom").exists(), reason="no /dev/urandom here")
def test_a_device_is_never_read(tmp_path: Path) -> None:
    assert_refused(mmsched("calendar", "/dev/urandom", memory_mb=400), "character device")
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "patient: {id: A, sex: F, age: 40, height_cm: 160, weight_kg: 52}\nregimen: rvd\n"
        "start: 2026-12-01\ndoses: {dexamethasone: 20 mg}\nward: /dev/urandom\n",
        encoding="utf-8",
    )
    assert_refused(mmsched("calendar", str(plan), memory_mb=400), "character device")


def test_a_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    assert_refused(mmsched("calendar", str(fifo)), "FIFO")


def test_a_symbolic_link_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    assert_refused(mmsched("calendar", str(tmp_path / "a.yaml")), "loop of symbolic links")


def test_a_folder_is_named(tmp_path: Path) -> None:
    assert_refused(mmsched("calendar", str(tmp_path)), "is a folder, not a file")


def test_a_gbk_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("# 病人\npatient: {name: 廖某妹}\n".encode("gbk"))
    assert_refused(mmsched("calendar", str(path)), "line 1 is not UTF-8", "save it as UTF-8")


def test_a_private_file_is_described_never_quoted(tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text(
        "root:$6$abcdefghijklmnopqrstuvwxyz0123456789:19000:0:99999:7:::\n"
        "daemon:*:19000:0:99999:7:::\n",
        encoding="utf-8",
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "patient: {id: A, sex: F, age: 40, height_cm: 160, weight_kg: 52}\nregimen: rvd\n"
        f"start: 2026-12-01\ndoses: {{dexamethasone: 20 mg}}\nward: {secret}\n",
        encoding="utf-8",
    )
    result = mmsched("calendar", str(plan))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "$6$abcdefghijklmnopqrstuvwxyz0123456789" not in result.stderr + result.stdout


def test_quoted_values_are_short_and_escaped() -> None:
    assert quote("a\x1b[31mb") == "'a\\x1b[31mb'"
    assert len(quote("x" * 1000)) == 40
