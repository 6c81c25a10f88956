"""Schedules to one iCalendar file (RFC 5545) that ward staff import or subscribe to.

Pipeline, in order:

1. The header: VCALENDAR with PRODID, VERSION, CALSCALE, METHOD:PUBLISH, X-WR-CALNAME, and, for
   timed events, one VTIMEZONE generated from the zone database for the ward's zone.
2. For each schedule, in the order given, its events: one per treatment day (``group="day"``,
   every drug and test of the day in one event) or one per administration and per test
   (``group="drug"``). Each event is serialized and written before the next schedule is read,
   so a whole hospital's plans stream through without being held in memory.
3. Identity: the UID is a UUID 5 of stable keys (patient id, regimen, cycle, day of the cycle,
   and the drug or test with ``group="drug"``), so a re-export gives the same UIDs and a delay
   moves events instead of duplicating them. With a previous export, an event keeps its
   SEQUENCE when its content is unchanged and gets SEQUENCE + 1 when it changed.
4. Events of the previous export that the new one no longer has are written again with
   STATUS:CANCELLED and SEQUENCE + 1, so that calendar clients remove them.

Bytes follow RFC 5545 through the ``icalendar`` library: CRLF line ends, lines folded at 75
octets without splitting a UTF-8 character, ``\\ ; ,`` and newlines escaped in text.

Pure: no clock, no locale, no files. The caller passes the time stamp (DTSTAMP) and the language
and does the writing (the CLI writes atomically).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Literal

from ..engine.bsa import FORMULA_TEXT
from ..engine.schedule import Administration, MonitoringEvent, Schedule
from ..engine.units import format_amount, format_prescribed
from ..errors import MmschedError, Problem
from ..views.display import (
    Lang,
    calculation_text,
    display_name,
    drug_name,
    format_date,
    format_dose,
    label,
    route_name,
)
from ..views.display import test_name as name_of_test

if TYPE_CHECKING:
    from icalendar import Event

Group = Literal["day", "drug"]
Detail = Literal["standard", "full"]
GROUPS: tuple[Group, ...] = ("day", "drug")
DETAILS: tuple[Detail, ...] = ("standard", "full")

#: Namespace of every mmsched UID (a fixed uuid4, drawn once). Changing it changes every UID
#: and makes clients duplicate every event: never change it.
UID_NAMESPACE = uuid.UUID("6f0c8c8e-3b0a-4b5e-9a52-2f3c4d0e7a11")
PRODID_PREFIX = "-//mmsched//"
#: The CATEGORIES value of monitoring-only events (``group="drug"``); also listed on day events
#: that include a test.
MONITORING = "MONITORING"
#: The length of a timed event in the calendar: a slot to notice, not the infusion time.
TIMED_EVENT_LENGTH = dt.timedelta(hours=1)
#: Alarms further ahead than this are refused: they would fire in another cycle.
MAX_ALARM = dt.timedelta(days=28)

#: Words only the calendar file uses; every other word comes from :func:`display.label`.
_LABELS: dict[Lang, dict[str, str]] = {
    "zh": {"cancelled": "已取消", "list_sep": "、", "calendar": "病区化疗日历"},
    "en": {"cancelled": "CANCELLED", "list_sep": ", ", "calendar": "Ward chemotherapy calendar"},
}


class IcsError(MmschedError):
    """The calendar cannot be written as asked (a clash of UIDs, a bad previous file, a zone)."""


@dataclass(frozen=True, slots=True)
class PreviousEvent:
    """What a previous export said about one event: enough to number and cancel it."""

    uid: str
    sequence: int
    #: sha256 of the event's content lines (unfolded), DTSTAMP and SEQUENCE left out.
    fingerprint: str
    component: Event


@dataclass(frozen=True, slots=True)
class PreviousCalendar:
    """The events of an earlier mmsched export, by UID, in the order of that file."""

    events: dict[str, PreviousEvent]

    @classmethod
    def parse(cls, data: bytes, source: str = "previous calendar") -> PreviousCalendar:
        """Read an earlier export.

        Raises:
            IcsError: ``data`` is not iCalendar, was not written by mmsched, or repeats a UID.
        """
        from icalendar import Calendar

        try:
            calendar = Calendar.from_ical(data)
        except ValueError as exc:
            raise IcsError(f"is not an iCalendar file ({exc})", file=source) from None
        if not isinstance(calendar, Calendar):
            raise IcsError("is not one VCALENDAR", file=source)
        prodid = str(calendar.get("PRODID", ""))
        if not prodid.startswith(PRODID_PREFIX):
            raise IcsError(
                f"was not written by mmsched (PRODID '{prodid}'); --previous takes the .ics file "
                "that mmsched wrote last time for these plans",
                file=source,
            )
        components = {str(event.get("UID", "")): event for event in calendar.events}
        problems: list[Problem] = []
        events: dict[str, PreviousEvent] = {}
        for uid, lines in _raw_events(data):
            sequence = 0
            for line in lines:
                name, _, value = _split_line(line)
                if name == "SEQUENCE":
                    try:
                        sequence = int(value)
                    except ValueError:
                        problems.append(
                            Problem(f"UID {uid}", f"SEQUENCE '{value}' is not a number")
                        )
            if not uid:
                problems.append(Problem("VEVENT", "an event has no UID"))
            elif uid in events:
                problems.append(Problem(f"UID {uid}", "appears twice"))
            elif uid not in components:
                problems.append(Problem(f"UID {uid}", "could not be read"))
            else:
                events[uid] = PreviousEvent(uid, sequence, _fingerprint(lines), components[uid])
        if problems:
            raise IcsError(problems, file=source)
        return cls(events)


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
        previous: the earlier export, for SEQUENCE numbers and cancellations.

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

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        if self.stamp.tzinfo is None or self.stamp.utcoffset() is None:
            problems.append(Problem("stamp", "give a time zone (UTC), e.g. 2026-11-01T00:00:00Z"))
        else:
            utc = self.stamp.astimezone(dt.UTC).replace(microsecond=0)
            object.__setattr__(self, "stamp", utc)
        if self.lang not in ("zh", "en"):
            problems.append(Problem("lang", f"'{self.lang}' is not zh or en"))
        if self.group not in GROUPS:
            problems.append(Problem("group", f"'{self.group}' is not one of {', '.join(GROUPS)}"))
        if self.detail not in DETAILS:
            problems.append(
                Problem("detail", f"'{self.detail}' is not one of {', '.join(DETAILS)}")
            )
        if self.time is not None and self.time.tzinfo is not None:
            problems.append(Problem("time", "give a wall-clock time; the zone goes in tz"))
        if self.time is not None:
            zone_problem = _check_zone(self.tz)
            if zone_problem:
                problems.append(Problem("tz", zone_problem))
        for alarm in self.alarms:
            if not dt.timedelta(minutes=1) <= alarm <= MAX_ALARM:
                problems.append(
                    Problem("alarm", f"{alarm} is not between 1 minute and 28 days before")
                )
        if len(set(self.alarms)) != len(self.alarms):
            problems.append(Problem("alarm", "the same alarm is given twice"))
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


class _Written:
    """The UIDs written so far, kept small enough for a province's plans.

    A UID is a UUID 5 of (patient id, regimen id, cycle, day, item), so two events can share
    one only when they share the patient id and the regimen id. Per such pair this keeps the
    16-byte UUIDs written, packed into one bytes object: about 1 KB a plan, where a set of UID
    strings took about 10 KB (a gigabyte for 100,000 plans). The schedule being written has
    its own set; of the previous export, only the UIDs written again are kept (the others are
    cancelled at the end).
    """

    __slots__ = ("_current", "_key", "_packed", "_previous", "again")

    def __init__(self, previous: PreviousCalendar | None) -> None:
        self._packed: dict[tuple[str, str], bytes] = {}
        self._key: tuple[str, str] | None = None
        self._current: set[bytes] = set()
        self._previous = previous.events if previous is not None else {}
        #: UIDs of the previous export written again.
        self.again: set[str] = set()

    def start(self, patient_id: str, regimen_id: str) -> None:
        """A schedule begins: the UIDs of its pair written so far are the ones it may not use."""
        self._pack()
        self._key = (patient_id, regimen_id)
        packed = self._packed.get(self._key, b"")
        self._current = {packed[i : i + 16] for i in range(0, len(packed), 16)}

    def add(self, uid: str) -> bool:
        """Record ``uid`` as written; False if it was written already."""
        digest = uuid.UUID(uid).bytes
        if digest in self._current:
            return False
        self._current.add(digest)
        if uid in self._previous:
            self.again.add(uid)
        return True

    def _pack(self) -> None:
        if self._key is not None:
            self._packed[self._key] = b"".join(sorted(self._current))
            self._current = set()


def event_uid(
    patient_id: str, regimen_id: str, cycle: int, day: int, item: str | None = None
) -> str:
    """The UID of an event: a UUID 5 of its stable keys, never random.

    ``item`` is None for a day event, ``drug:NAME`` or ``test:NAME`` with ``group="drug"``.

    >>> event_uid("GZ-0001", "rvd-il2", 1, 4) == event_uid("GZ-0001", "rvd-il2", 1, 4)
    True
    >>> event_uid("GZ-0001", "rvd-il2", 1, 4) != event_uid("GZ-0001", "rvd-il2", 1, 4, "drug:x")
    True
    """
    # The unit separator cannot occur in an id, so no two key tuples give the same text.
    key = "\x1f".join((patient_id, regimen_id, str(cycle), str(day), item or "day"))
    return str(uuid.uuid5(UID_NAMESPACE, key))


def render_ics(schedules: Iterable[Schedule], options: IcsOptions) -> bytes:
    """The whole calendar as bytes (see :func:`write_ics` to stream)."""
    out = io.BytesIO()
    write_ics(schedules, out, options)
    return out.getvalue()


def write_ics(schedules: Iterable[Schedule], out: BinaryIO, options: IcsOptions) -> IcsStats:
    """Write one VCALENDAR with the events of every schedule to ``out``, one event at a time.

    Only one schedule's events and the UIDs written so far (packed, about 1 KB a plan; see
    :class:`_Written`) are held in memory.

    Raises:
        IcsError: two events would get the same UID (the same patient, regimen, cycle and day
            twice in one export); part of the calendar may have been written to ``out``.
    """
    stats = IcsStats()
    written = _Written(options.previous)
    out.write(_header(options))
    for schedule in schedules:
        stats.schedules += 1
        written.start(schedule.patient_id, schedule.regimen_id)
        for event in _schedule_events(schedule, options):
            if not written.add(event.uid):
                raise _same_uid(event, schedule)
            out.write(_finish(event, options, stats))
    if options.previous is not None:
        for uid, old in options.previous.events.items():
            if uid not in written.again:
                out.write(_cancelled(old, options, stats))
    out.write(b"END:VCALENDAR\r\n")
    return stats


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
    return ward_calendar_name(len({s.patient_id for s in schedules}), lang)


def ward_calendar_name(patients: int, lang: Lang) -> str:
    """X-WR-CALNAME of a feed of several plans: the ward and how many patients.

    >>> ward_calendar_name(6, "zh"), ward_calendar_name(1, "en")
    ('病区化疗日历 · 6 位患者', 'Ward chemotherapy calendar · 1 patient')
    """
    ward = _LABELS[lang]["calendar"]
    if not patients:
        return ward
    if lang == "zh":
        return f"{ward} · {patients} 位患者"
    return f"{ward} · {patients} patient{'s' * (patients != 1)}"


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


# --- the header -----------------------------------------------------------------------------


def _header(options: IcsOptions) -> bytes:
    from icalendar import Calendar, Timezone

    from ..data import __version__

    calendar = Calendar()
    calendar.add("prodid", f"{PRODID_PREFIX}mmsched {__version__}//{options.lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", options.calendar_name or _LABELS[options.lang]["calendar"])
    data: bytes = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert data.endswith(end)
    data = data[: -len(end)]
    if options.time is not None:
        first, last = options.tz_span or (dt.date(2000, 1, 1), dt.date(2100, 12, 31))
        zone = Timezone.from_tzid(options.tz, first_date=first, last_date=last)
        data += zone.to_ical()
    return data


def _check_zone(tz: str) -> str | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return f"'{tz}' is not a time zone of the IANA database (e.g. Asia/Shanghai)"
    return None


# --- events ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _EventText:
    """One event before it is turned into iCalendar."""

    uid: str
    day: dt.date
    summary: str
    description: str
    categories: tuple[str, ...]


def _schedule_events(schedule: Schedule, options: IcsOptions) -> Iterator[_EventText]:
    if options.group == "day":
        yield from _day_events(schedule, options)
    else:
        yield from _drug_events(schedule, options)


def _who(schedule: Schedule, options: IcsOptions) -> str:
    return display_name(schedule.patient_name, full=options.full_name) or schedule.patient_id


def _cycle_day_on(schedule: Schedule, day: dt.date) -> tuple[int, int]:
    """The cycle and the day of that cycle on which ``day`` falls (after delays and shifts)."""
    cycle = 1
    for number, start in enumerate(schedule.cycle_starts, start=1):
        if start <= day:
            cycle = number
    return cycle, (day - schedule.cycle_starts[cycle - 1]).days + 1


def _day_events(schedule: Schedule, options: IcsOptions) -> Iterator[_EventText]:
    labels = _LABELS[options.lang]
    lang = options.lang
    by_date: dict[dt.date, tuple[list[Administration], list[MonitoringEvent]]] = {}
    for adm in schedule.administrations:
        by_date.setdefault(adm.date, ([], []))[0].append(adm)
    for test in schedule.monitoring:
        by_date.setdefault(test.date, ([], []))[1].append(test)
    for day in sorted(by_date):
        adms, tests = by_date[day]
        cycle, cycle_day = _cycle_day_on(schedule, day)
        drugs = [drug_name(a.drug, lang, schedule.drug_name_zh(a.drug)) for a in adms]
        # A drug with a dose above the regimen's (a plan override) says so in the summary too:
        # the summary is what a phone's calendar shows.
        overridden = {
            drug_name(a.drug, lang, schedule.drug_name_zh(a.drug)) for a in adms if a.override
        }
        shown = [
            f"{name} {label('override', lang)}" if name in overridden else name
            for name in dict.fromkeys(drugs)
        ]
        if drugs:
            what = labels["list_sep"].join(shown)
            if tests:
                tests_word = label("monitoring", lang)
                what += f" + {tests_word.lower() if lang == 'en' else tests_word}"
        else:
            what = labels["list_sep"].join(name_of_test(t.test, lang) for t in tests)
        lines = _description_head(schedule, options, cycle, f"C{cycle}D{cycle_day}", day)
        for adm in adms:
            lines.extend(_dose_lines(schedule, adm, options, f"C{cycle}D{cycle_day}"))
        lines.extend(_test_line(t, options) for t in tests)
        lines.extend(_description_tail(schedule, options))
        categories = tuple(dict.fromkeys(drugs)) + ((MONITORING,) if tests else ())
        yield _EventText(
            uid=event_uid(schedule.patient_id, schedule.regimen_id, cycle, cycle_day),
            day=day,
            summary=f"C{cycle}D{cycle_day} {what} · {_who(schedule, options)}",
            description="\n".join(lines),
            categories=categories,
        )


def _drug_events(schedule: Schedule, options: IcsOptions) -> Iterator[_EventText]:
    lang = options.lang
    items: list[tuple[dt.date, int, Administration | MonitoringEvent]] = [
        (a.date, 0, a) for a in schedule.administrations
    ]
    items += [(m.date, 1, m) for m in schedule.monitoring]
    # Stable sort: administrations keep the schedule's drug order, tests come after them.
    items.sort(key=lambda item: (item[0], item[1]))
    who = _who(schedule, options)
    for day, _, item in items:
        lines = _description_head(schedule, options, item.cycle, item.cycle_day, day)
        if isinstance(item, Administration):
            name = drug_name(item.drug, lang, schedule.drug_name_zh(item.drug))
            summary = (
                f"{item.cycle_day} {name} "
                f"{format_dose(item.dose, item.unit, lang, override=item.override)} "
                f"{item.route} · {who}"
            )
            lines.extend(_dose_lines(schedule, item, options, item.cycle_day))
            key = f"drug:{item.drug}"
            categories: tuple[str, ...] = (name,)
        else:
            summary = f"{item.cycle_day} {name_of_test(item.test, lang)} · {who}"
            lines.append(_test_line(item, options))
            key = f"test:{item.test}"
            categories = (MONITORING,)
        lines.extend(_description_tail(schedule, options))
        yield _EventText(
            uid=event_uid(schedule.patient_id, schedule.regimen_id, item.cycle, item.day, key),
            day=day,
            summary=summary,
            description="\n".join(lines),
            categories=categories,
        )


def _description_head(
    schedule: Schedule, options: IcsOptions, cycle: int, cycle_day: str, day: dt.date
) -> list[str]:
    """Who, which regimen and day; with ``detail="full"`` the body the doses came from."""
    lang = options.lang
    regimen = (
        (schedule.regimen_name_zh or schedule.regimen_name)
        if lang == "zh"
        else schedule.regimen_name
    )
    who = display_name(schedule.patient_name, full=options.full_name)
    patient = f"{who} · {schedule.patient_id}" if who else schedule.patient_id
    lines = [
        f"{label('patient', lang)} {patient}",
        f"{regimen} ({schedule.regimen_id}) · {cycle_day} · {format_date(day, lang)}",
    ]
    if options.detail == "full":
        weight, bsa_m2 = schedule.weight_kg, schedule.bsa_m2
        bsa = f"{label('bsa', lang)} {bsa_m2:.2f} m²"
        if schedule.bsa_uncapped_m2 != schedule.bsa_m2:
            bsa += f" ({label('bsa_capped', lang)} {schedule.bsa_uncapped_m2:.2f} m²)"
        # A cycle dosed on a new weight says so; the dose lines give the BSA each dose used.
        for flag in schedule.weight_flags:
            if flag.cycle == cycle:
                weight, bsa = flag.weight_kg, f"{label('bsa', lang)} {flag.bsa_m2:.2f} m²"
        lines.append(
            f"{label('height', lang)} {format_amount(schedule.height_cm)} cm · "
            f"{label('weight', lang)} {format_amount(weight)} kg · {bsa} · "
            f"{FORMULA_TEXT.get(schedule.bsa_formula, schedule.bsa_formula)}"
        )
    return lines


def _dose_lines(
    schedule: Schedule, adm: Administration, options: IcsOptions, event_cycle_day: str
) -> list[str]:
    """The dose as prescribed and as given, with its own C#D# when it was moved to this day."""
    lang = options.lang
    given = format_dose(adm.dose, adm.unit, lang)
    dose = given if adm.basis == "flat dose" else f"{format_prescribed(adm.prescribed)} → {given}"
    route = route_name(adm.route, lang)
    route = route if route == adm.route else f"{route} ({adm.route})"
    name = drug_name(adm.drug, lang, schedule.drug_name_zh(adm.drug))
    own = f" · {adm.cycle_day}" if adm.cycle_day != event_cycle_day else ""
    lines = [f"{name} {dose} · {route}{own}"]
    if options.detail == "full" and adm.basis != "flat dose":
        calc = calculation_text(adm.basis, adm.dose_calculated, adm.unit, adm.rounding, lang)
        lines.append(f"  {calc} → {given}")
    reason = adm.shift_reason_in(lang)
    if adm.planned_date is not None and adm.planned_date != adm.date:
        moved = label("moved_from", lang, date=format_date(adm.planned_date, lang))
        lines.append(f"  {moved}: {reason}" if reason else f"  {moved}")
    elif reason:
        lines.append(f"  {reason}")
    lines.extend(f"  {label('note', lang)}: {note}" for note in adm.notes_in(lang))
    return lines


