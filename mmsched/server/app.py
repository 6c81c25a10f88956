"""The ward server as an ASGI application (Starlette): pages, feeds, access and its headers.

:func:`create_app` builds it for ``mmsched serve`` (run by uvicorn) or for a hospital's own
ASGI stack. Every route needs a token (:mod:`.tokens`), from ``?token=`` or the cookie a page
sets; whatever is wrong (no token, a wrong, revoked or out-of-scope one, an unknown id or path,
another method) gets the same 404. Every response carries a restrictive
Content-Security-Policy; pages are ``no-store``, feeds ``private, no-cache`` with an ``ETag``
(the body's hash) and ``Last-Modified``, and a ``304`` to a matching ``If-None-Match``. Access
is logged (logger ``mmsched.access``) without query strings, tokens or names.

Work on files and the history runs in worker threads under one lock; a feed is built again
only when the folder, the date or the history changed, so a thousand clients fetching the same
feed share one body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..engine.courses import patient_key
from ..errors import MmschedError, coded, printable
from ..views.display import Lang
from .feeds import FeedParams, build_feed
from .folder import PlanFolder, Snapshot
from .history import History
from .pages import LOAD_DAYS, load_page, patient_page, problems_page, ward_page
from .tokens import Token, TokenStore

#: The time as an aware date-time: the server's only clock, given by its caller.
Clock = Callable[[], dt.datetime]

COOKIE = "mmsched_token"
#: How long a page's cookie lasts (a ward computer stays signed in for a month).
COOKIE_DAYS = 30
#: Sent with every response: nothing may be fetched, framed or submitted.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
        b"form-action 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
#: Feeds kept built, by what they were built from.
FEED_CACHE = 64

access_log = logging.getLogger("mmsched.access")


def not_found() -> Response:
    """The one answer to everything not allowed or not there."""
    return PlainTextResponse("Not Found\n", status_code=404, headers={"Cache-Control": "no-store"})


@dataclass(frozen=True, slots=True)
class _Feed:
    body: bytes
    etag: str
    last_modified: dt.datetime
    #: When a cancelled event in it is to be dropped: built again from then on.
    expires: dt.datetime | None


class WardServer:
    """The state behind the app: the folder, the history, the tokens, the clock."""

    def __init__(
        self,
        folder: Path,
        *,
        clock: Clock,
        lang: Lang,
        ward_file: Path | None,
        state_dir: Path,
        regimen_dirs: tuple[Path, ...],
        tz: str | None,
    ) -> None:
        self.clock = clock
        self.lang: Lang = lang
        self.zone = tz
        self.folder = PlanFolder(folder, ward_file, regimen_dirs)
        self.history = History(state_dir / "history.sqlite3")
        self.tokens = TokenStore(state_dir / "tokens.sqlite3")
        self.lock = threading.Lock()
        self._observed: object = None
        self._feeds: OrderedDict[tuple[object, ...], _Feed] = OrderedDict()

    def now(self) -> dt.datetime:
        moment = self.clock()
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise MmschedError([coded("clock", "server.clock_naive")])
        return moment.astimezone(dt.UTC)

    def today(self, now: dt.datetime) -> dt.date:
        """Today in the ward's zone (``tz``), else the system's."""
        if self.zone is None:
            return now.astimezone().date()
        from zoneinfo import ZoneInfo

        return now.astimezone(ZoneInfo(self.zone)).date()

    def snapshot(self, now: dt.datetime) -> Snapshot:
        """The folder now; a change is recorded in the history's list of patients. Call under
        :attr:`lock`."""
        snapshot = self.folder.snapshot()
        if snapshot.signature != self._observed:
            present = {p.file: patient_key(p.schedule.patient_id) for p in snapshot.patients}
            self.history.observe(present, snapshot.broken, now)
            self._observed = snapshot.signature
        return snapshot

    def feed(self, patient: str | None, params: FeedParams, *, full_name: bool) -> _Feed | None:
        """The feed of the ward or a patient (a key); None when the patient is not known."""
        with self.lock:
            now = self.now()
            snapshot = self.snapshot(now)
            gone = patient is not None and patient not in snapshot.by_patient
            if gone and not self.history.patient_known(str(patient), now):
                return None
            today = self.today(now)
            key = (patient, params, full_name, today, snapshot.signature)
            cached = self._feeds.get(key)
            if cached is not None and (cached.expires is None or now < cached.expires):
                self._feeds.move_to_end(key)
                return cached
            body, last, expires = build_feed(
                snapshot,
                self.history,
                patient=patient,
                params=params,
                full_name=full_name,
                today=today,
                now=now,
            )
            feed = _Feed(body, f'"{hashlib.sha256(body).hexdigest()[:40]}"', last, expires)
            self._feeds[key] = feed
            while len(self._feeds) > FEED_CACHE:
                self._feeds.popitem(last=False)
            return feed


def create_app(
    folder: str | Path,
    *,
    clock: Clock | None = None,
    lang: Lang = "zh",
    ward_file: str | Path | None = None,
    state_dir: str | Path | None = None,
    regimen_dirs: tuple[Path, ...] = (),
    tz: str | None = None,
) -> WardApp:
    """The ward server for the plan folder ``folder``, as an ASGI app.

    Args:
        folder: the plan folder, read live.
        clock: the time, as a function returning an aware date-time; required (the library
            reads no clock of its own): ``lambda: datetime.now(UTC)`` for the real one.
        lang: the language of pages and feeds that do not ask (``?lang=``).
        ward_file: a ward file (closed days) for every plan, as ``--ward``; its ``timezone``
            is the ward's when ``tz`` is not given.
        state_dir: where ``history.sqlite3`` and ``tokens.sqlite3`` are (default
            ``folder/.mmsched``).
        regimen_dirs: the local regimen library's folders.
        tz: the ward's IANA zone, for "today"; default the ward file's, else the system's.

    Raises:
        MmschedError: no clock was given.
    """
    if clock is None:
        raise MmschedError([coded("clock", "server.no_clock")])
    folder = Path(folder)
    ward = Path(ward_file) if ward_file is not None else None
    if tz is None and ward is not None:
        from ..formats.reader import load_ward

        tz = load_ward(ward).timezone
    server = WardServer(
        folder,
        clock=clock,
        lang=lang,
        ward_file=ward,
        state_dir=Path(state_dir) if state_dir is not None else folder / ".mmsched",
        regimen_dirs=tuple(regimen_dirs),
        tz=tz,
    )
    routes = _Routes(server)
    app = Starlette(
        routes=[
            Route("/", routes.today, methods=["GET"]),
            Route("/day/{day}", routes.day, methods=["GET"]),
            Route("/patient/{pid}", routes.patient, methods=["GET"]),
            Route("/problems", routes.problems, methods=["GET"]),
            Route("/load", routes.load, methods=["GET"]),
            Route("/feeds/ward.ics", routes.ward_feed, methods=["GET"]),
            Route("/feeds/patient/{pid}.ics", routes.patient_feed, methods=["GET"]),
        ],
        exception_handlers={HTTPException: _uniform},
    )
    app.state.server = server
    return WardApp(app)


async def _uniform(_request: Request, _exc: Exception) -> Response:
    return not_found()


class _Routes:
    """The endpoints (run in worker threads: they read files and the history)."""

    def __init__(self, server: WardServer) -> None:
        self.server = server

    def _token(self, request: Request) -> Token | None:
        secret = request.query_params.get("token") or request.cookies.get(COOKIE)
        return self.server.tokens.find(secret) if secret else None

    def _page(
        self,
        request: Request,
        patient: str | None,
        render: Callable[[Token, Snapshot, dt.datetime, Lang], str | None],
    ) -> Response:
        given = request.query_params.get("token")
        token = self._token(request)
        if token is None or not token.opens(patient):
            return not_found()
        lang = request.query_params.get("lang", self.server.lang)
        if lang not in ("zh", "en"):
            return not_found()
        with self.server.lock:
            now = self.server.now()
            snapshot = self.server.snapshot(now)
        page = render(token, snapshot, now, lang)  # type: ignore[arg-type]
        if page is None:  # an unknown id or date: the same 404, with a token or not
            return not_found()
        if given is not None:  # into a cookie, and out of the address bar and history
            return _to_cookie(request, given)
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    def today(self, request: Request) -> Response:
        def render(token: Token, snapshot: Snapshot, now: dt.datetime, lang: Lang) -> str:
            day = self.server.today(now)
            return ward_page(snapshot, day, lang, full_name=token.full_name)

        return self._page(request, None, render)

    def day(self, request: Request) -> Response:
        try:
            day = dt.date.fromisoformat(request.path_params["day"])
        except ValueError:
            day = None

        def render(token: Token, snapshot: Snapshot, _now: dt.datetime, lang: Lang) -> str | None:
            if day is None:
                return None
            return ward_page(snapshot, day, lang, full_name=token.full_name)

        return self._page(request, None, render)

    def patient(self, request: Request) -> Response:
        pid = request.path_params["pid"]

        def render(token: Token, snapshot: Snapshot, now: dt.datetime, lang: Lang) -> str | None:
            plans = snapshot.by_patient.get(patient_key(pid), ())
            if not plans:
                return None
            # The course under way today, else the next one, else the last one.
            today = self.server.today(now)
            ordered = sorted(plans, key=lambda p: p.schedule.start)
            started = [p for p in ordered if p.schedule.start <= today]
            chosen = started[-1] if started else ordered[0]
            return patient_page(chosen.schedule, lang, full_name=token.full_name)

        return self._page(request, pid, render)

    def problems(self, request: Request) -> Response:
        def render(_token: Token, snapshot: Snapshot, now: dt.datetime, lang: Lang) -> str:
            return problems_page(snapshot, lang, self.server.today(now))

        return self._page(request, None, render)

    def load(self, request: Request) -> Response:
        """The ward's load from ``?from=`` (default today) to ``?to=`` (default four weeks)."""
        given = request.query_params.get("from"), request.query_params.get("to")
        try:
            dates = [dt.date.fromisoformat(d) if d else None for d in given]
        except ValueError:
            return not_found()
        server = self.server

        def render(_token: Token, _snapshot: Snapshot, now: dt.datetime, lang: Lang) -> str:
            first = dates[0] or server.today(now)
            last = dates[1] or first + dt.timedelta(days=LOAD_DAYS - 1)
            folder = server.folder
            return load_page(
                folder.folder,
                first,
                last,
                lang,
                ward_file=folder.ward_file,
                regimen_dirs=folder.regimen_dirs,
            )

        return self._page(request, None, render)

    def ward_feed(self, request: Request) -> Response:
        return self._feed(request, None)

    def patient_feed(self, request: Request) -> Response:
        return self._feed(request, request.path_params["pid"])

    def _feed(self, request: Request, pid: str | None) -> Response:
        token = self._token(request)
        if token is None or not token.opens(pid):
            return not_found()
        try:
            params = FeedParams.parse(request.query_params.multi_items(), self.server.lang)
        except MmschedError as exc:  # in the feed's language (?lang=), else the server's
            asked = request.query_params.get("lang")
            lang: Lang = "en" if asked == "en" else "zh" if asked == "zh" else self.server.lang
            return PlainTextResponse(
                exc.render(lang) + "\n", status_code=400, headers={"Cache-Control": "no-store"}
            )
        feed = self.server.feed(
            None if pid is None else patient_key(pid), params, full_name=token.full_name
        )
        if feed is None:
            return not_found()
        headers = {
            "ETag": feed.etag,
            "Last-Modified": format_datetime(feed.last_modified, usegmt=True),
            "Cache-Control": "private, no-cache",
        }
        if _matches(request.headers.get("if-none-match"), feed.etag):
            return Response(status_code=304, headers=headers)
        name = "ward.ics" if pid is None else "patient.ics"
        headers["Content-Disposition"] = f'inline; filename="{name}"'
        return Response(feed.body, media_type="text/calendar; charset=utf-8", headers=headers)


