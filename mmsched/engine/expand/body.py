"""Step 2: the body measures of each cycle (height, weight) and the BSA from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..bsa import body_surface_area
from ..course import Course
from .notes import Warnings


@dataclass(frozen=True, slots=True)
class Body:
    """What a dose is computed from: the measures in force and the BSA (capped, and not)."""

    height_cm: Decimal
    weight_kg: Decimal
    bsa_m2: Decimal
    bsa_uncapped_m2: Decimal


class BodySizes:
    """The body on a given day: the latest measurement on or before it (the patient's own
    height and weight before any), the BSA rounded half-up to 0.01 m², then the plan's cap."""

    __slots__ = ("_bsa", "_course", "_warnings")

    def __init__(self, course: Course, warnings: Warnings) -> None:
        self._course = course
        self._warnings = warnings
        self._bsa: dict[tuple[Decimal, Decimal], Decimal] = {}

    def on(self, day: date) -> Body:
        """The body on ``day`` (``date.min``: the patient's recorded baseline)."""
        course = self._course
        height, weight = course.patient.height_cm, course.patient.weight_kg
        for m in course.measurements:
            if m.date <= day:
                height = m.height_cm if m.height_cm is not None else height
                weight = m.weight_kg if m.weight_kg is not None else weight
        uncapped = self._bsa.get((height, weight))
        if uncapped is None:
            uncapped = body_surface_area(course.bsa_formula, height, weight)
            self._bsa[height, weight] = uncapped
        cap = course.bsa_cap_m2
        bsa = cap if cap is not None and uncapped > cap else uncapped
        if bsa != uncapped:
            self._warnings.add("warning.bsa.capped", bsa=f"{bsa:.2f}", uncapped=f"{uncapped:.2f}")
        return Body(height, weight, bsa, uncapped)
