"""The command line, the last stage: a thin shell over the library.

:mod:`.app` builds the typer app and registers the commands, one module each (``calendar``,
``ward``, ``check``, ``diff``, ``ics``, the ``regimens`` group, ``new plan``); they import the
shared options (:mod:`.options`) and helpers (:mod:`.common`), never the app.
:mod:`.settings` reads the environment's defaults, :mod:`.fileio` writes files atomically. It
may import every stage (heavy ones inside the functions that use them, so ``mmsched --help``
starts fast); nothing imports it but ``mmsched.__main__`` and the console script
(``mmsched.cli:main``).
"""

from __future__ import annotations

from .app import app, main

__all__ = ["app", "main"]
