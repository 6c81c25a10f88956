"""What changed between two schedules of one patient: moved, re-dosed, added, removed.

Administrations are matched by (drug, cycle, day of cycle), monitoring tests by (test, cycle,
day): a dose that keeps its cycle and day but changes date has *moved*; one whose final dose
differs has *changed dose*; one only in the new schedule was *added*; one only in the old was
*removed*. The JSON form is the contract ``mmsched.diff/1``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .display import Lang, drug_name, format_date, format_dose, pad, test_name
from .schedule import Administration, Schedule
from .units import json_number

SCHEMA = "mmsched.diff/1"


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


def diff_to_dict(old: Schedule, new: Schedule, entries: list[Entry]) -> dict[str, Any]:
    """The ``mmsched.diff/1`` JSON mapping."""

    def iso(day: date | None) -> str | None:
        return None if day is None else day.isoformat()

    def num(value: Decimal | None) -> int | float | None:
        return None if value is None else json_number(value)

    return {
        "schema": SCHEMA,
        "patient_id": new.patient_id,
        "old": {
            "patient_id": old.patient_id,
            "regimen": old.regimen_id,
            "cycles": old.cycles,
            "start": old.start.isoformat(),
        },
        "new": {
            "patient_id": new.patient_id,
            "regimen": new.regimen_id,
            "cycles": new.cycles,
            "start": new.start.isoformat(),
        },
        "changes": [
            {
                "kind": e.kind,
                "what": e.what,
                "name": e.name,
                "cycle": e.cycle,
                "day": e.day,
                "old_date": iso(e.old_date),
                "new_date": iso(e.new_date),
                "old_dose": num(e.old_dose),
                "new_dose": num(e.new_dose),
                "unit": e.unit,
            }
            for e in entries
        ],
    }


def diff_to_json(old: Schedule, new: Schedule, entries: list[Entry]) -> str:
    """The diff as JSON text with a final newline."""
    return json.dumps(diff_to_dict(old, new, entries), ensure_ascii=False, indent=2) + "\n"


_WORDS = {
    "en": {
        "moved": "moved",
        "dose": "dose changed",
        "added": "added",
        "removed": "removed",
        "none": "No differences.",
        "head": "Changes for patient {pid}: {n}",
        "others": "NOTE: these plans are for two different patients ({old} and {new}).",
    },
    "zh": {
        "moved": "改期",
        "dose": "剂量变更",
        "added": "新增",
        "removed": "取消",
        "none": "无变化。",
        "head": "患者 {pid} 的变更:{n} 项",
        "others": "注意:这两份计划属于不同患者({old} 与 {new})。",
    },
}


def render_diff_text(
    new: Schedule, entries: list[Entry], lang: Lang, old: Schedule | None = None
) -> str:
    """The diff for people, one line per difference, in ``lang``. With ``old`` given, plans
    for two different patients are said to be so first."""
    words = _WORDS[lang]
    lines = []
    if old is not None and old.patient_id != new.patient_id:
        lines.append(words["others"].format(old=old.patient_id, new=new.patient_id))
    if not entries:
        return "\n".join([*lines, words["none"]]) + "\n"
    lines.append(words["head"].format(pid=new.patient_id, n=len(entries)))
    for e in entries:
        if e.what == "administration":
            name = drug_name(e.name, lang, new.drug_name_zh(e.name))
        else:
            name = test_name(e.name, lang)
        where = f"C{e.cycle}D{e.day}"
        if e.kind == "moved":
            detail = f"{_date(e.old_date, lang)} → {_date(e.new_date, lang)}"
        elif e.kind == "dose":
            assert e.old_dose is not None
            assert e.new_dose is not None
            assert e.unit is not None
            detail = (
                f"{_date(e.new_date, lang)}: {format_dose(e.old_dose, e.unit, lang)} → "
                f"{format_dose(e.new_dose, e.unit, lang)}"
            )
        elif e.kind == "added":
            detail = _date(e.new_date, lang)
            if e.new_dose is not None and e.unit is not None:
                detail += f" {format_dose(e.new_dose, e.unit, lang)}"
        else:
            detail = _date(e.old_date, lang)
            if e.old_dose is not None and e.unit is not None:
                detail += f" {format_dose(e.old_dose, e.unit, lang)}"
        lines.append(f"  {pad(words[e.kind], 12)} {where:<7} {name}: {detail}")
    return "\n".join(lines) + "\n"


def _date(day: date | None, lang: Lang) -> str:
    return "-" if day is None else format_date(day, lang)
