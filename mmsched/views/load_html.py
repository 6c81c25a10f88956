"""The ward's load as one printable HTML page: an inline SVG chart and a table, A4.

The page style of the calendar and the ward sheet (:mod:`mmsched.views.calendar_html`: no
script, no font, no image, a Content-Security-Policy that forbids fetching anything). The
chart is inline SVG, drawn here: a bar a day, the capacity line at 100 % and the target line;
bars over capacity dark red (in black and white they still stand out by their height over the
100 % line), bars above the target amber, closed days a short grey block. Every value is
escaped.
"""

from __future__ import annotations

from html import escape

from ..engine.capacity import DayLoad, WardLoad
from .calendar_html import page_head
from .display import Lang, colon
from .load_text import (
    available_and_status,
    capacity_text,
    load_label,
    over_dates_text,
    percent_text,
    weekday,
)

LOAD_CSS = """
svg.load { width: 100%; height: auto; display: block; margin: 2mm 0 4mm; }
table.load th, table.load td { border-bottom: 1px solid #bbb; padding: 0.5mm 1.5mm; }
table.load th { border-bottom: 1.5px solid #000; text-align: left; }
table.load td.num, table.load th.num { text-align: right; }
table.load tr { break-inside: avoid; page-break-inside: avoid; }
tr.over td { font-weight: bold; }
.errors { border: 2px solid #8e0000; padding: 1.5mm 3mm; margin: 0 0 4mm; }
"""

#: The chart's drawing area, in SVG user units (the page scales it to its width).
WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 720, 260, 40, 10, 30
#: The highest percentage the chart's scale shows (bars above it are cut at the top).
SCALE_PERCENT = 150
#: The fewest bars between two dates written under the chart (they would overlap).
LABEL_GAP = 4
COLOURS = {"ok": "#546e7a", "above": "#f9a825", "over": "#b71c1c", "closed": "#bdbdbd"}


def render_load_html(load: WardLoad, *, lang: Lang) -> str:
    """The load as one HTML page: the capacity, the chart, the days over capacity, a table."""
    title = load_label("title", lang, first=load.first.isoformat(), last=load.last.isoformat())
    out = [
        *page_head(title, lang, LOAD_CSS),
        f"<h1>{escape(title)}</h1>",
        f"<p>{escape(capacity_text(load.capacity, lang))}</p>",
        f"<p>{escape(load_label('plans', lang, count=load.plans))}</p>",
    ]
    out.extend(_errors(load, lang))
    out.append(chart_svg(load, lang))
    out.extend(_summary(load, lang))
    out.extend(_table(load, lang))
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


def _errors(load: WardLoad, lang: Lang) -> list[str]:
    chosen = [error for error in load.errors if not error.on_sheet]
    if not chosen:
        return []
    count = len({error.file for error in chosen})
    out = [
        '<section class="errors">',
        f"<p>{escape(load_label('not_used', lang, count=count))}</p><ul>",
    ]
    out.extend(
        f"<li>{escape(error.file)}{colon(lang)}{escape(error.text(lang))}</li>" for error in chosen
    )
    out.append("</ul></section>")
    return out


def _kind(day: DayLoad, load: WardLoad) -> str:
    if day.capacity_minutes is None:
        return "closed"
    if day.over:
        return "over"
    return "above" if day.above(load.capacity.target_percent) else "ok"


def _y(percent: float) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return round(TOP + plot * (1 - min(percent, SCALE_PERCENT) / SCALE_PERCENT), 1)


def _line(y: float, width: float, dash: str = "") -> str:
    style = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - 5}" y2="{y}" stroke="#000" '
        f'stroke-width="{width}"{style}/>'
    )


