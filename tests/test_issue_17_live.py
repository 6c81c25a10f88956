"""Issue 17: the ward server for real, under uvicorn in a subprocess on a free port.

* ``mmsched serve`` itself: path traversal and its encoded variants get the uniform 404, a
  token never reaches the log, and 1,000 concurrent feed requests (an async client) all get 200
  and the same body, with the server's memory flat.
* A real subscriber: vdirsyncer syncs the feed over HTTP into a folder that khal reads; a delay
  moves events (none duplicated, SEQUENCE up), a cut cycle's events are cancelled and gone 14
  days later, a broken plan file cancels nothing. The server's clock is a file the test writes
  (``tests/interop/clocked_server.py``).
* Headless Chromium: the ward page in Chinese and English shows the day's doses, prints on A4,
  and makes no request but to the server.

Outside tools missing (vdirsyncer, khal, chromium) skip the test with the reason; with
``MMSCHED_REQUIRE_INTEROP=1`` (``.ci/run``) they fail instead.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES

pytest.importorskip("uvicorn", reason="the serve extra is not installed")
httpx = pytest.importorskip("httpx", reason="httpx is not installed (the test extra has it)")

from test_ics_interop import cycle_day  # noqa: E402

from mmsched.server.tokens import TokenStore  # noqa: E402

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
WARD = EXAMPLES / "ward"
CLOCKED = Path(__file__).resolve().parent / "interop" / "clocked_server.py"
START = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
A4_PT = (595.28, 841.89)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """A server process on a free port, its standard error kept in a file."""

    def __init__(self, args: list[str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        self._err = log.open("wb")
        command = [a.replace("{port}", str(self.port)) for a in args]
        env = {**os.environ, "MMSCHED_LANG": "zh", "XDG_CONFIG_HOME": str(log.parent)}
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=self._err, env=env
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(log.read_text(encoding="utf-8", errors="replace"))
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def raw(self, path: str) -> tuple[int, bytes]:
        """GET ``path`` exactly as written (no client normalises it)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    def rss_kb(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="utf-8")
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        assert match
        return int(match[1])

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._err.close()
        return self.log.read_text(encoding="utf-8", errors="replace")


def ward_folder(tmp_path: Path, plans: list[Path]) -> tuple[Path, str]:
    folder = tmp_path / "ward"
    folder.mkdir()
    for plan in plans:
        shutil.copy(plan, folder / plan.name)
    token = TokenStore(folder / ".mmsched" / "tokens.sqlite3").add("ward", START)
    return folder, token


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Server, str]]:
    """``mmsched serve`` (the command itself) over the example ward."""
    folder, token = ward_folder(tmp_path, sorted(WARD.glob("*.yaml")))
    command = [sys.executable, "-m", "mmsched", "serve", str(folder), "--port", "{port}"]
    server = Server(command, tmp_path / "serve.log")
    yield server, token
    server.stop()


# --- security -------------------------------------------------------------------------------

TRAVERSALS = [
    "/patient/..%2f..%2f..%2fetc%2fpasswd",
    "/patient/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/patient/..%252f..%252fetc%252fpasswd",
    "/patient/GZ-0101%00",
    "/patient/GZ-0101%00.yaml",
    "/patient/..%5c..%5cetc%5cpasswd",
    "/feeds/patient/..%2f..%2f..%2fetc%2fpasswd.ics",
    "/feeds/patient/%2e%2e%2f%2e%2e%2fgz-0101-vrd21.yaml%00.ics",
    "/feeds/patient/..%252fward.ics",
    "/feeds/..%2fward.ics",
    "/../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/day/..%2f..%2fetc%2fpasswd",
    "/gz-0101-vrd21.yaml",
    "/.mmsched/tokens.sqlite3",
    "/%2e%6d%6d%73%63%68%65%64/tokens.sqlite3",
]


def test_traversal_gets_the_uniform_404_and_no_token_is_logged(
    served: tuple[Server, str],
) -> None:
    server, token = served
    for path in TRAVERSALS:
        for query in ("", f"?token={token}"):
            status, body = server.raw(path + query)
            assert (status, body) == (404, b"Not Found\n"), path + query
    ok, feed = server.raw(f"/feeds/patient/GZ-0101.ics?token={token}&back=3660&ahead=3660")
    assert ok == 200 and b"BEGIN:VEVENT" in feed
    assert server.raw(f"/feeds/ward.ics?token={token[:-1]}")[0] == 404
    log = server.stop()
    lines = [line for line in log.splitlines() if '"GET ' in line]
    assert len(lines) == 2 * len(TRAVERSALS) + 2
    assert token not in log and token[:12] not in log
    assert "?" not in "".join(lines)  # no query string at all
    assert "陈秀英" not in log and "陈某英" not in log
    assert any('"GET /feeds/patient/GZ-0101.ics" 200' in line for line in lines)


