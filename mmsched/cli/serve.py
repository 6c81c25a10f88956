"""``mmsched serve`` and ``mmsched token``: the ward server and its access tokens (issue 17).

A thin shell over :mod:`mmsched.server`. This module is on every command's start-up path (the
app registers its commands), so it imports nothing but typer and the shared options: the
server, Starlette, uvicorn and SQLite are imported inside the commands.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..errors import MmschedError, Problem
from .common import fail, library_dirs, resolve_lang
from .options import LangOption, WardFileOption

HELP = "Access tokens of the ward server (mmsched serve): add, list, revoke."

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
                "is not a folder; give the ward's plan folder (the one mmsched ward reads)",
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
        raise fail(
            MmschedError(
                f"mmsched serve needs the serve extra ({exc.name} is missing): "
                "pip install 'mmsched[serve]'"
            )
        ) from None
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


def token_add(
    ctx: typer.Context,
    ward_dir: WardDirArg,
    name: Annotated[
        str, typer.Argument(help="A name for the token: who or what uses it.", show_default=False)
    ],
    *,
    patient: Annotated[
        str | None,
        typer.Option(
            "--patient",
            help="Open only this patient's feed and page (default: the whole ward).",
            show_default=False,
            metavar="ID",
        ),
    ] = None,
    full_name: Annotated[
        bool, typer.Option("--full-name", help="Show patients' names unmasked (default: masked).")
    ] = False,
    state_dir: StateDirOption = None,
) -> None:
    """Make a token and print it, once, alone on standard output; only its SHA-256 is kept."""
    from ..server.tokens import TokenStore

    if patient is not None and not patient.strip():
        raise fail(MmschedError([Problem("--patient", "give the patient's id, e.g. GZ-0101")]))
    store = TokenStore(_state_dir(ward_dir, state_dir) / "tokens.sqlite3")
    try:
        secret = store.add(name, _clock(ctx), patient=patient, full_name=full_name)
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


def token_list(ctx: typer.Context, ward_dir: WardDirArg, state_dir: StateDirOption = None) -> None:
    """List the tokens: name, what they open, names masked or full, made, revoked."""
    from ..server.tokens import TokenStore

    tokens = TokenStore(_state_dir(ward_dir, state_dir) / "tokens.sqlite3").tokens()
    if not tokens:
        typer.echo(f"no tokens; mmsched token add {ward_dir} NAME makes one", err=True)
        return
    rows = [("NAME", "OPENS", "NAMES", "ADDED", "REVOKED")]
    for token in tokens:
        rows.append(
            (
                token.name,
                f"patient {token.patient}" if token.patient else "ward",
                "full" if token.full_name else "masked",
                token.created.strftime("%Y-%m-%d %H:%M UTC"),
                token.revoked.strftime("%Y-%m-%d %H:%M UTC") if token.revoked else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        typer.echo("  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[4]]))


def token_revoke(
    ctx: typer.Context,
    ward_dir: WardDirArg,
    name: Annotated[str, typer.Argument(help="The token's name.", show_default=False)],
    state_dir: StateDirOption = None,
) -> None:
    """Revoke a token: from the next request on, its URLs answer 404."""
    from ..server.tokens import TokenStore

    store = TokenStore(_state_dir(ward_dir, state_dir) / "tokens.sqlite3")
    try:
        store.revoke(name, _clock(ctx))
    except MmschedError as exc:
        raise fail(exc) from None
    typer.echo(f"token '{name}' revoked")
