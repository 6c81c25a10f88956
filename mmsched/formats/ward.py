"""Ward and holiday files as validated models, and the ward calendar built from them.

A ward file (``ward.yaml``) gives closed weekdays, China's official holidays (``holidays: cn``)
or other years' files (``holiday_files``), extra closed and open dates, and the ward's
``capacity:`` (chairs and hours a day);
:func:`build_calendar` combines them into the engine's
:class:`~mmsched.engine.wardcal.WardCalendar`, where the precedence of each kind of day lives.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from ..engine.capacity import CapacityOverride, WardCapacity
from ..engine.dispensing import Strengths
from ..engine.names import LocalName
from ..engine.units import Dose
from ..engine.wardcal import WEEKDAY_NAMES, WardCalendar
from ..errors import CodedError
from .base import FileModel, Name
from .limits import quote


class _Model(FileModel):
    """The ward and holiday file models are built when a ward file is first read (most
    calendars have none), not when mmsched is imported: ``mmsched calendar`` starts sooner."""

    model_config = ConfigDict(defer_build=True)


class HolidayPeriod(_Model):
    """One public holiday, every day from ``from`` to ``to`` inclusive."""

    name: Name
    from_: date = Field(alias="from")
    to: date

    @field_validator("name", mode="before")
    @classmethod
    def _plain_name(cls, value: object) -> object:
        return {"en": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _order(self) -> HolidayPeriod:
        if self.to < self.from_:
            raise CodedError("holidays.to_before_from", to=self.to, start=self.from_)
        return self


class HolidayFile(_Model):
    """A year of official holidays and adjusted working days, as in ``cn-2026.yaml``."""

    country: str
    year: int = Field(ge=2000, le=2100)
    source: str = Field(min_length=1)
    holidays: list[HolidayPeriod]
    working_days: list[date] = Field(default_factory=list)

    @model_validator(mode="after")
    def _in_its_year(self) -> HolidayFile:
        """Every date falls in the file's ``year:`` (a holiday may run over New Year, so it
        need only touch the year): a date of another year, typed by mistake, would close or
        open the ward on a day no notice names (issue 12)."""
        problems = [
            f"holidays[{i}] ({period.from_} to {period.to})"
            for i, period in enumerate(self.holidays)
            if period.to.year < self.year or period.from_.year > self.year
        ]
        problems += [
            f"working_days[{i}] ({day})"
            for i, day in enumerate(self.working_days)
            if day.year != self.year
        ]
        if problems:
            raise CodedError(
                "holidays.date_not_in_year" if len(problems) == 1 else "holidays.dates_not_in_year",
                dates="; ".join(problems[:3]),
                year=self.year,
            )
        return self


class FormularyEntry(_Model):
    """The unit strengths the ward's pharmacy holds of one oral drug (they win over a
    regimen's ``strengths``): ``{strengths: [0.75 mg], combine: true, max_units: 60}``."""

    strengths: list[str] = Field(min_length=1)
    combine: bool = False
    max_units: int = Field(default=10, ge=1, le=1000)

    def compiled(self) -> Strengths:
        """The strengths, parsed: one unit, each a positive amount, ascending."""
        doses = []
        for i, text in enumerate(self.strengths):
            try:
                dose = Dose.parse(text)
            except ValueError as exc:
                raise CodedError("ward.formulary.bad_strength", index=i, error=exc) from None
            if dose.per is not None or dose.is_range or dose.low <= 0:
                raise CodedError("ward.formulary.not_a_unit_strength", index=i, text=text)
            doses.append(dose)
        units = {d.unit for d in doses}
        if len(units) > 1:
            raise CodedError("ward.formulary.two_units", units=" and ".join(sorted(units)))
        amounts = tuple(sorted({d.low for d in doses}))
        return Strengths(amounts, doses[0].unit, self.combine, self.max_units, "ward formulary")

    @model_validator(mode="after")
    def _parses(self) -> FormularyEntry:
        self.compiled()
        return self


def _whole_minutes(hours: Decimal | None) -> Decimal | None:
    """Hours that make whole minutes (7.5 is 450 minutes; 7.33 is not a number of minutes)."""
    if hours is not None and (hours * 60) != int(hours * 60):
        raise CodedError("ward.capacity.hours_not_minutes", hours=hours)
    return hours


