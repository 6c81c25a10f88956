"""The ward server (issue 17): live pages and subscribed calendar feeds over a plan folder.

``create_app(folder, clock=...)`` builds the ASGI application that ``mmsched serve`` runs under
uvicorn; a hospital may mount it in its own stack. It needs the ``serve`` extra
(``pip install 'mmsched[serve]'``: Starlette and uvicorn), imported only when the app is made:
``import mmsched`` and every other command never load them.

The modules, each importing only those above it:

* :mod:`.history`: the event history (SQLite), for SEQUENCE numbers and cancellations;
* :mod:`.tokens`: the access tokens (SQLite, their SHA-256 only);
* :mod:`.folder`: the plan folder read live, each file again only when it changed;
* :mod:`.feeds`: a feed's parameters and bytes;
* :mod:`.pages`: the HTML pages;
* :mod:`.app`: the Starlette app, its access rules, headers and log.

This stage may import ``batch``, ``exports``, ``views``, ``formats``, ``engine``, ``errors`` and
``data``; only ``cli`` imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import WardApp, create_app

__all__ = ["WardApp", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module 'mmsched.server' has no attribute '{name}'")
