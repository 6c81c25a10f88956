"""Deprecated alias of the ward sheet's library calls, kept for one release (0.2 removes it).

The README of 0.1 named ``mmsched.ward.range_sheets``; use ``mmsched.range_sheets``,
``mmsched.day_sheet`` and ``mmsched.DaySheet`` (the same objects) instead.
"""

from __future__ import annotations

import warnings

from .batch.ward import DaySheet, day_sheet, load_plans, range_sheets
from .engine.wardsheet import Ward, WardDay, WardError, WardPatient, ward_days

__all__ = [
    "DaySheet",
    "Ward",
    "WardDay",
    "WardError",
    "WardPatient",
    "day_sheet",
    "load_plans",
    "range_sheets",
    "ward_days",
]

warnings.warn(
    "mmsched.ward is deprecated: use mmsched.range_sheets, mmsched.day_sheet and mmsched.DaySheet",
    DeprecationWarning,
    stacklevel=2,
)
