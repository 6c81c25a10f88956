"""Issue 12, item 13: date words on the command line, "today" in the ward's time zone.

Every run here has a frozen clock, given to the command as ``obj={"now": ...}``: 2026-12-03
20:00 UTC, which is 2026-12-04 04:00 in Shanghai (UTC+8) and 2026-12-03 15:00 in New York
(UTC-5 in December). Case 1 (RVD + IL-2 from Tuesday 2026-12-01) gives, by the seed's day
rules (lenalidomide d1-28, bortezomib d1, 4, 8, 11, dexamethasone d1-4 and 9-12, IL-2 d1-7):
C1D2 2026-12-02 and C1D3 12-03 three administrations each (lenalidomide, dexamethasone,
IL-2), C1D4 12-04 four (bortezomib too), C1D5 12-05 two (lenalidomide, IL-2).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import typer
from conftest import EXAMPLES
from typer.testing import CliRunner

from mmsched.cli.app import app
from mmsched.cli.common import DateArg, date_arg

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
NOW = datetime(2026, 12, 3, 20, 0, tzinfo=UTC)
ENV: dict[str, str | None] = {
    "MMSCHED_LANG": None,
    "MMSCHED_REGIMENS": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "en_GB.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "NO_COLOR": "1",
}


def run(*args: str, now: datetime = NOW) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=ENV, obj={"now": now})
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    """A usage error's text without the box typer draws around it, on one line."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


def ward_file(folder: Path, zone: str | None, name: str = "ward.yaml") -> Path:
    path = folder / name
    path.write_text(f"timezone: {zone}\n" if zone else "closed: []\n", encoding="utf-8")
    return path


def per_day(out: str) -> dict[str, int]:
    """Administrations per date of a calendar's JSON."""
    return dict(Counter(a["date"] for a in json.loads(out)["administrations"]))


# --- the words --------------------------------------------------------------------------------


def test_date_words_and_offsets() -> None:
    assert date_arg("today", "--from") == DateArg("today", None, 0)
    assert date_arg(" Tomorrow ", "--from") == DateArg(" Tomorrow ", None, 1)
    assert date_arg("YESTERDAY", "--from") == DateArg("YESTERDAY", None, -1)
    assert [date_arg(t, "--to").days for t in ("+7", "-7", "+0", "-9999")] == [7, -7, 0, -9999]
    assert date_arg("2026-12-01", "--to") == DateArg("2026-12-01", date(2026, 12, 1))
    # Counted across a month and a year end, and fixed dates ignore today.
    assert DateArg("+3", days=3).on(date(2026, 12, 30)) == date(2027, 1, 2)
    assert DateArg("-1", days=-1).on(date(2028, 3, 1)) == date(2028, 2, 29)
    assert DateArg("x", date(2026, 1, 2)).on(date(2030, 5, 5)) == date(2026, 1, 2)
    assert date_arg(None, "--to") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-29", "'2026-02-29' is not a date that exists; write a real date as YYYY-MM-DD"),
        ("2026-13-01", "'2026-13-01' is not a date that exists; write a real date as YYYY-MM-DD"),
        ("0000-01-01", "'0000-01-01' is not a date that exists; write a real date as YYYY-MM-DD"),
        ("+10000", "'+10000' is not a date; write YYYY-MM-DD, today, tomorrow, yesterday"),
        ("+\u0663", "'+٣' is not a date; write YYYY-MM-DD"),  # an Arabic-Indic digit
        ("12/04/2026", "'12/04/2026' is not a date; write YYYY-MM-DD"),
        ("next week", "'next week' is not a date; write YYYY-MM-DD"),
        ("\x1b[31m" + "x" * 60, "'\\x1b[31mxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' is not a date"),
    ],
)
def test_what_is_not_a_date(text: str, message: str) -> None:
    with pytest.raises(typer.BadParameter) as raised:
        date_arg(text, "--from")
    assert str(raised.value).startswith(message)


def test_a_date_that_does_not_exist_is_a_usage_error_with_the_files_message() -> None:
    code, _, err = run("calendar", str(CASE1), "--from", "2026-02-29")
    assert code == 2
    assert (
        "Invalid value for --from: '2026-02-29' is not a date that exists; write a real date as "
        "YYYY-MM-DD" in flat(err)
    )
    code, _, err = run("ward", str(CASE1), "--date", "2027-02-29")
    assert code == 2 and "'2027-02-29' is not a date that exists" in flat(err)
    code, _, err = run("ward", str(CASE1), "--to", "soon")
    assert code == 2
    assert "'soon' is not a date; write YYYY-MM-DD, today, tomorrow, yesterday, or +N/-N days" in (
        flat(err)
    )


# --- calendar: the plan's ward ----------------------------------------------------------------


def plan_with_ward(tmp_path: Path, zone: str | None) -> Path:
    ward_file(tmp_path, zone)
    plan = tmp_path / "plan.yaml"
    plan.write_text(CASE1.read_text(encoding="utf-8") + "ward: ward.yaml\n", encoding="utf-8")
    return plan


def test_calendar_today_is_in_the_plans_ward_time_zone(tmp_path: Path) -> None:
    plan = plan_with_ward(tmp_path, "Asia/Shanghai")
    code, out, err = run("calendar", str(plan), "--from", "today", "--to", "today", "-f", "json")
    assert (code, err) == (0, "")
    assert per_day(out) == {"2026-12-04": 4}
    plan_with_ward(tmp_path, "America/New_York")
    code, out, _ = run("calendar", str(plan), "--from", "today", "--to", "today", "-f", "json")
    assert per_day(out) == {"2026-12-03": 3}
    # --ward replaces the plan's ward, and its zone with it.
    shanghai = ward_file(tmp_path, "Asia/Shanghai", "sh.yaml")
    code, out, _ = run(
        "calendar",
        str(plan),
        "--ward",
        str(shanghai),
        "--from",
        "today",
        "--to",
        "+0",
        "-f",
        "json",
    )
    assert per_day(out) == {"2026-12-04": 4}


