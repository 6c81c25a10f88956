"""The command line: the typer app and one module per command (a shell over the library).

Nothing but this package, ``mmsched.__main__`` and the console script imports it.
"""

from __future__ import annotations

from .app import app, main

__all__ = ["app", "main"]
