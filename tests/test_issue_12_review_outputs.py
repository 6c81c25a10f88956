"""Issue 12, the fresh-clone review: outputs, options and files read beside the plans. One test
(or one parametrized test) per finding, named after it (C13 standard output closed, C14 a
nested SEQUENCE in --previous, ... E22 the other signals), through the real command in a child
process where a file descriptor, a signal or a memory limit is the point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
STAMP = "2026-11-01T00:00:00Z"
CLOSED = "mmsched: cannot write to standard output (Bad file descriptor)\n"


def mmsched(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("timeout", 120)
    return subprocess.run(
        [sys.executable, "-m", "mmsched", *args],
        capture_output="stdout" not in kwargs,
        text=True,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


def closed_stdout(*args: str) -> subprocess.CompletedProcess[str]:
    """The command with its standard output closed, as ``mmsched ... >&-`` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mmsched", *args],
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.close(1),
    )


# --- C13: standard output closed -------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["-h"],
        ["--version"],
        ["calendar", "-h"],
        ["calendar", str(CASE1)],
        ["ward", str(EXAMPLES / "ward"), "--date", "2026-12-14"],
        ["check", str(CASE1)],
        ["regimens"],
        ["regimens", "show", "rvd"],
        ["diff", str(CASE1), str(CASE1)],
        ["new", "plan", "--regimen", "rvd", "--start", "2026-12-01", "-o", "-"],
        ["ics", str(CASE1), "-o", "-", "--dtstamp", STAMP],
    ],
    ids=" ".join,
)
def test_c13_closed_standard_output_is_one_line_and_exit_1(args: list[str]) -> None:
    result = closed_stdout(*args)
    assert (result.returncode, result.stderr) == (1, CLOSED)


def test_c13_diff_exit_code_with_closed_standard_output_is_trouble_2() -> None:
    result = closed_stdout("diff", str(CASE1), str(CASE1), "--exit-code")
    assert (result.returncode, result.stderr) == (2, CLOSED)


def test_c13_calendar_to_a_file_needs_no_standard_output(tmp_path: Path) -> None:
    out = tmp_path / "f.txt"
    result = closed_stdout("calendar", str(CASE1), "-o", str(out), "--lang", "en")
    assert (result.returncode, result.stderr) == (0, "")
    assert out.read_text(encoding="utf-8").startswith("Treatment calendar")


# --- C15 and the exit code of option values ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # 00:00 at +14:00 on 1 January of year 1 is a time in year 0 in UTC: OverflowError.
        (["--dtstamp", "0001-01-01T00:00:00+14:00"], "--dtstamp: '0001-01-01T00:00:00+14:00'"),
        (["--dtstamp", "9999-12-31T23:59:59-14:00"], "--dtstamp: '9999-12-31T23:59:59-14:00'"),
        (["--time", "24:00"], "--time: '24:00': write HH:MM"),
        # 40,321 minutes is 28 days and 1 minute: out of range, not a badly written alarm.
        (["--alarm", "40321m"], "--alarm: '40321m' is not between 1 minute and 28 days"),
        (["--alarm", "1d", "--alarm", "24h"], "--alarm: the same alarm is given twice"),
    ],
)
def test_c15_option_values_are_usage_errors_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "x.ics"
    result = mmsched("ics", str(CASE1), "-o", str(out), *args)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_c15_an_alarm_of_exactly_28_days_in_minutes_is_taken(tmp_path: Path) -> None:
    # 28 days = 28 * 24 * 60 = 40,320 minutes: the longest alarm, once refused as "not a number".
    out = tmp_path / "x.ics"
    result = mmsched("ics", str(CASE1), "-o", str(out), "--alarm", "40320m", "--dtstamp", STAMP)
    assert result.returncode == 0, result.stderr
    assert "TRIGGER:-P28D" in out.read_text(encoding="utf-8")


