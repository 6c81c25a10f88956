"""How schedules become a calendar (:class:`IcsOptions`), what an export wrote (:class:`IcsStats`),
and the helpers that choose options from the schedules: the calendar's name and the years its
time zone must cover."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...engine.courses import patient_key
from ...engine.schedule import Schedule
from ...errors import MmschedError, Problem, coded
from ...views.calendar_view import assumption_rows, regimen_title
from ...views.display import Lang, display_name, label
from .common import DETAILS, GROUPS, LABELS, Detail, Group, IcsError
from .previous import PreviousCalendar, _quote

#: Alarms further ahead than this are refused: they would fire in another cycle.
MAX_ALARM = dt.timedelta(days=28)


_ALARM = re.compile(r"^(\d{1,6})([dhm])$")
_ALARM_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_alarm(text: str, where: str = "alarm") -> dt.timedelta:
    """``1d``, ``2h`` or ``30m`` as the time before the event (``mmsched ics --alarm``, a
    feed's ``?alarm=``); ``where`` names the option in the message.

    >>> parse_alarm("1d"), parse_alarm("2h")
    (datetime.timedelta(days=1), datetime.timedelta(seconds=7200))
    """
    match = _ALARM.match(text.strip().lower())
    if match is None:
        raise MmschedError([coded(where, "usage.alarm.not_an_alarm", text=_shown(text))])
    before = dt.timedelta(**{_ALARM_UNITS[match[2]]: int(match[1])})
    if not dt.timedelta(minutes=1) <= before <= MAX_ALARM:
        raise MmschedError([coded(where, "usage.alarm.out_of_range", text=_shown(text))])
    return before


def parse_time(text: str, where: str = "time") -> dt.time:
    """``09:00`` as a wall-clock time (``mmsched ics --time``, a feed's ``?time=``).

    >>> parse_time("9:30")
    datetime.time(9, 30)
    """
    match = _TIME.match(text.strip())
    if match is None:
        raise MmschedError([coded(where, "usage.time.not_a_time", text=_shown(text))])
    return dt.time(int(match[1]), int(match[2]))


def _shown(text: str) -> str:
    """A value for a message: quoted, control characters escaped, at most 40 characters."""
    return _quote(text)


@dataclass(frozen=True, slots=True)
class IcsOptions:
    """How schedules become a calendar. Every choice is explicit: no clock, no locale.

    Args:
        stamp: DTSTAMP of every event, an aware date-time (converted to UTC).
        lang: the language of every text ("zh" or "en").
        group: "day" (one event per patient per treatment day) or "drug" (one per dose or test).
        time: the time of day of timed events; None gives all-day events.
        tz: the IANA zone of timed events (a VTIMEZONE is generated for it).
        tz_span: the dates the VTIMEZONE must cover (first, last); None covers 2000 to 2100.
        alarms: how long before each event an alarm goes off (one VALARM each).
        full_name: show the patient's name unmasked.
        detail: "standard" (doses as prescribed and as given) or "full" (adds height, weight,
            BSA, the formula and the calculation).
        calendar_name: X-WR-CALNAME; None gives a name from the language.
        calendar_description: the calendar's DESCRIPTION (RFC 7986) and X-WR-CALDESC (the
            name Apple and Google read): the regimens' assumptions, from
            :func:`calendar_description`. None or "" writes none; :func:`render_ics` fills it
            from the schedules when it is None.
        previous: the earlier export, for SEQUENCE numbers and cancellations.
        several_courses: the (patient id, regimen id) pairs of patients with more than one plan
            of that regimen in the export (ids compared regardless of case); their events' UIDs
            include the plan's start, so two courses never share a UID
            (:func:`mmsched.engine.courses.several_courses` finds them).
        ward: a ward-wide calendar (several plans, or a folder): each SUMMARY starts with the
            (masked) patient, after any status prefix ("已取消 · 廖某妹 · C2D1 …"), so a list of
            many patients' events reads by patient; a patient's own calendar ends with it.
        window: the first and last date of the events written (both included); None writes
            every event. An event outside it is left out, never cancelled.

    Raises:
        IcsError: a naive stamp, an unknown zone, an alarm out of range, an unknown choice.
    """

    stamp: dt.datetime
    lang: Lang
    group: Group = "day"
    time: dt.time | None = None
    tz: str = "Asia/Shanghai"
    tz_span: tuple[dt.date, dt.date] | None = None
    alarms: tuple[dt.timedelta, ...] = ()
    full_name: bool = False
    detail: Detail = "standard"
    calendar_name: str | None = None
    previous: PreviousCalendar | None = None
    calendar_description: str | None = None
    several_courses: frozenset[tuple[str, str]] = frozenset()
    ward: bool = False
    window: tuple[dt.date, dt.date] | None = None

    def __post_init__(self) -> None:
        keys = frozenset((patient_key(pid), regimen) for pid, regimen in self.several_courses)
        object.__setattr__(self, "several_courses", keys)
        problems: list[Problem] = []
        if self.stamp.tzinfo is None or self.stamp.utcoffset() is None:
            problems.append(coded("stamp", "ics.stamp.no_zone"))
        else:
            utc = self.stamp.astimezone(dt.UTC).replace(microsecond=0)
            object.__setattr__(self, "stamp", utc)
        if self.lang not in ("zh", "en"):
            problems.append(coded("lang", "ics.lang.unknown", lang=self.lang))
        if self.group not in GROUPS:
            problems.append(
                coded("group", "ics.option.not_one_of", value=self.group, allowed=list(GROUPS))
            )
        if self.detail not in DETAILS:
            problems.append(
                coded("detail", "ics.option.not_one_of", value=self.detail, allowed=list(DETAILS))
            )
        if self.time is not None and self.time.tzinfo is not None:
            problems.append(coded("time", "ics.time.has_zone"))
        if self.time is not None:
            zone_problem = _check_zone(self.tz)
            if zone_problem:
                problems.append(zone_problem)
        for alarm in self.alarms:
            if not dt.timedelta(minutes=1) <= alarm <= MAX_ALARM:
                problems.append(coded("alarm", "usage.alarm.out_of_range", text=alarm))
        if len(set(self.alarms)) != len(self.alarms):
            problems.append(coded("alarm", "usage.alarm.twice"))
        if self.window is not None and self.window[1] < self.window[0]:
            problems.append(coded("window", "ics.window.reversed"))
        if problems:
            raise IcsError(problems)


@dataclass(slots=True)
class IcsStats:
    """What an export wrote, for the person who ran it."""

    schedules: int = 0
    events: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    cancelled: int = 0
    #: Events that were cancelled in the previous export already and are written again.
    still_cancelled: int = 0


def _check_zone(tz: str) -> Problem | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return coded("tz", "usage.tz.unknown", tz=f"'{tz}'")
    return None


def calendar_name(schedules: list[Schedule], lang: Lang, *, full_name: bool = False) -> str:
    """X-WR-CALNAME: the patient and regimen for one plan, the ward and a count for several.

    >>> calendar_name([], "en")
    'Ward chemotherapy calendar'
    """
    if len(schedules) == 1:
        schedule = schedules[0]
        who = display_name(schedule.patient_name, full=full_name) or schedule.patient_id
        regimen = (
            (schedule.regimen_name_zh or schedule.regimen_name)
            if lang == "zh"
            else (schedule.regimen_name)
        )
        return f"{who} · {regimen}"
    return ward_calendar_name(len({patient_key(s.patient_id) for s in schedules}), lang)


def ward_calendar_name(patients: int, lang: Lang) -> str:
    """X-WR-CALNAME of a feed of several plans: the ward and how many patients.

    >>> ward_calendar_name(6, "zh"), ward_calendar_name(1, "en")
    ('病区化疗日历 · 6 位患者', 'Ward chemotherapy calendar · 1 patient')
    """
    ward = LABELS[lang]["calendar"]
    if not patients:
        return ward
    if lang == "zh":
        return f"{ward} · {patients} 位患者"
    return f"{ward} · {patients} patient{'s' * (patients != 1)}"


def calendar_description(schedules: Iterable[Schedule], lang: Lang) -> str:
    """The calendar's description: each regimen's assumptions (where its file reads its source
    one way of several), numbered, with their sources; regimens without any are left out, and
    a calendar whose regimens have none gets "".

    A ward feed holds many regimens: one block each, in the order they first appear.
    """
    blocks: dict[str, str] = {}
    for schedule in schedules:
        if schedule.regimen_id in blocks or not schedule.assumptions:
            continue
        rows = assumption_rows(schedule, lang)
        title = f"{label('assumptions', lang)}, {regimen_title(schedule, lang)}:"
        if lang == "zh":
            title = f"{label('assumptions', lang)}：{regimen_title(schedule, lang)}"
        lines = [f"{number}. {row}" for number, row in enumerate(rows, start=1)]
        blocks[schedule.regimen_id] = "\n".join([title, *lines])
    return "\n\n".join(blocks.values())


def timezone_span(schedules: Iterable[Schedule]) -> tuple[dt.date, dt.date] | None:
    """Whole years around every date of ``schedules``: what a VTIMEZONE must cover.

    Alarms go off before the first event, so the span starts a year early.
    """
    dates: list[dt.date] = []
    for schedule in schedules:
        dates.extend(a.date for a in schedule.administrations)
        dates.extend(m.date for m in schedule.monitoring)
    if not dates:
        return None
    return dt.date(min(dates).year - 1, 1, 1), dt.date(max(dates).year + 1, 12, 31)
