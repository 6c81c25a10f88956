"""What changed between two schedules of one patient: moved, re-dosed, added, removed.

Administrations are matched by (drug, cycle, day of cycle), monitoring tests by (test, cycle,
day): a dose that keeps its cycle and day but changes date has *moved*; one whose final dose
differs has *changed dose*; one only in the new schedule was *added*; one only in the old was
*removed*. Shown by :mod:`mmsched.views.diff_text`, exported as ``mmsched.diff/1`` by
:mod:`mmsched.exports.diff_json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .schedule import Administration, Schedule


@dataclass(frozen=True, slots=True)
class Entry:
    """One difference. ``old``/``new`` are None where the item is added or removed."""

    kind: str  # "moved" | "dose" | "added" | "removed"
    what: str  # "administration" | "monitoring"
    name: str  # the drug or the test
    cycle: int
    day: int
    old_date: date | None
    new_date: date | None
    old_dose: Decimal | None = None
    new_dose: Decimal | None = None
    unit: str | None = None


def diff_schedules(old: Schedule, new: Schedule) -> list[Entry]:
    """Every difference between ``old`` and ``new``, in date order (new date, else old)."""
    entries: list[Entry] = []
    old_adm = {(a.drug, a.cycle, a.day): a for a in old.administrations}
    new_adm = {(a.drug, a.cycle, a.day): a for a in new.administrations}
    for key in old_adm.keys() | new_adm.keys():
        entries.extend(_compare(old_adm.get(key), new_adm.get(key), key))
    old_mon = {(m.test, m.cycle, m.day): m.date for m in old.monitoring}
    new_mon = {(m.test, m.cycle, m.day): m.date for m in new.monitoring}
    for key in old_mon.keys() | new_mon.keys():
        before, after = old_mon.get(key), new_mon.get(key)
        if before == after:
            continue
        kind = "added" if before is None else "removed" if after is None else "moved"
        entries.append(Entry(kind, "monitoring", key[0], key[1], key[2], before, after))
    drug_order: dict[str, int] = {}
    for drug, _ in (*new.drugs, *old.drugs):
        drug_order.setdefault(drug, len(drug_order))

    def order(entry: Entry) -> tuple[date, bool, int, str, int, int]:
        when = entry.new_date or entry.old_date
        assert when is not None
        rank = drug_order.get(entry.name, len(drug_order))
        return (when, entry.what == "monitoring", rank, entry.name, entry.cycle, entry.day)

    entries.sort(key=order)
    return entries


def _compare(
    before: Administration | None, after: Administration | None, key: tuple[str, int, int]
) -> list[Entry]:
    """The differences of one administration (drug, cycle, day) between two schedules."""
    either = after or before
    if either is None:
        return []
    kinds = []
    if before is None:
        kinds.append("added")
    elif after is None:
        kinds.append("removed")
    else:
        if before.date != after.date:
            kinds.append("moved")
        if (before.dose, before.unit) != (after.dose, after.unit):
            kinds.append("dose")
    return [
        Entry(
            kind,
            "administration",
            *key,
            before.date if before else None,
            after.date if after else None,
            before.dose if before else None,
            after.dose if after else None,
            either.unit,
        )
        for kind in kinds
    ]