def _test_line(test: MonitoringEvent, options: IcsOptions) -> str:
    return f"{label('monitoring', options.lang)}: {name_of_test(test.test, options.lang)}"


def _description_tail(schedule: Schedule, options: IcsOptions) -> list[str]:
    warning = label("warning", options.lang)
    return [f"⚠ {warning}: {text}" for text in schedule.warnings_in(options.lang)]


# --- serialization, SEQUENCE and cancellation -----------------------------------------------


def _same_uid(text: _EventText, schedule: Schedule) -> IcsError:
    return IcsError(
        [
            Problem(
                f"patient {schedule.patient_id}",
                f"two events of regimen '{schedule.regimen_id}' get the same UID "
                f"({text.summary}): the same patient, regimen, cycle and day are exported "
                "twice; export each plan once (a second course of the same regimen needs "
                "its own patient id or regimen id)",
            )
        ]
    )


def _finish(text: _EventText, options: IcsOptions, stats: IcsStats) -> bytes:
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", text.uid)
    event.add("dtstamp", options.stamp)
    if options.time is None:
        event.add("dtstart", text.day)
        event.add("dtend", text.day + dt.timedelta(days=1))
    else:
        from zoneinfo import ZoneInfo

        start = dt.datetime.combine(text.day, options.time, tzinfo=ZoneInfo(options.tz))
        event.add("dtstart", start)
        event.add("dtend", start + TIMED_EVENT_LENGTH)
    event.add("summary", text.summary)
    event.add("description", text.description)
    event.add("categories", list(text.categories))
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("sequence", 0)
    for before in options.alarms:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -before)
        alarm.add("description", text.summary)
        event.add_component(alarm)
    data: bytes = event.to_ical()
    stats.events += 1
    old = options.previous.events.get(text.uid) if options.previous else None
    if old is None:
        stats.new += 1
        return data
    if _fingerprint(_event_lines(data)) == old.fingerprint:
        stats.unchanged += 1
        sequence = old.sequence
    else:
        stats.changed += 1
        sequence = old.sequence + 1
    return _set_sequence(data, sequence)


