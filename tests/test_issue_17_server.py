"""Issue 17: the ward server in process, its time injected through ``create_app(clock=...)``.

Feeds (window, parameters, ETag and 304, REFRESH-INTERVAL), the event history (SEQUENCE from
the minutes since 2020, + 1 on a change, CANCELLED for 14 days, tombstones, broken files kept
as last seen, a lost history), the pages, and access (tokens, scopes, the uniform 404, the
cookie's redirect, masked names, headers). Requests go through httpx's ASGI transport; the
real uvicorn, vdirsyncer, khal and Chromium are in ``test_issue_17_live.py``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

pytest.importorskip("starlette", reason="the serve extra is not installed")
httpx = pytest.importorskip("httpx", reason="httpx is not installed (the test extra has it)")

from mmsched.cli.app import with_lazy_commands  # noqa: E402
from mmsched.errors import MmschedError  # noqa: E402
from mmsched.server import create_app  # noqa: E402
from mmsched.server.history import sequence_base  # noqa: E402
from mmsched.server.tokens import TokenStore, digest  # noqa: E402

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
WARD = EXAMPLES / "ward"
#: 09:00 in Shanghai on case 1's first day.
START = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
#: Minutes from 2020-01-01 to 2026-12-01 01:00 UTC, by hand: 2,192 days to 2026 (two leap
#: years), 334 days to December, 2,526 days = 3,637,440 minutes, and 60 more.
BASE = 3_637_500


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class Ward:
    """A plan folder, its server and tokens, and a client."""

    def __init__(self, tmp_path: Path, plans: list[Path]) -> None:
        self.folder = tmp_path / "ward"
        self.folder.mkdir()
        for plan in plans:
            shutil.copy(plan, self.folder / plan.name)
        self.clock = Clock(START)
        self.state = self.folder / ".mmsched"
        self.tokens = TokenStore(self.state / "tokens.sqlite3")
        self.token = self.tokens.add("ward", START)
        self.app = create_app(self.folder, clock=self.clock, lang="zh", tz="Asia/Shanghai")

    def restart(self) -> None:
        self.app = create_app(self.folder, clock=self.clock, lang="zh", tz="Asia/Shanghai")

    def get(
        self, path: str, cookies: dict[str, str] | None = None, **kwargs: Any
    ) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://ward", cookies=cookies
            ) as client:
                return await client.get(path, **kwargs)

        return asyncio.run(go())

    def feed(self, path: str = "/feeds/ward.ics", **params: str) -> list[dict[str, str]]:
        response = self.get(path, params={"token": self.token, **params})
        assert response.status_code == 200, response.text
        return events(response.content)

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")


def events(data: bytes) -> list[dict[str, str]]:
    """Each VEVENT's properties (unfolded; the first of each name), in the feed's order."""
    text = re.sub(r"\r\n[ \t]", "", data.decode("utf-8"))
    found = []
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S):
        props: dict[str, str] = {}
        for line in block.split("\r\n"):
            name, _, value = line.partition(":")
            props.setdefault(name.split(";")[0], value)
        found.append(props)
    return found


@pytest.fixture
def ward(tmp_path: Path) -> Ward:
    return Ward(tmp_path, [CASE1])


# --- the feed -------------------------------------------------------------------------------


def test_a_feed_says_how_often_to_refresh_and_can_be_revalidated(ward: Ward) -> None:
    response = ward.get("/feeds/ward.ics", params={"token": ward.token})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in body
    assert response.headers["etag"] == f'"{hashlib.sha256(body).hexdigest()[:40]}"'
    assert response.headers["last-modified"] == "Tue, 01 Dec 2026 01:00:00 GMT"
    assert response.headers["cache-control"] == "private, no-cache"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    again = ward.get(
        "/feeds/ward.ics",
        params={"token": ward.token},
        headers={"If-None-Match": response.headers["etag"]},
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == response.headers["etag"]
    other = ward.get(
        "/feeds/ward.ics", params={"token": ward.token}, headers={"If-None-Match": '"x"'}
    )
    assert other.status_code == 200 and other.content == body


def test_the_window_is_14_days_back_and_120_ahead_by_default(ward: Ward) -> None:
    ward.clock.now = dt.datetime(2026, 12, 20, 1, 0, tzinfo=dt.UTC)
    starts = {e["DTSTART"] for e in ward.feed()}
    # Case 1 runs 2026-12-01 to 2027-01-25 (two 28-day cycles): from 2026-12-06 (20 - 14) on.
    assert min(starts) == "20261206"
    assert all("20261206" <= s <= "20270419" for s in starts)
    today = {e["DTSTART"] for e in ward.feed(back="0", ahead="0")}
    assert today == {"20261220"}
    assert len(ward.feed(back="3660", ahead="3660")) > len(ward.feed())


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"back": "3661", "lang": "en"}, "back: write a number of days from 0 to 3660"),
        ({"ahead": "-1", "lang": "en"}, "ahead: write a number of days from 0 to 3660"),
        ({"group": "week", "lang": "en"}, "group: write day or drug"),
        ({"group": "week"}, "请写“day”或“drug”。位置：group"),  # the server's language (issue 14)
        ({"lang": "fr"}, "请写“zh”或“en”。位置：lang"),
        ({"time": "25:00", "lang": "en"}, "time: '25:00': write HH:MM on a 24-hour clock, 09:00"),
        ({"alarm": "3w", "lang": "en"}, "alarm: '3w': write a number and d, h or m (1d, 2h, 30m)"),
        ({"time": "09:00", "tz": "Mars/Base", "lang": "en"}, "'Mars/Base' is not a time zone"),
    ],
)
def test_a_bad_parameter_is_a_400_with_a_message(
    ward: Ward, params: dict[str, str], message: str
) -> None:
    response = ward.get("/feeds/ward.ics", params={"token": ward.token, **params})
    assert response.status_code == 400
    assert message in response.text


def test_timed_events_with_alarms(ward: Ward) -> None:
    response = ward.get(
        "/feeds/ward.ics",
        params={"token": ward.token, "time": "09:00", "alarm": ["1d", "2h"], "group": "drug"},
    )
    body = response.content
    assert b"BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai" in body
    first = events(body)[0]
    assert first["DTSTART"] == "20261201T090000"
    assert body.count(b"TRIGGER:-P1D") == body.count(b"TRIGGER:-PT2H") == len(events(body))


# --- the history ----------------------------------------------------------------------------


def test_sequence_base_by_hand() -> None:
    assert sequence_base(START) == BASE


def test_a_delay_moves_events_and_raises_only_their_sequence(ward: Ward) -> None:
    before = {e["UID"]: e for e in ward.feed(back="60")}
    assert {e["SEQUENCE"] for e in before.values()} == {str(BASE)}
    assert {e["DTSTAMP"] for e in before.values()} == {"20261201T010000Z"}
    ward.clock.now = START + dt.timedelta(hours=1)
    ward.edit(CASE1.name, "\ncycles: 2\n", "\ncycles: 2\ndelays: {2: 7}\n")
    after = {e["UID"]: e for e in ward.feed(back="60")}
    assert set(after) == set(before)  # moved, none added or duplicated
    for uid, event in after.items():
        old = before[uid]
        if "· C2D" in event["SUMMARY"]:
            moved = dt.date.fromisoformat(old["DTSTART"][:4] + "-" + old["DTSTART"][4:6] + "-"
                                          + old["DTSTART"][6:]) + dt.timedelta(days=7)  # fmt: skip
            assert event["DTSTART"] == moved.strftime("%Y%m%d")
            assert (event["SEQUENCE"], event["DTSTAMP"]) == (str(BASE + 1), "20261201T020000Z")
            assert event["LAST-MODIFIED"] == "20261201T020000Z"
        else:
            assert event == old


def test_a_cut_cycle_is_cancelled_for_14_days_and_comes_back_numbered(ward: Ward) -> None:
    first = {e["UID"]: e for e in ward.feed(back="90")}
    second_cycle = {uid for uid, e in first.items() if "· C2D" in e["SUMMARY"]}
    assert second_cycle
    ward.clock.now = START + dt.timedelta(days=1)
    ward.edit(CASE1.name, "\ncycles: 2\n", "\ncycles: 1\n")
    cut = {e["UID"]: e for e in ward.feed(back="90")}
    assert set(cut) == set(first)
    for uid in second_cycle:
        assert cut[uid]["STATUS"] == "CANCELLED"
        assert cut[uid]["SUMMARY"] == "已取消 · " + first[uid]["SUMMARY"]
        assert cut[uid]["SEQUENCE"] == str(BASE + 1)
        assert "BEGIN:VALARM" not in cut[uid]
    # Still served 13 days later; gone on the 14th.
    ward.clock.now = START + dt.timedelta(days=14, hours=23)
    assert {e["UID"] for e in ward.feed(back="90")} == set(first)
    ward.clock.now = START + dt.timedelta(days=15)
    assert {e["UID"] for e in ward.feed(back="90")} == set(first) - second_cycle
    # Back in the plan: the tombstone's SEQUENCE goes on (BASE + 2), not a new base.
    ward.clock.now = START + dt.timedelta(days=16)
    ward.edit(CASE1.name, "\ncycles: 1\n", "\ncycles: 2\n")
    back = {e["UID"]: e for e in ward.feed(back="90")}
    assert set(back) == set(first)
    assert {back[uid]["SEQUENCE"] for uid in second_cycle} == {str(BASE + 2)}
    assert {back[uid]["STATUS"] for uid in second_cycle} == {"CONFIRMED"}


def test_a_broken_plan_keeps_its_events_as_last_seen(ward: Ward) -> None:
    before = ward.get("/feeds/ward.ics", params={"token": ward.token, "back": "60"})
    ward.clock.now = START + dt.timedelta(hours=2)
    ward.edit(CASE1.name, "\ncycles: 2\n", "\ncycles: two\n")
    after = ward.get("/feeds/ward.ics", params={"token": ward.token, "back": "60"})
    assert events(after.content) == events(before.content)
    assert "CANCELLED" not in after.text
    # The broken plan's patient is still counted in the calendar's name.
    assert "X-WR-CALNAME:病区化疗日历 · 1 位患者\r\n" in after.text
    page = ward.get("/problems", params={"token": ward.token}, follow_redirects=True)
    assert page.status_code == 200
    assert CASE1.name in page.text and "cycles" in page.text
    # Removed, not broken: now its events are cancelled.
    (ward.folder / CASE1.name).unlink()
    ward.clock.now = START + dt.timedelta(hours=3)
    gone = ward.feed(back="60")
    assert gone and {e["STATUS"] for e in gone} == {"CANCELLED"}


def test_a_patient_feed_lasts_14_days_after_the_last_plan_is_removed(ward: Ward) -> None:
    path = "/feeds/patient/gz-0001.ics"  # ids regardless of case
    assert ward.feed(path)
    (ward.folder / CASE1.name).unlink()
    ward.clock.now = START + dt.timedelta(days=1)
    assert {e["STATUS"] for e in ward.feed(path)} == {"CANCELLED"}
    ward.clock.now = START + dt.timedelta(days=14, hours=23)
    assert ward.get(path, params={"token": ward.token}).status_code == 200
    ward.clock.now = START + dt.timedelta(days=15, hours=1)
    assert ward.get(path, params={"token": ward.token}).status_code == 404


def test_a_lost_history_is_rebuilt_with_higher_sequences(ward: Ward) -> None:
    first = {e["UID"]: int(e["SEQUENCE"]) for e in ward.feed()}
    for suffix in ("", "-wal", "-shm"):
        Path(f"{ward.state / 'history.sqlite3'}{suffix}").unlink(missing_ok=True)
    ward.clock.now = START + dt.timedelta(days=2)
    ward.restart()
    again = {e["UID"]: int(e["SEQUENCE"]) for e in ward.feed()}
    assert set(again) == set(first)
    # Two days later: 2,880 minutes more than every number served before.
    assert set(again.values()) == {BASE + 2880}
    assert min(again.values()) > max(first.values())


def test_an_unreadable_history_is_moved_aside(ward: Ward) -> None:
    ward.feed()
    history = ward.state / "history.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(f"{history}{suffix}").unlink(missing_ok=True)
    history.write_bytes(b"not a database" * 100)
    ward.restart()
    assert ward.feed()
    assert (ward.state / "history.sqlite3.unreadable").is_file()


def test_history_uses_wal(ward: Ward) -> None:
    ward.feed()
    db = sqlite3.connect(ward.state / "history.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.close()


# --- pages ----------------------------------------------------------------------------------


def test_pages_show_the_ward_and_a_patient(tmp_path: Path) -> None:
    ward = Ward(tmp_path, sorted(WARD.glob("*.yaml")))
    ward.clock.now = dt.datetime(2026, 12, 10, 1, 0, tzinfo=dt.UTC)
    cookie = {"mmsched_token": ward.token}
    today = ward.get("/", cookies=cookie)
    assert today.status_code == 200
    assert today.headers["cache-control"] == "no-store"
    assert "2026年12月10日 星期四" in today.text and "需准备" in today.text
    # GZ-0101 陈秀英, masked: 陈某英.
    assert "陈某英" in today.text and "陈秀英" not in today.text
    english = ward.get("/day/2026-12-11", params={"lang": "en"}, cookies=cookie)
    assert "Fri 11 Dec 2026" in english.text and "To prepare" in english.text
    patient = ward.get("/patient/GZ-0101", cookies=cookie)
    assert patient.status_code == 200 and "陈某英" in patient.text
    full = ward.tokens.add("doctor", START, full_name=True)
    assert "陈秀英" in ward.get("/patient/gz-0101", cookies={"mmsched_token": full}).text
    assert "陈秀英" in ward.get("/feeds/ward.ics", params={"token": full}).text
    assert "陈秀英" not in ward.get("/feeds/ward.ics", params={"token": ward.token}).text
    assert ward.get("/day/2026-13-01", cookies=cookie).status_code == 404


def test_the_load_page(tmp_path: Path) -> None:
    ward = Ward(tmp_path, sorted(WARD.glob("*.yaml")))
    ward.clock.now = dt.datetime(2026, 12, 10, 1, 0, tzinfo=dt.UTC)
    cookie = {"mmsched_token": ward.token}
    # No ward file with a capacity: the page says so, in the page's place.
    missing = ward.get("/load?lang=en", cookies=cookie)
    assert missing.status_code == 200 and "no ward capacity" in missing.text
    missing = ward.get("/load?lang=zh", cookies=cookie)  # in the page's language (issue 14)
    assert missing.status_code == 200 and "没有病区接诊能力" in missing.text
    capacity = EXAMPLES / "capacity" / "ward.yaml"
    ward.app = create_app(
        ward.folder, clock=ward.clock, lang="en", tz="Asia/Shanghai", ward_file=capacity
    )
    page = ward.get("/load", cookies=cookie)
    assert page.status_code == 200
    assert '<svg class="load"' in page.text
    # Today and the next four weeks: 2026-12-10 to 2027-01-06.
    assert "2026-12-10" in page.text and "2027-01-06" in page.text
    assert "2027-01-07" not in page.text
    chosen = ward.get("/load", params={"from": "2026-12-14", "to": "2026-12-15"}, cookies=cookie)
    assert "2026-12-14" in chosen.text and "2026-12-16" not in chosen.text
    assert ward.get("/load", params={"from": "14 Dec"}, cookies=cookie).status_code == 404
    patient = ward.tokens.add("bed", START, patient="GZ-0101")
    assert ward.get("/load", cookies={"mmsched_token": patient}).status_code == 404


def test_a_page_token_becomes_a_cookie_and_leaves_the_address(ward: Ward) -> None:
    response = ward.get("/day/2026-12-01", params={"token": ward.token, "lang": "en"})
    assert response.status_code == 303
    assert response.headers["location"] == "/day/2026-12-01?lang=en"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"mmsched_token={ward.token};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie


# --- access ---------------------------------------------------------------------------------


def test_every_refusal_is_the_same_404(tmp_path: Path) -> None:
    ward = Ward(tmp_path, [CASE1, WARD / "gz-0101-vrd21.yaml"])
    own = ward.tokens.add("patient 1", START, patient="GZ-0001")
    revoked = ward.tokens.add("old", START)
    ward.tokens.revoke("old", START)
    refused = [
        ward.get("/feeds/ward.ics"),
        ward.get("/feeds/ward.ics", params={"token": "wrong"}),
        ward.get("/feeds/ward.ics", params={"token": revoked}),
        ward.get("/feeds/ward.ics", params={"token": own}),
        ward.get("/", params={"token": own}),
        ward.get("/problems", params={"token": own}),
        ward.get("/feeds/patient/GZ-0101.ics", params={"token": own}),
        ward.get("/patient/GZ-0101", params={"token": own}),
        ward.get("/patient/GZ-0101", cookies={"mmsched_token": revoked}),
        ward.get("/feeds/patient/GZ-9999.ics", params={"token": ward.token}),
        ward.get("/patient/GZ-9999", cookies={"mmsched_token": ward.token}),
        ward.get("/nothing", params={"token": ward.token}),
        ward.get("/favicon.ico"),
    ]
    for response in refused:
        assert response.status_code == 404
        assert response.content == b"Not Found\n"
        assert "set-cookie" not in response.headers
        assert "default-src 'none'" in response.headers["content-security-policy"]
    assert ward.get("/feeds/patient/gz-0001.ics", params={"token": own}).status_code == 200
    assert ward.get("/patient/GZ-0001", params={"token": own}).status_code == 303


def test_tokens_are_stored_as_their_hash_only(ward: Ward) -> None:
    data = (ward.state / "tokens.sqlite3").read_bytes()
    assert ward.token.encode() not in data
    assert digest(ward.token).encode() in data
    assert len(ward.token) == 43 and re.fullmatch(r"[A-Za-z0-9_-]+", ward.token)


def test_create_app_needs_a_clock(tmp_path: Path) -> None:
    with pytest.raises(MmschedError, match="the library reads no clock of its own"):
        create_app(tmp_path)


def test_import_mmsched_and_the_commands_do_not_import_the_server() -> None:
    code = (
        "import sys, mmsched\n"
        "from mmsched.cli import main\n"
        "sys.argv = ['mmsched', 'calendar', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn',"
        " 'sqlite3', 'httpx') or m.startswith(('mmsched.server', 'mmsched.cli.serve'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: mmsched calendar" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_help_lists_serve_and_token() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mmsched", "--help"],
        capture_output=True, text=True, timeout=60, check=False,
        env={"COLUMNS": "200", "MMSCHED_LANG": "en"},  # the help follows the language (issue 14)
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert re.search(r"│ serve +Serve the ward's pages", result.stdout)
    assert re.search(r"│ token +Access tokens of the ward server", result.stdout)
    assert "mmsched.cli.serve" not in subprocess.run(
        [sys.executable, "-c", "import sys; import mmsched.cli; print(sorted(sys.modules))"],
        capture_output=True, text=True, timeout=60, check=False,
    ).stdout  # fmt: skip
    for command in ("serve", "token"):
        shown = CliRunner().invoke(
            with_lazy_commands(), [command, "--help"], env={"COLUMNS": "200"}
        )
        assert shown.exit_code == 0
        assert f"Usage: mmsched {command}" in shown.stdout


# --- mmsched token ----------------------------------------------------------------------------


def test_token_commands(tmp_path: Path) -> None:
    cli_app = with_lazy_commands()
    folder = tmp_path / "ward"
    folder.mkdir()
    runner = CliRunner()
    now = {"now": dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC)}
    added = runner.invoke(cli_app, ["token", "add", str(folder), "ward-5"], obj=now)
    assert added.exit_code == 0, added.stderr
    (secret,) = added.stdout.splitlines()  # alone on standard output
    assert len(secret) == 43
    assert "shown only now" in added.stderr
    patient = runner.invoke(
        cli_app, ["token", "add", str(folder), "bed 3", "--patient", "GZ-0101", "--full-name"],
        obj=now,
    )  # fmt: skip
    assert patient.exit_code == 0
    again = runner.invoke(cli_app, ["token", "add", str(folder), "ward-5"], obj=now)
    assert again.exit_code == 1
    assert "a token named 'ward-5' exists already" in again.stderr
    revoked = runner.invoke(cli_app, ["token", "revoke", str(folder), "ward-5"], obj=now)
    assert revoked.exit_code == 0
    listed = runner.invoke(cli_app, ["token", "list", str(folder)])
    assert listed.stdout.splitlines() == [
        "NAME    OPENS            NAMES   ADDED                 REVOKED",
        "bed 3   patient GZ-0101  full    2026-12-01 08:30 UTC  -",
        "ward-5  ward             masked  2026-12-01 08:30 UTC  2026-12-01 08:30 UTC",
    ]
    unknown = runner.invoke(cli_app, ["token", "revoke", str(folder), "nobody"], obj=now)
    assert unknown.exit_code == 1 and "no token is named 'nobody'" in unknown.stderr
    assert (folder / ".mmsched" / "tokens.sqlite3").stat().st_mode & 0o077 == 0
    missing = runner.invoke(cli_app, ["token", "list", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "is not a folder" in missing.stderr
    wrong = runner.invoke(cli_app, ["token", "list", str(folder), "--patient", "GZ-0101"])
    assert wrong.exit_code == 2 and "only token add takes them" in wrong.stderr
    unnamed = runner.invoke(cli_app, ["token", "revoke", str(folder)])
    assert unnamed.exit_code == 2 and "token revoke needs the token's NAME" in unnamed.stderr
