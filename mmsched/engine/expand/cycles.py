"""Step 1: when each cycle starts, after every delay of it and of the cycles before it."""

from __future__ import annotations

from datetime import date, timedelta

from ..changes import Delay
from ..course import Course


def cycle_starts(course: Course) -> list[date]:
    """``start + (cycle - 1) × cycle_days`` plus the delays so far (``delays:`` and ``delay``
    changes add up), for every cycle of the course."""
    delays = dict(course.delays)
    for change in course.changes:
        if isinstance(change, Delay):
            delays[change.cycle] = delays.get(change.cycle, 0) + change.days
    starts, total = [], 0
    cycle_days = course.regimen.cycle_days
    for cycle in range(1, course.cycles + 1):
        total += delays.get(cycle, 0)
        starts.append(course.start + timedelta(days=(cycle - 1) * cycle_days + total))
    return starts


def cycle_ends(course: Course, starts: list[date]) -> list[date]:
    """The day after each cycle: the next cycle's start, and for the last one its full length."""
    return [*starts[1:], starts[-1] + timedelta(days=course.regimen.cycle_days)]
