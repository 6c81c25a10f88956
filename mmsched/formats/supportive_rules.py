"""Compiling a regimen's order set: ``supportive:`` items, ``conditions:``, infusion details and
the days counted from C1D1 of a test, every problem collected.

Day 0 and negative days are allowed here (supportive items and tests), never on an anticancer
drug (:mod:`.regimen_rules`); an item ``with:`` a drug must name one of the regimen's drugs,
or a drug that another ``replaces`` (it then follows the replacement: thalidomide in TVD).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from ..data.drugs import ROUTES
from ..engine.dayrules import MAX_CYCLE_DAYS, parse_cycles, parse_days
from ..engine.orderset import Conditions, Infusion, Prompt, SupportiveRule
from ..engine.units import Dose
from ..errors import Problem, coded, from_exception

if TYPE_CHECKING:
    from .regimen import ConditionsSpec, InfusionFields, Regimen, SupportiveSpec

_ITEM_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_VOLUME = re.compile(r"^\s*(.*?)\s*(?:mL|ml)\s*$")
_WINDOW = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_EVERY = re.compile(r"^(-?\d+)\s*-\s*/\s*(\d+)$")
#: Route codes by their upper-case spelling ("sc" or "iv PUSH" in a file is understood).
ROUTE_CODES = {code.upper(): code for code in ROUTES}


#: How far before a cycle's day 1 an item or test may be dated: a cycle's length, and at least
#: 28 days (4 weeks: pregnancy prevention starts 4 weeks before lenalidomide, whatever the
#: regimen's cycle length).
EARLIEST_DAYS_BEFORE = 28


def earliest_day(cycle_days: int) -> int:
    """The earliest day an item or test of a ``cycle_days`` regimen may be dated on.

    >>> earliest_day(21), earliest_day(35)
    (-28, -35)
    """
    return -max(cycle_days, EARLIEST_DAYS_BEFORE)


def resolve_drug(regimen: Regimen, drug: str) -> str | None:
    """The regimen's drug an item or test ``with:`` ``drug`` follows: the drug itself, or the
    drug that replaces it (``replaces:``), or None when the regimen has neither."""
    names = {d.drug for d in regimen.drugs}
    if drug in names:
        return drug
    return next((d.drug for d in regimen.drugs if d.replaces == drug), None)


def compile_conditions(
    spec: ConditionsSpec | None, regimen: Regimen, where: str, problems: list[Problem]
) -> Conditions | None:
    """The conditions with their drugs resolved (a replaced drug is its replacement)."""
    if spec is None:
        return None
    drugs: dict[str, str | None] = {}
    for field in ("given", "not_given"):
        name = getattr(spec, field)
        drugs[field] = None
        if name is not None:
            drugs[field] = resolve_drug(regimen, name)
            if drugs[field] is None:
                problems.append(_no_drug(f"{where}.conditions.{field}", regimen, name))
    if (
        spec.age_over is not None
        and spec.age_under is not None
        and spec.age_over >= spec.age_under - 1
    ):
        problems.append(coded(f"{where}.conditions", "regimen.conditions.no_age_between"))
    return Conditions(
        sex=spec.sex,
        age_over=spec.age_over,
        age_under=spec.age_under,
        childbearing_potential=spec.childbearing_potential,
        vte_risk=spec.vte_risk,
        dialysis=spec.dialysis,
        given=drugs["given"],
        not_given=drugs["not_given"],
        irregular_menses=spec.irregular_menses,
    )


def _no_drug(field: str, regimen: Regimen, name: str) -> Problem:
    drugs = [d.drug for d in regimen.drugs]
    return coded(
        field, "regimen.supportive.no_such_drug", regimen=regimen.id, drug=name, drugs=drugs
    )


def compile_supportive(
    spec: SupportiveSpec, regimen: Regimen, where: str, problems: list[Problem]
) -> SupportiveRule | None:
    """One supportive item, parsed and checked, or None with its problems added."""
    start = len(problems)
    if not _ITEM_NAME.match(spec.item):
        problems.append(
            coded(f"{where}.item", "regimen.supportive.not_an_item_name", item=spec.item)
        )
    if spec.item in {d.drug for d in regimen.drugs}:
        problems.append(
            coded(f"{where}.item", "regimen.supportive.anticancer_drug", item=spec.item)
        )
    dose, route = _dose_and_route(spec, where, problems)
    first, last = 1, None
    if spec.cycles is not None:
        try:
            first, last = parse_cycles(spec.cycles)
        except ValueError as exc:
            problems.append(from_exception(f"{where}.cycles", exc))
    days, with_drug, window = _when(spec, regimen, where, problems)
    if spec.days_after is not None and spec.days_after > 28 and spec.prompt is None:
        problems.append(
            coded(
                f"{where}.days_after",
                "regimen.supportive.days_after_prompt_only",
                days=spec.days_after,
            )
        )
    conditions = compile_conditions(spec.conditions, regimen, where, problems)
    if len(problems) > start:
        return None
    return SupportiveRule(
        item=spec.item,
        category=spec.category,
        source=spec.source,
        name_zh=spec.name_zh,
        note=spec.note,
        note_zh=spec.note_zh,
        dose=dose,
        route=route,
        per_day=spec.per_day,
        prompt=None if spec.prompt is None else Prompt(spec.prompt.en, spec.prompt.zh),
        days=days,
        first_cycle=first,
        last_cycle=last,
        with_drug=with_drug,
        minutes_before=window,
        days_after=spec.days_after,
        first_only=spec.occurrence == "first",
        last_only=spec.occurrence == "last",
        on_closed_day=spec.on_closed_day,
        optional=spec.optional,
        conditions=conditions,
    )


def parse_item_dose(text: str) -> Dose:
    """A supportive item's dose: the drugs' grammar, and volumes in mL (hydration).

    >>> str(parse_item_dose("250-500 mL")), str(parse_item_dose("650-1,000 mg"))
    ('250-500 mL', '650-1,000 mg')
    """
    match = _VOLUME.match(text)
    if match is None:
        return Dose.parse(text)
    amount = Dose.parse(f"{match[1]} mg")
    return Dose(amount.low, amount.high, "mL")


def _dose_and_route(
    spec: SupportiveSpec, where: str, problems: list[Problem]
) -> tuple[Dose | None, str | None]:
    """Exactly one of a dose (with its route) and a prompt."""
    if (spec.dose is None) == (spec.prompt is None):
        problems.append(coded(where, "regimen.supportive.dose_or_prompt"))
        return None, None
    if spec.dose is None:
        if spec.route is not None or spec.per_day is not None:
            problems.append(coded(where, "regimen.supportive.prompt_with_route"))
        return None, None
    dose = None
    try:
        dose = parse_item_dose(spec.dose)
    except ValueError as exc:
        problems.append(from_exception(f"{where}.dose", exc))
    if dose is not None and dose.per is not None:
        problems.append(coded(f"{where}.dose", "regimen.supportive.dose_per_body", dose=spec.dose))
        dose = None
    route = None
    if spec.route is None:
        problems.append(coded(f"{where}.route", "regimen.supportive.route_missing"))
    else:
        route = ROUTE_CODES.get(" ".join(spec.route.split()).upper())
        if route is None:
            problems.append(
                coded(
                    f"{where}.route",
                    "regimen.route.unknown",
                    route=spec.route,
                    allowed=list(ROUTES),
                )
            )
    return dose, route


def _when(
    spec: SupportiveSpec, regimen: Regimen, where: str, problems: list[Problem]
) -> tuple[tuple[int, ...], str | None, tuple[int, int] | None]:
    """The item's days, or the drug it follows and its window before it."""
    if (spec.days is None) == (spec.with_ is None):
        problems.append(coded(where, "regimen.supportive.days_or_with"))
        return (), None, None
    if spec.days is not None:
        if spec.minutes_before is not None or spec.days_after is not None or spec.occurrence:
            problems.append(coded(where, "regimen.supportive.with_only"))
        try:
            return (
                parse_days(
                    spec.days, regimen.cycle_days, earliest=earliest_day(regimen.cycle_days)
                ),
                None,
                None,
            )
        except ValueError as exc:
            problems.append(from_exception(f"{where}.days", exc))
            return (), None, None
    assert spec.with_ is not None
    drug = resolve_drug(regimen, spec.with_)
    if drug is None:
        problems.append(_no_drug(f"{where}.with", regimen, spec.with_))
    if (spec.minutes_before is None) == (spec.days_after is None):
        problems.append(coded(where, "regimen.supportive.with_timing"))
        return (), drug, None
    window = None
    if spec.minutes_before is not None:
        window = window_minutes(spec.minutes_before, f"{where}.minutes_before", problems)
    return (), drug, window


