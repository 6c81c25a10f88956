"""What changed between two schedules, as text for people, in Chinese or English.

The entries come from :func:`mmsched.engine.diff.diff_schedules`.
"""

from __future__ import annotations

from datetime import date

from ..engine.diff import Entry
from ..engine.schedule import Schedule
from .display import Lang, colon, drug_name, format_date, format_dose, pad, test_name

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
        "head": "患者 {pid} 的变更：{n} 项",
        "others": "注意：这两份计划属于不同患者（{old} 与 {new}）。",
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
                f"{_date(e.new_date, lang)}{colon(lang)}{format_dose(e.old_dose, e.unit, lang)} → "
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
        lines.append(f"  {pad(words[e.kind], 12)} {where:<7} {name}{colon(lang)}{detail}")
    return "\n".join(lines) + "\n"


def _date(day: date | None, lang: Lang) -> str:
    return "-" if day is None else format_date(day, lang)
