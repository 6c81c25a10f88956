"""Day rules: which days of a cycle a drug is given on, and which cycles a rule covers.

Grammar of a day rule (``days:`` in a regimen file): comma-separated items, each one of

* ``N``       a single day,
* ``N-M``     every day from N to M inclusive,
* ``N-M/K``   every K-th day from N to M (``1-27/2`` is 1, 3, 5, ... 27),
* ``daily``   every day of the cycle.

A YAML list of whole numbers is accepted too. Every day must lie in ``1..cycle_days`` and no day
may be named twice.

Supportive items and tests (:func:`parse_days` with ``earliest`` below 1) may also name day 0
and negative days: the date is the cycle's start + day − 1, so day 0 is the day before day 1,
and ``-13`` is fourteen days before it ("-13--10" is days −13 to −10). Anticancer drugs never
do: a dose before its cycle starts would belong to no cycle.
"""

from __future__ import annotations

import re
from collections import Counter

from ..errors import CodedError, Said

_ITEM_RE = re.compile(r"^(?P<start>-?\d+)(?:\s*-\s*(?P<end>-?\d+)(?:\s*/\s*(?P<step>\d+))?)?$")
_CYCLES_RE = re.compile(r"^(?P<first>\d+)(?:\s*(?P<dash>-)\s*(?P<last>\d+)?)?$")

#: The longest cycle a regimen may have (a year); no day rule reaches further.
MAX_CYCLE_DAYS = 366

DAY_FORMS = "'1, 4, 8, 11', '1-21', '1-27/2', 'daily' or a list such as [1, 8, 15]"
#: The same, for a message in either language.
_FORMS = Said(DAY_FORMS, "“1, 4, 8, 11”、“1-21”、“1-27/2”、“daily”，或列表，如 [1, 8, 15]")


def parse_days(rule: object, cycle_days: int, earliest: int = 1) -> tuple[int, ...]:
    """Expand a day rule to the sorted days of the cycle it names.

    ``earliest`` is the lowest day allowed: 1 for an anticancer drug; supportive items and
    tests pass a lower one to allow day 0 and negative days.

    >>> parse_days("1, 4, 8, 11", 28)
    (1, 4, 8, 11)
    >>> parse_days("1-4, 9-12", 28)
    (1, 2, 3, 4, 9, 10, 11, 12)
    >>> parse_days("1-9/4", 21)
    (1, 5, 9)
    >>> parse_days("-13, 0, 1", 28, earliest=-28)
    (-13, 0, 1)

    Raises:
        ValueError: naming the item that is wrong and the allowed forms.
    """
    days: list[int] = []
    for item in _items(rule):
        days.extend(_item_days(item, cycle_days))
    _check_days(days, cycle_days, earliest)
    return tuple(sorted(days))


def _items(rule: object) -> list[str]:
    """The items of a rule as text: a string split at commas, a list's or a number's days."""
    if isinstance(rule, bool):
        raise CodedError("regimen.days.forms", forms=_FORMS)
    if isinstance(rule, int):
        items: list[str] = [str(rule)]
    elif isinstance(rule, list):
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in rule):
            raise CodedError("regimen.days.list_of_whole_numbers", rule=str(rule))
        items = [str(x) for x in rule]
    elif isinstance(rule, str):
        items = [item.strip() for item in rule.split(",")]
    else:
        raise CodedError("regimen.days.forms", forms=_FORMS)
    if not items or items == [""]:
        raise CodedError("regimen.days.none", forms=_FORMS)
    return items


def _item_days(item: str, cycle_days: int) -> range:
    """The days one item names (``N``, ``N-M``, ``N-M/K`` or ``daily``), not yet checked
    against the cycle except for a range end too far to expand."""
    if item.lower() == "daily":
        return range(1, cycle_days + 1)
    match = _ITEM_RE.match(item)
    if not match:
        raise CodedError("regimen.days.not_a_rule", item=item, forms=_FORMS)
    start = int(match["start"])
    end = int(match["end"]) if match["end"] else start
    step = int(match["step"]) if match["step"] else 1
    if end < start:
        raise CodedError("regimen.days.range_reversed", item=item)
    if step < 1:
        raise CodedError("regimen.days.step", item=item)
    if start < -MAX_CYCLE_DAYS:
        raise CodedError("regimen.days.too_early", item=item, start=start)
    if end > max(cycle_days, MAX_CYCLE_DAYS):
        # Refuse before expanding: a typo such as "1-2100000" would otherwise build a list
        # of millions of days (seconds, or a MemoryError) only to list them as outside.
        raise CodedError("regimen.days.past_cycle", item=item, end=end, cycle_days=cycle_days)
    return range(start, end + 1, step)


def _check_days(days: list[int], cycle_days: int, earliest: int = 1) -> None:
    """Every day within ``earliest..cycle_days`` and none named twice, or a ValueError listing
    them."""
    before = sorted({d for d in days if d < 1})
    if before and earliest == 1:
        raise CodedError(
            "regimen.days.before_day_one",
            days=", ".join(map(str, before)),
            cycle_days=cycle_days,
        )
    outside = sorted({d for d in days if not earliest <= d <= cycle_days})
    if outside:
        raise CodedError(
            "regimen.days.outside_cycle",
            days=", ".join(map(str, outside)),
            earliest=earliest,
            cycle_days=cycle_days,
        )
    twice = sorted(day for day, count in Counter(days).items() if count > 1)
    if twice:
        raise CodedError("regimen.days.twice", days=", ".join(map(str, twice)))


def parse_cycles(rule: object) -> tuple[int, int | None]:
    """Parse a cycle range: ``3`` is cycle 3 only, ``1-2`` cycles 1 and 2, ``7-`` cycle 7 onwards.

    Returns:
        ``(first, last)``; ``last`` is ``None`` for an open range.

    >>> parse_cycles("1-2"), parse_cycles("7-"), parse_cycles(3)
    ((1, 2), (7, None), (3, 3))
    """
    text = str(rule).strip() if isinstance(rule, (int, str)) and not isinstance(rule, bool) else ""
    match = _CYCLES_RE.match(text)
    if not match:
        raise CodedError("regimen.cycles.not_a_range", rule=rule)
    first = int(match["first"])
    last: int | None = first
    if match["dash"]:
        last = int(match["last"]) if match["last"] else None
    if first < 1:
        raise CodedError("regimen.cycles.from_one", rule=rule)
    if last is not None and last < first:
        raise CodedError("regimen.cycles.range_reversed", rule=rule)
    return first, last
