"""The text of each event: summary, description and categories, before it becomes iCalendar.

One event per treatment day (``group="day"``, every drug and test of the day in one event) or
one per administration and per test (``group="drug"``), each with its UID (:func:`event_uid`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ...engine.bsa import FORMULA_TEXT
from ...engine.courses import patient_key
from ...engine.schedule import Administration, MonitoringEvent, Schedule
from ...engine.units import format_amount
from ...views.display import (
    calculation_text,
    display_name,
    drug_name,
    format_date,
    format_dose,
    label,
    prescribed_text,
    route_name,
)
from ...views.display import test_name as name_of_test
from .common import LABELS, event_uid
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
    if options.group == "day":
        yield from _day_events(schedule, options)
    else:
        yield from _drug_events(schedule, options)


def _course_start(schedule: Schedule, options: IcsOptions) -> dt.date | None:
    """The plan's start, for the UIDs of a patient with more than one plan of this regimen."""
    pair = (patient_key(schedule.patient_id), schedule.regimen_id)
    return schedule.start if pair in options.several_courses else None


def _who(schedule: Schedule, options: IcsOptions) -> str:
    return display_name(schedule.patient_name, full=options.full_name) or schedule.patient_id


def _cycle_day_on(schedule: Schedule, day: dt.date) -> tuple[int, int]:
    """The cycle and the day of that cycle on which ``day`` falls (after delays and shifts)."""
    cycle = 1
    for number, start in enumerate(schedule.cycle_starts, start=1):
        if start <= day:
            cycle = number
    return cycle, (day - schedule.cycle_starts[cycle - 1]).days + 1


def _day_events(schedule: Schedule, options: IcsOptions) -> Iterator[EventText]:
    labels = LABELS[options.lang]
    lang = options.lang
    course_start = _course_start(schedule, options)
    by_date: dict[dt.date, tuple[list[Administration], list[MonitoringEvent]]] = {}
    for adm in schedule.administrations:
        by_date.setdefault(adm.date, ([], []))[0].append(adm)
    for test in schedule.monitoring:
        by_date.setdefault(test.date, ([], []))[1].append(test)
    for day in sorted(by_date):
        adms, tests = by_date[day]
        cycle, cycle_day = _cycle_day_on(schedule, day)
        drugs = [drug_name(a.drug, lang, schedule.drug_name_zh(a.drug)) for a in adms]
        # A drug with a dose above the regimen's (a plan override) says so in the summary too:
        # the summary is what a phone's calendar shows.
        overridden = {
            drug_name(a.drug, lang, schedule.drug_name_zh(a.drug)) for a in adms if a.override
        }
        shown = [
            f"{name} {label('override', lang)}" if name in overridden else name
            for name in dict.fromkeys(drugs)
        ]
        if drugs:
            what = labels["list_sep"].join(shown)
            if tests:
                tests_word = label("monitoring", lang)
                what += f" + {tests_word.lower() if lang == 'en' else tests_word}"
        else:
            what = labels["list_sep"].join(name_of_test(t.test, lang) for t in tests)
        lines = _description_head(schedule, options, cycle, f"C{cycle}D{cycle_day}", day)
        for adm in adms:
            lines.extend(_dose_lines(schedule, adm, options, f"C{cycle}D{cycle_day}"))
        lines.extend(_test_line(t, options) for t in tests)
        lines.extend(_description_tail(schedule, options))
        categories = tuple(dict.fromkeys(drugs)) + ((MONITORING,) if tests else ())
        yield EventText(
            uid=event_uid(
                schedule.patient_id,
                schedule.regimen_id,
                cycle,
                cycle_day,
                course_start=course_start,
            ),
            day=day,
            summary=f"C{cycle}D{cycle_day} {what} · {_who(schedule, options)}",
            description="\n".join(lines),
            categories=categories,
        )


