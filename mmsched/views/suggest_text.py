"""Suggested start dates as text: the ranking, then why.

For each new plan: the top candidates in a table; for the chosen date, the new patient's chair
days and the ward's load on each; for the preferred date when it is not first, why (which
days overflow or exceed the target, by how much), or that it lies outside the window.
"""

from __future__ import annotations

from decimal import Decimal

from ..engine.capacity import DayLoad, rounded_percent
from ..engine.suggest import Candidate, Suggestion
from ..engine.wardsheet import WardError
from .display import Lang, pad
from .load_text import ONE_DAY, percent_text, weekday

#: Every word of the suggestion text: key -> (English, Chinese).
SUGGEST_LABELS: dict[str, tuple[str, str]] = {
    "plan": (
        "New plan {plan} (patient {patient}): preferred start {preferred}",
        "新计划 {plan}（患者 {patient}）：首选开始日期 {preferred}",
    ),
    "window": (
        "Candidates: the open days from {earliest} to {latest} ({count})",
        "候选：{earliest} 至 {latest} 的开诊日（{count} 天）",
    ),
    "infeasible": ("not possible: {reason}", "不可行：{reason}"),
    "chosen": (
        "Suggested start: {start} ({distance}). The patient's chair days and the ward's load:",
        "建议开始日期：{start}（{distance}）。患者的占座日及病区负荷：",
    ),
    "none_feasible": (
        "No start in the window can be scheduled: widen it (--earliest, --latest) or see why "
        "above.",
        "窗口内没有可排程的开始日期：请放宽窗口（--earliest、--latest）或查看上述原因。",
    ),
    "day_line": (
        "{date} {day}  patient {own} min; ward {used} of {capacity} min, {percent} %{status}",
        "{date} {day}  患者 {own} 分钟；病区 {used}/{capacity} 分钟，{percent}%{status}",
    ),
    "closed_line": (
        "{date} {day}  patient {own} min; the ward is closed that day",
        "{date} {day}  患者 {own} 分钟；病区当日休息",
    ),
    "no_chair_days": (
        "The plan has no ward-given doses: it takes no chair.",
        "该计划没有需在病区给药的剂量，不占座椅。",
    ),
    "over_mark": ("  OVER", "  超出容量"),
    "above_mark": ("  above target", "  超过目标"),
    "same_day": ("the preferred date", "即首选日期"),
    "later": ("{days} days after the preferred date", "比首选日期晚 {days} 天"),
    "earlier": ("{days} days before the preferred date", "比首选日期早 {days} 天"),
    "why": ("Why not the preferred date {preferred}:", "为何不用首选日期 {preferred}："),
    "outside": (
        "The preferred date {preferred} lies outside the window ({earliest} to {latest}).",
        "首选日期 {preferred} 不在窗口内（{earliest} 至 {latest}）。",
    ),
    "closed_preferred": (
        "The ward is closed on the preferred date {preferred}.",
        "首选日期 {preferred} 病区停诊。",
    ),
    "refused": ("the course cannot start then: {reason}", "该日无法开始：{reason}"),
    "over_by": (
        "{date}: over capacity by {minutes} min ({used} of {capacity} min, {percent} %)",
        "{date}：超出容量 {minutes} 分钟（{used}/{capacity} 分钟，{percent}%）",
    ),
    "above_by": (
        "{date}: {percent} %, above the target of {target} % by {points} points",
        "{date}：{percent}%，超过目标 {target}% {points} 个百分点",
    ),
    "over_closed": (
        "{date}: a dose on a closed day ({used} min)",
        "{date}：休息日有剂量（{used} 分钟）",
    ),
    "ranked_lower": (
        "It ranks {rank} of {count}: {over} days over capacity and {above} above the target, "
        "where {start} has {best_over} and {best_above} (the counts come first; the distance "
        "only between equal counts).",
        "其排名为第 {rank}/{count}：超出容量 {over} 天、超过目标 {above} 天，而 {start} 为 "
        "{best_over} 天和 {best_above} 天（先比天数，天数相同时才比距离）。",
    ),
    "not_used": (
        "{count} plan files could not be used: those patients are NOT counted",
        "{count} 份计划文件无法使用：这些患者未计入",
    ),
}


#: The ranking table's heads, in English and in Chinese.
HEADS = {
    "en": ("Rank", "Start", "Day", "Distance", "Over", "Above target", "Peak %", "Moved"),
    "zh": ("名次", "开始日期", "星期", "相差天数", "超容量", "超目标", "峰值 %", "改期剂数"),
}


def suggest_label(key: str, lang: Lang, **values: object) -> str:
    en, zh = SUGGEST_LABELS[key]
    text = zh if lang == "zh" else en
    text = text.format(**values) if values else text
    return ONE_DAY.sub("1 day", text) if lang == "en" else text


def _distance(days: int, lang: Lang) -> str:
    """ "3 days after the preferred date"; one day is "1 day".

    >>> _distance(-1, "en"), _distance(2, "zh")
    ('1 day before the preferred date', '比首选日期晚 2 天')
    """
    if days == 0:
        return suggest_label("same_day", lang)
    return suggest_label("later" if days > 0 else "earlier", lang, days=abs(days))


