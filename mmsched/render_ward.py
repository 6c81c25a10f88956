"""The ward day sheet as terminal text and as the ``mmsched.ward/1`` JSON contract.

JSON contract (fields may be added, none renamed)::

    {"schema": "mmsched.ward/1",
     "days": [{"date": "YYYY-MM-DD",
               "administrations": [{"patient_id", "drug", "dose", "unit", "route", "cycle",
                                    "day", "regimen"}, ...],
               "totals": [{"drug", "dose", "unit", "patients",
                           "routes": [{"route", "dose", "unit", "patients"}, ...]}, ...],
               "monitoring": [{"patient_id", "test", "cycle", "day"}, ...]}, ...],
     "errors": [{"file", "message"}, ...]}

Only patients treated on a day appear under it; every day of the asked range is listed, an
empty one with empty lists. Doses are JSON numbers (the final, rounded dose).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

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
from .terminal import DEFAULT_WIDTH
from .units import json_number
from .ward import DrugTotal, WardDay, WardError

if TYPE_CHECKING:
    from rich.console import RenderableType

SCHEMA = "mmsched.ward/1"


def ward_to_dict(days: list[WardDay], errors: tuple[WardError, ...]) -> dict[str, Any]:
    """The sheet as the JSON contract's mapping (no patient names: the id identifies)."""
    return {
        "schema": SCHEMA,
        "days": [
            {
                "date": day.date.isoformat(),
                "administrations": [
                    {
                        "patient_id": item.patient.schedule.patient_id,
                        "drug": item.administration.drug,
                        "dose": json_number(item.administration.dose),
                        "unit": item.administration.unit,
                        "route": item.administration.route,
                        "cycle": item.administration.cycle,
                        "day": item.administration.day,
                        "regimen": item.patient.schedule.regimen_id,
                    }
                    for item in day.items
                ],
                "totals": [
                    {
                        "drug": total.drug,
                        "dose": json_number(total.dose),
                        "unit": total.unit,
                        "patients": total.patients,
                        "routes": [
                            {
                                "route": part.route,
                                "dose": json_number(part.dose),
                                "unit": part.unit,
                                "patients": part.patients,
                            }
                            for part in total.routes
                        ],
                    }
                    for total in day.totals
                ],
                "monitoring": [
                    {
                        "patient_id": test.patient.schedule.patient_id,
                        "test": test.event.test,
                        "cycle": test.event.cycle,
                        "day": test.event.day,
                    }
                    for test in day.tests
                ],
            }
            for day in days
        ],
        "errors": [{"file": error.file, "message": error.message} for error in errors],
    }


def ward_to_json(days: list[WardDay], errors: tuple[WardError, ...]) -> str:
    """The sheet as JSON text: UTF-8 kept, two-space indent, a newline at the end."""
    return json.dumps(ward_to_dict(days, errors), ensure_ascii=False, indent=2) + "\n"


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
    """One block per day: the administrations by patient, the tests, then what to prepare.

    Plans that could not be read are listed at the top, on the sheet itself: a printed sheet
    must not hide that some patients are missing from it.
    """
    from rich.table import Table
    from rich.text import Text

    from .terminal import LIST, to_text

    parts: list[RenderableType] = [
        Text(f"{label('ward', lang)} ({label('plans_read', lang, count=plans)})", style="bold")
    ]
    if errors:
        parts.append(_errors(errors, lang))
    for day in days:
        parts.append(Text(format_date(day.date, lang), style="bold underline"))
        if not day.items and not day.tests:
            parts.append(Text(label("no_administrations", lang)))
            continue
        table = Table(box=LIST, show_edge=False, pad_edge=False, header_style="bold")
        table.add_column(label("patient", lang), no_wrap=True)
        table.add_column(label("cycle_day", lang), no_wrap=True)
        table.add_column(label("drug", lang), no_wrap=True)
        table.add_column(label("dose", lang), justify="right", no_wrap=True)
        table.add_column(label("route", lang), no_wrap=True)
        previous = None
        for i, item in enumerate(day.items):
            schedule = item.patient.schedule
            adm = item.administration
            who = patient_label(schedule.patient_id, schedule.patient_name, full_name=full_name)
            last_of_patient = (
                i == len(day.items) - 1 or day.items[i + 1].patient is not item.patient
            )
            table.add_row(
                Text("" if previous is item.patient else who),
                Text("" if previous is item.patient else adm.cycle_day),
                Text(
                    drug_name(adm.drug, lang, schedule.drug_name_zh(adm.drug)),
                    style=drug_colour(adm.drug),
                ),
                Text(format_dose(adm.dose, adm.unit, lang)),
                Text(route_name(adm.route, lang)),
                end_section=last_of_patient,
            )
            previous = item.patient
        for test in day.tests:
            schedule = test.patient.schedule
            table.add_row(
                Text(
                    patient_label(schedule.patient_id, schedule.patient_name, full_name=full_name)
                ),
                Text(test.event.cycle_day),
                Text(f"{label('test', lang)}: {test_name(test.event.test, lang)}"),
                Text(""),
                Text(""),
            )
        parts.append(table)
        if day.totals:
            totals = Table(
                box=LIST,
                show_edge=False,
                pad_edge=False,
                header_style="bold",
                title=label("to_prepare", lang),
                title_justify="left",
                title_style="bold",
            )
            totals.add_column(label("drug", lang), no_wrap=True)
            totals.add_column(label("total", lang), justify="right", no_wrap=True)
            totals.add_column(label("patients", lang), justify="right", no_wrap=True)
            totals.add_column(label("route", lang))
            names = {
                item.administration.drug: item.patient.schedule.drug_name_zh(
                    item.administration.drug
                )
                for item in day.items
            }
            for total in day.totals:
                totals.add_row(
                    Text(
                        drug_name(total.drug, lang, names.get(total.drug)),
                        style=drug_colour(total.drug),
                    ),
                    Text(format_dose(total.dose, total.unit, lang)),
                    Text(str(total.patients)),
                    Text(_routes_text(total, lang)),
                )
            parts.append(totals)
    return to_text(parts, color=color, width=width)


def _routes_text(total: DrugTotal, lang: Lang) -> str:
    """The route, or each route's part when a drug is given by several ("PO 60 mg; IV 40 mg")."""
    if len(total.routes) == 1:
        return route_name(total.routes[0].route, lang)
    return "; ".join(
        f"{route_name(part.route, lang)} {format_dose(part.dose, part.unit, lang)}"
        for part in total.routes
    )


def _errors(errors: tuple[WardError, ...], lang: Lang) -> RenderableType:
    from rich.text import Text

    text = Text(label("not_on_sheet", lang, count=len(errors)), style="bold red")
    for error in errors:
        text.append(f"\n  {error.file}: {error.message}", style="red")
    return text
