"""Subscribed calendar feeds: ``/feeds/ward.ics`` and ``/feeds/patient/{id}.ics`` (issue 17).

A feed is the ``.ics`` export's events (:mod:`mmsched.exports.ics`, the same text and UIDs)
within a window around today, numbered by the event history (:mod:`.history`): SEQUENCE,
DTSTAMP and LAST-MODIFIED change only when an event's content does, and an event no longer
planned is served as CANCELLED for 14 days. The calendar says how often to fetch it again
(``REFRESH-INTERVAL`` and ``X-PUBLISHED-TTL``, one hour).

The URL's parameters (:class:`FeedParams`): ``group=day|drug``, ``lang=zh|en``, ``back`` and
``ahead`` (days of the window: 14 and 120 by default, at most 3660 each), and ``time``, ``tz``
and ``alarm`` as ``mmsched ics`` takes them (default: all-day events without alarms).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..engine.courses import course_span, several_courses
from ..errors import MmschedError, Problem, coded
from ..exports.ics import (
    EventWriter,
    IcsOptions,
    calendar_description,
    calendar_name,
    feed_header,
    schedule_events,
    ward_calendar_name,
)
from ..exports.ics.options import parse_alarm, parse_time
from ..views.display import Lang
from .folder import Snapshot
from .history import History, Planned, Served

#: The window's default days before and after today, and the most either may be.
DEFAULT_BACK, DEFAULT_AHEAD, MAX_DAYS = 14, 120, 3660
#: How often a client should fetch a feed again.
REFRESH = dt.timedelta(hours=1)
#: At most this many alarms in a feed's URL.
MAX_ALARMS = 5


@dataclass(frozen=True, slots=True)
class FeedParams:
    """What a feed's URL asks for."""

    group: str = "day"
    lang: Lang = "zh"
    back: int = DEFAULT_BACK
    ahead: int = DEFAULT_AHEAD
    time: dt.time | None = None
    tz: str = "Asia/Shanghai"
    alarms: tuple[dt.timedelta, ...] = ()

    @classmethod
    def parse(cls, items: Iterable[tuple[str, str]], default_lang: Lang) -> FeedParams:
        """The parameters of a URL's query (other names, such as ``token``, are ignored).

        >>> FeedParams.parse([("group", "drug"), ("back", "0"), ("alarm", "1d")], "zh").ahead
        120

        Raises:
            MmschedError: a value that is not allowed, with the allowed values (a 400).
        """
        given: dict[str, str] = {}
        alarms: list[str] = []
        for name, value in items:
            if name == "alarm":
                alarms.append(value)
            else:
                given[name] = value
        problems: list[Problem] = []
        group = given.get("group", "day")
        if group not in ("day", "drug"):
            problems.append(coded("group", "feed.group"))
        lang = given.get("lang", default_lang)
        if lang not in ("zh", "en"):
            problems.append(coded("lang", "feed.lang"))
        back = _days(given, "back", DEFAULT_BACK, problems)
        ahead = _days(given, "ahead", DEFAULT_AHEAD, problems)
        at: dt.time | None = None
        befores: list[dt.timedelta] = []
        try:
            at = parse_time(given["time"], "time") if "time" in given else None
            befores = [parse_alarm(a, "alarm") for a in alarms]
        except MmschedError as exc:
            problems.extend(exc.problems)
        if len(set(befores)) != len(befores) or len(befores) > MAX_ALARMS:
            problems.append(coded("alarm", "feed.alarms", most=MAX_ALARMS))
        tz = given.get("tz", "Asia/Shanghai")
        if problems:
            raise MmschedError(problems)
        params = cls(group, lang, back, ahead, at, tz, tuple(befores))  # type: ignore[arg-type]
        try:  # the zone, as the export checks it
            params.options(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), (dt.date.min, dt.date.max))
        except MmschedError as exc:
            raise MmschedError(exc.problems) from None
        return params

    def window(self, today: dt.date) -> tuple[dt.date, dt.date]:
        """The first and last date of the events served."""
        return today - dt.timedelta(days=self.back), today + dt.timedelta(days=self.ahead)

    def options(
        self, now: dt.datetime, window: tuple[dt.date, dt.date], **more: object
    ) -> IcsOptions:
        """The export's options for this feed."""
        span = None
        if self.time is not None and window[0] > dt.date.min and window[1] < dt.date.max:
            span = (dt.date(window[0].year - 1, 1, 1), dt.date(window[1].year + 1, 12, 31))
        return IcsOptions(
            stamp=now,
            lang=self.lang,
            group="drug" if self.group == "drug" else "day",
            time=self.time,
            tz=self.tz,
            tz_span=span,
            alarms=self.alarms,
            window=window,
            **more,  # type: ignore[arg-type]
        )