def _bar(day: DayLoad, load: WardLoad, x: float, width: float, lang: Lang) -> str:
    """One day's bar with its tooltip (a closed day: a short grey block)."""
    kind = _kind(day, load)
    percent = 2.0 if kind == "closed" else float(day.percent or 0)
    y = _y(percent)
    tip = (
        f"{day.date.isoformat()} {weekday(day.date, lang)}：{day.used_minutes} 分钟，"
        f"{percent_text(day.percent)}%"
        if lang == "zh"
        else f"{day.date.isoformat()} {weekday(day.date, lang)}: {day.used_minutes} min, "
        f"{percent_text(day.percent)} %"
    )
    return (
        f'<rect x="{x}" y="{y}" width="{width}" height="{round(_y(0) - y, 1)}" '
        f'fill="{COLOURS[kind]}"><title>{escape(tip)}</title></rect>'
    )


def _dated(i: int, day: DayLoad, count: int) -> bool:
    """Whether the bar gets its date below: the first, the last, and each Monday (each
    first of the month past nine weeks)."""
    if i in (0, count - 1):
        return True
    return day.date.day == 1 if count > 62 else day.date.weekday() == 0


def chart_svg(load: WardLoad, lang: Lang) -> str:
    """The chart: a bar a day (its height the percentage used), the 100 % line (solid) and the
    target line (dashed), the scale on the left and dates below."""
    days = load.days
    step = (WIDTH - LEFT - 5) / max(len(days), 1)
    title = load_label("title", lang, first=load.first.isoformat(), last=load.last.isoformat())
    out = [
        f'<svg class="load" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}">',
    ]
    for mark in range(0, SCALE_PERCENT + 1, 50):
        y = _y(mark)
        out.append(_line(y, 0.3))
        out.append(
            f'<text x="{LEFT - 4}" y="{y + 3}" font-size="9" text-anchor="end">{mark} %</text>'
        )
    labelled = -LABEL_GAP
    for i, day in enumerate(days):
        x = round(LEFT + i * step + step * 0.1, 1)
        width = round(max(step * 0.8, 0.5), 1)
        out.append(_bar(day, load, x, width, lang))
        if _dated(i, day, len(days)) and i - labelled >= LABEL_GAP:
            labelled = i
            out.append(
                f'<text x="{round(x + width / 2, 1)}" y="{HEIGHT - BOTTOM + 12}" font-size="8" '
                f'text-anchor="middle">{day.date.strftime("%m-%d")}</text>'
            )
    out.append(_line(_y(100), 1.2))
    target = float(load.capacity.target_percent)
    if target < 100:
        out.append(_line(_y(target), 0.8, "4 3"))
    out.append("</svg>")
    return "\n".join(out)


def _summary(load: WardLoad, lang: Lang) -> list[str]:
    over = load.over_dates
    dates = over_dates_text(over, lang)
    target = load.capacity.target_percent
    above = sum(1 for day in load.days if day.above(target))
    over_text = load_label("over_days", lang, count=len(over), dates=dates)
    plain = format(target.normalize(), "f")
    above_text = load_label("above_days", lang, target=plain, count=above)
    return [f"<p><strong>{escape(over_text)}</strong></p>", f"<p>{escape(above_text)}</p>"]


#: The table's columns: label key, and "num" for a right-aligned number.
HEADS = (
    ("date", ""),
    ("weekday", ""),
    ("used", "num"),
    ("available", "num"),
    ("percent", "num"),
    ("patients", "num"),
)


def _table(load: WardLoad, lang: Lang) -> list[str]:
    cells = "".join(f'<th class="{cls}">{escape(load_label(key, lang))}</th>' for key, cls in HEADS)
    out = ['<table class="load">', f"<thead><tr>{cells}<th></th></tr></thead>", "<tbody>"]
    target = load.capacity.target_percent
    for day in load.days:
        available, status = available_and_status(day, target, lang)
        out.append(
            f'<tr class="{"over" if day.over else ""}"><td>{day.date.isoformat()}</td>'
            f"<td>{escape(weekday(day.date, lang))}</td>"
            f'<td class="num">{day.used_minutes:,}</td><td class="num">{escape(available)}</td>'
            f'<td class="num">{percent_text(day.percent)}</td><td class="num">{day.patients}</td>'
            f"<td>{escape(status)}</td></tr>"
        )
    out.append("</tbody></table>")
    return out