def test_a_thousand_concurrent_feed_requests(served: tuple[Server, str]) -> None:
    server, token = served
    url = f"{server.url}/feeds/ward.ics?token={token}&back=3660&ahead=3660"

    async def burst() -> list[tuple[int, bytes]]:
        limits = httpx.Limits(max_connections=1000, max_keepalive_connections=0)
        async with httpx.AsyncClient(limits=limits, timeout=300) as client:
            responses = await asyncio.gather(*(client.get(url) for _ in range(1000)))
        return [(r.status_code, r.content) for r in responses]

    first = asyncio.run(burst())
    warm = server.rss_kb()
    second = asyncio.run(burst())
    third = asyncio.run(burst())
    after = server.rss_kb()
    results = first + second + third
    assert {status for status, _ in results} == {200}
    assert len({body for _, body in results}) == 1
    assert results[0][1].count(b"BEGIN:VEVENT") > 100
    # Flat: two more bursts of 1,000 after the first add less than 16 MB (measured: a few).
    assert after - warm < 16 * 1024, (warm, after)


# --- a real subscriber: vdirsyncer into khal ------------------------------------------------


def need(tool: str) -> str:
    found = shutil.which(tool) or shutil.which(tool, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{tool} is not installed (.ci/run installs it)")
    return found


class Subscriber:
    """vdirsyncer syncing a feed URL into a folder, and khal reading that folder."""

    def __init__(self, folder: Path, url: str) -> None:
        from test_ics_interop import Khal

        self.vdirsyncer = need("vdirsyncer")
        need("khal")
        self.khal = Khal(folder / "khal")
        self.calendar = folder / "khal" / "ward"
        self.config = folder / "vdirsyncer.conf"
        self.config.write_text(
            f"""[general]
status_path = "{folder / "status"}/"

[pair ward]
a = "feed"
b = "local"
collections = null
conflict_resolution = "a wins"

[storage feed]
type = "http"
url = "{url}"

[storage local]
type = "filesystem"
path = "{self.calendar}/"
fileext = ".ics"
""",
            encoding="utf-8",
        )
        self._run("discover")

    def _run(self, *args: str) -> None:
        env = {**os.environ, "HOME": str(self.config.parent), "LANG": "C.UTF-8"}
        result = subprocess.run(
            [self.vdirsyncer, "-c", str(self.config), *args],
            capture_output=True, text=True, timeout=120, check=False, env=env, input="y\n",
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr

    def sync(self) -> dict[str, dict[str, str]]:
        """Sync, then every event as the files hold it and as khal lists it, by its C#D#.

        vdirsyncer's http storage replaces each event's UID by a hash of the event (it trusts
        no web calendar's UIDs), so a changed event is removed and added again: events are
        matched here by their cycle and day, one event per day in a one-plan feed."""
        self._run("sync")
        found: dict[str, dict[str, str]] = {}
        by_uid: dict[str, str] = {}
        for path in self.calendar.glob("*.ics"):
            text = re.sub(r"\r?\n[ \t]", "", path.read_text(encoding="utf-8"))
            (event,) = re.findall(r"BEGIN:VEVENT\r?\n(.*?)END:VEVENT", text, re.S)
            props = {
                line.split(":", 1)[0].split(";")[0]: line.split(":", 1)[1]
                for line in event.splitlines()
                if ":" in line
            }
            code = cycle_day(props["SUMMARY"])
            assert code not in found, f"{code} twice in the folder"
            found[code] = props
            by_uid[props["UID"]] = code
        listed = list(self.khal.events(dt.date(2026, 11, 1), dt.date(2027, 4, 30)))
        assert len({e["uid"] for e in listed}) == len(listed), "khal lists an event twice"
        assert {e["uid"] for e in listed} == set(by_uid)
        for event in listed:
            found[by_uid[event["uid"]]]["khal_start"] = event["start"][:10]
            found[by_uid[event["uid"]]]["khal_cancelled"] = event["cancelled"]
        return found


def without_uids(events: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {code: {k: v for k, v in e.items() if k != "UID"} for code, e in events.items()}


@pytest.mark.interop
def test_vdirsyncer_and_khal_follow_the_feed(tmp_path: Path) -> None:
    folder, token = ward_folder(tmp_path, [CASE1])
    clock = tmp_path / "clock"
    clock.write_text(START.isoformat(), encoding="utf-8")
    command = [sys.executable, str(CLOCKED), str(folder), str(clock), "{port}"]
    server = Server(command, tmp_path / "server.log")
    try:
        url = f"{server.url}/feeds/ward.ics?token={token}&back=90"
        subscriber = Subscriber(tmp_path, url)
        first = subscriber.sync()
        second = {code for code in first if code.startswith("C2D")}
        assert second and len(second) < len(first)
        assert {e["STATUS"] for e in first.values()} == {"CONFIRMED"}

        # A delay of cycle 2 by 7 days: the same events, moved, each once, SEQUENCE up.
        clock.write_text((START + dt.timedelta(hours=1)).isoformat(), encoding="utf-8")
        plan = folder / CASE1.name
        text = plan.read_text(encoding="utf-8")
        plan.write_text(text.replace("\ncycles: 2\n", "\ncycles: 2\ndelays: {2: 7}\n"), "utf-8")
        moved = subscriber.sync()
        assert set(moved) == set(first)
        for uid in second:
            before = dt.date.fromisoformat(first[uid]["khal_start"])
            assert moved[uid]["khal_start"] == (before + dt.timedelta(days=7)).isoformat()
            assert int(moved[uid]["SEQUENCE"]) == int(first[uid]["SEQUENCE"]) + 1
        for uid in set(first) - second:
            assert moved[uid] == first[uid]

        # A broken plan file: nothing cancelled, nothing changed.
        clock.write_text((START + dt.timedelta(hours=2)).isoformat(), encoding="utf-8")
        delayed = plan.read_text(encoding="utf-8")
        plan.write_text(delayed.replace("\ncycles: 2\n", "\ncycles: [\n"), "utf-8")
        broken = subscriber.sync()
        # The events as they were; vdirsyncer's UIDs (hashes of the whole item, the calendar's
        # header with it) change, since the header's patient count and regimens' assumptions
        # follow the plans that can be used.
        assert without_uids(broken) == without_uids(moved)

        # Cycle 2 cut: its events cancelled (khal marks them), then gone 14 days later.
        clock.write_text((START + dt.timedelta(days=1)).isoformat(), encoding="utf-8")
        plan.write_text(text.replace("\ncycles: 2\n", "\ncycles: 1\n"), "utf-8")
        cut = subscriber.sync()
        assert set(cut) == set(first)
        for uid in second:
            assert cut[uid]["STATUS"] == "CANCELLED"
            assert cut[uid]["khal_cancelled"] != ""
            assert int(cut[uid]["SEQUENCE"]) == int(moved[uid]["SEQUENCE"]) + 1
        clock.write_text((START + dt.timedelta(days=15)).isoformat(), encoding="utf-8")
        later = subscriber.sync()
        assert set(later) == set(first) - second
    finally:
        server.stop()


# --- headless Chromium ----------------------------------------------------------------------


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    from test_html import CHROMIUM
    from test_html import chromium as run

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    return run(tmp_path, *args)


def page_requests(netlog: Path) -> set[str]:
    """The URLs the page asked for: each request the net log starts for the page (its main
    frame, or any request with the page as initiator), not the browser's own fetches."""
    text = netlog.read_text(encoding="utf-8").rstrip().rstrip(",")
    try:
        log = json.loads(text)
    except json.JSONDecodeError:  # a log cut short when the browser quit
        log = json.loads(text + "]}")
    found = set()
    for event in log["events"]:
        params = event.get("params", {})
        if "request_type" not in params or "url" not in params:
            continue
        if params["request_type"] != "other" or params.get("initiator", "").startswith("http"):
            found.add(params["url"])
    return found


@pytest.mark.interop
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chromium_shows_and_prints_the_ward_page(lang: str, tmp_path: Path) -> None:
    folder, token = ward_folder(tmp_path, sorted(WARD.glob("*.yaml")))
    clock = tmp_path / "clock"
    clock.write_text("2026-12-11T01:00:00+00:00", encoding="utf-8")
    command = [sys.executable, str(CLOCKED), str(folder), str(clock), "{port}"]
    server = Server(command, tmp_path / "server.log")
    try:
        # The token in the address: the server answers 303 with the cookie, then the page.
        url = f"{server.url}/?token={token}&lang={lang}"
        netlog = tmp_path / "net.json"
        # The browser's own background fetches (its clock, its components) are turned off, so
        # that every request in the log is the page's.
        quiet = (
            "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter",
            "--disable-domain-reliability",
            "--disable-client-side-phishing-detection",
            "--no-default-browser-check",
        )
        result = chromium(tmp_path, *quiet, f"--log-net-log={netlog}", "--dump-dom", url)
        assert result.returncode == 0, result.stderr[-2000:]
        dom = result.stdout
        expected = (
            ("病区每日用药单", "2026年12月11日 星期五", "需准备", "陈某英", "硼替佐米")
            if lang == "zh"
            else ("Ward day sheet", "Fri 11 Dec 2026", "To prepare", "陈某英", "bortezomib")
        )
        for text in expected:
            assert text in dom, text
        assert token not in dom
        urls = page_requests(netlog)
        assert f"{server.url}/?lang={lang}" in urls
        outside = {u for u in urls if not u.startswith(server.url + "/")}
        assert not outside, outside

        pdf = tmp_path / "ward.pdf"
        result = chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
        assert result.returncode == 0, result.stderr[-2000:]
        data = pdf.read_bytes()
        boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
        assert boxes
        for width, height in boxes:
            assert abs(float(width) - A4_PT[0]) < 1.5 and abs(float(height) - A4_PT[1]) < 1.5
        log = server.stop()
        assert token not in log
        assert json.dumps(token) not in log
    finally:
        if server.process.poll() is None:
            server.stop()