class CapacityChange(_Model):
    """Chairs and/or hours of a weekday or a date: ``{chairs: 4, hours: 4}``, either field."""

    chairs: int | None = Field(default=None, ge=1, le=1000)
    hours: Decimal | None = Field(default=None, gt=0, le=24)

    _hours = field_validator("hours")(_whole_minutes)

    @model_validator(mode="after")
    def _some(self) -> CapacityChange:
        if self.chairs is None and self.hours is None:
            raise CodedError("ward.capacity.empty_change")
        return self

    def compiled(self) -> CapacityOverride:
        return CapacityOverride(self.chairs, self.hours)


class Capacity(_Model):
    """``capacity:`` of a ward file: chairs (or beds) and nursing hours a day, so many
    chair-minutes a day (chairs × hours × 60), the load the ward wants to stay under
    (``target_percent``), and weekday and dated overrides (a date wins over a weekday)."""

    chairs: int = Field(ge=1, le=1000)
    hours: Decimal = Field(gt=0, le=24)
    target_percent: Decimal = Field(default=Decimal(100), gt=0, le=100)
    by_weekday: dict[str, CapacityChange] = Field(default_factory=dict)
    by_date: dict[date, CapacityChange] = Field(default_factory=dict)

    _hours = field_validator("hours")(_whole_minutes)

    @field_validator("by_weekday", mode="before")
    @classmethod
    def _weekday_keys(cls, value: object) -> object:
        if isinstance(value, dict):
            out = {}
            for key, change in value.items():
                name = str(key).strip().lower()[:3]
                if name not in WEEKDAY_NAMES:
                    raise CodedError("ward.weekday.unknown", day=key, allowed=list(WEEKDAY_NAMES))
                out[name] = change
            return out
        return value

    def compiled(self) -> WardCapacity:
        return WardCapacity(
            chairs=self.chairs,
            hours=self.hours,
            target_percent=self.target_percent,
            by_weekday={WEEKDAY_NAMES.index(k): v.compiled() for k, v in self.by_weekday.items()},
            by_date={k: v.compiled() for k, v in self.by_date.items()},
        )


class WardFile(_Model):
    """A ward file (``ward.yaml``): the contract of issue 4, extended with ``holiday_files``."""

    name: str | None = None
    closed_weekdays: list[str] = Field(default_factory=list)
    holidays: Literal["cn", "none"] = "none"
    holiday_files: list[str] = Field(default_factory=list)
    closed: list[date] = Field(default_factory=list)
    open: list[date] = Field(default_factory=list)
    formulary: dict[str, FormularyEntry] = Field(default_factory=dict)
    timezone: str | None = None
    capacity: Capacity | None = None

    @field_validator("holiday_files")
    @classmethod
    def _each_once(cls, value: list[str]) -> list[str]:
        seen: dict[str, int] = {}
        for i, name in enumerate(value):
            key = os.path.normpath(name)
            if key in seen:
                raise CodedError(
                    "ward.holiday_files.twice", name=quote(name), first=seen[key], index=i
                )
            seen[key] = i
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        """An IANA time zone name that the zone database knows."""
        if value is None:
            return None
        from zoneinfo import ZoneInfo  # only for a ward file that names a zone

        name = value.strip()
        try:
            ZoneInfo(name)
        except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
            name = ""
        if not name:
            raise CodedError("ward.timezone.unknown", value=quote(value))
        return name

    @field_validator("closed_weekdays", mode="before")
    @classmethod
    def _weekdays(cls, value: object) -> object:
        if isinstance(value, list):
            out = []
            for item in value:
                name = str(item).strip().lower()[:3]
                if name not in WEEKDAY_NAMES:
                    raise CodedError("ward.weekday.unknown", day=item, allowed=list(WEEKDAY_NAMES))
                out.append(name)
            return out
        return value


def build_calendar(ward: WardFile, holiday_files: list[HolidayFile]) -> WardCalendar:
    """Combine a ward file with the holiday data it asks for."""
    holidays: dict[date, LocalName] = {}
    working: set[date] = set()
    for data in holiday_files:
        for period in data.holidays:
            name = LocalName(period.name.en, period.name.zh)
            day = period.from_
            while day <= period.to:
                holidays[day] = name
                day += timedelta(days=1)
        working.update(data.working_days)
    return WardCalendar(
        closed_weekdays=frozenset(WEEKDAY_NAMES.index(d) for d in ward.closed_weekdays),
        holidays=holidays,
        working_days=frozenset(working),
        closed=frozenset(ward.closed),
        open=frozenset(ward.open),
        holiday_years=frozenset(h.year for h in holiday_files),
        uses_holidays=ward.holidays != "none" or bool(ward.holiday_files),
        formulary={drug: entry.compiled() for drug, entry in ward.formulary.items()},
        timezone=ward.timezone,
        capacity=None if ward.capacity is None else ward.capacity.compiled(),
    )
