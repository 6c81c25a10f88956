"""Issue 12: fault injection, every class of bad input through every command that reads it.

Each fault is a file (a plan, or a ward or regimen file a plan names) made the way the fault
campaign made it. One child process per fault, its address space limited (so an anchor bomb or
``/dev/urandom`` that slipped through would end the run instead of the machine), runs every
command on it in turn through the console script's own entry (``_run``, what ``main`` calls)
and reports, per command: the exit code, standard output, standard error, and any exception
that escaped (a traceback). Each command must then: exit 1; say one short message (at most
1,000 characters) that names the file and what is wrong; print no traceback; leave the output
file given with ``-o`` exactly as it was; and, on the ward sheet, still list the good plan.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOOD_PLAN = (EXAMPLES / "case1-rvd-il2.yaml").read_text(encoding="utf-8")
OLD = "yesterday's output\n"

#: Runs in the child: every command line in turn, in this one process, with a memory limit.
CHILD = """
import io, json, resource, sys, traceback
limit = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import mmsched.cli
run = sys.modules["mmsched.cli.app"]._run
real_out, real_err = sys.stdout, sys.stderr
results = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr = out, err
    sys.argv = ["mmsched", *argv]
    try:
        code, crash = run(), ""
    except BaseException:
        code, crash = -1, traceback.format_exc()
    sys.stdout, sys.stderr = real_out, real_err
    results.append({"argv": argv, "code": code, "out": out.getvalue(), "err": err.getvalue(),
                    "crash": crash})