def _days(given: dict[str, str], name: str, default: int, problems: list[Problem]) -> int:
    text = given.get(name)
    if text is None:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 4 and int(text) <= MAX_DAYS):
        problems.append(coded(name, "feed.days", most=MAX_DAYS))
        return default
    return int(text)


def variant_key(patient: str | None, params: FeedParams, *, full_name: bool) -> str:
    """The history's key of a feed: the ward or a patient, the grouping, the language and
    masked or full names (the form of the times and the alarms do not change an event).

    >>> variant_key(None, FeedParams(), full_name=False)
    'ward|day|zh|masked'
    """
    who = "ward" if patient is None else f"patient:{patient}"
    return f"{who}|{params.group}|{params.lang}|{'full' if full_name else 'masked'}"


def build_feed(
    snapshot: Snapshot,
    history: History,
    *,
    patient: str | None,
    params: FeedParams,
    full_name: bool,
    today: dt.date,
    now: dt.datetime,
) -> tuple[bytes, dt.datetime, dt.datetime | None]:
    """The feed's bytes, the time of its last change and the time it changes by itself (a
    cancelled event is dropped; None if none will be), for the ward (``patient`` None) or one
    patient (a patient key)."""
    patients = snapshot.patients if patient is None else snapshot.by_patient.get(patient, ())
    schedules = [p.schedule for p in patients]
    spans = [course_span(p.schedule, p.file) for p in patients]
    if patient is None:
        # A broken plan's patient still counts: the feed still serves that patient's events.
        kept = {history.patient_of(file) for file in snapshot.broken} - {None}
        name = ward_calendar_name(len(set(snapshot.by_patient) | kept), params.lang)
    elif schedules:
        name = calendar_name(schedules[:1], params.lang, full_name=full_name)
    else:  # only a broken plan: its events as last seen, under the patient's id
        name = patient
    window = params.window(today)
    options = params.options(
        now,
        window,
        full_name=full_name,
        calendar_name=name,
        calendar_description=calendar_description(schedules, params.lang),
        several_courses=several_courses(spans),
        ward=patient is None,
    )
    planned: list[Planned] = []
    seen: set[str] = set()
    for entry in patients:
        for text in schedule_events(entry.schedule, options):
            if text.uid not in seen:  # two plans can clash only if the ward sheet's rule let
                seen.add(text.uid)  # them both through; the first is kept, as the sheet does
                planned.append(Planned(text, entry.file))
    variant = variant_key(patient, params, full_name=full_name)
    served, last, expires = history.sync(variant, planned, snapshot.broken, now)
    chosen = sorted(
        (s for s in served if window[0] <= s.text.day <= window[1]),
        key=lambda s: (s.text.day, s.text.summary, s.text.uid),
    )
    return _calendar(options, chosen), last, expires


def _calendar(options: IcsOptions, served: list[Served]) -> bytes:
    writer = EventWriter(options)
    parts = [feed_header(options, REFRESH)]
    parts.extend(
        writer.feed_event(s.text, sequence=s.sequence, changed=s.changed, cancelled=s.cancelled)
        for s in served
    )
    parts.append(b"END:VCALENDAR\r\n")
    return b"".join(parts)
