"""Regimens in the terminal: the list of regimens, and one regimen as a cycle-day grid.

The grid has the days of the cycle across (1..cycle_days) and one row per drug (one per cycle
range when a drug's days change between cycles, as daratumumab's do); a day the drug is given
shows "X", as printed regimen templates do. The grid is drawn as wide as it needs to be: a
squeezed column would put a mark under the wrong day.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..engine.rules import DrugRule
from ..engine.units import Dose, dose_words
from .display import (
    Lang,
    day_ranges,
    drug_code,
    drug_colour,
    drug_name,
    format_dose,
    label,
    route_name,
)
from .terminal import DEFAULT_WIDTH, LIST, Part, Table, Text, to_text, widest


class _Named(Protocol):
    def get(self, lang: str) -> str: ...


class Regimen(Protocol):
    """What the grid shows of a regimen: a validated :class:`mmsched.Regimen` or its compiled
    :class:`~mmsched.engine.course.CompiledRegimen` alike."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> _Named: ...
    @property
    def cycle_days(self) -> int: ...
    @property
    def cycles(self) -> int: ...
    @property
    def source(self) -> str: ...
    @property
    def rules(self) -> tuple[DrugRule, ...]: ...


#: The mark of a day the drug is given, as in printed regimen templates.
DAY_MARK = "X"


def regimen_rows(
    regimens: Sequence[tuple[Regimen, str]], lang: Lang
) -> list[tuple[str, str, str, str, str, str]]:
    """Per regimen: id, name, cycle length, default cycles, drugs, where it comes from."""
    return [
        (
            regimen.id,
            regimen.name.get(lang),
            label("days_text", lang, days=regimen.cycle_days),
            str(regimen.cycles),
            ("、" if lang == "zh" else ", ").join(
                drug_name(rule.drug, lang, rule.name_zh) for rule in regimen.rules
            ),
            origin,
        )
        for regimen, origin in regimens
    ]


def render_regimen_list(
    regimens: Sequence[tuple[Regimen, str]],
    *,
    lang: Lang,
    color: bool = False,
    width: int = DEFAULT_WIDTH,
) -> str:
    """A table of regimens: id, name in ``lang``, cycle length, cycles, drugs, origin."""
    table = Table(box=LIST, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(label("id", lang), no_wrap=True)
    table.add_column(label("regimen", lang))
    table.add_column(label("cycle_length", lang), no_wrap=True)
    table.add_column(label("cycles", lang), justify="right", no_wrap=True)
    table.add_column(label("drugs", lang))
    table.add_column(label("where", lang))
    for row in regimen_rows(regimens, lang):
        table.add_row(*(Text(cell) for cell in row))
    return to_text([table], color=color, width=width)


def grid_rows(regimen: Regimen, lang: Lang) -> list[tuple[str, str, tuple[int, ...]]]:
    """Per drug (and cycle range, when the days change): label, drug id, days given."""
    rows = []
    for rule in regimen.rules:
        name = drug_name(rule.drug, lang, rule.name_zh)
        for entry in rule.days_by_cycle:
            if len(rule.days_by_cycle) == 1:
                row_label = name
            else:
                last = "" if entry.last is None else str(entry.last)
                cycles = str(entry.first) if entry.first == entry.last else f"{entry.first}-{last}"
                row_label = f"{name} C{cycles}"
            rows.append((row_label, rule.drug, entry.days))
    return rows


def regimen_renderables(regimen: Regimen, *, lang: Lang) -> list[Part]:
    """Title, the cycle-day grid, then each drug's dose, route and days (dose last: m²)."""
    title = Text(f"{regimen.name.get(lang)} ({regimen.id})", style="bold")
    title.append(
        "\n" + label("cycles_text", lang, cycles=regimen.cycles, days=regimen.cycle_days),
        style="",
    )
    rows = grid_rows(regimen, lang)
    day_width = len(str(regimen.cycle_days)) + 1
    grid = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 0))
    grid.add_column(label("drug", lang), no_wrap=True, min_width=widest(r for r, _, _ in rows) + 1)
    for day in range(1, regimen.cycle_days + 1):
        grid.add_column(str(day), justify="right", no_wrap=True, min_width=day_width)
    for row_label, drug, days in rows:
        grid.add_row(
            Text(row_label, style=drug_colour(drug)),
            *(
                Text(DAY_MARK, style=f"bold {drug_colour(drug)}") if day in days else Text("")
                for day in range(1, regimen.cycle_days + 1)
            ),
        )
    details = Table(box=LIST, show_edge=False, pad_edge=False, header_style="bold")
    details.add_column(label("code", lang), no_wrap=True)
    details.add_column(label("drug", lang), no_wrap=True)
    details.add_column(label("route", lang), no_wrap=True)
    details.add_column(label("days", lang))
    details.add_column(label("dose", lang))
    for rule in regimen.rules:
        days_text = "; ".join(
            (
                day_ranges(entry.days)
                if len(rule.days_by_cycle) == 1
                else f"C{entry.first}-{'' if entry.last is None else entry.last}: "
                f"{day_ranges(entry.days)}"
            )
            for entry in rule.days_by_cycle
        )
        details.add_row(
            Text(drug_code(rule.drug), style=f"bold {drug_colour(rule.drug)}"),
            Text(drug_name(rule.drug, lang, rule.name_zh)),
            Text(route_name(rule.route, lang)),
            Text(days_text),
            Text(_dose(rule.dose, lang)),
        )
    source = Text(f"{label('source', lang)}: {regimen.source}")
    return [title, grid, details, source]


def _dose(dose: Dose, lang: Lang) -> str:
    """A dose the ISMP way ("500,000 units", "1.3 mg/m²", "10-40 mg"; 50万国际单位（IU） in
    Chinese)."""
    if dose.per is None and not dose.is_range:
        return format_dose(dose.low, dose.unit, lang)
    return dose_words(dose, lang)


def grid_width(regimen: Regimen, lang: Lang) -> int:
    """The columns the cycle-day grid needs: it is drawn at that width, never squeezed."""
    label_width = widest(r for r, _, _ in grid_rows(regimen, lang)) + 1
    return label_width + regimen.cycle_days * (len(str(regimen.cycle_days)) + 1)


def render_regimen(
    regimen: Regimen, *, lang: Lang, color: bool = False, width: int = DEFAULT_WIDTH
) -> str:
    """One regimen as terminal text: title, cycle-day grid, drug details, source."""
    # The grid is as wide as the cycle is long; squeezing it would misalign the days.
    width = max(width, grid_width(regimen, lang))
    return to_text(regimen_renderables(regimen, lang=lang), color=color, width=width)