def render_suggestions(
    suggestions: tuple[Suggestion, ...], errors: tuple[WardError, ...], *, top: int, lang: Lang
) -> str:
    """Every new plan's ranking and explanation, in placement order."""
    out: list[str] = []
    chosen = [error for error in errors if not error.on_sheet]
    if chosen:
        out.append(suggest_label("not_used", lang, count=len({e.file for e in chosen})))
        out.extend(f"  {error.file}: {error.message}" for error in chosen)
        out.append("")
    for suggestion in suggestions:
        out.extend(_suggestion(suggestion, top, lang))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _suggestion(suggestion: Suggestion, top: int, lang: Lang) -> list[str]:
    s = suggestion
    out = [
        suggest_label("plan", lang, plan=s.plan, patient=s.patient, preferred=s.preferred),
        suggest_label(
            "window", lang, earliest=s.earliest, latest=s.latest, count=len(s.candidates)
        ),
        "",
    ]
    out.extend(_table(s.candidates[:top], lang))
    out.append("")
    if s.chosen is None:
        out.append(suggest_label("none_feasible", lang))
    else:
        out.extend(_chosen(s.chosen, lang))
    out.extend(_why_not_preferred(s, lang))
    return out


def _table(candidates: tuple[Candidate, ...], lang: Lang) -> list[str]:
    widths = (4, 10, 4, 8, 6, 12, 7, 8)
    heads = HEADS[lang]
    cells = [
        pad(h, w) if i < 3 else _right(h, w)
        for i, (h, w) in enumerate(zip(heads, widths, strict=True))
    ]
    out = ["  ".join(cells).rstrip()]
    for rank, c in enumerate(candidates, start=1):
        start = [f"{rank:>4}", c.start.isoformat(), pad(weekday(c.start, lang), 4)]
        distance = f"{c.distance_days:+d}" if c.distance_days else "0"
        if not c.feasible:
            reason = suggest_label("infeasible", lang, reason=c.reason or "")
            out.append("  ".join([*start, f"{distance:>8}", reason]))
            continue
        peak = percent_text(c.peak_percent)
        cells = [
            *start,
            f"{distance:>8}",
            f"{c.over_capacity_days:>6}",
            f"{c.above_target_days:>12}",
            f"{peak:>7}",
            f"{c.shifted_doses:>8}",
        ]
        out.append("  ".join(cells))
    return out


def _right(text: str, columns: int) -> str:
    from .terminal import cell_width

    return " " * max(0, columns - cell_width(text)) + text


def _chosen(candidate: Candidate, lang: Lang) -> list[str]:
    out = [
        suggest_label(
            "chosen",
            lang,
            start=candidate.start.isoformat(),
            distance=_distance(candidate.distance_days, lang),
        )
    ]
    if not candidate.loads:
        out.append("  " + suggest_label("no_chair_days", lang))
    own = dict(candidate.chair_days)
    out.extend("  " + _day_line(load, own[load.date], candidate, lang) for load in candidate.loads)
    return out


def _day_line(load: DayLoad, own: int, candidate: Candidate, lang: Lang) -> str:
    day = weekday(load.date, lang)
    if load.capacity_minutes is None:
        return suggest_label("closed_line", lang, date=load.date, day=day, own=own)
    status = ""
    if load.over:
        status = suggest_label("over_mark", lang)
    elif load.above(candidate.target_percent):
        status = suggest_label("above_mark", lang)
    return suggest_label(
        "day_line",
        lang,
        date=load.date,
        day=day,
        own=own,
        used=f"{load.used_minutes:,}",
        capacity=f"{load.capacity_minutes:,}",
        percent=percent_text(load.percent),
        status=status,
    )


def _why_not_preferred(s: Suggestion, lang: Lang) -> list[str]:
    """Why the preferred date is not first: outside the window, closed, refused, or the
    days that overflow or exceed the target."""
    if s.candidates and s.candidates[0].distance_days == 0 and s.candidates[0].feasible:
        return []
    values = {"preferred": s.preferred, "earliest": s.earliest, "latest": s.latest}
    if not s.earliest <= s.preferred <= s.latest:
        return ["", suggest_label("outside", lang, **values)]
    preferred = s.preferred_candidate
    if preferred is None:
        return ["", suggest_label("closed_preferred", lang, **values)]
    out = ["", suggest_label("why", lang, preferred=s.preferred)]
    if not preferred.feasible:
        out.append("  " + suggest_label("refused", lang, reason=preferred.reason or ""))
        return out
    out.extend("  " + line for line in _exceeding(preferred, lang))
    rank = s.candidates.index(preferred) + 1
    first = s.candidates[0]
    text = suggest_label(
        "ranked_lower",
        lang,
        rank=rank,
        count=len(s.candidates),
        over=preferred.over_capacity_days,
        above=preferred.above_target_days,
        start=first.start,
        best_over=first.over_capacity_days,
        best_above=first.above_target_days,
    )
    out.append("  " + text)
    return out


def _exceeding(candidate: Candidate, lang: Lang) -> list[str]:
    target = candidate.target_percent
    lines = []
    for load in candidate.loads:
        if load.capacity_minutes is None:
            if load.used_minutes:
                lines.append(
                    suggest_label("over_closed", lang, date=load.date, used=load.used_minutes)
                )
            continue
        values = {
            "date": load.date,
            "used": f"{load.used_minutes:,}",
            "capacity": f"{load.capacity_minutes:,}",
            "percent": percent_text(load.percent),
        }
        if load.over:
            minutes = load.used_minutes - load.capacity_minutes
            lines.append(suggest_label("over_by", lang, minutes=f"{minutes:,}", **values))
        elif load.above(target):
            points = rounded_percent((load.percent or Decimal(0)) - target)
            lines.append(
                suggest_label(
                    "above_by",
                    lang,
                    date=load.date,
                    percent=values["percent"],
                    target=format(target.normalize(), "f"),
                    points=f"{points:.1f}",
                )
            )
    return lines