def window_minutes(value: int | str, where: str, problems: list[Problem]) -> tuple[int, int] | None:
    """``60`` → (60, 60); ``"60-180"`` → (60, 180); within a day."""
    if isinstance(value, int) and not isinstance(value, bool):
        low = high = value
    else:
        match = _WINDOW.match(str(value).strip())
        if match is None:
            problems.append(coded(where, "regimen.minutes.not_a_window", value=value))
            return None
        low, high = int(match[1]), int(match[2])
    if not 0 <= low <= high <= 24 * 60:
        problems.append(coded(where, "regimen.minutes.window_range", value=value))
        return None
    return low, high


def compile_course_days(
    text: str | int, where: str, problems: list[Problem]
) -> tuple[tuple[int, ...], tuple[int, int] | None]:
    """Days counted from C1D1 (day 1): the day grammar (day 0 and negative days allowed) plus
    one open item ``N-/K``, every K days from day N to the course's end.

    >>> compile_course_days("-13, 0, 8, 15, 22, 29, 57-/28", "x", [])
    ((-13, 0, 8, 15, 22, 29), (57, 28))
    """
    every = None
    items = []
    for item in str(text).split(","):
        match = _EVERY.match(item.strip())
        if match is None:
            items.append(item.strip())
        elif every is not None or int(match[2]) < 1:
            problems.append(coded(where, "regimen.course_days.every_item", item=item.strip()))
        else:
            every = (int(match[1]), int(match[2]))
    days: tuple[int, ...] = ()
    if items:
        try:
            days = parse_days(", ".join(items), MAX_CYCLE_DAYS, earliest=-MAX_CYCLE_DAYS)
        except ValueError as exc:
            problems.append(from_exception(where, exc))
    return days, every


