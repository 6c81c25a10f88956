"""A patient's courses across plan files: who a plan is for, and when its course runs.

One patient may have several plans (a finished course and the next one). Two plans are the same
patient's when their ids are equal regardless of case (:func:`patient_key`). A plan's course
runs from its first to its last dated event, an administration or a test (:class:`CourseSpan`);
plans of one patient whose courses do not overlap are all used. When two of them overlap,
nobody can tell which is right, and every plan of that patient is left out: half a patient (a
course without the doses of the other) is worse than none.

A span is a few dates and names, so a batch over a province's plan files keeps one per file
and drops each schedule as before: overlaps are found once every file has been read.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .schedule import Schedule


def patient_key(patient_id: str) -> str:
    """The id as ids are compared: without regard to case (``gz-0001`` is ``GZ-0001``).

    >>> patient_key("gz-0001") == patient_key("GZ-0001")
    True
    >>> patient_key("Straße") == patient_key("STRASSE")
    True
    """
    return unicodedata.normalize("NFKC", patient_id.casefold())


@dataclass(frozen=True, slots=True)
class CourseSpan:
    """One plan's course: its file, its patient and regimen, its start (the plan's ``start``),
    and its first and last dated event (None for a course with none, which overlaps nothing)."""

    file: str
    patient_id: str
    regimen_id: str
    start: date
    first: date | None
    last: date | None

    @property
    def key(self) -> str:
        """The patient as compared (:func:`patient_key`)."""
        return patient_key(self.patient_id)

    def range_text(self) -> str:
        """``2026-12-01 to 2027-01-25``, or that the course has no dated event."""
        if self.first is None or self.last is None:
            return "no dated event"
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def course_span(schedule: Schedule, file: str) -> CourseSpan:
    """The span of ``schedule``'s course, from its first to its last administration or test."""
    dates = [a.date for a in schedule.administrations]
    dates += [m.date for m in schedule.monitoring]
    first, last = (min(dates), max(dates)) if dates else (None, None)
    return CourseSpan(file, schedule.patient_id, schedule.regimen_id, schedule.start, first, last)


def overlaps(spans: Sequence[CourseSpan]) -> dict[int, tuple[int, ...]]:
    """For each span whose course overlaps another's of the same patient, the others' indexes.

    Spans are named by their index in ``spans``; ranges are inclusive, so a course ending on
    the day the next begins overlaps it (both would be given that day).

    >>> def span(pid: str, first: int, last: int) -> CourseSpan:
    ...     return CourseSpan(pid, pid, "rvd", date(2026, 1, first), date(2026, 1, first),
    ...                       date(2026, 1, last))
    >>> overlaps([span("A", 1, 10), span("a", 11, 20), span("B", 1, 31), span("A", 20, 25)])
    {1: (3,), 3: (1,)}
    """
    by_patient: dict[str, list[int]] = defaultdict(list)
    for i, span in enumerate(spans):
        if span.first is not None:
            by_patient[span.key].append(i)
    found: dict[int, list[int]] = defaultdict(list)
    for indexes in by_patient.values():
        ordered = sorted(indexes, key=lambda i: (spans[i].first, i))
        for n, i in enumerate(ordered):
            last = spans[i].last
            assert last is not None
            for j in ordered[n + 1 :]:
                first = spans[j].first
                assert first is not None
                if first > last:
                    break  # the others start later still
                found[i].append(j)
                found[j].append(i)
    return {i: tuple(sorted(found[i])) for i in sorted(found)}


def several_courses(spans: Sequence[CourseSpan]) -> frozenset[tuple[str, str]]:
    """The (patient key, regimen id) pairs that more than one span has: a patient given the
    same regimen again, whose calendar events need the course in their identity.

    >>> a = CourseSpan("a.yaml", "GZ-1", "rvd", date(2026, 1, 1), None, None)
    >>> b = CourseSpan("b.yaml", "gz-1", "rvd", date(2026, 6, 1), None, None)
    >>> sorted(several_courses([a, b]))
    [('gz-1', 'rvd')]
    """
    seen: set[tuple[str, str]] = set()
    again: set[tuple[str, str]] = set()
    for span in spans:
        pair = (span.key, span.regimen_id)
        (again if pair in seen else seen).add(pair)
    return frozenset(again)