def test_readme_rule_new_plan_start_that_does_not_exist_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    result = mmsched("new", "plan", "--regimen", "rvd", "--start", "2026-02-30", "-o", str(out))
    assert result.returncode == 2
    assert "'2026-02-30' is not a date that exists" in result.stderr
    assert not out.exists()


# --- C14 and D16: --previous ---------------------------------------------------------------

NESTED = b"BEGIN:X-FOO\r\nSEQUENCE:0\r\nURL:http://evil.example/\r\nEND:X-FOO\r\n"


def other_patient(tmp_path: Path) -> Path:
    """Case 1 for another patient: every event of case 1's export is no longer planned."""
    plan = tmp_path / "other.yaml"
    text = CASE1.read_text(encoding="utf-8").replace("GZ-0001", "GZ-0999")
    plan.write_text(text, encoding="utf-8")
    return plan


def test_c14_a_nested_component_with_sequence_0_is_cancelled_without_it(tmp_path: Path) -> None:
    first = tmp_path / "first.ics"
    assert mmsched("ics", str(CASE1), "-o", str(first), "--dtstamp", STAMP).returncode == 0
    data = first.read_bytes()
    # Into every event: a nested component holding SEQUENCE:0, and a URL mmsched never writes.
    data = data.replace(b"END:VEVENT\r\n", NESTED + b"URL:http://evil.example/\r\nEND:VEVENT\r\n")
    first.write_bytes(data)
    out = tmp_path / "out.ics"
    result = mmsched(
        "ics", str(other_patient(tmp_path)), "-o", str(out), "--previous", str(first),
        "--dtstamp", STAMP,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # 56 new events for GZ-0999, and case 1's 56 events cancelled with SEQUENCE 0 + 1.
    assert result.stdout.endswith("(56 new, 0 changed, 0 unchanged, 56 cancelled)\n")
    text = out.read_bytes().decode("utf-8")
    assert text.count("STATUS:CANCELLED") == 56
    assert text.count("SEQUENCE:1\r\n") == 56 and text.count("SEQUENCE:0\r\n") == 56
    assert "evil" not in text and "X-FOO" not in text


def test_d16_previous_events_that_are_not_mmsched_s_are_ignored_fast(tmp_path: Path) -> None:
    head = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//mmsched//mmsched 0.1.0//EN\r\n"
    event = (
        "BEGIN:VEVENT\r\nUID:foreign-{}@example.org\r\nDTSTART;VALUE=DATE:20261201\r\n"
        "DTSTAMP:20261101T000000Z\r\nSEQUENCE:3\r\nSUMMARY:Dose doubled\r\n"
        "URL:http://evil.example/phish\r\nDESCRIPTION:Call 555-0100\r\nEND:VEVENT\r\n"
    )
    previous = tmp_path / "previous.ics"
    body = "".join(event.format(i) for i in range(100_000)).encode("ascii")
    previous.write_bytes(head + body + b"END:VCALENDAR\r\n")
    out = tmp_path / "out.ics"
    result = mmsched(
        "ics", str(CASE1), "-o", str(out), "--previous", str(previous), "--dtstamp", STAMP,
        timeout=30,  # 47 s and 437 MB when every foreign event was parsed and cancelled
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(
        "(56 new, 0 changed, 0 unchanged, 0 cancelled); 100000 events of --previous not "
        "mmsched's left out\n"
    )
    text = out.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 56
    assert "foreign" not in text and "evil" not in text and "555-0100" not in text


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (os.mkfifo, "is a FIFO (named pipe), not a regular file"),
        (lambda p: p.symlink_to("/dev/zero"), "is a character device, not a regular file"),
        (lambda p: p.mkdir(), "is a folder, not a file"),
    ],
    ids=["fifo", "dev-zero", "folder"],
)
def test_d16_previous_must_be_a_regular_file(tmp_path: Path, make: object, what: str) -> None:
    previous = tmp_path / "previous.ics"
    make(previous)  # type: ignore[operator]
    result = mmsched(
        "ics", str(CASE1), "-o", str(tmp_path / "x.ics"), "--previous", str(previous), timeout=30
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {previous}: {what}; --previous takes")
    assert not (tmp_path / "x.ics").exists()


def test_d16_previous_messages_never_quote_the_file(tmp_path: Path) -> None:
    secret = "TOKEN_" + "s3cr3t" * 1000
    cases = {
        "env.ics": f"SHELL=/bin/bash\x00{secret}\x00".encode(),
        "long.ics": b"BEGIN:VCALENDAR\r\nPRODID:" + secret.encode() + b"\r\nEND:VCALENDAR\r\n",
        "seq.ics": (
            b"BEGIN:VCALENDAR\r\nPRODID:-//mmsched//x//EN\r\nBEGIN:VEVENT\r\n"
            b"UID:0b1f2c3d-4e5f-5a6b-8c7d-9e0f1a2b3c4d\r\nSEQUENCE:"
            + secret.encode()
            + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ),
    }
    for name, data in cases.items():
        previous = tmp_path / name
        previous.write_bytes(data)
        result = mmsched("ics", str(CASE1), "-o", str(tmp_path / "x.ics"), "--previous", name,
                         cwd=tmp_path)  # fmt: skip
        assert result.returncode == 1, name
        assert "s3cr3ts3cr3ts3cr3ts3cr3ts3cr3ts3cr3t" not in result.stderr, name
        assert len(result.stderr) < 400, name


# --- D17: dispensing searches are bounded --------------------------------------------------

LIMITED = """
import resource, sys
limit = 1024 * 1024 * 1024  # 1 GiB: the unbounded search took 4.3 and 7.9 GB
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.argv = ["mmsched", *sys.argv[1:]]
from mmsched.cli.app import main
main()
"""


def limited(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LIMITED, *args],
        capture_output=True,
        text=True,
        timeout=20,  # 29 s and 70 s before
        check=False,
    )


