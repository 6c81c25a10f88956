"""Deprecated alias of :mod:`mmsched.exports.ics`, kept for one release (0.2 removes it).

The README of 0.1 named ``mmsched.render_ics.render_ics``; use ``mmsched.render_ics`` and
``mmsched.IcsOptions`` (the same objects) instead.
"""

from __future__ import annotations

import warnings

from .exports.ics import IcsOptions, IcsStats, render_ics, write_ics

__all__ = ["IcsOptions", "IcsStats", "render_ics", "write_ics"]

warnings.warn(
    "mmsched.render_ics is deprecated: use mmsched.render_ics() and mmsched.IcsOptions",
    DeprecationWarning,
    stacklevel=2,
)
