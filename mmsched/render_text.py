"""The text calendar under its first name: :func:`render_text` draws the rich calendar.

Kept so that code written against the first version keeps working; new code calls
:func:`mmsched.render_calendar.render_calendar`, which takes the language, the dates and the
presentation choices.
"""

from __future__ import annotations

from .display import Lang
from .schedule import Schedule


def render_text(schedule: Schedule, lang: Lang = "en") -> str:
    """The patient calendar as plain text (no colour), in ``lang``.

    >>> from datetime import date
    >>> from mmsched import Patient, Plan, expand
    >>> plan = Plan(patient=Patient(id="P1", sex="F", age=48, height_cm=156, weight_kg=52),
    ...             regimen="rvd-il2", start=date(2026, 12, 1), doses={"dexamethasone": "20 mg"})
    >>> text = render_text(expand(plan))
    >>> "bortezomib" in text and "1.3 mg/m² × 1.50 m² = 1.95 mg" in text
    True
    """
    from .render_calendar import render_calendar

    return render_calendar(schedule, lang=lang)
