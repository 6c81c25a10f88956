"""Plans of one patient whose courses overlap: which files are left out, and what to tell the
person who must sort them out.

The ward sheet, ``check`` and the ``.ics`` export apply the same rule
(:mod:`mmsched.engine.courses`): a patient's plans whose courses do not overlap are all used;
when two overlap, every plan of that patient is left out, each file named with the other and
both date ranges. Only the consequence differs, and the caller says it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..engine.courses import CourseSpan, overlaps
from ..errors import Problem, Said, coded

#: What follows from an overlap, as each command says it (a message code).
ON_THE_SHEET = "course.consequence.sheet"
IN_CHECK = "course.consequence.check"
IN_THE_CALENDAR = "course.consequence.calendar"


def _range(span: CourseSpan) -> Said:
    """The span's dates in both languages: ``2026-12-01 to 2027-01-25`` (至 in Chinese)."""
    if span.first is None or span.last is None:
        return Said(span.range_text(), "没有带日期的项目")
    return Said(span.range_text(), f"{span.first.isoformat()} 至 {span.last.isoformat()}")


def _files(files: list[str]) -> Said:
    return Said(" and ".join(files), "、".join(files))


def left_out(spans: Sequence[CourseSpan], consequence: str) -> dict[int, Problem]:
    """The spans left out (by index in ``spans``), each with its problem, in index order.

    A span that overlaps others names each of them with its date range and its own; a span of
    the same patient that overlaps none is left out too (all of that patient's plans are),
    naming the files that do overlap. ``consequence`` is the code of what follows.
    """
    found = overlaps(spans)
    patients = {spans[i].key for i in found}
    messages: dict[int, Problem] = {}
    then = coded("", consequence)
    for i, span in enumerate(spans):
        if span.key not in patients:
            continue
        params = {"patient": span.patient_id, "range": _range(span), "consequence": then}
        if i in found:
            others = [spans[j] for j in found[i]]
            en = [f"{o.file} ({o.range_text()})" for o in others]
            zh = [f"{o.file}（{_range(o).zh}）" for o in others]
            code = "course.overlaps.many" if len(others) > 1 else "course.overlaps.one"
            messages[i] = coded("", code, others=Said(" and ".join(en), "、".join(zh)), **params)
        else:
            clashing = [spans[j].file for j in found if spans[j].key == span.key]
            messages[i] = coded("", "course.overlaps.none", clashing=_files(clashing), **params)
    return messages