def _cancelled(old: PreviousEvent, options: IcsOptions, stats: IcsStats) -> bytes:
    """The old event once more, cancelled: STATUS:CANCELLED, no alarm, SEQUENCE + 1."""
    from icalendar import Event

    event = Event.from_ical(old.component.to_ical())
    assert isinstance(event, Event)
    already = str(event.get("STATUS", "")).upper() == "CANCELLED"
    event.subcomponents = [c for c in event.subcomponents if c.name != "VALARM"]
    for name in ("DTSTAMP", "STATUS", "SEQUENCE"):
        event.pop(name, None)
    event.add("dtstamp", options.stamp)
    if not already:
        summary = str(event.pop("SUMMARY", ""))
        event.add("summary", f"{_LABELS[options.lang]['cancelled']} · {summary}")
    event.add("status", "CANCELLED")
    event.add("sequence", 0)
    data: bytes = event.to_ical()
    stats.events += 1
    if already and _fingerprint(_event_lines(data)) == old.fingerprint:
        stats.still_cancelled += 1
        return _set_sequence(data, old.sequence)
    stats.cancelled += 1
    return _set_sequence(data, old.sequence + 1)


def _set_sequence(data: bytes, sequence: int) -> bytes:
    marker = b"\r\nSEQUENCE:0\r\n"
    assert data.count(marker) == 1
    return data.replace(marker, f"\r\nSEQUENCE:{sequence}\r\n".encode("ascii"))


