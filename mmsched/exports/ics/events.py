"""The text of each event: summary, description and categories, before it becomes iCalendar.

One event per treatment day (``group="day"``, every drug, supportive item and test of the day in
one event) or one per administration, per supportive item and per test (``group="drug"``; an
item given minutes before a drug goes in that drug's event), each with its UID
(:func:`event_uid`). A supportive item is written with its category and timing, a reminder as
text (never a dose); an infusion with its details, a dose given in a role with the role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ...engine.bsa import FORMULA_TEXT
from ...engine.courses import patient_key
from ...engine.orderset import InfusionDose
from ...engine.schedule import Administration, MonitoringEvent, Schedule, SupportiveRecord
from ...engine.units import format_amount
from ...views.display import (
    Lang,
    bracketed,
    calculation_text,
    colon,
    display_name,
    drug_name,
    format_date,
    format_dose,
    formula_name,
    label,
    prescribed_text,
    route_name,
)
from ...views.display import test_name as name_of_test
from ...views.order_set import by_date as supportive_by_date
from ...views.order_set import (
    category_text,
    dose_text,
    infusion_text,
    item_name,
    record_note,
    role_text,
    split_day,
    timing_text,
)
from .common import LABELS, event_uid
from .content import one_line
from .options import IcsOptions

#: The CATEGORIES value of monitoring-only events (``group="drug"``); also listed on day events
#: that include a test.
MONITORING = "MONITORING"


@dataclass(frozen=True, slots=True)
class EventText:
    """One event before it is turned into iCalendar."""

    uid: str
    day: dt.date
    summary: str
    description: str
    categories: tuple[str, ...]


def schedule_events(schedule: Schedule, options: IcsOptions) -> Iterator[EventText]:
    """The events of one schedule, in date order, grouped as ``options.group`` asks."""
    texts = _Shared(schedule, options)
    if options.group == "day":
        yield from _day_events(schedule, texts)
    else:
        yield from _drug_events(schedule, texts)


class _Shared:
    """What every event of one schedule says alike, worked out once per schedule (an export
    writes tens of thousands of events, and these texts were most of its time)."""

    __slots__ = (
        "body",
        "course_start",
        "dose_texts",
        "infusions",
        "lang",
        "names",
        "options",
        "patient_line",
        "regimen_line",
        "roles",
        "schedule",
        "tail",
        "who",
    )

    def __init__(self, schedule: Schedule, options: IcsOptions) -> None:
        lang = options.lang
        self.schedule = schedule
        self.options = options
        self.lang = lang
        self.course_start = _course_start(schedule, options)
        # The name is one line in the description too (a Schedule built in code may hold any
        # text; the plan reader refuses a name with a line break).
        shown = one_line(display_name(schedule.patient_name, full=options.full_name))
        self.who = shown or schedule.patient_id
        patient = f"{shown} · {schedule.patient_id}" if shown else schedule.patient_id
        self.patient_line = f"{label('patient', lang)} {patient}"
        regimen = (
            (schedule.regimen_name_zh or schedule.regimen_name)
            if lang == "zh"
            else schedule.regimen_name
        )
        self.regimen_line = f"{regimen}{bracketed(schedule.regimen_id, lang)}"
        warning = label("warning", lang)
        self.tail = [f"⚠ {warning}{colon(lang)}{text}" for text in schedule.warnings_in(lang)]
        #: Drug names by drug; dose texts by what they are made of; body lines by cycle.
        self.names: dict[str, str] = {}
        self.dose_texts: dict[tuple[str | None, ...], tuple[str, str | None]] = {}
        self.body: dict[int, str] = {}
        # Infusion details (by each drug's first, second, later dose) and row roles, looked
        # up only for a regimen that has them.
        rules = schedule.rules
        rows = [row for rule in rules for row in rule.days_by_cycle]
        self.infusions: dict[int, InfusionDose | None] = {}
        if any(r.infusion is not None for r in rules) or any(r.infusion for r in rows):
            pairs = zip(schedule.administrations, schedule.infusions(), strict=True)
            self.infusions = {id(a): infusion for a, infusion in pairs}
        self.roles = any(row.role is not None for row in rows)

    def summary(self, what: str) -> str:
        """The event's summary: the patient after ``what`` in a patient's own calendar, first
        in a ward-wide one (issue 17: a status prefix then comes before the patient)."""
        return f"{self.who} · {what}" if self.options.ward else f"{what} · {self.who}"

    def name(self, drug: str) -> str:
        name = self.names.get(drug)
        if name is None:
            schedule = self.schedule
            name = self.names[drug] = drug_name(drug, self.lang, schedule.drug_name_zh(drug))
        return name


def _course_start(schedule: Schedule, options: IcsOptions) -> dt.date | None:
    """The plan's start, for the UIDs of a patient with more than one plan of this regimen."""
    pair = (patient_key(schedule.patient_id), schedule.regimen_id)
    return schedule.start if pair in options.several_courses else None


