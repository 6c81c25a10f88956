"""Course changes in a plan file: the plan's history, applied in the order written.

Each change names its drug, when it applies and why (``reason`` is required: a change nobody
can explain is a medication error waiting to happen). Dates refer to doses as they stand after
closed-day shifts and the changes before it.

```yaml
changes:
  - {action: move, drug: bortezomib, date: 2026-12-11, to: 2026-12-12, scope: this,
     reason: "platelets 45"}
  - {action: hold, drug: lenalidomide, from: 2026-12-15, until: 2026-12-20, reason: "rash"}
  - {action: resume, drug: lenalidomide, date: 2026-12-18, reason: "rash resolved"}
  - {action: omit, drug: dexamethasone, date: 2026-12-10, reason: "insomnia"}
  - {action: dose-level, drug: bortezomib, from_cycle: 2, level: 1, reason: "neuropathy grade 2"}
  - {action: dose-level, drug: lenalidomide, from_cycle: 2, percent: 60, reason: "..."}
  - {action: stop, drug: thalidomide, from: 2027-01-10, reason: "neuropathy grade 3"}
  - {action: delay, cycle: 2, days: 7, reason: "neutropenia"}
```
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..engine import changes as engine
from ..errors import CodedError
from .base import FileModel


class _Change(FileModel):
    reason: str = Field(min_length=1)


class Move(_Change):
    """Move a dose to another date: ``this`` dose, the rest of its ``cycle``, or ``all`` later."""

    action: Literal["move"]
    drug: str
    date: dt.date
    to: dt.date
    scope: Literal["this", "cycle", "all"] = "this"


class Hold(_Change):
    """Hold a drug from a date, until a date (inclusive) or until a ``resume``."""

    action: Literal["hold"]
    drug: str
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> Hold:
        if self.until is not None and self.until < self.from_:
            raise CodedError("plan.changes.until_before_from", until=self.until, start=self.from_)
        return self


class Resume(_Change):
    """End a hold: the drug is given again from ``date``."""

    action: Literal["resume"]
    drug: str
    date: dt.date


class Omit(_Change):
    """Leave out the one dose of ``drug`` on ``date``."""

    action: Literal["omit"]
    drug: str
    date: dt.date


class DoseLevel(_Change):
    """From ``from_cycle`` on, give a lower dose level or a percentage of the dose.

    ``level`` counts down the regimen's ``levels`` (0 is the full dose); ``percent`` scales the
    dose. Above the regimen's dose needs ``override: true``, shown wherever the dose is shown.
    """

    action: Literal["dose-level"]
    drug: str
    from_cycle: int = Field(ge=1)
    level: int | None = Field(default=None, ge=0)
    percent: Decimal | None = Field(default=None, gt=0, le=200)
    override: bool = False

    @model_validator(mode="after")
    def _one(self) -> DoseLevel:
        if (self.level is None) == (self.percent is None):
            raise CodedError("plan.changes.level_or_percent")
        if self.percent is not None and self.percent > 100 and not self.override:
            raise CodedError("plan.changes.percent_above", percent=self.percent)
        return self


class Stop(_Change):
    """Stop a drug for good from ``from`` (inclusive)."""

    action: Literal["stop"]
    drug: str
    from_: dt.date = Field(alias="from")


class Delay(_Change):
    """Start ``cycle`` ``days`` later; later cycles follow (the same as ``delays:``)."""

    action: Literal["delay"]
    cycle: int = Field(ge=1)
    days: int = Field(ge=0, le=365)


Change = Annotated[
    Move | Hold | Resume | Omit | DoseLevel | Stop | Delay, Field(discriminator="action")
]


_ENGINE_TYPES: dict[type[_Change], type[engine.Change]] = {
    Move: engine.Move,
    Hold: engine.Hold,
    Resume: engine.Resume,
    Omit: engine.Omit,
    DoseLevel: engine.DoseLevel,
    Stop: engine.Stop,
    Delay: engine.Delay,
}


def compile_change(change: _Change) -> engine.Change:
    """The engine's record of a validated change (the same fields, without ``action``)."""
    fields = {name: getattr(change, name) for name in type(change).model_fields}
    del fields["action"]
    return _ENGINE_TYPES[type(change)](**fields)