_FOLD = re.compile(rb"\r?\n[ \t]")


def _unfold(data: bytes) -> list[str]:
    return _FOLD.sub(b"", data).decode("utf-8", errors="replace").splitlines()


def _split_line(line: str) -> tuple[str, str, str]:
    """A content line's name (upper case), parameters and value (RFC 5545 section 3.1)."""
    head, _, value = line.partition(":")
    name, _, params = head.partition(";")
    return name.strip().upper(), params, value


def _event_lines(data: bytes) -> list[str]:
    return _unfold(data)


def _fingerprint(lines: list[str]) -> str:
    """What an event says, without when it was written (DTSTAMP) or its revision (SEQUENCE)."""
    kept = [line for line in lines if _split_line(line)[0] not in ("DTSTAMP", "SEQUENCE")]
    return hashlib.sha256("\n".join(kept).encode("utf-8")).hexdigest()


def _raw_events(data: bytes) -> Iterator[tuple[str, list[str]]]:
    """Each VEVENT of an iCalendar file as its UID and its unfolded content lines."""
    lines: list[str] | None = None
    depth = 0
    uid = ""
    for line in _unfold(data):
        name, _, value = _split_line(line)
        if lines is None:
            if name == "BEGIN" and value.strip().upper() == "VEVENT":
                lines, depth, uid = [line], 1, ""
            continue
        lines.append(line)
        if name == "BEGIN":
            depth += 1
        elif name == "END":
            depth -= 1
            if depth == 0:
                yield uid, lines
                lines = None
        elif name == "UID" and depth == 1:
            uid = value


__all__ = [
    "DETAILS",
    "GROUPS",
    "MONITORING",
    "UID_NAMESPACE",
    "IcsError",
    "IcsOptions",
    "IcsStats",
    "PreviousCalendar",
    "PreviousEvent",
    "calendar_name",
    "event_uid",
    "render_ics",
    "timezone_span",
    "write_ics",
]