print(json.dumps(results))
"""

PATIENT = "patient: {id: GZ-0001, name: 廖某妹, sex: F, age: 48, height_cm: 156, weight_kg: 52}\n"
REST = "regimen: rvd-il2\nstart: 2026-12-01\ncycles: 2\ndoses: {dexamethasone: 20 mg}\n"


def anchor_bomb() -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    return "\n".join(lines) + "\n" + PATIENT + REST


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_loop(path: Path) -> None:
    other = path.with_name("other.yaml")
    path.symlink_to(other)
    other.symlink_to(path)


#: fault name -> (how to make the bad plan file, words its message must hold)
PLAN_FAULTS: dict[str, tuple[str | bytes | Callable[[Path], None], tuple[str, ...]]] = {
    "duplicate-key": (
        PATIENT.replace("weight_kg: 52}", "weight_kg: 52, weight_kg: 95}") + REST,
        ("weight_kg", "twice"),
    ),
    "anchor-bomb": (anchor_bomb(), ("alias",)),
    "deep-nesting": ("a: " + "[" * 1000 + "]" * 1000 + "\n" + PATIENT + REST, ("nest",)),
    "long-number": (PATIENT.replace("age: 48", "age: " + "9" * 5001) + REST, ("40",)),
    "over-4-mib": ("# " + "x" * (4 * 1024 * 1024) + "\n" + PATIENT + REST, ("MiB",)),
    "binary": (bytes(range(256)) * 64, ("UTF-8",)),
    "gbk": (("# 病人\n" + PATIENT + REST).encode("gbk"), ("UTF-8",)),
    "empty": ("", ("empty",)),
    "escape-in-name": (PATIENT.replace("廖某妹", '"\\e[2J廖"') + REST, ("patient.name", "U+001B")),
    "zero-width-id": (PATIENT.replace("GZ-0001", '"GZ-0001\\u200b"') + REST, ("patient.id",)),
    "ward-is-urandom": (PATIENT + REST + "ward: /dev/urandom\n", ("character device",)),
    "regimen-is-a-folder": (PATIENT + REST.replace("rvd-il2", "/"), ("folder",)),
    "fifo": (make_fifo, ("FIFO",)),
    "symlink-loop": (make_loop, ("loop",)),
}


def commands(bad: Path, good: Path, folder: Path, out: Path) -> list[list[str]]:
    return [
        ["calendar", str(bad)],
        ["calendar", str(bad), "--format", "json", "-o", str(out)],
        ["ics", str(bad), "-o", str(out)],
        ["ward", str(bad), "--date", "2026-12-01", "-o", str(out)],
        ["ward", str(folder), "--date", "2026-12-01"],
        ["check", str(bad)],
        ["check", str(folder)],
        ["diff", str(bad), str(good)],
        ["diff", str(good), str(bad)],
    ]


def run_all(argvs: list[list[str]], memory_mb: int = 1024) -> list[dict[str, Any]]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(argvs), str(memory_mb)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "MMSCHED_LANG": "en", "XDG_CONFIG_HOME": "/nonexistent-mmsched"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    runs: list[dict[str, Any]] = json.loads(result.stdout)
    return runs


@pytest.mark.parametrize("fault", sorted(PLAN_FAULTS))
def test_a_bad_plan_through_every_command(tmp_path: Path, fault: str) -> None:
    make, words = PLAN_FAULTS[fault]
    folder = tmp_path / "ward"
    folder.mkdir()
    bad = folder / "bad.yaml"
    if callable(make):
        make(bad)
    elif isinstance(make, bytes):
        bad.write_bytes(make)
    else:
        bad.write_text(make, encoding="utf-8")
    good = folder / "good.yaml"
    good.write_text(GOOD_PLAN, encoding="utf-8")
    out = tmp_path / "out.txt"
    out.write_text(OLD, encoding="utf-8")

    for run in run_all(commands(bad, good, folder, out)):
        argv, code, text = run["argv"], run["code"], run["out"] + run["err"]
        where = f"{fault}: mmsched {' '.join(argv)}"
        assert run["crash"] == "", f"{where}: traceback\n{run['crash']}"
        assert "Traceback" not in text, where
        assert code == 1, f"{where}: exit {code}\n{text[:500]}"
        assert "bad.yaml" in text, f"{where}: the file is not named\n{text[:500]}"
        for word in words:
            assert word in text, f"{where}: {word!r} missing\n{text[:500]}"
        if argv[1] == str(folder):
            # the good plan (GZ-0001, RVD + IL-2 from 2026-12-01) is still on the sheet, or
            # checked as valid
            assert "GZ-0001" in run["out"] or f"ok    {folder}/good.yaml" in run["out"], where
            assert len(run["err"]) <= 1000, f"{where}: {len(run['err'])} characters"
        else:
            assert len(text) <= 1000, f"{where}: {len(text)} characters\n{text[:300]}"
        assert out.read_text(encoding="utf-8") == OLD, f"{where}: the -o file was replaced"
    assert not list(tmp_path.rglob(".*.tmp")), "a temporary file was left behind"


def test_a_bad_ward_file_given_with_ward_to_every_command(tmp_path: Path) -> None:
    """``--ward`` naming a private file (``/etc/shadow`` in the campaign): described, never
    quoted; with every command that takes ``--ward``."""
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$SECRETHASHSECRETHASH:19000:0:99999:7:::\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(GOOD_PLAN, encoding="utf-8")
    out = tmp_path / "out.txt"
    out.write_text(OLD, encoding="utf-8")
    argvs = [
        ["calendar", str(good), "--ward", str(secret)],
        ["ward", str(good), "--date", "2026-12-01", "--ward", str(secret), "-o", str(out)],
        ["ics", str(good), "--ward", str(secret), "-o", str(out)],
    ]
    for run in run_all(argvs):
        where = f"mmsched {' '.join(run['argv'])}"
        text = run["out"] + run["err"]
        assert run["crash"] == "" and "Traceback" not in text, where
        assert run["code"] == 1, f"{where}: exit {run['code']}\n{text[:300]}"
        assert "shadow" in text, where
        assert "SECRETHASH" not in text, f"{where}: the private file was quoted"
        assert out.read_text(encoding="utf-8") == OLD, where


@pytest.mark.skipif(not Path("/dev/urandom").exists(), reason="no /dev/urandom here")
def test_devices_are_never_read_under_a_small_memory_limit(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD_PLAN, encoding="utf-8")
    argvs = [
        ["calendar", "/dev/urandom"],
        ["check", "/dev/urandom"],
        ["calendar", str(good), "--ward", "/dev/urandom"],
        ["regimens", "show", "/dev/urandom"],
        ["diff", str(good), "/dev/zero"],
    ]
    for run in run_all(argvs, memory_mb=600):
        where = f"mmsched {' '.join(run['argv'])}"
        text = run["out"] + run["err"]
        assert run["crash"] == "" and "Traceback" not in text, where
        assert run["code"] == 1, f"{where}: exit {run['code']}\n{text[:300]}"
        assert "character device" in text, f"{where}\n{text[:300]}"
        assert len(text) <= 1000, where


RD = (EXAMPLES.parent / "regimens" / "rd.yaml").read_text(encoding="utf-8")
#: fault name -> (the bad regimen file, words its message must hold)
REGIMEN_FAULTS: dict[str, tuple[str | bytes | Callable[[Path], None], tuple[str, ...]]] = {
    "duplicate-key": (
        RD.replace("cycle_days: 28\n", "cycle_days: 28\ncycle_days: 21\n"),
        ("twice",),
    ),
    "anchor-bomb": (anchor_bomb().replace(PATIENT + REST, RD), ("alias",)),
    "deep-nesting": ("a: " + "[" * 1000 + "]" * 1000 + "\n" + RD, ("nest",)),
    "long-number": (RD.replace("cycle_days: 28", "cycle_days: " + "2" * 5001), ("40",)),
    "binary": (bytes(range(256)) * 64, ("UTF-8",)),
    "gbk": (RD.encode("gbk", errors="replace"), ("UTF-8",)),
    "escape-in-name": (
        # an id of its own, or the folder run reports it as shadowing the bundled rd first
        RD.replace("id: rd\n", "id: rd-local\n").replace('{en: "Rd (', '{en: "\\e[2JRd (', 1),
        ("U+001B",),
    ),
    "fifo": (make_fifo, ("FIFO",)),
    "symlink-loop": (make_loop, ("loop",)),
}


@pytest.mark.parametrize("fault", sorted(REGIMEN_FAULTS))
def test_a_bad_regimen_through_every_command(tmp_path: Path, fault: str) -> None:
    make, words = REGIMEN_FAULTS[fault]
    folder = tmp_path / "regimens"
    folder.mkdir()
    bad = folder / "bad.yaml"
    if callable(make):
        make(bad)
    elif isinstance(make, bytes):
        bad.write_bytes(make)
    else:
        bad.write_text(make, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(PATIENT + REST.replace("rvd-il2", str(bad)), encoding="utf-8")
    new = tmp_path / "new.yaml"
    argvs = [
        ["regimens", "show", str(bad)],
        ["regimens", "--dir", str(folder)],
        ["check", str(bad)],
        ["calendar", str(plan)],
        ["new", "plan", "--regimen", str(bad), "-o", str(new)],
    ]
    for run in run_all(argvs):
        argv, code, text = run["argv"], run["code"], run["out"] + run["err"]
        where = f"{fault}: mmsched {' '.join(argv)}"
        assert run["crash"] == "", f"{where}: traceback\n{run['crash']}"
        assert "Traceback" not in text, where
        assert code == 1, f"{where}: exit {code}\n{text[:500]}"
        assert "bad.yaml" in text, f"{where}: the file is not named\n{text[:500]}"
        for word in words:
            assert word in text, f"{where}: {word!r} missing\n{text[:500]}"
        if argv[:2] != ["regimens", "--dir"]:  # that one lists the bundled regimens too
            assert len(text) <= 1000, f"{where}: {len(text)} characters\n{text[:300]}"
        assert not new.exists(), f"{where}: a plan was written"
