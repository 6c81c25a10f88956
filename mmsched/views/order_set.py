"""The order set for people: supportive items, their timing, and infusion details.

What every view says of a supportive item (its name, dose or reminder, category, when it is
given relative to its drug) and of an infusion (diluent, volume, duration, rate), in Chinese or
English, made here once so the calendar, the ward sheet, the CSV and the ``.ics`` say it alike.
A prompt is a reminder: it has no dose and is never counted as one.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Protocol

from ..engine.orderset import InfusionDose
from ..engine.schedule import Administration, Schedule, SupportiveRecord
from ..engine.units import format_amount
from .display import (
    DILUENTS_ZH,
    LABELS,
    Lang,
    drug_name,
    format_dose,
    join_notes,
    label,
    route_name,
)

#: The order of the calendar's drug-table groups (issue 13).
GROUPS = ("premedication", "anticancer", "post-medication", "prophylaxis", "hydration", "tests")


def category_text(category: str, lang: Lang) -> str:
    """A category for people: "premedication", "输注前用药"; an unknown one as written."""
    key = f"cat_{category}"
    return label(key, lang) if key in LABELS else category


def item_name(record: SupportiveRecord, lang: Lang) -> str:
    """The item's name: its Chinese name from the regimen file in ``zh``."""
    return drug_name(record.item, lang, record.name_zh)


def dose_text(record: SupportiveRecord, lang: Lang) -> str:
    """The item's dose, a range not chosen in the plan as "650–1,000 mg", with its doses a
    day when more than one; empty for a prompt (a reminder has no dose).

    >>> from decimal import Decimal
    >>> r = SupportiveRecord(date(2026, 12, 1), 1, 1, "x", "premedication", "s",
    ...     dose_low=Decimal(650), dose_high=Decimal(1000), unit="mg")
    >>> dose_text(r, "en")
    '650–1,000 mg'
    """
    if record.dose_low is None or record.dose_high is None or record.unit is None:
        return ""
    if record.dose_low == record.dose_high:
        text = format_dose(record.dose_low, record.unit, lang)
    else:
        high = format_dose(record.dose_high, record.unit, lang)
        text = f"{format_amount(record.dose_low)}–{high}"
    if record.per_day is not None and record.per_day > 1:
        text += f" × {record.per_day}"
    return text


def per_day_text(record: SupportiveRecord, lang: Lang) -> str:
    """ "2 times a day" for an item given more than once a day; else empty."""
    if record.per_day is None or record.per_day <= 1:
        return ""
    return label("per_day", lang, count=record.per_day)


def timing_text(record: SupportiveRecord, schedule: Schedule, lang: Lang) -> str:
    """When the item is given relative to its drug: "60–180 min before daratumumab", "the day
    after daratumumab"; empty for an item on its own days."""
    return relative_timing(record, schedule, lang)


class Timed(Protocol):
    """A supportive record or a regimen row that may follow a drug."""

    @property
    def with_drug(self) -> str | None: ...
    @property
    def minutes_before(self) -> tuple[int, int] | None: ...
    @property
    def days_after(self) -> int | None: ...


def relative_timing(timed: Timed, schedule: Schedule, lang: Lang) -> str:
    """ "60–180 min before daratumumab", "the day after daratumumab"; empty without a drug."""
    with_drug, minutes_before, days_after = timed.with_drug, timed.minutes_before, timed.days_after
    if with_drug is None:
        return ""
    drug = drug_name(with_drug, lang, schedule.drug_name_zh(with_drug))
    if minutes_before is not None:
        low, high = minutes_before
        if low == high:
            return label("minutes_before_one", lang, low=low, drug=drug)
        return label("minutes_before", lang, low=low, high=high, drug=drug)
    key = {None: "with_drug", 0: "with_drug", 1: "day_after"}.get(days_after, "days_after")
    return label(key, lang, days=days_after, drug=drug)


def record_note(record: SupportiveRecord, schedule: Schedule, lang: Lang) -> str:
    """What the day list says beside an item: its category, its timing, doses a day, and
    "optional"; for a prompt, the reminder itself."""
    if record.is_prompt:
        prompt = (record.prompt_zh or record.prompt_en) if lang == "zh" else record.prompt_en
        return prompt or ""
    parts = [
        category_text(record.category, lang),
        timing_text(record, schedule, lang),
        per_day_text(record, lang),
    ]
    if record.optional:
        parts.append(label("optional", lang))
    return join_notes(parts, lang)