def _cycle_day_on(schedule: Schedule, day: dt.date) -> tuple[int, int]:
    """The cycle and the day of that cycle on which ``day`` falls (after delays and shifts)."""
    cycle = 1
    for number, start in enumerate(schedule.cycle_starts, start=1):
        if start <= day:
            cycle = number
    return cycle, (day - schedule.cycle_starts[cycle - 1]).days + 1


def _premedication(texts: _Shared, adm: Administration) -> bool:
    row = texts.schedule.role_row(adm)
    return row is not None and row.role == "premedication"


def _day_events(schedule: Schedule, texts: _Shared) -> Iterator[EventText]:
    lang = texts.lang
    list_sep = LABELS[lang]["list_sep"]
    override = label("override", lang)
    tests_word = label("monitoring", lang)
    with_tests = f" + {tests_word.lower() if lang == 'en' else tests_word}"
    by_date: dict[dt.date, tuple[list[Administration], list[MonitoringEvent]]] = {}
    for adm in schedule.administrations:
        by_date.setdefault(adm.date, ([], []))[0].append(adm)
    for test in schedule.monitoring:
        by_date.setdefault(test.date, ([], []))[1].append(test)
    items = supportive_by_date(schedule.supportive)
    for day in items:
        by_date.setdefault(day, ([], []))
    for day in sorted(by_date):
        adms, tests = by_date[day]
        before, after, prompts = split_day(items.get(day, []))
        cycle, cycle_day = _cycle_day_on(schedule, day)
        drugs = [texts.name(a.drug) for a in adms]
        # A drug with a dose above the regimen's (a plan override) says so in the summary too:
        # the summary is what a phone's calendar shows.
        overridden = {texts.name(a.drug) for a in adms if a.override}
        shown = [
            f"{name} {override}" if name in overridden else name for name in dict.fromkeys(drugs)
        ]
        if drugs:
            what = list_sep.join(shown)
            if tests:
                what += with_tests
        elif tests:
            what = list_sep.join(name_of_test(t.test, lang) for t in tests)
        else:
            # A day with only the order set's items: their names (a reminder says so).
            what = list_sep.join(
                dict.fromkeys(
                    label("reminder", lang) if r.is_prompt else item_name(r, lang)
                    for r in before + after + prompts
                )
            )
        code = f"C{cycle}D{cycle_day}"
        lines = _description_head(texts, cycle, code, day)
        lines.extend(_item_line(texts, r) for r in before)
        # The regimen's own premedication (DRd's dexamethasone) with the items given before
        # the infusion, as in the calendar's day list.
        for adm in sorted(adms, key=lambda a: texts.roles and not _premedication(texts, a)):
            _dose_lines(texts, adm, code, lines)
        lines.extend(_item_line(texts, r) for r in after + prompts)
        lines.extend(_test_line(t, lang) for t in tests)
        lines.extend(texts.tail)
        # The order set's items after the drugs (each named once), then the tests.
        named = [item_name(r, lang) for r in before + after + prompts]
        categories = tuple(dict.fromkeys(drugs + named)) + ((MONITORING,) if tests else ())
        yield EventText(
            uid=event_uid(
                schedule.patient_id,
                schedule.regimen_id,
                cycle,
                cycle_day,
                course_start=texts.course_start,
            ),
            day=day,
            summary=texts.summary(f"{code} {what}"),
            description="\n".join(lines),
            categories=categories,
        )


