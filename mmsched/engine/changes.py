"""A plan's course changes as the engine applies them: plain, frozen records.

The plan file's ``changes:`` (validated by :mod:`mmsched.formats.changes`) become these when a
plan is compiled; the field names are the file's (``from`` is ``from_``, a Python keyword).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal


@dataclass(frozen=True)
class Move:
    """Move a dose to another date: ``this`` dose, the rest of its ``cycle``, or ``all`` later."""

    drug: str
    date: dt.date
    to: dt.date
    reason: str
    scope: Literal["this", "cycle", "all"] = "this"


@dataclass(frozen=True)
class Hold:
    """Hold a drug from a date, until a date (inclusive) or until a ``resume``."""

    drug: str
    from_: dt.date
    reason: str
    until: dt.date | None = None


@dataclass(frozen=True)
class Resume:
    """End a hold: the drug is given again from ``date``."""

    drug: str
    date: dt.date
    reason: str


@dataclass(frozen=True)
class Omit:
    """Leave out the one dose of ``drug`` on ``date``."""

    drug: str
    date: dt.date
    reason: str


@dataclass(frozen=True)
class Stop:
    """Stop a drug for good from ``from_`` (inclusive)."""

    drug: str
    from_: dt.date
    reason: str


@dataclass(frozen=True)
class DoseLevel:
    """From ``from_cycle`` on, a lower dose ``level`` or a ``percent`` of the dose."""

    drug: str
    from_cycle: int
    reason: str
    level: int | None = None
    percent: Decimal | None = None
    override: bool = False


@dataclass(frozen=True)
class Delay:
    """Start ``cycle`` ``days`` later; later cycles follow."""

    cycle: int
    days: int
    reason: str


#: A change that acts on dated doses, in the order the plan gives them.
DatedChange = Move | Hold | Resume | Omit | Stop
Change = DatedChange | DoseLevel | Delay