def test_calendar_relative_ranges(tmp_path: Path) -> None:
    plan = plan_with_ward(tmp_path, "Asia/Shanghai")
    code, out, _ = run(
        "calendar", str(plan), "--from", "yesterday", "--to", "tomorrow", "-f", "json"
    )
    assert code == 0 and per_day(out) == {"2026-12-03": 3, "2026-12-04": 4, "2026-12-05": 2}
    code, out, _ = run("calendar", str(plan), "--from", "-2", "--to", "-1", "-f", "json")
    assert code == 0 and per_day(out) == {"2026-12-02": 3, "2026-12-03": 3}
    # A word and a date together; the order is checked once both are known.
    code, out, _ = run("calendar", str(plan), "--from", "2026-12-05", "--to", "+1", "-f", "json")
    assert code == 0 and per_day(out) == {"2026-12-05": 2}
    code, _, err = run("calendar", str(plan), "--from", "tomorrow", "--to", "2026-12-04")
    assert code == 2 and "2026-12-04 is before --from 2026-12-05" in flat(err)


# --- ward: the --ward file's zone, else the local zone ---------------------------------------


def sheet_dates(*args: str) -> list[str]:
    code, out, err = run("ward", str(CASE1), "-f", "json", *args)
    assert code == 0, err
    return [day["date"] for day in json.loads(out)["days"]]


def test_ward_today_is_in_the_ward_files_time_zone(tmp_path: Path) -> None:
    shanghai = str(ward_file(tmp_path, "Asia/Shanghai", "sh.yaml"))
    new_york = str(ward_file(tmp_path, "America/New_York", "ny.yaml"))
    assert sheet_dates("--ward", shanghai) == ["2026-12-04"]  # no date: today's sheet
    assert sheet_dates("--ward", new_york) == ["2026-12-03"]
    assert sheet_dates("--ward", new_york, "--date", "tomorrow") == ["2026-12-04"]
    assert sheet_dates("--ward", shanghai, "--from", "yesterday", "--to", "+1") == [
        "2026-12-03",
        "2026-12-04",
        "2026-12-05",
    ]
    # One end open: the course's own first date starts the sheet.
    assert sheet_dates("--ward", shanghai, "--to", "-2") == ["2026-12-01", "2026-12-02"]


@pytest.fixture
def local_zone() -> Iterator[None]:
    """Lets a test set the process's local zone (TZ), restoring it afterwards."""
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def set_local_zone(zone: str) -> None:
    os.environ["TZ"] = zone
    time.tzset()


def test_ward_without_a_ward_file_takes_the_local_zone(local_zone: None, tmp_path: Path) -> None:
    set_local_zone("Pacific/Kiritimati")  # UTC+14: 2026-12-04 10:00
    assert sheet_dates() == ["2026-12-04"]
    assert sheet_dates("--date", "yesterday") == ["2026-12-03"]
    set_local_zone("Pacific/Pago_Pago")  # UTC-11: 2026-12-03 09:00
    assert sheet_dates() == ["2026-12-03"]
    # A ward file without timezone: is the local zone too.
    assert sheet_dates("--ward", str(ward_file(tmp_path, None))) == ["2026-12-03"]
    # The plans' own wards do not decide "today" for a sheet of many plans.
    plan = plan_with_ward(tmp_path, "Asia/Shanghai")
    code, out, _ = run("ward", str(plan), "-f", "json")
    assert code == 0 and json.loads(out)["days"][0]["date"] == "2026-12-03"


def test_a_bad_ward_file_stops_a_sheet_that_needs_its_today(tmp_path: Path) -> None:
    bad = tmp_path / "ward.yaml"
    bad.write_text("timezone: Asia/Shangai\n", encoding="utf-8")
    code, out, err = run("ward", str(CASE1), "--ward", str(bad))
    assert (code, out) == (1, "")
    assert err == (
        f"error: {bad}: timezone: 'Asia/Shangai' is not an IANA time zone; write one such as "
        "Asia/Shanghai or Europe/London\n"
    )


@pytest.mark.parametrize(
    "zone", ["Asia/Shangai", "../../etc/passwd", "/etc/localtime", "Asia", "''"]
)
def test_the_ward_files_timezone_is_checked(tmp_path: Path, zone: str) -> None:
    ward = tmp_path / "ward.yaml"
    ward.write_text(f"timezone: {zone}\n", encoding="utf-8")
    code, out, _ = run("check", str(ward))
    assert code == 1 and "timezone: " in out and "is not an IANA time zone" in out
    ward.write_text("timezone: ' Europe/London '\n", encoding="utf-8")
    code, out, _ = run("check", str(ward))
    assert code == 0


# --- the cold start ---------------------------------------------------------------------------


def test_calendar_start_up_imports_nothing_new() -> None:
    """The calendar command's start-up path (README, Performance) does not load the regimen
    library, the regimen JSON export or the TOML reader when there is no library or config."""
    code = (
        f"import sys; sys.argv = ['mmsched', 'calendar', {str(CASE1)!r}]\n"
        "from mmsched.cli.app import main\nmain()"
    )
    env = {**os.environ, "MMSCHED_LANG": "zh", "XDG_CONFIG_HOME": "/nonexistent-mmsched-test"}
    env.pop("MMSCHED_REGIMENS", None)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "mmsched.formats.reader" in imported  # the measurement sees mmsched's own imports
    assert not imported & {"mmsched.formats.library", "mmsched.exports.regimen_json", "tomllib"}