def record_cells(
    record: SupportiveRecord, schedule: Schedule, lang: Lang
) -> tuple[str, str, str, str]:
    """(name, dose, route, note) of a supportive item as the lists show it; a prompt is named
    "Reminder" and has no dose or route."""
    if record.is_prompt:
        return label("reminder", lang), "", "", record_note(record, schedule, lang)
    route = route_name(record.route, lang) if record.route else ""
    return (
        item_name(record, lang),
        dose_text(record, lang),
        route,
        record_note(record, schedule, lang),
    )


def role_text(schedule: Schedule, adm: Administration, lang: Lang) -> str:
    """ "premedication, 60–180 min before daratumumab" for a dose of the regimen's own drug
    given in a role (a ``schedule:`` row's ``role``, with its timing when the row follows a
    drug); else empty."""
    row = schedule.role_row(adm)
    if row is None or row.role is None:
        return ""
    timing = relative_timing(row, schedule, lang)
    return join_notes([category_text(row.role, lang), timing], lang)


def infusion_text(infusion: InfusionDose | None, lang: Lang) -> str:
    """An infusion's details: "infusion: 1,000 mL 0.9% sodium chloride over 420 min; rate:
    50 mL/h ..."; empty when there are none.

    >>> from decimal import Decimal
    >>> i = InfusionDose("0.9% sodium chloride", Decimal(500), 258, "100 mL/h")
    >>> infusion_text(i, "en")
    'infusion: 500 mL 0.9% sodium chloride over 258 min; rate: 100 mL/h'
    >>> infusion_text(i, "zh")
    '输注：0.9% 氯化钠注射液 500 mL，258 分钟；输注速度：100 mL/h'
    """
    if infusion is None:
        return ""
    diluent = infusion.diluent
    if diluent is not None and lang == "zh":
        diluent = DILUENTS_ZH.get(diluent, diluent)
    volume = None if infusion.volume_ml is None else f"{format_amount(infusion.volume_ml)} mL"
    minutes = infusion.duration_minutes
    over = None if minutes is None else label("infusion_over", lang, minutes=minutes)
    if lang == "zh":
        what = " ".join(p for p in (diluent, volume) if p)
        body = "，".join(p for p in (what, over) if p)
    else:
        what = " ".join(p for p in (volume, diluent) if p)
        body = " ".join(p for p in (what, over) if p)
    parts = [body] if body else []
    rate = infusion.rate_in(lang)
    if rate:
        parts.append(label("infusion_rate", lang, rate=rate))
    if not parts:
        return ""
    colon = "：" if lang == "zh" else ": "
    return f"{label('infusion', lang)}{colon}{join_notes(parts, lang)}"


def by_date(records: tuple[SupportiveRecord, ...]) -> dict[date, list[SupportiveRecord]]:
    """The records by date, each date's in the schedule's order."""
    found: dict[date, list[SupportiveRecord]] = defaultdict(list)
    for record in records:
        found[record.date].append(record)
    return found


def split_day(
    records: list[SupportiveRecord],
) -> tuple[list[SupportiveRecord], list[SupportiveRecord], list[SupportiveRecord]]:
    """A day's items as the lists order them: those given before a drug (before its dose),
    the other items (after the doses), then the reminders."""
    before = [r for r in records if r.minutes_before is not None and not r.is_prompt]
    prompts = [r for r in records if r.is_prompt]
    rest = [r for r in records if r.minutes_before is None and not r.is_prompt]
    return before, rest, prompts


def has_order_set(schedule: Schedule) -> bool:
    """Whether the schedule has supportive items or doses given in a role (premedication)."""
    if schedule.supportive:
        return True
    return any(row.role is not None for rule in schedule.rules for row in rule.days_by_cycle)


class InfusionLookup:
    """The infusion details of administrations of several schedules (a ward sheet), each
    by its drug's first, second or later dose of the course; each schedule worked out once."""

    __slots__ = ("_tables",)

    def __init__(self) -> None:
        self._tables: dict[int, tuple[Schedule, dict[int, InfusionDose | None]]] = {}

    def __call__(self, schedule: Schedule, adm: Administration) -> InfusionDose | None:
        found = self._tables.get(id(schedule))
        if found is None:
            pairs = zip(schedule.administrations, schedule.infusions(), strict=True)
            # The schedule is kept with its table, so its id is never reused meanwhile.
            found = self._tables[id(schedule)] = (schedule, {id(a): i for a, i in pairs})
        return found[1].get(id(adm))


def total_text(low: Decimal, high: Decimal, unit: str, lang: Lang) -> str:
    """A supportive total: "200 mg", or "1,300–2,000 mg" where a range was not chosen."""
    if low == high:
        return format_dose(low, unit, lang)
    return f"{format_amount(low)}–{format_dose(high, unit, lang)}"
