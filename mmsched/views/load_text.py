"""The ward's load as text and CSV: a bar a day that a nurse manager reads at a glance.

Each day's bar is drawn in plain characters (``#`` up to the capacity, ``!`` past it, ``|`` at
100 %), so that it lines up in any terminal, Chinese ones included (block characters are of
ambiguous width there). The words are in Chinese or English (:data:`LOAD_LABELS`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from ..engine.capacity import DayLoad, WardCapacity, WardLoad, rounded_percent
from ..engine.wardsheet import WardError
from .display import Lang, bracketed, colon, pad

#: "1 days" in English, made singular.
ONE_DAY = re.compile(r"\b1 days\b")

#: Every word the load and suggestion outputs show: key -> (English, Chinese).
LOAD_LABELS: dict[str, tuple[str, str]] = {
    "title": ("Ward load {first} to {last}", "病区负荷 {first} 至 {last}"),
    "capacity": (
        "Capacity: {chairs} chairs × {hours} h = {minutes} chair-minutes a day{changes}; "
        "target {target} %",
        "容量：{chairs} 张座椅 × {hours} 小时 = 每日 {minutes} 座椅分钟{changes}；目标 {target}%",
    ),
    "changes": (" (other days as the ward file says)", "（部分日期按病区文件另定）"),
    "plans": ("Plans on the ward: {count}", "病区计划：{count} 份"),
    "date": ("Date", "日期"),
    "weekday": ("Day", "星期"),
    "used": ("Used min", "已用分钟"),
    "available": ("Capacity", "容量"),
    "percent": ("%", "%"),
    "patients": ("Pts", "患者"),
    "closed": ("closed", "休息"),
    "over": ("OVER", "超出容量"),
    "above": ("above target", "超过目标"),
    "over_days": ("Days over capacity: {count}{dates}", "超出容量的日期：{count} 天{dates}"),
    "above_days": (
        "Days above the target ({target} %): {count}",
        "超过目标（{target}%）的日期：{count} 天",
    ),
    "scale": (
        "Bar: # = used, | = capacity (100 %), ! = over",
        "条形：# = 已用，| = 容量（100%），! = 超出",
    ),
    "not_used": (
        "{count} plan files could not be used: those patients are NOT counted",
        "{count} 份计划文件无法使用：这些患者未计入",
    ),
}

WEEKDAYS_SHORT = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}

#: Bar cells for 100 % of the capacity, and the most cells drawn past it.
BAR_CELLS, OVER_CELLS = 20, 10


def load_label(key: str, lang: Lang, **values: object) -> str:
    """A word of the load outputs in ``lang``.

    >>> load_label("closed", "zh"), load_label("over", "en")
    ('休息', 'OVER')
    """
    en, zh = LOAD_LABELS[key]
    text = zh if lang == "zh" else en
    text = text.format(**values) if values else text
    return ONE_DAY.sub("1 day", text) if lang == "en" else text


def weekday(day: date, lang: Lang) -> str:
    return WEEKDAYS_SHORT[lang][day.weekday()]


def over_dates_text(over: Sequence[date], lang: Lang) -> str:
    """The days over capacity in brackets after their count: " (2026-12-12, 2026-12-14)", or
    "（2026-12-12、2026-12-14）" in Chinese; empty when there are none.

    >>> over_dates_text([date(2026, 12, 12), date(2026, 12, 14)], "zh")
    '（2026-12-12、2026-12-14）'
    """
    if not over:
        return ""
    return bracketed(("、" if lang == "zh" else ", ").join(d.isoformat() for d in over), lang)


def percent_text(percent: Decimal | None) -> str:
    """A percentage to 0.1, or "-" (a closed day; an em dash is double width in some CJK
    terminals)."""
    value = rounded_percent(percent)
    return "-" if value is None else f"{value:.1f}"


def bar(load: DayLoad) -> str:
    """The day's bar: 20 cells to the capacity, then up to 10 past it.

    >>> bar(DayLoad(date(2026, 12, 1), 480, 960, Decimal(50), 1))
    '##########          |'
    >>> bar(DayLoad(date(2026, 12, 1), 1200, 960, Decimal(125), 2))
    '####################|!!!!!'
    """
    if load.capacity_minutes is None:
        return "!" if load.used_minutes else ""
    cells = load.used_minutes * BAR_CELLS / load.capacity_minutes
    inside = min(BAR_CELLS, round(cells))
    past = min(OVER_CELLS, max(0, round(cells) - BAR_CELLS))
    if load.over and not past:
        past = 1
    more = ">" if round(cells) - BAR_CELLS > OVER_CELLS else ""
    return "#" * inside + " " * (BAR_CELLS - inside) + "|" + "!" * past + more


def capacity_text(capacity: WardCapacity, lang: Lang) -> str:
    """The capacity line: chairs × hours = chair-minutes, the target."""
    minutes = int(capacity.chairs * capacity.hours * 60)
    changes = load_label("changes", lang) if capacity.by_weekday or capacity.by_date else ""
    text = load_label(
        "capacity",
        lang,
        chairs=capacity.chairs,
        hours=_plain(capacity.hours),
        minutes=f"{minutes:,}",
        changes=changes,
        target=_plain(capacity.target_percent),
    )
    return text.replace("1 chairs", "1 chair", 1) if capacity.chairs == 1 else text


def _plain(value: Decimal) -> str:
    """A Decimal without trailing zeros: 8, 7.5."""
    return format(value.normalize(), "f")


def available_and_status(load: DayLoad, target: Decimal, lang: Lang) -> tuple[str, str]:
    """A day's available minutes ("closed" on a closed day) and its status word (over
    capacity, above the target, or none), as both load views write them."""
    closed = load.capacity_minutes is None
    available = load_label("closed", lang) if closed else f"{load.capacity_minutes:,}"
    if load.over:
        return available, load_label("over", lang)
    return available, load_label("above", lang) if load.above(target) else ""


def _row(load: DayLoad, target: Decimal, lang: Lang) -> str:
    available, status = available_and_status(load, target, lang)
    cells = [
        load.date.isoformat(),
        pad(weekday(load.date, lang), 4),
        f"{load.used_minutes:>8,}",
        _right(available, 8),
        f"{percent_text(load.percent):>6}",
        f"{load.patients:>4}",
        pad(bar(load), BAR_CELLS + OVER_CELLS + 2),
        status,
    ]
    return "  ".join(cells).rstrip()


def render_load(load: WardLoad, *, lang: Lang) -> str:
    """The load as text: the capacity, a row and a bar a day, the days over capacity."""
    target = load.capacity.target_percent
    out = [
        load_label("title", lang, first=load.first.isoformat(), last=load.last.isoformat()),
        capacity_text(load.capacity, lang),
        load_label("plans", lang, count=load.plans),
    ]
    out.extend(_errors(load.errors, lang))
    out.append("")
    head = [
        pad(load_label("date", lang), 10),
        pad(load_label("weekday", lang), 4),
        _right(load_label("used", lang), 8),
        _right(load_label("available", lang), 8),
        _right(load_label("percent", lang), 6),
        _right(load_label("patients", lang), 4),
        load_label("scale", lang),
    ]
    out.append("  ".join(head))
    out.extend(_row(day, target, lang) for day in load.days)
    out.append("")
    over = load.over_dates
    out.append(load_label("over_days", lang, count=len(over), dates=over_dates_text(over, lang)))
    above = sum(1 for day in load.days if day.above(target))
    out.append(load_label("above_days", lang, target=_plain(target), count=above))
    return "\n".join(out) + "\n"


def _right(text: str, columns: int) -> str:
    from .terminal import cell_width

    return " " * max(0, columns - cell_width(text)) + text


def _errors(errors: Iterable[WardError], lang: Lang) -> list[str]:
    chosen = [error for error in errors if not error.on_sheet]
    if not chosen:
        return []
    count = len({error.file for error in chosen})
    out = [load_label("not_used", lang, count=count)]
    out.extend(f"  {error.file}{colon(lang)}{error.text(lang)}" for error in chosen)
    return out


#: The CSV's columns: the JSON's fields of a day (``mmsched.load/1``).
CSV_FIELDS = ("date", "used_minutes", "capacity_minutes", "percent", "patients", "over")


def load_csv(load: WardLoad) -> str:
    """One row per day with the JSON's fields (a closed day's capacity and percent empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for day in load.days:
        percent = rounded_percent(day.percent)
        writer.writerow(
            [
                day.date.isoformat(),
                day.used_minutes,
                "" if day.capacity_minutes is None else day.capacity_minutes,
                "" if percent is None else f"{percent:.1f}",
                day.patients,
                "true" if day.over else "false",
            ]
        )
    return buffer.getvalue()
