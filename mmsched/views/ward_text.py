"""The ward day sheet as terminal text: each day's patients, doses, tests and totals.

The same sheet as the ``mmsched.ward/1`` JSON (:mod:`mmsched.exports.ward_json`), drawn for
people in Chinese or English, with masked names unless asked otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..engine.schedule import Schedule, SupportiveRecord
from ..engine.wardsheet import (
    DrugTotal,
    SupportiveTotal,
    WardDay,
    WardError,
    WardItem,
    WardPatient,
    supportive_totals,
)
from .calendar_view import note_text
from .display import (
    Lang,
    bracketed,
    colon,
    display_name,
    drug_colour,
    drug_name,
    format_date,
    format_dose,
    join_notes,
    label,
    route_name,
    test_name,
)
from .order_set import (
    InfusionLookup,
    infusion_text,
    record_cells,
    role_text,
    split_day,
    total_text,
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
        Text(
            label("ward", lang) + bracketed(label("plans_read", lang, count=plans), lang),
            style="bold",
        )
    ]
    parts.extend(_errors(errors, lang))
    for day in days:
        parts.append(Text(format_date(day.date, lang), style="bold underline"))
        if not day.items and not day.tests and not day.supportive:
            parts.append(Text(label("no_administrations", lang)))
            continue
        parts.append(_day_table(day, lang, full_name=full_name))
        warnings = day.warnings(lang)
        if warnings:
            parts.append(_warnings_table(warnings, lang, full_name=full_name))
        if day.totals:
            parts.append(_totals_table(day, lang))
        supportive = supportive_totals(day.supportive)
        if supportive:
            parts.append(_supportive_table(supportive, lang))
    return to_text(parts, color=color, width=width)


def _day_table(day: WardDay, lang: Lang, *, full_name: bool) -> Part:
    """The day's rows by patient (:func:`patient_rows`: the order set's items with their
    category, the doses with their note, role and infusion details), then its tests."""

    blocks = patient_rows(day, lang)
    notes = [row.note for _, rows in blocks for row in rows]
    table = Table(box=LIST, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(label("patient", lang), no_wrap=True)
    table.add_column(label("cycle_day", lang), no_wrap=True)
    table.add_column(label("drug", lang), no_wrap=True)
    table.add_column(label("dose", lang), justify="right", no_wrap=True)
    table.add_column(label("route", lang), no_wrap=True)
    if any(notes):
        table.add_column(label("note", lang))
    extra = [Text("")] if any(notes) else []
    for patient, rows in blocks:
        schedule = patient.schedule
        who = patient_label(schedule.patient_id, schedule.patient_name, full_name=full_name)
        for i, row in enumerate(rows):
            table.add_row(
                Text(who if i == 0 else ""),
                Text(row.cycle_day),
                Text(row.name, style=drug_colour(row.drug) if row.drug else ""),
                Text(row.dose, style="bold" if row.override else ""),
                Text(row.route),
                *([Text(row.note)] if extra else []),
                end_section=i == len(rows) - 1,
            )
    for test in day.tests:
        schedule = test.patient.schedule
        table.add_row(
            Text(patient_label(schedule.patient_id, schedule.patient_name, full_name=full_name)),
            Text(test.event.cycle_day),
            Text(f"{label('test', lang)}{colon(lang)}{test_name(test.event.test, lang)}"),
            Text(""),
            Text(""),
            *extra,
        )
    return table


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One row of a patient on the ward sheet: a dose (``drug`` set, for its colour) or a
    supportive item (``category`` its category, ``drug`` empty)."""

    cycle_day: str
    name: str
    dose: str
    route: str
    note: str
    drug: str = ""
    override: bool = False
    category: str = "anticancer"