def _drug_events(schedule: Schedule, texts: _Shared) -> Iterator[EventText]:
    lang = texts.lang
    items: list[tuple[dt.date, int, Administration | MonitoringEvent | SupportiveRecord]] = [
        (a.date, 0, a) for a in schedule.administrations
    ]
    items += [(m.date, 2, m) for m in schedule.monitoring]
    # An item given minutes before a drug goes in that drug's event of the day; every other
    # item (on its own days, the day after a dose, a reminder) has its own event.
    premedication: dict[tuple[str, dt.date], list[SupportiveRecord]] = {}
    for record in schedule.supportive:
        if record.minutes_before is not None and record.with_drug is not None:
            premedication.setdefault((record.with_drug, record.date), []).append(record)
        else:
            items.append((record.date, 1, record))
    # Stable sort: administrations keep the schedule's drug order, then the order set's own
    # items, then the tests.
    items.sort(key=lambda item: (item[0], item[1]))
    for day, _, item in items:
        code = item.cycle_day
        lines = _description_head(texts, item.cycle, code, day)
        if isinstance(item, SupportiveRecord):
            if item.is_prompt:
                summary = texts.summary(
                    f"{code} {label('reminder', lang)}{colon(lang)}{item_name(item, lang)}"
                )
            else:
                dose = dose_text(item, lang)
                summary = texts.summary(f"{code} {item_name(item, lang)} {dose}")
            lines.append(_item_line(texts, item))
            key = f"item:{item.item}"
            categories: tuple[str, ...] = (item_name(item, lang),)
        elif isinstance(item, Administration):
            lines.extend(_item_line(texts, r) for r in premedication.get((item.drug, day), []))
            name = texts.name(item.drug)
            # English says "subcut" (ISMP); the Chinese summary keeps the code ward staff write.
            route = item.route if lang == "zh" else route_name(item.route, lang)
            summary = texts.summary(
                f"{code} {name} "
                f"{format_dose(item.dose, item.unit, lang, override=item.override)} {route}"
            )
            _dose_lines(texts, item, code, lines)
            key = f"drug:{item.drug}"
            categories = (name,)
        else:
            summary = texts.summary(f"{code} {name_of_test(item.test, lang)}")
            lines.append(_test_line(item, lang))
            key = f"test:{item.test}"
            categories = (MONITORING,)
        lines.extend(texts.tail)
        yield EventText(
            uid=event_uid(
                schedule.patient_id,
                schedule.regimen_id,
                item.cycle,
                item.day,
                key,
                course_start=texts.course_start,
            ),
            day=day,
            summary=summary,
            description="\n".join(lines),
            categories=categories,
        )


def _description_head(texts: _Shared, cycle: int, cycle_day: str, day: dt.date) -> list[str]:
    """Who, which regimen and day; with ``detail="full"`` the body the doses came from."""
    lines = [
        texts.patient_line,
        f"{texts.regimen_line} · {cycle_day} · {format_date(day, texts.lang)}",
    ]
    if texts.options.detail == "full":
        body = texts.body.get(cycle)
        if body is None:
            body = texts.body[cycle] = _body_line(texts.schedule, texts.lang, cycle)
        lines.append(body)
    return lines


def _body_line(schedule: Schedule, lang: Lang, cycle: int) -> str:
    """Height, the weight and BSA the cycle was dosed on, and the BSA formula."""
    weight, bsa_m2 = schedule.weight_kg, schedule.bsa_m2
    bsa = f"{label('bsa', lang)} {bsa_m2:.2f} m²"
    if schedule.bsa_uncapped_m2 != schedule.bsa_m2:
        bsa += bracketed(f"{label('bsa_capped', lang)} {schedule.bsa_uncapped_m2:.2f} m²", lang)
    # A cycle dosed on a new weight says so; the dose lines give the BSA each dose used.
    for flag in schedule.weight_flags:
        if flag.cycle == cycle:
            weight, bsa = flag.weight_kg, f"{label('bsa', lang)} {flag.bsa_m2:.2f} m²"
    return (
        f"{label('height', lang)} {format_amount(schedule.height_cm)} cm · "
        f"{label('weight', lang)} {format_amount(weight)} kg · {bsa} · "
        f"{_formula(schedule.bsa_formula, lang)}"
    )


