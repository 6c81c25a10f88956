"""Placing doses on dates: closed days, moves, holds, omissions, stops, and the intervals.

Each drug's doses are a list of slots in course order. A slot aims at an *anchor* date (the
planned date, or the date a plan change asked for) and is placed on the earliest date that

* is on or after the anchor,
* is at least ``min_interval_hours`` after the previous dose given of that drug (a drug without
  one still never gets two doses on one day: a run of daily doses moves along a day at a time),
* is an open ward day, when the drug's policy is ``shift-later`` (``shift-earlier`` looks back
  first, within the cycle; ``keep`` stays; ``omit`` drops the dose),

and it must still fall before the next cycle's actual start. Where that cannot be done the
placement fails with a :class:`~mmsched.errors.ScheduleError` naming the drug, the cycle and the
rule: there is never a silent schedule that breaks a regimen's safety rule.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..data.drugs import chinese_name
from ..errors import Problem, Said, ScheduleError, coded
from .changes import Hold, Move, Omit, Resume, Stop
from .rules import DrugRule
from .wardcal import WardCalendar

ONE_DAY = timedelta(days=1)


@dataclass(slots=True)
class Slot:
    """One planned dose of one drug, as it is being placed."""

    cycle: int
    day: int
    planned: dt.date
    anchor: dt.date
    date: dt.date
    cycle_start: dt.date
    next_cycle_start: dt.date
    move_reason: str | None = None
    #: Why the dose is not on its planned date, in English and in Chinese (empty tuples, not
    #: lists, until there is a reason: most doses never get one).
    reasons_en: Sequence[str] = ()
    reasons_zh: Sequence[str] = ()
    skipped: str | None = None
    skip_reason: str | None = None
    hold_id: int | None = None
    #: Why a dose that follows another drug's (a premedication row ``with:`` it) was moved
    #: with it, in English and in Chinese.
    follows: tuple[str, str] | None = None

    @property
    def cycle_day(self) -> str:
        return f"C{self.cycle}D{self.day}"

    @property
    def given(self) -> bool:
        return self.skipped is None


#: A dose as planned: cycle, day of the cycle, planned date, the cycle's start, the next start.
Planned = tuple[int, int, date, date, date]


def dose_gap(rule: DrugRule) -> timedelta:
    """The least time between two doses of the drug: its interval, and at least a day."""
    interval = rule.min_interval_hours
    return timedelta(days=max(1, math.ceil(interval / 24))) if interval else ONE_DAY


def may_shift(rule: DrugRule, calendar: WardCalendar) -> bool:
    """Whether a closed day can move or drop a dose of the drug at all (a drug kept on closed
    days, or a ward open every day, never has one moved)."""
    return rule.on_closed_day != "keep" and bool(
        calendar.closed_weekdays or calendar.holidays or calendar.closed
    )


def stay_as_planned(rule: DrugRule, calendar: WardCalendar, planned: list[Planned]) -> bool:
    """Whether placing these doses would leave every one on its planned date, with no reason
    given: no closed day can move them, each keeps the interval after the one before, and each
    falls before the next cycle starts. :meth:`DrugCourse.settle` would then change nothing, so
    the expander takes the planned dates as they are, without building slots."""
    if may_shift(rule, calendar):
        return False
    gap, previous = dose_gap(rule), None
    for _, _, day, _, next_cycle_start in planned:
        if (previous is not None and previous + gap > day) or day >= next_cycle_start:
            return False
        previous = day
    return True


class DrugCourse:
    """The slots of one drug and the rules that place them."""

    def __init__(self, rule: DrugRule, slots: list[Slot], calendar: WardCalendar) -> None:
        self.rule = rule
        self.slots = slots
        self.calendar = calendar
        self.gap = dose_gap(rule)
        self.shifts = may_shift(rule, calendar)

    # -- placement -------------------------------------------------------------------------

    def settle(self, start: int = 0) -> None:
        """Place every given slot from index ``start`` on, in order."""
        previous = self._previous_given(start)
        place = self._place
        for slot in self.slots[start:] if start else self.slots:
            if slot.skipped is not None:
                continue
            place(slot, previous)
            if slot.skipped is None:
                previous = slot

    def _previous_given(self, index: int) -> Slot | None:
        for slot in reversed(self.slots[:index]):
            if slot.given:
                return slot
        return None

    def _place(self, slot: Slot, previous: Slot | None) -> None:
        target = slot.anchor
        if (
            not slot.move_reason
            and slot.follows is None
            and (previous is None or previous.date + self.gap <= target)
            and target < slot.next_cycle_start
            and not (self.shifts and self.calendar.is_closed(target))
        ):
            # The dose stays where it aims: no change to place, no interval to keep, no closed
            # day, still inside its cycle. The same result as the full path below.
            slot.reasons_en = slot.reasons_zh = ()
            slot.date = target
            return
        en: list[str] = []
        zh: list[str] = []
        slot.reasons_en, slot.reasons_zh = en, zh
        if slot.move_reason:
            en.append(f"moved by plan change: {slot.move_reason}")
            zh.append(f"按计划调整改期：{slot.move_reason}")
        if slot.follows is not None:
            en.append(slot.follows[0])
            zh.append(slot.follows[1])
        target = self._after_interval(slot, previous, en, zh)
        if (
            slot.follows is None
            and self.rule.on_closed_day != "keep"
            and self.calendar.is_closed(target)
        ):
            floor = slot.cycle_start
            if previous is not None:
                floor = max(floor, previous.date + self.gap)
            found = self._open_day(slot, target, floor)
            if found is None:  # omitted on a closed day
                return
            target = found
        if target >= slot.next_cycle_start:
            raise ScheduleError(
                [
                    coded(
                        self.rule.drug,
                        "schedule.dose.past_next_cycle",
                        cycle=slot.cycle,
                        day=slot.cycle_day,
                        planned=slot.planned,
                        target=target,
                        next_start=slot.next_cycle_start,
                        interval=self._interval_text(),
                    )
                ]
            )
        slot.date = target

    def _after_interval(
        self, slot: Slot, previous: Slot | None, en: list[str], zh: list[str]
    ) -> date:
        """The anchor, or the first day the drug's interval after the previous dose allows;
        each closed day met on the way is a reason."""
        rule, calendar = self.rule, self.calendar
        shifts = rule.on_closed_day != "keep" and slot.follows is None
        target = slot.anchor
        if shifts and calendar.is_closed(target):
            self._closed_reason(en, zh, target)
        if previous is None or previous.date + self.gap <= target:
            return target
        target = previous.date + self.gap
        if rule.min_interval_hours:
            en.append(
                f"kept {rule.min_interval_hours} h after {previous.cycle_day} ({previous.date})"
            )
            zh.append(
                f"与 {previous.cycle_day}（{previous.date}）间隔不少于 "
                f"{rule.min_interval_hours} 小时"
            )
        else:
            en.append(f"one dose a day: follows {previous.cycle_day}")
            zh.append(f"每日一次：顺延于 {previous.cycle_day} 之后")
        if shifts and calendar.is_closed(target):
            self._closed_reason(en, zh, target)
        return target

    def _open_day(self, slot: Slot, target: date, floor: date) -> date | None:
        """The open day a dose on closed ``target`` goes to, by the drug's policy; None when
        the policy omits it (the slot is then marked skipped)."""
        calendar = self.calendar
        why_en = calendar.why_closed(target, "en")
        if self.rule.on_closed_day == "omit":
            slot.skipped = "closed"
            slot.skip_reason = f"ward closed on {target} ({why_en})"
            slot.date = target
            return None
        found = None
        if self.rule.on_closed_day == "shift-earlier" and target == slot.anchor:
            found = calendar.previous_open(target, floor)
        if found is None:
            found = calendar.next_open(target, slot.next_cycle_start)
        if found is None:
            raise ScheduleError(
                [
                    coded(
                        self.rule.drug,
                        "schedule.dose.closed_until_next_cycle",
                        cycle=slot.cycle,
                        day=slot.cycle_day,
                        planned=slot.planned,
                        target=target,
                        why=Said(why_en, calendar.why_closed(target, "zh")),
                        next_start=slot.next_cycle_start,
                        interval=self._interval_text(),
                    )
                ]
            )
        return found

    def _closed_reason(self, en: list[str], zh: list[str], day: date) -> None:
        en.append(f"ward closed on {day} ({self.calendar.why_closed(day, 'en')})")
        zh.append(f"{day} 病区停诊（{self.calendar.why_closed(day, 'zh')}）")

    def _interval_text(self) -> Problem | str:
        hours = self.rule.min_interval_hours
        return coded("", "schedule.part.interval", hours=hours) if hours else ""

    # -- plan changes ----------------------------------------------------------------------

    def find(self, day: date, what: str) -> int:
        """The index of the dose given on ``day``."""
        for i, slot in enumerate(self.slots):
            if slot.given and slot.date == day:
                return i
        near = [str(s.date) for s in self.slots if s.given and abs((s.date - day).days) <= 7]
        drug = self.rule.drug
        raise ScheduleError(
            [
                coded(
                    what,
                    "schedule.change.no_dose",
                    drug=drug,
                    day=day,
                    near=coded("", "schedule.part.near", drug=drug, near=near) if near else "",
                )
            ]
        )

    def move(self, change: Move, what: str) -> None:
        i = self.find(change.date, what)
        slot = self.slots[i]
        delta = change.to - change.date
        previous = self._previous_given(i)
        rule = self.rule
        if change.to < slot.cycle_start or change.to >= slot.next_cycle_start:
            raise ScheduleError(
                [
                    coded(
                        what,
                        "schedule.move.outside_cycle",
                        drug=rule.drug,
                        day=slot.cycle_day,
                        cycle=slot.cycle,
                        start=slot.cycle_start,
                        end=slot.next_cycle_start - ONE_DAY,
                    )
                ]
            )
        if previous is not None and change.to < previous.date + self.gap:
            hours = (change.to - previous.date).days * 24
            raise ScheduleError(
                [
                    coded(
                        what,
                        "schedule.move.too_close"
                        if rule.min_interval_hours
                        else "schedule.move.twice_a_day",
                        drug=rule.drug,
                        day=slot.cycle_day,
                        date=change.date,
                        to=change.to,
                        hours=hours,
                        previous=previous.cycle_day,
                        previous_date=previous.date,
                        min_hours=rule.min_interval_hours,
                        earliest=previous.date + self.gap,
                    )
                ]
            )
        if change.scope == "this":
            affected = [slot]
        elif change.scope == "cycle":
            affected = [s for s in self.slots[i:] if s.cycle == slot.cycle]
        else:
            affected = self.slots[i:]
        for other in affected:
            if other.given:
                other.anchor = other.date + delta
                other.move_reason = change.reason
        self.settle(i)

    def skip_between(
        self, first: date, last: date | None, kind: str, reason: str, hold_id: int | None = None
    ) -> None:
        start = None
        for i, slot in enumerate(self.slots):
            if slot.given and slot.date >= first and (last is None or slot.date <= last):
                slot.skipped, slot.skip_reason, slot.hold_id = kind, reason, hold_id
                start = i if start is None else start
        if start is not None:
            self.settle(start)

    def omit(self, change: Omit, what: str) -> None:
        i = self.find(change.date, what)
        self.slots[i].skipped = "omitted"
        self.slots[i].skip_reason = change.reason
        self.settle(i)

    def resume(self, change: Resume, hold_id: int) -> None:
        start = None
        for i, slot in enumerate(self.slots):
            if slot.hold_id == hold_id and slot.skipped == "held" and slot.date >= change.date:
                slot.skipped = slot.skip_reason = slot.hold_id = None
                start = i if start is None else start
        if start is not None:
            self.settle(start)


def follow(follower: DrugCourse, anchors: dict[str, DrugCourse], names_zh: dict[str, str]) -> None:
    """Move the doses of ``follower``'s rows ``with:`` another drug to that drug's actual
    dates (its own date, or ``days_after`` it), where a closed day or a plan change moved the
    followed dose: DRd's premedication dexamethasone goes with its daratumumab infusion. A
    dose the plan moved itself stays where the plan put it; a dose whose followed dose is not
    given (held, omitted, stopped) stays on its own date.
    """
    rule = follower.rule
    first = None
    for i, slot in enumerate(follower.slots):
        if not slot.given or slot.move_reason:
            continue
        row = rule.row_for(slot.cycle, slot.day)
        if row is None or row.with_drug is None or row.with_drug not in anchors:
            continue
        offset = row.offset_days
        anchor = next(
            (
                s
                for s in anchors[row.with_drug].slots
                if s.cycle == slot.cycle and s.day == slot.day - offset
            ),
            None,
        )
        if anchor is None or not anchor.given:
            continue
        target = anchor.date + timedelta(days=offset)
        if target == slot.date:
            continue
        drug = row.with_drug
        zh_name = chinese_name(drug, names_zh.get(drug))
        on_zh = f"{anchor.date.year}年{anchor.date.month}月{anchor.date.day}日"
        slot.anchor = target
        if offset:
            slot.follows = (
                f"{offset} day(s) after {drug} {anchor.cycle_day}, which is on {anchor.date}",
                f"随{zh_name} {anchor.cycle_day}（{on_zh}）后第 {offset} 天给予",
            )
        else:
            slot.follows = (
                f"given before {drug} {anchor.cycle_day}, which is on {anchor.date}",
                f"于{zh_name} {anchor.cycle_day}（{on_zh}）输注前给予",
            )
        first = i if first is None else first
    if first is not None:
        follower.settle(first)


def apply_changes(
    courses: dict[str, DrugCourse], changes: list[tuple[int, Hold | Resume | Move | Omit | Stop]]
) -> None:
    """Apply the plan's date changes, in order. ``changes`` pairs each with its index.

    A change that cannot be made is left out (its drug's doses as they were before it) and the
    rest are still tried, so that every faulty change is reported at once.
    """
    open_holds: dict[str, int] = {}
    problems: list[Problem] = []
    for index, change in changes:
        what = f"changes[{index}]"
        course = courses[change.drug]
        before = [copy.copy(slot) for slot in course.slots]
        try:
            if isinstance(change, Move):
                course.move(change, what)
            elif isinstance(change, Omit):
                course.omit(change, what)
            elif isinstance(change, Hold):
                course.skip_between(change.from_, change.until, "held", change.reason, index)
                open_holds[change.drug] = index
            elif isinstance(change, Stop):
                course.skip_between(change.from_, None, "stopped", change.reason)
            else:
                hold = open_holds.pop(change.drug, None)
                if hold is None:
                    raise ScheduleError([coded(what, "schedule.resume.no_hold", drug=change.drug)])
                course.resume(change, hold)
        except ScheduleError as exc:
            course.slots = before
            problems.extend(exc.problems)
    if problems:
        raise ScheduleError(problems)
