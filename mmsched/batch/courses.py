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

#: What follows from an overlap, as each command says it.
ON_THE_SHEET = (
    "every plan of this patient is left off this sheet, since half a patient is worse than none"
)
IN_CHECK = (
    "the ward sheet leaves every plan of this patient off and mmsched ics refuses them, "
    "since half a patient is worse than none"
)
IN_THE_CALENDAR = "nothing is written: the calendar would hold both courses at once"

_FIX = "a nurse must decide which plan is right, then correct its dates or remove the other"


def left_out(spans: Sequence[CourseSpan], consequence: str) -> dict[int, str]:
    """The spans left out (by index in ``spans``), each with its message, in index order.

    A span that overlaps others names each of them with its date range and its own; a span of
    the same patient that overlaps none is left out too (all of that patient's plans are),
    naming the files that do overlap.
    """
    found = overlaps(spans)
    patients = {spans[i].key for i in found}
    messages: dict[int, str] = {}
    for i, span in enumerate(spans):
        if span.key not in patients:
            continue
        here = f"patient {span.patient_id}: this plan's course ({span.range_text()})"
        if i in found:
            others = " and ".join(f"{spans[j].file} ({spans[j].range_text()})" for j in found[i])
            what = f"{here} overlaps the plan{'s' * (len(found[i]) > 1)} in {others}"
        else:
            clashing = [spans[j].file for j in found if spans[j].key == span.key]
            what = f"{here} overlaps no other, but the plans in {' and '.join(clashing)} overlap"
        messages[i] = f"{what}: {consequence}; {_FIX}"
    return messages