def _drug_events(schedule: Schedule, options: IcsOptions) -> Iterator[EventText]:
    lang = options.lang
    course_start = _course_start(schedule, options)
    items: list[tuple[dt.date, int, Administration | MonitoringEvent]] = [
        (a.date, 0, a) for a in schedule.administrations
    ]
    items += [(m.date, 1, m) for m in schedule.monitoring]
    # Stable sort: administrations keep the schedule's drug order, tests come after them.
    items.sort(key=lambda item: (item[0], item[1]))
    who = _who(schedule, options)
    for day, _, item in items:
        lines = _description_head(schedule, options, item.cycle, item.cycle_day, day)
        if isinstance(item, Administration):
            name = drug_name(item.drug, lang, schedule.drug_name_zh(item.drug))
            # English says "subcut" (ISMP); the Chinese summary keeps the code ward staff write.
            route = item.route if lang == "zh" else route_name(item.route, lang)
            summary = (
                f"{item.cycle_day} {name} "
                f"{format_dose(item.dose, item.unit, lang, override=item.override)} "
                f"{route} · {who}"
            )
            lines.extend(_dose_lines(schedule, item, options, item.cycle_day))
            key = f"drug:{item.drug}"
            categories: tuple[str, ...] = (name,)
        else:
            summary = f"{item.cycle_day} {name_of_test(item.test, lang)} · {who}"
            lines.append(_test_line(item, options))
            key = f"test:{item.test}"
            categories = (MONITORING,)
        lines.extend(_description_tail(schedule, options))
        yield EventText(
            uid=event_uid(
                schedule.patient_id,
                schedule.regimen_id,
                item.cycle,
                item.day,
                key,
                course_start=course_start,
            ),
            day=day,
            summary=summary,
            description="\n".join(lines),
            categories=categories,
        )


def _description_head(
    schedule: Schedule, options: IcsOptions, cycle: int, cycle_day: str, day: dt.date
) -> list[str]:
    """Who, which regimen and day; with ``detail="full"`` the body the doses came from."""
    lang = options.lang
    regimen = (
        (schedule.regimen_name_zh or schedule.regimen_name)
        if lang == "zh"
        else schedule.regimen_name
    )
    who = display_name(schedule.patient_name, full=options.full_name)
    patient = f"{who} · {schedule.patient_id}" if who else schedule.patient_id
    lines = [
        f"{label('patient', lang)} {patient}",
        f"{regimen} ({schedule.regimen_id}) · {cycle_day} · {format_date(day, lang)}",
    ]
    if options.detail == "full":
        weight, bsa_m2 = schedule.weight_kg, schedule.bsa_m2
        bsa = f"{label('bsa', lang)} {bsa_m2:.2f} m²"
        if schedule.bsa_uncapped_m2 != schedule.bsa_m2:
            bsa += f" ({label('bsa_capped', lang)} {schedule.bsa_uncapped_m2:.2f} m²)"
        # A cycle dosed on a new weight says so; the dose lines give the BSA each dose used.
        for flag in schedule.weight_flags:
            if flag.cycle == cycle:
                weight, bsa = flag.weight_kg, f"{label('bsa', lang)} {flag.bsa_m2:.2f} m²"
        lines.append(
            f"{label('height', lang)} {format_amount(schedule.height_cm)} cm · "
            f"{label('weight', lang)} {format_amount(weight)} kg · {bsa} · "
            f"{FORMULA_TEXT.get(schedule.bsa_formula, schedule.bsa_formula)}"
        )
    return lines


def _dose_lines(
    schedule: Schedule, adm: Administration, options: IcsOptions, event_cycle_day: str
) -> list[str]:
    """The dose as prescribed and as given, with its own C#D# when it was moved to this day."""
    lang = options.lang
    given = format_dose(adm.dose, adm.unit, lang)
    dose = (
        given if adm.basis == "flat dose" else f"{prescribed_text(adm.prescribed, lang)} → {given}"
    )
    route = route_name(adm.route, lang)
    # Chinese gives the code after the name ("皮下注射 (SC)"); English says "subcut" alone (ISMP).
    route = f"{route} ({adm.route})" if lang == "zh" and route != adm.route else route
    name = drug_name(adm.drug, lang, schedule.drug_name_zh(adm.drug))
    own = f" · {adm.cycle_day}" if adm.cycle_day != event_cycle_day else ""
    lines = [f"{name} {dose} · {route}{own}"]
    if options.detail == "full" and adm.basis != "flat dose":
        calc = calculation_text(adm.basis, adm.dose_calculated, adm.unit, adm.rounding, lang)
        lines.append(f"  {calc} → {given}")
    reason = adm.shift_reason_in(lang)
    if adm.planned_date is not None and adm.planned_date != adm.date:
        moved = label("moved_from", lang, date=format_date(adm.planned_date, lang))
        lines.append(f"  {moved}: {reason}" if reason else f"  {moved}")
    elif reason:
        lines.append(f"  {reason}")
    instructions = label("instructions", lang)
    lines.extend(f"  {instructions}: {text}" for text in adm.instructions_in(lang))
    lines.extend(f"  {label('note', lang)}: {note}" for note in adm.notes_in(lang))
    return lines


def _test_line(test: MonitoringEvent, options: IcsOptions) -> str:
    return f"{label('monitoring', options.lang)}: {name_of_test(test.test, options.lang)}"


def _description_tail(schedule: Schedule, options: IcsOptions) -> list[str]:
    warning = label("warning", options.lang)
    return [f"⚠ {warning}: {text}" for text in schedule.warnings_in(options.lang)]