def patient_rows(
    day: WardDay, lang: Lang, infusions: InfusionLookup | None = None
) -> list[tuple[WardPatient, list[SheetRow]]]:
    """Each patient's rows of the day, in sheet order: the items given before a drug, the
    doses (the regimen's own premedication first; a moved one marked "*"; the note: a role
    such as "premedication", the move, the calculation of a dose a rule changed,
    instructions, rule notes, infusion details), the
    other supportive items (category and timing in the note), then the reminders (no dose)."""
    infusions = infusions or InfusionLookup()
    doses: dict[str, list[WardItem]] = defaultdict(list)
    for item in day.items:
        doses[item.patient.file].append(item)
    items: dict[str, list[SupportiveRecord]] = defaultdict(list)
    for entry in day.supportive:
        items[entry.patient.file].append(entry.record)
    blocks = []
    for patient in day.patients:
        schedule = patient.schedule
        before, after, prompts = split_day(items.get(patient.file, []))
        rows = [_item_row(record, schedule, lang) for record in before]
        # The regimen's own drug given as premedication comes first, with the items given
        # before the infusion, as in the calendar's day list (a stable sort keeps the rest).
        given = sorted(doses.get(patient.file, []), key=lambda i: not _premedication(schedule, i))
        for item in given:
            adm = item.administration
            note = join_notes(
                [
                    role_text(schedule, adm, lang),
                    note_text(adm, lang, calculation=True),
                    infusion_text(infusions(schedule, adm), lang),
                ],
                lang,
            )
            rows.append(
                SheetRow(
                    adm.cycle_day + ("*" if adm.planned_date is not None else ""),
                    drug_name(adm.drug, lang, schedule.drug_name_zh(adm.drug)),
                    format_dose(adm.dose, adm.unit, lang, override=adm.override),
                    route_name(adm.route, lang),
                    note,
                    adm.drug,
                    adm.override,
                )
            )
        rows.extend(_item_row(record, schedule, lang) for record in after + prompts)
        if rows:
            blocks.append((patient, rows))
    return blocks


def _premedication(schedule: Schedule, item: WardItem) -> bool:
    row = schedule.role_row(item.administration)
    return row is not None and row.role == "premedication"


def _item_row(record: SupportiveRecord, schedule: Schedule, lang: Lang) -> SheetRow:
    name, dose, route, note = record_cells(record, schedule, lang)
    return SheetRow(record.cycle_day, name, dose, route, note, category=record.category)


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


def _prepare_table(title: str, lang: Lang) -> Table:
    """An empty "to prepare" table under its title: drug, total, patients, route."""
    table = Table(
        box=LIST,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        title=label(title, lang),
        title_style="bold",
    )
    table.add_column(label("drug", lang), no_wrap=True)
    table.add_column(label("total", lang), justify="right", no_wrap=True)
    table.add_column(label("patients", lang), justify="right", no_wrap=True)
    table.add_column(label("route", lang))
    return table


def _totals_table(day: WardDay, lang: Lang) -> Part:
    """What to prepare: each drug's total, its patients, and each route's part."""

    totals = _prepare_table("to_prepare", lang)
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


def _supportive_table(totals: tuple[SupportiveTotal, ...], lang: Lang) -> Part:
    """The supportive drugs to prepare, apart from the anticancer drugs (never summed into
    their totals): each item's total (a range where a plan did not choose), its patients and
    route."""
    table = _prepare_table("to_prepare_supportive", lang)
    for total in totals:
        name = drug_name(total.item, lang, total.name_zh)
        if total.optional:  # a prescriber may leave it out: never read as ordered
            name += label("if_ordered", lang)
        table.add_row(
            Text(name),
            Text(total_text(total.dose_low, total.dose_high, total.unit, lang)),
            Text(str(total.patients)),
            Text(route_name(total.route, lang) if total.route else ""),
        )
    return table


def routes_text(total: DrugTotal, lang: Lang) -> str:
    """The route, or each route's part when a drug is given by several ("PO 60 mg; IV 40 mg")."""
    if len(total.routes) == 1:
        return route_name(total.routes[0].route, lang)
    return join_notes(
        (
            f"{route_name(part.route, lang)} {format_dose(part.dose, part.unit, lang)}"
            for part in total.routes
        ),
        lang,
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
            text.append(f"\n  {error.file}{colon(lang)}{error.text(lang)}", style="red")
        blocks.append(text)
    return blocks