def test_d17_a_formulary_of_tiny_strengths_is_refused_early(tmp_path: Path) -> None:
    ward = tmp_path / "ward.yaml"
    ward.write_text(
        "formulary:\n  cyclophosphamide:\n"
        "    {strengths: [0.0001 mg, 0.00011 mg], combine: true, max_units: 1000}\n",
        encoding="utf-8",
    )
    plan = EXAMPLES / "ward" / "gz-0103-cybord.yaml"
    result = limited("calendar", str(plan), "--ward", str(ward))
    assert result.returncode == 1
    # CyBorD's cyclophosphamide here is 550 mg: 550 / 0.00011 = 5,000,000 units of the largest.
    assert (
        "cyclophosphamide: 550 mg would take more than 1,000 units of the strengths 0.0001, "
        "0.00011 mg (ward formulary)"
    ) in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_d17_a_local_regimen_of_10000_mg_from_0_001_mg_tablets_is_refused(tmp_path: Path) -> None:
    import yaml

    regimen = yaml.safe_load((EXAMPLES.parent / "regimens" / "rd.yaml").read_text("utf-8"))
    regimen["id"] = "rd-fine"
    dex = regimen["drugs"][1]
    assert dex["drug"] == "dexamethasone"
    dex.update({"dose": "10000 mg", "strengths": ["0.001 mg"], "combine": True})
    dex.pop("age_rule")
    path = tmp_path / "rd-fine.yaml"
    path.write_text(yaml.safe_dump(regimen, allow_unicode=True), encoding="utf-8")
    result = limited("regimens", "show", str(path))
    assert result.returncode == 1
    # 10,000 mg / 0.001 mg = 10,000,000 tablets.
    assert "10,000 mg would take more than 1,000 units of the strengths 0.001 mg" in result.stderr
    assert "Traceback" not in result.stderr