def _matches(header: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison, RFC 9110 section 13.1.2).

    >>> _matches('W/"a", "b"', '"b"'), _matches('"a"', '"b"'), _matches("*", '"b"')
    (True, False, True)
    """
    if header is None:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def _to_cookie(request: Request, secret: str) -> Response:
    """303 to the same page without ``token``, setting the cookie that carries it."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    target = request.url.path + (f"?{urlencode(kept)}" if kept else "")
    response = RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        COOKIE,
        secret,
        max_age=COOKIE_DAYS * 86400,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


class WardApp:
    """Outermost layer: the security headers on every response, ``no-store`` unless the
    response says otherwise, and one access-log line per request (method, path without the
    query, status, size, time), never a token or a name."""

    def __init__(self, app: Starlette) -> None:
        self.app: ASGIApp = app
        #: The :class:`WardServer` behind the app (its history and tokens, for tests).
        self.server: WardServer = app.state.server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        size = 0

        async def guarded(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", [])]
                names = {k.lower() for k, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in names)
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, guarded)
        finally:
            path = printable(str(scope.get("path", "")), newlines=False)[:200]
            client = scope.get("client") or ("-", 0)
            access_log.info(
                '%s "%s %s" %d %d %.1fms',
                client[0],
                scope.get("method", "-"),
                path,
                status,
                size,
                (time.perf_counter() - started) * 1000,
            )
