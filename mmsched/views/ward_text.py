"""The ward day sheet as terminal text: each day's patients, doses, tests and totals.

The same sheet as the ``mmsched.ward/1`` JSON (:mod:`mmsched.exports.ward_json`), drawn for
people in Chinese or English, with masked names unless asked otherwise.
"""

from __future__ import annotations

from ..engine.wardsheet import DrugTotal, WardDay, WardError, WardPatient
from .calendar_view import note_text
from .display import (
    Lang,
    display_name,
    drug_colour,
    drug_name,
    format_date,
    format_dose,
    label,
    route_name,
    test_name,
)
from .terminal import DEFAULT_WIDTH, LIST, Part, Table, Text, to_text


def patient_label(day_item_schedule_id: str, name: str | None, *, full_name: bool) -> str:
    """ "GZ-0001 廖某妹": the id first (it identifies), then the masked name if there is one."""
    shown = display_name(name, full=full_name)
    return f"{day_item_schedule_id} {shown}" if shown else day_item_schedule_id


def render_ward(
    days: list[WardDay],
    *,
    lang: Lang,
    full_name: bool = False,
    plans: int,
    errors: tuple[WardError, ...] = (),
    color: bool = False,
    width: int = DEFAULT_WIDTH,
) -> str:
    """One block per day: the administrations by patient, the tests, the plans' warnings, then
    what to prepare.

    Each administration shows its own cycle/day; one moved from another day is marked "*" and
    its note says from when and why. The note also gives the dose's instructions and the rules
    that set or did not check it (with the calculation of a dose per m² or per kg), on every
    row: the sheet has no drug table. A dose above the regimen's by a plan override is marked
    OVERRIDE beside the dose. Plans that could not be used are listed at the top, on the sheet
    itself: a printed sheet must not hide that some patients are missing from it.
    """

    parts: list[Part] = [
        Text(f"{label('ward', lang)} ({label('plans_read', lang, count=plans)})", style="bold")
    ]
    parts.extend(_errors(errors, lang))
    for day in days:
        parts.append(Text(format_date(day.date, lang), style="bold underline"))
        if not day.items and not day.tests:
            parts.append(Text(label("no_administrations", lang)))
            continue
        parts.append(_day_table(day, lang, full_name=full_name))
        warnings = day.warnings(lang)
        if warnings:
            parts.append(_warnings_table(warnings, lang, full_name=full_name))
        if day.totals:
            parts.append(_totals_table(day, lang))
    return to_text(parts, color=color, width=width)


def _day_table(day: WardDay, lang: Lang, *, full_name: bool) -> Part:
    """The day's administrations by patient, then its tests; a note column when a dose moved
    or has instructions or rule notes (with its calculation, see :func:`note_text`)."""

    moved = [item.administration.planned_date is not None for item in day.items]
    notes = [note_text(item.administration, lang, calculation=True) for item in day.items]
    table = Table(box=LIST, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(label("patient", lang), no_wrap=True)
    table.add_column(label("cycle_day", lang), no_wrap=True)
    table.add_column(label("drug", lang), no_wrap=True)
    table.add_column(label("dose", lang), justify="right", no_wrap=True)
    table.add_column(label("route", lang), no_wrap=True)
    if any(notes):
        table.add_column(label("note", lang))
    extra = [Text("")] if any(notes) else []
    previous = None
    for i, item in enumerate(day.items):
        schedule = item.patient.schedule
        adm = item.administration
        who = patient_label(schedule.patient_id, schedule.patient_name, full_name=full_name)
        last_of_patient = i == len(day.items) - 1 or day.items[i + 1].patient is not item.patient
        table.add_row(
            Text("" if previous is item.patient else who),
            Text(adm.cycle_day + ("*" if moved[i] else "")),
            Text(
                drug_name(adm.drug, lang, schedule.drug_name_zh(adm.drug)),
                style=drug_colour(adm.drug),
            ),
            Text(
                format_dose(adm.dose, adm.unit, lang, override=adm.override),
                style="bold" if adm.override else "",
            ),
            Text(route_name(adm.route, lang)),
            *([Text(notes[i])] if extra else []),
            end_section=last_of_patient,
        )
        previous = item.patient
    for test in day.tests:
        schedule = test.patient.schedule
        table.add_row(
            Text(patient_label(schedule.patient_id, schedule.patient_name, full_name=full_name)),
            Text(test.event.cycle_day),
            Text(f"{label('test', lang)}: {test_name(test.event.test, lang)}"),
            Text(""),
            Text(""),
            *extra,
        )
    return table


def _warnings_table(
    warnings: tuple[tuple[WardPatient, str], ...], lang: Lang, *, full_name: bool
) -> Part:
    """The plan warnings of the day's patients: who, then the warning (wrapped beside it)."""

    table = Table.grid(padding=(2, 0))
    table.title = label("warnings", lang)
    table.title_style = "bold red"
    table.add_column(no_wrap=True)
    table.add_column()
    for patient, warning in warnings:
        schedule = patient.schedule
        who = patient_label(schedule.patient_id, schedule.patient_name, full_name=full_name)
        table.add_row(Text(who, style="red"), Text(warning, style="red"))
    return table


def _totals_table(day: WardDay, lang: Lang) -> Part:
    """What to prepare: each drug's total, its patients, and each route's part."""

    totals = Table(
        box=LIST,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        title=label("to_prepare", lang),
        title_style="bold",
    )
    totals.add_column(label("drug", lang), no_wrap=True)
    totals.add_column(label("total", lang), justify="right", no_wrap=True)
    totals.add_column(label("patients", lang), justify="right", no_wrap=True)
    totals.add_column(label("route", lang))
    names = {
        item.administration.drug: item.patient.schedule.drug_name_zh(item.administration.drug)
        for item in day.items
    }
    for total in day.totals:
        totals.add_row(
            Text(
                drug_name(total.drug, lang, names.get(total.drug)),
                style=drug_colour(total.drug),
            ),
            Text(
                format_dose(total.dose, total.unit, lang, override=total.override),
                style="bold" if total.override else "",
            ),
            Text(str(total.patients)),
            Text(routes_text(total, lang)),
        )
    return totals


def routes_text(total: DrugTotal, lang: Lang) -> str:
    """The route, or each route's part when a drug is given by several ("PO 60 mg; IV 40 mg")."""
    if len(total.routes) == 1:
        return route_name(total.routes[0].route, lang)
    return "; ".join(
        f"{route_name(part.route, lang)} {format_dose(part.dose, part.unit, lang)}"
        for part in total.routes
    )


def _errors(errors: tuple[WardError, ...], lang: Lang) -> list[Part]:
    """The files whose patients are NOT on the sheet, then the files named twice (read once)."""

    blocks: list[Part] = []
    for on_sheet, key in ((False, "not_on_sheet"), (True, "read_once")):
        chosen = [error for error in errors if error.on_sheet is on_sheet]
        if not chosen:
            continue
        count = len({error.file for error in chosen})
        text = Text(label(key, lang, count=count), style="bold red")
        for error in chosen:
            text.append(f"\n  {error.file}: {error.message}", style="red")
        blocks.append(text)
    return blocks
