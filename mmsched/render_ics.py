"""Deprecated alias of :mod:`mmsched.exports.ics`, kept for one release (0.2 removes it).

The README of 0.1 named ``mmsched.render_ics.render_ics``; use ``mmsched.render_ics`` and
``mmsched.IcsOptions`` (the same objects) instead.

Importing this module sets the attribute ``mmsched.render_ics`` to the module, where the public
API has the function of that name; so that ``mmsched.render_ics(...)`` keeps working either way,
this module can be called like the function.
"""

from __future__ import annotations

import sys
import types
import warnings
from typing import Any

from .exports.ics import IcsOptions, IcsStats, render_ics, write_ics

__all__ = ["IcsOptions", "IcsStats", "render_ics", "write_ics"]


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> bytes:
        return render_ics(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

warnings.warn(
    "mmsched.render_ics is deprecated as a module: use mmsched.render_ics() and mmsched.IcsOptions",
    DeprecationWarning,
    stacklevel=2,
)