def compile_infusion(spec: InfusionFields, where: str, problems: list[Problem]) -> Infusion | None:
    """The infusion details of a drug or a row, or None when it gives none."""
    volume, duration, rate = spec.volume_ml, spec.duration_minutes, spec.rate
    if spec.diluent is None and volume is None and duration is None and rate is None:
        return None
    volumes = _three(volume)
    durations_raw = _three(duration)
    durations: list[int | None] = []
    for value in durations_raw:
        if value is not None and (Decimal(value) != int(value) or value <= 0):
            problems.append(
                coded(f"{where}.duration_minutes", "regimen.infusion.duration_minutes", value=value)
            )
        durations.append(None if value is None else int(value))
    return Infusion(
        spec.diluent,
        (volumes[0], volumes[1], volumes[2]),
        (durations[0], durations[1], durations[2]),
        _rates(rate),
        _rates(spec.rate_zh),
    )


def _rates(rate: object) -> tuple[str | None, str | None, str | None]:
    """(first, second, later) of a rate: one text, or ``{first, second, later}``."""
    if isinstance(rate, str) or rate is None:
        return rate, rate, rate
    first, second, later = (getattr(rate, k) for k in ("first", "second", "later"))
    return first, second or later, later


def _three(value: object) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(first, second, later) of a single value or a ``{first, second, later}``."""
    if value is None:
        return None, None, None
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
        return amount, amount, amount
    first, second, later = (getattr(value, k) for k in ("first", "second", "later"))
    return first, (second if second is not None else later), later
