"""Doses a pharmacy can actually give: made of the unit strengths it holds (capsules, tablets).

A computed oral dose of 12.5 mg lenalidomide cannot be given: the capsules are 2.5, 5, 10, 15,
20 and 25 mg, one capsule a dose. Every oral dose the engine produces is made dispensable here:

* a dose the regimen's rules reduced (renal, hepatic, age, BMI, a dose level or a percentage)
  becomes the nearest dispensable dose **at or below** it: a reduction never gives more than
  asked (HOPA 2018: no rounding up when a dose is reduced for organ dysfunction);
* a full dose becomes the nearest dispensable dose within the drug's rounding rule (half its
  step, never more than 10 %), else the nearest below;
* below the smallest strength nothing can be given: the caller reports it.

With ``combine`` a dose may be made of several units of any strengths (tablets); without it, of
exactly one unit (capsules that must not be opened). Amounts are exact ``Decimal`` values; the
search works in whole multiples of the strengths' greatest common step, so 40 mg from 0.75 mg
tablets is 53 tablets (39.75 mg), never a float approximation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from math import ceil, gcd

from ..errors import Said, ScheduleError, coded
from .units import format_amount

#: The most units one dose is ever searched for: more than any ward's ``max_units`` (at most
#: 1,000) allows. A dose needing more of the largest strength is refused before any search.
MAX_UNITS_SEARCHED = 1000
#: The most amounts the search tables hold (each a multiple of the strengths' common step):
#: strengths whose common step is tiny beside the dose (0.0001 and 0.00011 mg, for 500 mg)
#: are refused rather than searched (that took 29 s and 4.3 GB).
MAX_TABLE = 200_000


class DispensingLimitError(ScheduleError, ValueError):
    """A dose the strengths cannot make within the search's bounds (:data:`MAX_UNITS_SEARCHED`
    units, :data:`MAX_TABLE` amounts); its one problem is on ``strengths``."""


@dataclass(frozen=True, slots=True)
class Strengths:
    """The unit strengths held for one drug, ascending, in the drug's dose unit.

    ``source`` says whose list it is ("regimen" or "ward formulary"), shown with any change.
    """

    amounts: tuple[Decimal, ...]
    unit: str
    combine: bool
    max_units: int = 10
    source: str = "regimen"

    def describe(self) -> str:
        """The strengths as a pharmacist reads them: "2.5, 5, 10 mg"."""
        return f"{', '.join(format_amount(a) for a in self.amounts)} {self.unit}"


@dataclass(frozen=True, slots=True)
class Dispensed:
    """A dose made of units: how many of each strength (largest first)."""

    dose: Decimal
    units: tuple[tuple[Decimal, int], ...]

    @property
    def count(self) -> int:
        """The number of units (tablets or capsules) in one dose."""
        return sum(n for _, n in self.units)

    def describe(self, unit: str) -> str:
        """ "6 mg × 3 + 2 mg × 1": what the nurse gives."""
        return " + ".join(f"{format_amount(s)} {unit} × {n}" for s, n in self.units)


def _scale(strengths: Strengths) -> tuple[int, list[int]]:
    """The common decimal scale (10^k) that makes every strength a whole number."""
    places = max(-a.as_tuple().exponent for a in strengths.amounts)  # type: ignore[operator]
    scale = 10 ** max(places, 0)
    return scale, [int(a * scale) for a in strengths.amounts]


def _fewest_units(target: int, coins: list[int], step: int) -> list[int | None]:
    """For every multiple of ``step`` up to ``target``, the fewest coins that make it (None
    where none do). Index ``i`` is the amount ``i × step``."""
    size = target // step + 1
    fewest: list[int | None] = [None] * size
    fewest[0] = 0
    steps = [c // step for c in coins]
    for i in range(1, size):
        best = None
        for c in steps:
            if c <= i:
                prior = fewest[i - c]
                if prior is not None and (best is None or prior + 1 < best):
                    best = prior + 1
        fewest[i] = best
    return fewest


def _bounded(dose: Decimal, strengths: Strengths, coins: list[int], step: int, scale: int) -> None:
    """Refuse, before any search, a dose that would take more than
    :data:`MAX_UNITS_SEARCHED` units of the largest strength, or a search table of more than
    :data:`MAX_TABLE` amounts (strengths whose common step is tiny beside the dose).

    Raises:
        DispensingLimitError: with a message naming the dose, the strengths and the fix.
    """
    largest = max(strengths.amounts)
    amount = f"{format_amount(dose)} {strengths.unit}"
    held = {"strengths": strengths.describe(), "source": source_words(strengths)}
    if dose > largest * MAX_UNITS_SEARCHED:
        most = f"{MAX_UNITS_SEARCHED:,}"
        problem = coded("strengths", "dispense.too_many_units", amount=amount, most=most, **held)
    elif (dose * scale + max(coins)) / step > MAX_TABLE:
        fine = format_amount(Decimal(step) / scale)
        problem = coded(
            "strengths",
            "dispense.step_too_fine",
            amount=amount,
            step=fine,
            unit=strengths.unit,
            **held,
        )
    else:
        return
    raise DispensingLimitError([problem])


def source_words(strengths: Strengths) -> Said:
    """Whose list of strengths it is, in each language ("regimen", "ward formulary")."""
    zh = {"regimen": "方案", "ward formulary": "病区药品目录"}.get(strengths.source)
    return Said(strengths.source, zh or strengths.source)


def _make(amount: int, coins: list[int], step: int, scale: int) -> Dispensed:
    """The fewest units that make ``amount`` (in scaled whole numbers), largest first."""
    fewest = _fewest_units(amount, coins, step)
    assert fewest[amount // step] is not None
    counts: dict[int, int] = {}
    i = amount // step
    while i > 0:
        here = fewest[i]
        assert here is not None
        for c in sorted(coins, reverse=True):
            j = i - c // step
            prior = fewest[j] if j >= 0 else None
            if prior is not None and prior + 1 == here:
                counts[c] = counts.get(c, 0) + 1
                i = j
                break
    units = tuple((Decimal(c) / scale, n) for c, n in sorted(counts.items(), reverse=True))
    return Dispensed(Decimal(amount) / scale, units)


@lru_cache(maxsize=4096)
def at_or_below(dose: Decimal, strengths: Strengths) -> Dispensed | None:
    """The largest dispensable dose not above ``dose`` (None below the smallest strength).

    Raises:
        DispensingLimitError: the search would be too big (:func:`_bounded`).

    >>> caps = Strengths(tuple(Decimal(x) for x in ("2.5", "5", "10", "15", "20", "25")),
    ...                  "mg", combine=False)
    >>> at_or_below(Decimal("12.5"), caps).dose, at_or_below(Decimal(2), caps)
    (Decimal('10'), None)
    >>> tabs = Strengths((Decimal("0.75"),), "mg", combine=True, max_units=60)
    >>> d = at_or_below(Decimal(40), tabs); d.dose, d.count
    (Decimal('39.75'), 53)
    """
    if not strengths.combine:
        fits = [a for a in strengths.amounts if a <= dose]
        return Dispensed(fits[-1], ((fits[-1], 1),)) if fits else None
    scale, coins = _scale(strengths)
    step = gcd(*coins)
    _bounded(dose, strengths, coins, step, scale)
    target = int(dose * scale) // step * step
    if target < min(coins):
        return None
    fewest = _fewest_units(target, coins, step)
    for i in range(target // step, 0, -1):
        if fewest[i] is not None:
            return _make(i * step, coins, step, scale)
    return None


@lru_cache(maxsize=4096)
def at_or_above(dose: Decimal, strengths: Strengths) -> Dispensed | None:
    """The smallest dispensable dose not below ``dose`` (None above one unit's largest
    strength when units cannot be combined)."""
    if not strengths.combine:
        fits = [a for a in strengths.amounts if a >= dose]
        return Dispensed(fits[0], ((fits[0], 1),)) if fits else None
    scale, coins = _scale(strengths)
    step = gcd(*coins)
    _bounded(dose, strengths, coins, step, scale)
    first = max(ceil(dose * scale / step), 1)
    last = first + max(coins) // step  # the smallest coin's next multiple lies within this
    fewest = _fewest_units(last * step, coins, step)
    for k in range(first, last + 1):
        if fewest[k] is not None:
            return _make(k * step, coins, step, scale)
    return None


def exactly(dose: Decimal, strengths: Strengths) -> Dispensed | None:
    """``dose`` made of units, or None when it cannot be made exactly."""
    found = at_or_below(dose, strengths)
    return found if found is not None and found.dose == dose else None
