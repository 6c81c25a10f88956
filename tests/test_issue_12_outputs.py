"""Issue 12, items 8, 9 and 11: output targets, signals, and runs that end badly, through the
real command in a child process: exit code, one message, no traceback, nothing half-written."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
COMMANDS = [
    ["--help"],
    ["calendar", "--help"],
    ["calendar", str(CASE1)],
    ["ward", str(EXAMPLES / "ward"), "--date", "2026-12-14"],
    ["regimens"],
    ["regimens", "show", "rvd"],
    ["check", str(CASE1)],
    ["check", str(CASE1), "--format", "json"],
    ["diff", str(CASE1), str(CASE1)],
    ["regimens", "--format", "json"],
    ["ward", str(EXAMPLES / "ward"), "--date", "2026-12-14", "--format", "html"],
    ["new", "plan", "--regimen", "rvd-il2", "--start", "2026-12-01", "-o", "-"],
    ["ics", str(CASE1), "-o", "-", "--dtstamp", "2026-11-01T00:00:00Z"],
]
#: The commands that print in a language, and the start of what each prints in English.
WITH_LANG = [
    (["calendar", str(CASE1)], "Treatment calendar"),
    (["ward", str(EXAMPLES / "ward"), "--date", "2026-12-14"], "Ward day sheet"),
    (["regimens"], "ID"),
    (["regimens", "show", "rvd"], "RVD"),
    (["diff", str(CASE1), str(CASE1)], ""),
    (["ics", str(CASE1), "-o", "-", "--dtstamp", "2026-11-01T00:00:00Z"], "BEGIN:VCALENDAR"),
]


def mmsched(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mmsched", *args],
        capture_output="stdout" not in kwargs,
        text=True,
        timeout=60,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_disk_on_standard_output_is_one_line(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = mmsched(*args, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr == "mmsched: cannot write to standard output (No space left on device)\n"


def test_output_through_a_symbolic_link_updates_its_target(tmp_path: Path) -> None:
    real = tmp_path / "published.txt"
    real.write_text("yesterday\n", encoding="utf-8")
    link = tmp_path / "calendar.txt"
    link.symlink_to(real)
    assert mmsched("calendar", str(CASE1), "-o", str(link), "--lang", "en").returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("Treatment calendar")


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null here")
def test_a_device_is_written_never_replaced() -> None:
    assert mmsched("calendar", str(CASE1), "-o", "/dev/null").returncode == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_target_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "out.txt"
    os.mkfifo(fifo)
    result = mmsched("calendar", str(CASE1), "-o", str(fifo))
    assert result.returncode == 1 and "FIFO" in result.stderr
    assert "Traceback" not in result.stderr


def test_dash_is_standard_output() -> None:
    result = mmsched("calendar", str(CASE1), "-o", "-", "--lang", "en")
    assert result.returncode == 0 and result.stdout.startswith("Treatment calendar")
    result = mmsched("ics", str(CASE1), "-o", "-", "--dtstamp", "2026-11-01T00:00:00Z")
    assert result.returncode == 0 and result.stdout.startswith("BEGIN:VCALENDAR\n")  # text mode
    assert result.stderr.startswith("wrote standard output: ")


def test_a_stale_temporary_file_is_removed_and_a_live_one_kept(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    dead = tmp_path / ".out.txt.mmsched-999999999-x.tmp"  # no such process
    live = tmp_path / f".out.txt.mmsched-{os.getpid()}-y.tmp"  # this test's own process
    dead.write_text("", encoding="utf-8")
    live.write_text("", encoding="utf-8")
    assert mmsched("calendar", str(CASE1), "-o", str(out)).returncode == 0
    assert not dead.exists() and live.exists() and out.exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_while_writing_leaves_nothing_behind(tmp_path: Path, signum: int) -> None:
    """300 plans take a few seconds to export; the signal comes while the file is written."""
    plans = []
    text = CASE1.read_text(encoding="utf-8")
    for i in range(300):
        plan = tmp_path / f"p{i}.yaml"
        plan.write_text(text.replace("GZ-0001", f"GZ-{i:04d}"), encoding="utf-8")
        plans.append(str(plan))
    out = tmp_path / "ward.ics"
    out.write_text("the earlier export\n", encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-m", "mmsched", "ics", *plans, "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".ward.ics.mmsched-*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    name = signal.Signals(signum).name
    assert child.returncode == 128 + signum
    assert err == f"mmsched: stopped by {name}; no output file was changed\n"
    assert out.read_text(encoding="utf-8") == "the earlier export\n"
    assert not list(tmp_path.glob(".ward.ics.*"))


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ("MemoryError", "mmsched: out of memory; give fewer or smaller files\n"),
        ("RecursionError", "mmsched: a file is nested too deeply to read; check the files given\n"),
    ],
)
def test_memory_and_recursion_errors_are_one_line(error: str, message: str) -> None:
    code = (
        "import sys\n"
        "import mmsched.cli\n"
        "module = sys.modules['mmsched.cli.app']\n"
        "class Boom:\n"
        f"    def __call__(self): raise {error}()\n"
        "    registered_commands = registered_groups = []\n"
        "module.app = Boom()\n"
        "sys.argv = ['mmsched', 'calendar']\n"
        "module.main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1 and result.stderr == message


@pytest.mark.parametrize(("args", "start"), WITH_LANG, ids=[" ".join(a[:1]) for a, _ in WITH_LANG])
def test_an_unreadable_config_folder_is_a_warning(
    tmp_path: Path, args: list[str], start: str
) -> None:
    if os.geteuid() == 0:
        # root reads any folder: use a config path whose parent is a file instead.
        (tmp_path / "mmsched").write_text("not a folder", encoding="utf-8")
    else:
        (tmp_path / "mmsched").mkdir(mode=0)
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "LANG": "en_GB.UTF-8"}
    env.pop("MMSCHED_LANG", None)
    result = mmsched(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(start), result.stdout[:200]
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) <= 1, result.stderr