def _formula(formula: str, lang: Lang) -> str:
    """The BSA formula: "Mosteller: √(H × W / 3600)"; in Chinese its Chinese name and a
    full-width colon, "许文生（Stevenson）公式：0.0061 × H + 0.0128 × W − 0.1529"."""
    text = FORMULA_TEXT.get(formula, formula)
    if lang != "zh" or ": " not in text:
        return text
    return f"{formula_name(formula, lang)}：{text.split(': ', 1)[1]}"


def _dose_lines(
    texts: _Shared, adm: Administration, event_cycle_day: str, lines: list[str]
) -> None:
    """Add the dose as prescribed and as given, with its own C#D# when it was moved to this
    day, its reason for a move, its instructions and its notes, to ``lines``."""
    lang = texts.lang
    # The amounts as text: Decimal("1.950") == Decimal("1.95"), and a text may show either.
    what = (adm.drug, adm.unit, adm.basis, adm.prescribed, adm.route, adm.rounding)
    key = (*what, str(adm.dose), str(adm.dose_calculated))
    made = texts.dose_texts.get(key)
    if made is None:
        made = texts.dose_texts[key] = _dose_text(texts, adm)
    dose, calc = made
    own = f" · {adm.cycle_day}" if adm.cycle_day != event_cycle_day else ""
    lines.append(f"{dose}{own}")
    if calc is not None:
        lines.append(calc)
    reason = adm.shift_reason_in(lang)
    if adm.planned_date is not None and adm.planned_date != adm.date:
        moved = label("moved_from", lang, date=format_date(adm.planned_date, lang))
        lines.append(f"  {moved}{colon(lang)}{reason}" if reason else f"  {moved}")
    elif reason:
        lines.append(f"  {reason}")
    instructions = adm.instructions_in(lang)
    if instructions:
        word = label("instructions", lang)
        lines.extend(f"  {word}{colon(lang)}{text}" for text in instructions)
    notes = adm.notes_in(lang)
    if notes:
        word = label("note", lang)
        lines.extend(f"  {word}{colon(lang)}{note}" for note in notes)
    if texts.roles:
        role = role_text(texts.schedule, adm, lang)
        if role:
            lines.append(f"  {role}")
    infusion = infusion_text(texts.infusions.get(id(adm)), lang)
    if infusion:
        lines.append(f"  {infusion}")


def _item_line(texts: _Shared, record: SupportiveRecord) -> str:
    """A supportive item in a description: "premedication: paracetamol 650–1,000 mg · PO ·
    60–180 min before daratumumab"; a reminder: "Reminder: ..." (no dose: never a dose)."""
    lang = texts.lang
    after = colon(lang)
    if record.is_prompt:
        return f"{label('reminder', lang)}{after}{record_note(record, texts.schedule, lang)}"
    parts = [f"{item_name(record, lang)} {dose_text(record, lang)}"]
    if record.route:
        parts.append(route_name(record.route, lang))
    timing = timing_text(record, texts.schedule, lang)
    if timing:
        parts.append(timing)
    if record.per_day is not None and record.per_day > 1:
        parts.append(label("per_day", lang, count=record.per_day))
    if record.optional:
        parts.append(label("optional", lang))
    return f"{category_text(record.category, lang)}{after}{' · '.join(parts)}"


def _dose_text(texts: _Shared, adm: Administration) -> tuple[str, str | None]:
    """A dose's first line (drug, dose as prescribed and as given, route) and, with
    ``detail="full"``, the calculation line."""
    lang = texts.lang
    given = format_dose(adm.dose, adm.unit, lang)
    dose = (
        given if adm.basis == "flat dose" else f"{prescribed_text(adm.prescribed, lang)} → {given}"
    )
    route = route_name(adm.route, lang)
    # Chinese gives the code after the name ("皮下注射（SC）"); English says "subcut" alone (ISMP).
    route = f"{route}{bracketed(adm.route, lang)}" if lang == "zh" and route != adm.route else route
    calc = None
    if texts.options.detail == "full" and adm.basis != "flat dose":
        calculated = calculation_text(adm.basis, adm.dose_calculated, adm.unit, adm.rounding, lang)
        calc = f"  {calculated} → {given}"
    return f"{texts.name(adm.drug)} {dose} · {route}", calc


def _test_line(test: MonitoringEvent, lang: Lang) -> str:
    return f"{label('monitoring', lang)}{colon(lang)}{name_of_test(test.test, lang)}"
