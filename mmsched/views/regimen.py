"""Regimens in the terminal: the list of regimens, and one regimen as a cycle-day grid.

The grid has the days of the cycle across (1..cycle_days) and one row per drug (one per cycle
range when a drug's days change between cycles, as daratumumab's do); a day the drug is given
shows "X", as printed regimen templates do. The grid is drawn as wide as it needs to be: a
squeezed column would put a mark under the wrong day.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..engine.course import MaintenanceRef
from ..engine.orderset import Conditions, SupportiveRule
from ..engine.rules import CycleDays, DrugRule
from ..engine.units import Dose, dose_words
from .display import (
    Lang,
    bracketed,
    colon,
    day_ranges,
    drug_code,
    drug_colour,
    drug_name,
    format_dose,
    join_notes,
    label,
    route_name,
)
from .order_set import category_text
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
    title = Text(f"{regimen.name.get(lang)}{bracketed(regimen.id, lang)}", style="bold")
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
        days_text = ("；" if lang == "zh" else "; ").join(
            (
                day_ranges(entry.days)
                if len(rule.days_by_cycle) == 1
                else f"C{entry.first}-{'' if entry.last is None else entry.last}: "
                f"{day_ranges(entry.days)}"
            )
            + _row_role(entry, lang)
            for entry in rule.days_by_cycle
        )
        details.add_row(
            Text(drug_code(rule.drug), style=f"bold {drug_colour(rule.drug)}"),
            Text(drug_name(rule.drug, lang, rule.name_zh)),
            Text(route_name(rule.route, lang)),
            Text(days_text),
            Text(_dose(rule.dose, lang)),
        )
    source = Text(f"{label('source', lang)}{colon(lang)}{regimen.source}")
    compiled = getattr(regimen, "compiled", regimen)
    parts: list[Part] = [title, grid, details]
    supportive: tuple[SupportiveRule, ...] = getattr(compiled, "supportive", ())
    if supportive:
        parts.append(_supportive_table(regimen, supportive, lang))
    maintenance: MaintenanceRef | None = getattr(compiled, "maintenance", None)
    if maintenance is not None:
        cycles = (
            label("until_progression", lang)
            if maintenance.cycles is None
            else label("at_most_cycles", lang, count=maintenance.cycles)
        )
        parts.append(
            Text(label("maintenance_named", lang, regimen=maintenance.regimen, cycles=cycles))
        )
    return [*parts, source]


def _row_role(entry: CycleDays, lang: Lang) -> str:
    """ " (premedication, with daratumumab)" for a row in a role; else empty."""
    if entry.role is None:
        return ""
    parts = [category_text(entry.role, lang)]
    if entry.with_drug is not None:
        parts.append(label("with_drug", lang, drug=drug_name(entry.with_drug, lang)))
    sep = "，" if lang == "zh" else ", "  # the Chinese of the other labels (issue 14: typography)
    return bracketed(sep.join(parts), lang)


def _supportive_table(regimen: Regimen, items: tuple[SupportiveRule, ...], lang: Lang) -> Table:
    """The regimen's supportive items: category, item, dose and route (or the reminder), when
    (days of the cycle, or relative to a drug) and the conditions it applies under."""
    names = {rule.drug: rule.name_zh for rule in regimen.rules}
    table = Table(
        box=LIST, show_edge=False, pad_edge=False, header_style="bold",
        title=label("supportive_items", lang),
    )  # fmt: skip
    for key in ("category", "item", "dose", "when", "conditions"):
        table.add_column(label(key, lang))
    colon = "：" if lang == "zh" else ": "
    for item in items:
        if item.prompt is not None:
            dose = f"{label('reminder', lang)}{colon}{item.prompt.get(lang)}"
        else:
            assert item.dose is not None
            dose = f"{_dose(item.dose, lang)} {route_name(item.route or '', lang)}".strip()
        table.add_row(
            Text(category_text(item.category, lang)),
            Text(drug_name(item.item, lang, item.name_zh)),
            Text(dose),
            Text(_item_when(item, names, lang)),
            Text(_conditions(item.conditions, lang, names)),
        )
    return table


def _item_when(item: SupportiveRule, names: dict[str, str | None], lang: Lang) -> str:
    """ "1-28", "C1: -27", "60–180 min before daratumumab", "... , last dose of the plan only"."""
    if item.with_drug is None:
        days = day_ranges(item.days)
        if item.first_cycle == 1 and item.last_cycle is None:
            return days
        last = "" if item.last_cycle is None else str(item.last_cycle)
        cycles = str(item.first_cycle) if item.last_cycle == item.first_cycle else (
            f"{item.first_cycle}-{last}"
        )  # fmt: skip
        return f"C{cycles}: {days}"
    drug = drug_name(item.with_drug, lang, names.get(item.with_drug))
    if item.minutes_before is not None:
        low, high = item.minutes_before
        timing = (
            label("minutes_before_one", lang, low=low, drug=drug)
            if low == high
            else label("minutes_before", lang, low=low, high=high, drug=drug)
        )
    else:
        after = item.days_after or 0
        key = {0: "with_drug", 1: "day_after"}.get(after, "days_after")
        timing = label(key, lang, days=after, drug=drug)
    if item.first_only:
        return label("first_dose_only", lang, timing=timing)
    if item.last_only:
        return label("last_dose_only", lang, timing=timing)
    return timing


def _conditions(
    conditions: Conditions | None, lang: Lang = "en", names: dict[str, str | None] | None = None
) -> str:
    """The conditions an item applies under: in English as written in the regimen file
    ("sex: F; vte_risk: high"), in Chinese as a sentence a nurse reads ("女性；有生育可能").

    >>> from mmsched.engine.orderset import Conditions
    >>> both = Conditions(sex="F", childbearing_potential=True)
    >>> _conditions(both), _conditions(both, "zh")
    ('sex: F; childbearing_potential: true', '女性；有生育可能')
    >>> _conditions(Conditions(not_given="dexamethasone"), "zh")
    '当日未用地塞米松'
    """
    if conditions is None:
        return ""
    fields = (
        "sex", "age_over", "age_under", "childbearing_potential", "vte_risk", "dialysis",
        "given", "not_given", "irregular_menses",
    )  # fmt: skip
    found = []
    for field in fields:
        value = getattr(conditions, field)
        if value is None:
            continue
        if lang == "zh":
            found.append(_condition_zh(field, value, names or {}))
            continue
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        found.append(f"{field}: {shown}")
    return join_notes(found, lang)


def _condition_zh(field: str, value: object, names: dict[str, str | None]) -> str:
    """One condition in Chinese (:data:`mmsched.views.display.LABELS`, keys ``if_...``)."""
    if field in ("given", "not_given"):
        drug = drug_name(str(value), "zh", names.get(str(value)))
        return label(f"if_{field}", "zh", drug=drug)
    if field in ("age_over", "age_under"):
        return label(f"if_{field}", "zh", age=value)
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return label(f"if_{field}_{shown}", "zh")


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
