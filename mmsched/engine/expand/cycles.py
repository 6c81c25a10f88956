"""Step 1: when each cycle starts, after every delay of it and of the cycles before it."""

from __future__ import annotations

from datetime import date, timedelta

from ..changes import Delay
from ..course import Course


def cycle_starts(course: Course, lengths: tuple[int, ...] | None = None) -> list[date]:
    """``start`` plus the lengths of the cycles before (``(cycle - 1) × cycle_days`` within
    one phase; a maintenance cycle follows the induction's last day) plus the delays so far
    (``delays:`` and ``delay`` changes add up), for every cycle of the course."""
    delays = dict(course.delays)
    for change in course.changes:
        if isinstance(change, Delay):
            delays[change.cycle] = delays.get(change.cycle, 0) + change.days
    if lengths is None:
        lengths = (course.regimen.cycle_days,) * course.cycles
    starts, total, offset = [], 0, 0
    for cycle, length in enumerate(lengths, start=1):
        total += delays.get(cycle, 0)
        starts.append(course.start + timedelta(days=offset + total))
        offset += length
    return starts


def cycle_ends(starts: list[date], last_cycle_days: int) -> list[date]:
    """The day after each cycle: the next cycle's start, and for the last one its full length."""
    return [*starts[1:], starts[-1] + timedelta(days=last_cycle_days)]