def test_d17_strengths_too_fine_for_the_dose_are_refused_before_any_table() -> None:
    from decimal import Decimal

    from mmsched.engine.dispensing import (
        DispensingLimitError,
        Strengths,
        at_or_above,
        at_or_below,
    )

    # 500 mg is 500 units of 1 mg (within 1,000), but 1 and 1.00001 mg share a step of
    # 0.00001 mg: a table of 500 / 0.00001 = 50,000,000 amounts, over the 200,000 allowed.
    fine = Strengths((Decimal(1), Decimal("1.00001")), "mg", combine=True)
    for search in (at_or_below, at_or_above):
        with pytest.raises(DispensingLimitError, match=r"common step \(0\.00001 mg\) is too fine"):
            search(Decimal(500), fine)
    # The ordinary case is unchanged: 40 mg from 0.75 mg tablets is 53 (39.75 mg).
    tablets = Strengths((Decimal("0.75"),), "mg", combine=True, max_units=60)
    found = at_or_below(Decimal(40), tablets)
    assert found is not None and (found.dose, found.count) == (Decimal("39.75"), 53)


# --- E20 and E22: what an atomic replace keeps, and every signal that ends the run -----------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_e20_an_atomic_replace_keeps_mode_group_and_owner(tmp_path: Path) -> None:
    out = tmp_path / "shared.txt"
    out.write_text("yesterday\n", encoding="utf-8")
    os.chown(out, 1, 2)  # daemon:bin (uid 1, gid 2 on every Linux)
    out.chmod(0o640)
    assert mmsched("calendar", str(CASE1), "-o", str(out), "--lang", "en").returncode == 0
    info = out.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (1, 2, 0o640)
    assert out.read_text(encoding="utf-8").startswith("Treatment calendar")


@pytest.mark.parametrize("name", ["SIGUSR1", "SIGUSR2", "SIGALRM"])
def test_e22_other_signals_remove_the_temporary_file(tmp_path: Path, name: str) -> None:
    import signal
    import time

    signum = int(getattr(signal, name))
    text = CASE1.read_text(encoding="utf-8")
    plans = []
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
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".ward.ics.mmsched-*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 128 + signum
    assert err == f"mmsched: stopped by {name}; no output file was changed\n"
    assert out.read_text(encoding="utf-8") == "the earlier export\n"
    assert not list(tmp_path.glob(".ward.ics.mmsched-*"))


# -- E19: -o never replaces an input ---------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["calendar", "{plan}", "-o", "{plan}"],
        ["calendar", "{plan}", "--ward", "{ward}", "-o", "{ward}"],
        ["ward", "{folder}", "--date", "2026-12-01", "-o", "{plan}"],
        ["ics", "{plan}", "-o", "{link}"],
    ],
    ids=["calendar-plan", "calendar-ward", "ward-folder-entry", "ics-through-a-link"],
)
def test_e19_an_output_that_is_an_input_is_refused(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "plan.yaml"
    original = (EXAMPLES / "case1-rvd-il2.yaml").read_text(encoding="utf-8")
    plan.write_text(original, encoding="utf-8")
    ward = tmp_path / "ward.yaml"
    ward_text = (EXAMPLES / "course" / "ward.yaml").read_text(encoding="utf-8")
    ward.write_text(ward_text, encoding="utf-8")
    link = tmp_path / "feed.ics"
    link.symlink_to(plan)
    names = {"plan": str(plan), "ward": str(ward), "folder": str(folder), "link": str(link)}
    result = mmsched(*(part.format(**names) for part in command))
    assert result.returncode == 1, result.stderr
    assert "is also read by this command" in result.stderr
    assert "Traceback" not in result.stderr
    assert plan.read_text(encoding="utf-8") == original
    assert ward.read_text(encoding="utf-8") == ward_text


def test_e19_previous_may_be_the_output(tmp_path: Path) -> None:
    """Updating last export in place is the documented use of --previous."""
    feed = tmp_path / "feed.ics"
    plan = str(EXAMPLES / "case1-rvd-il2.yaml")
    stamp = ["--dtstamp", "2026-11-01T00:00:00Z"]
    assert mmsched("ics", plan, "-o", str(feed), *stamp).returncode == 0
    again = mmsched("ics", plan, "-o", str(feed), "--previous", str(feed), *stamp)
    assert again.returncode == 0, again.stderr
