"""The ``mmsched ics`` command: plans to one calendar file for ward staff.

A thin shell over :mod:`mmsched.exports.ics`: it reads the plans and the previous export, picks
the time stamp (``--dtstamp``, else ``SOURCE_DATE_EPOCH``, else now in UTC) and the language
(``--lang``, else :func:`mmsched.cli.settings.default_lang`), and writes the file atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import MmschedError, Problem, coded
from .common import (
    bad_parameter,
    date_arg,
    error_line,
    fail,
    library_dirs,
    not_an_input,
    os_reason,
    resolve_lang,
    stdout_gone,
    today_in,
    usage,
    ward_error_line,
)
from .common import shown as quote
from .options import FromOption, LangOption, ToOption, WardFileOption

if TYPE_CHECKING:
    from ..engine.courses import CourseSpan
    from ..engine.schedule import Schedule
    from ..exports.ics import IcsOptions, IcsStats, PreviousCalendar
    from ..views.display import Lang


class IcsGroup(StrEnum):
    day = "day"
    drug = "drug"


class IcsDetail(StrEnum):
    standard = "standard"
    full = "full"


#: The years a DTSTAMP may fall in (a time stamp outside them is a typing mistake).
_STAMP_YEARS = (1970, 9998)


def parse_stamp(text: str | None, environ: dict[str, str] | os._Environ[str]) -> dt.datetime:
    """The DTSTAMP: ``--dtstamp`` (ISO 8601 with a zone), else ``SOURCE_DATE_EPOCH``, else now.

    >>> parse_stamp("2026-11-01T00:00:00Z", {})
    datetime.datetime(2026, 11, 1, 0, 0, tzinfo=datetime.timezone.utc)
    >>> parse_stamp(None, {"SOURCE_DATE_EPOCH": "1793491200"})
    datetime.datetime(2026, 11, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """
    if text is not None:
        try:
            stamp = dt.datetime.fromisoformat(text.strip())
            # 0001-01-01T00:00:00+14:00 is a time before year 1 in UTC: OverflowError.
            utc = stamp.astimezone(dt.UTC) if stamp.tzinfo is not None else None
        except (ValueError, OverflowError):
            utc = None
        if utc is None or not _STAMP_YEARS[0] <= utc.year <= _STAMP_YEARS[1]:
            raise MmschedError(
                [
                    coded(
                        "--dtstamp",
                        "usage.dtstamp.invalid",
                        text=quote(text),
                        first=_STAMP_YEARS[0],
                        last=_STAMP_YEARS[1],
                    )
                ]
            )
        return utc
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise MmschedError(
                [coded("SOURCE_DATE_EPOCH", "usage.source_date_epoch.invalid", epoch=epoch)]
            ) from None
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _check_options(alarms: tuple[dt.timedelta, ...], at: dt.time | None, tz: str) -> None:
    """What :class:`~mmsched.exports.ics.IcsOptions` would refuse in the options themselves
    (an alarm given twice, an unknown zone for timed events), found before any plan is read."""
    problems: list[Problem] = []
    if len(set(alarms)) != len(alarms):
        problems.append(coded("--alarm", "usage.alarm.twice"))
    if at is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(coded("--tz", "usage.tz.unknown", tz=quote(tz)))
    if problems:
        raise MmschedError(problems)


@dataclass
class _Survey:
    """What the first pass over the plans found (no schedule kept but the first)."""

    errors: list[MmschedError] = field(default_factory=list)
    first: Schedule | None = None
    #: The first schedule of each regimen: the calendar's description (their assumptions).
    firsts: dict[str, Schedule] = field(default_factory=dict)
    #: Each plan's course: its patient, regimen and dates (a few values a plan).
    courses: list[CourseSpan] = field(default_factory=list)
    #: The years the time zone must cover.
    years: tuple[dt.date, dt.date] | None = None


def _survey(plans: list[Path], ward: Path | None, regimen_dirs: tuple[Path, ...]) -> _Survey:
    """Expand every plan once: the errors, the first schedule, each plan's course and the
    years the time zone must cover, without keeping any schedule but the first. A file given
    twice, and a patient's plans whose courses overlap, are errors (see
    :mod:`mmsched.batch.courses`)."""
    from ..batch.courses import IN_THE_CALENDAR, left_out
    from ..engine.courses import course_span
    from ..engine.expand import expand
    from ..exports.ics import timezone_span
    from ..formats.limits import file_key
    from ..formats.reader import load_plan

    found = _Survey()
    named: dict[Path, str] = {}
    for path in plans:
        key = file_key(path)
        if key in named:
            code = "ics.given_twice" if named[key] == str(path) else "ics.given_twice.also"
            found.errors.append(MmschedError(coded("", code, first=named[key]), str(path)))
            continue
        named[key] = str(path)
        try:
            schedule = expand(load_plan(path, ward=ward, regimen_dirs=regimen_dirs))
        except MmschedError as exc:
            found.errors.append(exc.in_file(str(path)))
            continue
        found.first = found.first or schedule
        found.firsts.setdefault(schedule.regimen_id, schedule)
        found.courses.append(course_span(schedule, str(path)))
        own = timezone_span([schedule])
        if own is not None:
            years = found.years
            found.years = (min(years[0], own[0]), max(years[1], own[1])) if years else own
    for i, problem in left_out(found.courses, IN_THE_CALENDAR).items():
        found.errors.append(MmschedError(problem, file=found.courses[i].file))
    return found


def ics(
    ctx: typer.Context,
    plans: Annotated[
        list[Path],
        typer.Argument(
            help="Plan files (YAML), or folders whose *.yaml and *.yml files are plans; "
            "several plans, or a folder, make one calendar for the ward.",
            show_default=False,
            metavar="DIR_OR_PLANS...",
        ),
    ],
    *,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The .ics file to write (replaced atomically).",
            show_default=False,
        ),
    ],
    group: Annotated[
        IcsGroup,
        typer.Option(
            help="day: one event per patient and treatment day; drug: one per dose or test."
        ),
    ] = IcsGroup.day,
    time: Annotated[
        str | None,
        typer.Option(
            "--time",
            help="Timed events at HH:MM in --tz (default: all-day events).",
            show_default=False,
        ),
    ] = None,
    tz: Annotated[
        str, typer.Option("--tz", help="The ward's IANA time zone, for timed events.")
    ] = "Asia/Shanghai",
    dtstamp: Annotated[
        str | None,
        typer.Option(
            "--dtstamp",
            help="DTSTAMP in UTC (2026-11-01T00:00:00Z) for a byte-identical re-export; "
            "default SOURCE_DATE_EPOCH, else now.",
            show_default=False,
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="The .ics written last time: changed events get SEQUENCE + 1, events no longer "
            "planned come back as STATUS:CANCELLED.",
            show_default=False,
        ),
    ] = None,
    alarm: Annotated[
        list[str] | None,
        typer.Option(
            "--alarm",
            help="An alarm before each event: 1d, 2h, 30m (repeatable).",
            show_default=False,
        ),
    ] = None,
    full_name: Annotated[
        bool, typer.Option("--full-name", help="Show patients' names unmasked (default: masked).")
    ] = False,
    detail: Annotated[
        IcsDetail,
        typer.Option(
            help="standard: doses as prescribed and as given; "
            "full: adds height, weight, BSA and the formula."
        ),
    ] = IcsDetail.standard,
    lang: LangOption = None,
    ward: WardFileOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
) -> None:
    """Write an iCalendar (.ics) file of every dose, for calendar apps and ward feeds."""
    from ..engine.courses import several_courses
    from ..exports.ics import IcsOptions, calendar_description
    from ..exports.ics.options import parse_alarm, parse_time

    chosen = resolve_lang(lang, ctx)  # first: every error below is written in it
    try:  # values in the command line's own formats: a usage error, exit code 2
        stamp = parse_stamp(dtstamp, {}) if dtstamp is not None else None
        alarms = tuple(parse_alarm(a, "--alarm") for a in alarm or ())
        at = parse_time(time, "--time") if time is not None else None
        _check_options(alarms, at, tz)
    except MmschedError as exc:
        raise usage(exc) from None
    window = _window(ctx, date_from, date_to, tz)
    is_ward = len(plans) > 1 or any(path.is_dir() for path in plans)
    plans = _plan_files(plans)
    # --previous may be the output: updating last export in place is the documented use.
    not_an_input(output, [*plans, ward])
    try:
        stamp = stamp or parse_stamp(None, os.environ)
        old = _read_previous(previous)
    except MmschedError as exc:
        raise fail(exc) from None

    # Two passes, so that a ward of any size is never held in memory: the first expands every
    # plan to find errors, the calendar's name and the years its time zone must cover, keeping
    # none of the schedules; the second expands them again and streams the events to the file.
    dirs = library_dirs(ctx)
    found = _survey(plans, ward, dirs)
    if found.errors:
        for error in found.errors[:-1]:
            typer.echo(error_line(error), err=True)
        raise fail(found.errors[-1])

    name = _calendar_name(found, chosen, full_name=full_name, ward=is_ward)
    span = found.years
    if old is not None and (before := old.span()) is not None:
        # Events carried over from --previous are written in the zone too (issue 17).
        wide = timezone_years(before)
        span = (min(span[0], wide[0]), max(span[1], wide[1])) if span else wide
    try:
        options = IcsOptions(
            stamp=stamp,
            lang=chosen,
            group="drug" if group is IcsGroup.drug else "day",
            time=at,
            tz=tz,
            tz_span=span if at is not None else None,
            alarms=alarms,
            full_name=full_name,
            detail="full" if detail is IcsDetail.full else "standard",
            calendar_name=name,
            previous=old,
            several_courses=several_courses(found.courses),
            calendar_description=calendar_description(list(found.firsts.values()), chosen),
            ward=is_ward,
            window=window,
        )
        stats = _write(output, plans, ward, options, regimen_dirs=dirs)
    except MmschedError as exc:
        raise fail(exc) from None
    except OSError as exc:
        if str(output) == "-":  # as every command says it (a full disk, a closed pipe)
            stdout_gone(exc)
            raise typer.Exit(code=1) from None
        raise fail(
            MmschedError(coded("", "output.cannot_write_it", reason=os_reason(exc)), str(output))
        ) from None
    summary = _summary(stats, compared=old is not None)
    if old is not None and old.foreign:  # events mmsched did not write: never written again
        summary += f"; {old.foreign} event{'s' * (old.foreign != 1)} of --previous not mmsched's"
        summary += " left out"
    if str(output) == "-":  # the calendar went to standard output: the summary may not
        typer.echo(f"wrote standard output: {summary}", err=True)
    else:
        typer.echo(f"wrote {output}: {summary}")


#: An earlier export read with ``--previous`` is at most this big: about 790 bytes an event,
#: so some 170,000 events (a ward's feed is a few MB; 2,000 plans of six cycles, 90 MB).
MAX_PREVIOUS_BYTES = 128 * 1024 * 1024


def _read_previous(previous: Path | None) -> PreviousCalendar | None:
    """The calendar of ``--previous``, if given: a regular file (a FIFO is refused, never
    waited on; a device such as ``/dev/zero`` is refused, never read) of at most
    :data:`MAX_PREVIOUS_BYTES`."""
    if previous is None:
        return None
    from ..exports.ics import PreviousCalendar
    from .fileio import read_previous

    size = MAX_PREVIOUS_BYTES // 1024 // 1024
    data = read_previous(previous, "ics", MAX_PREVIOUS_BYTES, size=size)
    return PreviousCalendar.parse(data, source=str(previous))


def timezone_years(span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """Whole years around ``span``, a year more before it (as
    :func:`mmsched.exports.ics.timezone_span` widens the plans' dates: alarms ring early).

    >>> timezone_years((dt.date(2026, 12, 1), dt.date(2027, 3, 2)))
    (datetime.date(2025, 1, 1), datetime.date(2028, 12, 31))
    """
    return dt.date(span[0].year - 1, 1, 1), dt.date(span[1].year + 1, 12, 31)


def _window(
    ctx: typer.Context, date_from: str | None, date_to: str | None, tz: str
) -> tuple[dt.date, dt.date] | None:
    """``--from``/``--to`` as the dates of the events written (an open end is open); a word
    such as ``today`` is today in ``--tz``, the ward's zone."""
    first, last = date_arg(date_from, "--from"), date_arg(date_to, "--to")
    if first is None and last is None:
        return None
    today = None
    if (first and first.relative) or (last and last.relative):
        try:
            today = today_in(ctx, tz)
        except (KeyError, ValueError):  # ZoneInfoNotFoundError is a KeyError
            raise bad_parameter(coded("--tz", "usage.tz.unknown", tz=quote(tz))) from None
    start = first.on(today or dt.date.min) if first is not None else dt.date.min
    end = last.on(today or dt.date.min) if last is not None else dt.date.max
    if end < start:
        raise bad_parameter(coded("--to", "usage.dates.reversed", end=end, start=start))
    return start, end


def _plan_files(paths: list[Path]) -> list[Path]:
    """The plan files named, a folder standing for its plan files (as ``mmsched ward`` reads
    it: other kinds of file left out, a file that is not a plan an error)."""
    if not any(path.is_dir() for path in paths):
        return paths
    from ..batch.ward import plan_files

    files, errors = plan_files(paths)
    if errors:
        for error in errors[:-1]:
            typer.echo(ward_error_line(error), err=True)
        last = errors[-1]
        raise fail(last.error or MmschedError([Problem("", last.message)], file=last.file))
    return files


def _calendar_name(found: _Survey, lang: Lang, *, full_name: bool, ward: bool) -> str:
    """The patient's calendar for one plan, else the ward's (with how many patients, ids
    compared regardless of case)."""
    from ..exports.ics import calendar_name, ward_calendar_name

    if not ward and found.first is not None:
        return calendar_name([found.first], lang, full_name=full_name)
    return ward_calendar_name(len({span.key for span in found.courses}), lang)


def _write(
    output: Path,
    plans: list[Path],
    ward: Path | None,
    options: IcsOptions,
    *,
    regimen_dirs: tuple[Path, ...],
) -> IcsStats:
    """Expand the plans again and stream their events to ``output``. An error while writing
    leaves the earlier file as it was (:func:`~mmsched.cli.fileio.atomic_writer`)."""
    from ..engine.expand import expand_many
    from ..exports.ics import write_ics
    from ..formats.reader import load_plan
    from .fileio import atomic_writer

    schedules = expand_many(load_plan(path, ward=ward, regimen_dirs=regimen_dirs) for path in plans)
    if str(output) == "-":
        stats = write_ics(schedules, sys.stdout.buffer, options)
        sys.stdout.buffer.flush()
        return stats
    with atomic_writer(output) as handle:
        return write_ics(schedules, handle, options)


def _summary(stats: IcsStats, *, compared: bool) -> str:
    """What was written: events and plans and, after ``--previous``, how the events changed.

    >>> from mmsched.exports.ics import IcsStats
    >>> _summary(IcsStats(schedules=1, events=1), compared=False)
    '1 event from 1 plan'
    >>> _summary(IcsStats(2, 5, new=1, changed=1, unchanged=3, still_cancelled=2), compared=True)
    '5 events from 2 plans (1 new, 1 changed, 3 unchanged, 0 cancelled, 2 cancelled earlier)'
    """
    summary = (
        f"{stats.events} event{'s' * (stats.events != 1)} from "
        f"{stats.schedules} plan{'s' * (stats.schedules != 1)}"
    )
    if compared:
        counts = [
            f"{stats.new} new",
            f"{stats.changed} changed",
            f"{stats.unchanged} unchanged",
            f"{stats.cancelled} cancelled",
        ]
        if stats.still_cancelled:
            counts.append(f"{stats.still_cancelled} cancelled earlier")
        summary += f" ({', '.join(counts)})"
    return summary
