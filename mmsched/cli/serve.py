"""``mmsched serve`` and ``mmsched token``: the ward server and its access tokens (issue 17).

A thin shell over :mod:`mmsched.server`. Both commands are lazy (``LAZY_COMMANDS`` of
:mod:`.app`): this module is imported only when one of them runs or help lists every command,
and the server, Starlette, uvicorn and SQLite only inside the commands.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import MmschedError, coded
from .common import bad_parameter, fail, library_dirs, resolve_lang
from .options import LangOption, WardFileOption

if TYPE_CHECKING:
    from ..server.tokens import TokenStore

WardDirArg = Annotated[
    Path,
    typer.Argument(
        help="The ward's plan folder (its *.yaml and *.yml plan files).",
        show_default=False,
        metavar="WARD_DIR",
    ),
]
StateDirOption = Annotated[
    Path | None,
    typer.Option(
        "--state-dir",
        help="Where the server keeps history.sqlite3 and tokens.sqlite3 "
        "(default WARD_DIR/.mmsched).",
        show_default=False,
        file_okay=False,
        metavar="DIR",
    ),
]


def _clock(ctx: typer.Context) -> dt.datetime:
    """Now, in UTC: the system's clock, or the frozen one a test gives (``obj={"now": ...}``)."""
    given = ctx.obj.get("now") if isinstance(ctx.obj, dict) else None
    return given if isinstance(given, dt.datetime) else dt.datetime.now(dt.UTC)


def _state_dir(ward_dir: Path, state_dir: Path | None) -> Path:
    if not ward_dir.is_dir():
        raise fail(
            MmschedError(
                coded("", "usage.serve.not_a_folder"),
                file=str(ward_dir),
            )
        )
    return state_dir if state_dir is not None else ward_dir / ".mmsched"


def serve(
    ctx: typer.Context,
    ward_dir: WardDirArg,
    *,
    host: Annotated[
        str,
        typer.Option(
            "--host", help="The address to listen on: this computer only unless you say so."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The TCP port.")] = 8080,
    ward: WardFileOption = None,
    lang: LangOption = None,
    state_dir: StateDirOption = None,
) -> None:
    """Serve the ward's pages and subscribed calendar feeds from a plan folder, read live.

    Pages: / (today's ward sheet), /day/YYYY-MM-DD, /patient/ID, /problems. Feeds:
    /feeds/ward.ics and /feeds/patient/ID.ics. Every URL needs a token (mmsched token add).
    Needs the serve extra: pip install 'mmsched[serve]'. Meant for a hospital's internal network
    behind its own TLS.
    """
    state = _state_dir(ward_dir, state_dir)
    try:
        import uvicorn

        from ..server import create_app
        from ..server.tokens import TokenStore
    except ImportError as exc:
        raise fail(MmschedError(coded("", "usage.serve.extra", missing=exc.name))) from None
    chosen = resolve_lang(lang, ctx)
    try:
        app = create_app(
            ward_dir,
            clock=lambda: _clock(ctx),
            lang=chosen,
            ward_file=ward,
            state_dir=state,
            regimen_dirs=library_dirs(ctx),
        )
    except MmschedError as exc:
        raise fail(exc) from None
    _log_access()
    if not any(t.revoked is None for t in TokenStore(state / "tokens.sqlite3").tokens()):
        typer.echo(
            f"warning: no token yet, so every URL answers 404: mmsched token add {ward_dir} NAME",
            err=True,
        )
    typer.echo(f"serving {ward_dir} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    # uvicorn's own access log prints query strings, tokens included: mmsched logs instead.
    uvicorn.run(
        app, host=host, port=port, access_log=False, log_level="warning", server_header=False
    )


def _log_access() -> None:
    """The server's access log on standard error, one line a request."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    log = logging.getLogger("mmsched.access")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


class TokenAction(StrEnum):
    add = "add"
    list = "list"
    revoke = "revoke"


def token(
    ctx: typer.Context,
    action: Annotated[
        TokenAction,
        typer.Argument(
            help="add: make a token and print it once; list: the tokens (never the secrets); "
            "revoke: from the next request on, the token's URLs answer 404.",
            show_default=False,
        ),
    ],
    ward_dir: WardDirArg,
    name: Annotated[
        str | None,
        typer.Argument(
            help="The token's name (add, revoke): who or what uses it, e.g. ward-5-station.",
            show_default=False,
        ),
    ] = None,
    *,
    patient: Annotated[
        str | None,
        typer.Option(
            "--patient",
            help="add: open only this patient's feed and page (default: the whole ward).",
            show_default=False,
            metavar="ID",
        ),
    ] = None,
    full_name: Annotated[
        bool,
        typer.Option("--full-name", help="add: show patients' names unmasked (default: masked)."),
    ] = False,
    state_dir: StateDirOption = None,
    lang: LangOption = None,
) -> None:
    """Access tokens of the ward server: mmsched token add WARD_DIR NAME [--patient ID]
    [--full-name], mmsched token list WARD_DIR, mmsched token revoke WARD_DIR NAME.

    A token is printed once, alone on standard output; only its SHA-256 is kept, in
    STATE_DIR/tokens.sqlite3 (default WARD_DIR/.mmsched).
    """
    from ..server.tokens import TokenStore

    if lang is not None:  # else the default rule, when a message is written
        resolve_lang(lang, ctx)
    if action is not TokenAction.add and (patient is not None or full_name):
        raise bad_parameter(coded("--patient/--full-name", "usage.token.add_only"))
    if action is TokenAction.list and name is not None:
        raise bad_parameter(coded("NAME", "usage.token.list_no_name"))
    if action is not TokenAction.list and name is None:
        raise bad_parameter(coded("NAME", "usage.token.needs_name", action=action.value))
    store = TokenStore(_state_dir(ward_dir, state_dir) / "tokens.sqlite3")
    if action is TokenAction.list:
        _list(store, ward_dir)
    elif action is TokenAction.add:
        assert name is not None
        _add(store, name, _clock(ctx), patient=patient, full_name=full_name)
    else:
        assert name is not None
        try:
            store.revoke(name, _clock(ctx))
        except MmschedError as exc:
            raise fail(exc) from None
        typer.echo(f"token '{name}' revoked")


def _add(
    store: TokenStore, name: str, now: dt.datetime, *, patient: str | None, full_name: bool
) -> None:
    if patient is not None and not patient.strip():
        raise fail(MmschedError([coded("--patient", "usage.token.patient_empty")]))
    try:
        secret = store.add(name, now, patient=patient, full_name=full_name)
    except MmschedError as exc:
        raise fail(exc) from None
    typer.echo(secret)
    scope = f"patient {patient}" if patient else "the whole ward"
    names = "full names" if full_name else "masked names"
    typer.echo(
        f"token '{name}' added ({scope}, {names}); it is shown only now: keep it, or revoke it "
        f"and add another",
        err=True,
    )


def _list(store: TokenStore, ward_dir: Path) -> None:
    tokens = store.tokens()
    if not tokens:
        typer.echo(f"no tokens; mmsched token add {ward_dir} NAME makes one", err=True)
        return
    rows = [("NAME", "OPENS", "NAMES", "ADDED", "REVOKED")]
    for found in tokens:
        rows.append(
            (
                found.name,
                f"patient {found.patient}" if found.patient else "ward",
                "full" if found.full_name else "masked",
                found.created.strftime("%Y-%m-%d %H:%M UTC"),
                found.revoked.strftime("%Y-%m-%d %H:%M UTC") if found.revoked else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        typer.echo("  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[4]]))
