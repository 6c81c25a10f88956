"""The .ics renderer (mmsched.exports.ics) on schedules built by hand and on case 1.

Expected values are worked out from the regimen's day rules and the dose arithmetic, not read
back from the renderer: case 1 (RVD + IL-2 from 2026-12-01, 28-day cycles) gives bortezomib on
days 1, 4, 8, 11 of each cycle, 1.3 mg/m² × 1.50 m² = 1.95 mg, rounded to 0.1 mg: 2 mg.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from conftest import EXAMPLES, Golden
from icalendar import Calendar

import mmsched
from mmsched.engine.schedule import Administration, MonitoringEvent, Schedule
from mmsched.exports.ics import (
    UID_NAMESPACE,
    IcsError,
    IcsOptions,
    PreviousCalendar,
    calendar_name,
    event_uid,
    render_ics,
    timezone_span,
    write_ics,
)

STAMP = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
CASE1_BORTEZOMIB = [
    dt.date(2026, 12, 1),
    dt.date(2026, 12, 4),
    dt.date(2026, 12, 8),
    dt.date(2026, 12, 11),
    dt.date(2026, 12, 29),
    dt.date(2027, 1, 1),
    dt.date(2027, 1, 5),
    dt.date(2027, 1, 8),
]


def options(**changes: Any) -> IcsOptions:
    values: dict[str, Any] = {"stamp": STAMP, "lang": "zh"}
    values.update(changes)
    return IcsOptions(**values)


def events(data: bytes) -> list[Any]:
    calendar = Calendar.from_ical(data)
    return list(calendar.events)


def bortezomib(day: dt.date, cycle: int, cycle_day: int, **extra: Any) -> Administration:
    return Administration(
        date=day,
        cycle=cycle,
        day=cycle_day,
        drug="bortezomib",
        dose=Decimal("2.0"),
        dose_calculated=Decimal("1.950"),
        unit="mg",
        route="SC",
        prescribed="1.3 mg/m2",
        basis="1.3 mg/m² × 1.50 m²",
        bsa_m2=Decimal("1.50"),
        rounding="0.1 mg",
        **extra,
    )


def flat(
    drug: str, day: dt.date, cycle: int, cycle_day: int, *, dose: str, unit: str, route: str
) -> Administration:
    amount = Decimal(dose)
    return Administration(
        date=day,
        cycle=cycle,
        day=cycle_day,
        drug=drug,
        dose=amount,
        dose_calculated=amount,
        unit=unit,
        route=route,
        prescribed=f"{dose} {unit}",
        basis="flat dose",
    )


def handmade(**changes: Any) -> Schedule:
    """Two 7-day cycles from Tue 2026-12-01, written out: every field known in advance.

    C1D1 bortezomib, dexamethasone and the lymphocyte-subset panel; C1D3 a blood count only;
    C1D4 bortezomib with a note full of , ; and \\; C1D6 dexamethasone moved from Sun 12-06
    (a closed day) to Mon 12-07, which is C1D7; C2D1 bortezomib.
    """
    d = dt.date
    values: dict[str, Any] = {
        "patient_id": "GZ-0009",
        "patient_name": "廖秀妹",
        "sex": "F",
        "age": 48,
        "regimen_id": "hand",
        "regimen_name": "Hand-made",
        "regimen_name_zh": "手写方案",
        "cycle_days": 7,
        "cycles": 2,
        "start": d(2026, 12, 1),
        "cycle_starts": (d(2026, 12, 1), d(2026, 12, 8)),
        "height_cm": Decimal(156),
        "weight_kg": Decimal(52),
        "bsa_m2": Decimal("1.50"),
        "bsa_formula": "mosteller",
        "bsa_uncapped_m2": Decimal("1.50"),
        "administrations": (
            bortezomib(d(2026, 12, 1), 1, 1),
            flat("dexamethasone", d(2026, 12, 1), 1, 1, dose="20", unit="mg", route="IV"),
            bortezomib(
                d(2026, 12, 4),
                1,
                4,
                notes=("剂量调整,见医嘱;复核\\签字",),
            ),
            Administration(
                date=d(2026, 12, 7),
                cycle=1,
                day=6,
                drug="dexamethasone",
                dose=Decimal(20),
                dose_calculated=Decimal(20),
                unit="mg",
                route="IV",
                prescribed="20 mg",
                basis="flat dose",
                planned_date=d(2026, 12, 6),
                shift_reason="closed day: Sunday",
                shift_reason_zh="休息日:星期日",
            ),
            bortezomib(d(2026, 12, 8), 2, 1),
        ),
        "monitoring": (
            MonitoringEvent(d(2026, 12, 1), 1, 1, "lymphocyte-subsets"),
            MonitoringEvent(d(2026, 12, 3), 1, 3, "blood-count"),
        ),
        "drugs": (("bortezomib", None), ("dexamethasone", None)),
    }
    values.update(changes)
    return Schedule(**values)


# --- identity ---------------------------------------------------------------------------------


def test_uid_is_uuid5_of_the_stable_keys() -> None:
    key = "GZ-0001\x1frvd-il2\x1f1\x1f4\x1fday"
    assert event_uid("GZ-0001", "rvd-il2", 1, 4) == str(uuid.uuid5(UID_NAMESPACE, key))
    assert uuid.UUID(event_uid("GZ-0001", "rvd-il2", 1, 4)).version == 5
    keys = {
        event_uid("GZ-0001", "rvd-il2", 1, 4),
        event_uid("GZ-0001", "rvd-il2", 1, 4, "drug:bortezomib"),
        event_uid("GZ-0001", "rvd-il2", 1, 4, "test:blood-count"),
        event_uid("GZ-0001", "rvd-il2", 2, 4),
        event_uid("GZ-0001", "rvd", 1, 4),
        event_uid("GZ-0002", "rvd-il2", 1, 4),
    }
    assert len(keys) == 6


def test_same_schedule_gives_the_same_bytes() -> None:
    assert render_ics([handmade()], options()) == render_ics([handmade()], options())


def test_duplicate_plan_is_refused() -> None:
    with pytest.raises(IcsError, match="same UID"):
        render_ics([handmade(), handmade()], options())


def test_a_plan_repeated_after_others_is_refused_and_other_pairs_pass() -> None:
    # The UIDs written are kept per (patient id, regimen id): a repeat is found however many
    # plans lie between, and the same patient on another regimen (or another patient on the
    # same regimen) is no repeat.
    others = [handmade(patient_id="GZ-0010"), handmade(regimen_id="hand-2")]
    one = render_ics([handmade()], options()).count(b"BEGIN:VEVENT")
    assert render_ics([handmade(), *others], options()).count(b"BEGIN:VEVENT") == 3 * one > 0
    with pytest.raises(IcsError, match=r"patient GZ-0009.*same UID"):
        render_ics([handmade(), *others, handmade()], options())


# --- case 1, checked by hand --------------------------------------------------------------------


@pytest.fixture(scope="module")
def case1() -> Schedule:
    return mmsched.expand(mmsched.load_plan(EXAMPLES / "case1-rvd-il2.yaml"))


def test_case1_drug_events_bortezomib(case1: Schedule) -> None:
    found = [
        e
        for e in events(render_ics([case1], options(group="drug", lang="en")))
        if list(e.categories) == ["bortezomib"]
    ]
    assert [e.start for e in found] == CASE1_BORTEZOMIB
    assert [e.end - e.start for e in found] == [dt.timedelta(days=1)] * 8
    cycle_days = ["C1D1", "C1D4", "C1D8", "C1D11", "C2D1", "C2D4", "C2D8", "C2D11"]
    assert [str(e["SUMMARY"]) for e in found] == [
        f"{cd} bortezomib 2 mg subcut · 廖某妹" for cd in cycle_days
    ]
    assert "bortezomib 1.3 mg/m² → 2 mg · subcut" in str(found[0]["DESCRIPTION"])


def test_case1_drug_events_count(case1: Schedule) -> None:
    # Per 28-day cycle: lenalidomide 28 + bortezomib 4 + dexamethasone 8 + IL-2 7 = 47.
    found = events(render_ics([case1], options(group="drug")))
    # Issue 13: the order set's aspirin and aciclovir, every day of both cycles, each its own
    # event (2 × 28 each); never counted with the anticancer drugs.
    order_set = {"阿司匹林", "阿昔洛韦"}
    drug_events = [
        e
        for e in found
        if "MONITORING" not in list(e.categories) and not order_set & set(e.categories)
    ]
    assert len(drug_events) == 2 * 47
    assert len([e for e in found if order_set & set(e.categories)]) == 2 * 2 * 28


def test_case1_day_events(case1: Schedule) -> None:
    found = events(render_ics([case1], options()))
    # Lenalidomide is given every day of both cycles: 56 treatment days, one event each.
    assert [e.start for e in found] == [
        dt.date(2026, 12, 1) + dt.timedelta(days=n) for n in range(56)
    ]
    by_date = {e.start: e for e in found}
    for day in CASE1_BORTEZOMIB:
        assert "硼替佐米 1.3 mg/m² → 2 mg · 皮下注射（SC）" in str(by_date[day]["DESCRIPTION"])
        assert "硼替佐米" in list(by_date[day].categories)
    assert "硼替佐米" not in str(by_date[dt.date(2026, 12, 2)]["DESCRIPTION"])
    first = by_date[dt.date(2026, 12, 1)]
    assert str(first["SUMMARY"]).startswith("C1D1 来那度胺、硼替佐米、地塞米松、重组人白介素-2")
    assert "重组人白介素-2 50万国际单位（IU） · 皮下注射（SC）" in str(first["DESCRIPTION"])
    assert event_uid("GZ-0001", "rvd-il2", 2, 4) == str(by_date[dt.date(2027, 1, 1)]["UID"])


# --- the calendar and its events ----------------------------------------------------------------


def test_calendar_header() -> None:
    calendar = Calendar.from_ical(render_ics([handmade()], options(calendar_name="病区 5")))
    assert str(calendar["PRODID"]).startswith("-//mmsched//mmsched ")
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "病区 5"
    assert not calendar.timezones


def test_every_event_has_the_required_properties() -> None:
    for group in ("day", "drug"):
        for event in events(render_ics([handmade()], options(group=group))):
            assert event["DTSTAMP"].dt == STAMP
            assert event.get("SEQUENCE") == 0
            assert str(event["STATUS"]) == "CONFIRMED"
            assert str(event["TRANSP"]) == "TRANSPARENT"
            assert event["DTSTART"].params.get("VALUE") == "DATE"
            assert event.end - event.start == dt.timedelta(days=1)
            assert "DURATION" not in event


def test_day_group_one_event_per_day_and_a_test_only_day() -> None:
    found = events(render_ics([handmade()], options()))
    assert [(e.start, str(e["SUMMARY"])) for e in found] == [
        (dt.date(2026, 12, 1), "C1D1 硼替佐米、地塞米松 + 检查 · 廖某妹"),
        (dt.date(2026, 12, 3), "C1D3 血常规 · 廖某妹"),
        (dt.date(2026, 12, 4), "C1D4 硼替佐米 · 廖某妹"),
        (dt.date(2026, 12, 7), "C1D7 地塞米松 · 廖某妹"),
        (dt.date(2026, 12, 8), "C2D1 硼替佐米 · 廖某妹"),
    ]
    assert list(found[0].categories) == ["硼替佐米", "地塞米松", "MONITORING"]
    assert list(found[1].categories) == ["MONITORING"]
    assert "检查：淋巴细胞亚群" in str(found[0]["DESCRIPTION"])
    assert "检查：血常规" in str(found[1]["DESCRIPTION"])


def test_drug_group_one_event_per_dose_and_per_test() -> None:
    found = events(render_ics([handmade()], options(group="drug", lang="en")))
    assert [(e.start, str(e["SUMMARY"]), list(e.categories)) for e in found] == [
        (dt.date(2026, 12, 1), "C1D1 bortezomib 2 mg subcut · 廖某妹", ["bortezomib"]),
        (dt.date(2026, 12, 1), "C1D1 dexamethasone 20 mg IV · 廖某妹", ["dexamethasone"]),
        (
            dt.date(2026, 12, 1),
            "C1D1 Lymphocyte subsets (CD3+, CD4+, CD8+, CD4/CD8, NK, B cells) · 廖某妹",
            ["MONITORING"],
        ),
        (dt.date(2026, 12, 3), "C1D3 Complete blood count · 廖某妹", ["MONITORING"]),
        (dt.date(2026, 12, 4), "C1D4 bortezomib 2 mg subcut · 廖某妹", ["bortezomib"]),
        (dt.date(2026, 12, 7), "C1D6 dexamethasone 20 mg IV · 廖某妹", ["dexamethasone"]),
        (dt.date(2026, 12, 8), "C2D1 bortezomib 2 mg subcut · 廖某妹", ["bortezomib"]),
    ]
    uids = [str(e["UID"]) for e in found]
    assert uids[0] == event_uid("GZ-0009", "hand", 1, 1, "drug:bortezomib")
    assert uids[2] == event_uid("GZ-0009", "hand", 1, 1, "test:lymphocyte-subsets")
    # A moved dose keeps the key of its planned day: a later move moves the same event.
    assert uids[5] == event_uid("GZ-0009", "hand", 1, 6, "drug:dexamethasone")


def test_moved_dose_and_notes_are_shown() -> None:
    zh = events(render_ics([handmade()], options()))
    moved = str(zh[3]["DESCRIPTION"]).splitlines()
    # The event is the day it falls on (C1D7); the dose keeps its own day (C1D6).
    assert moved[2:] == [
        "地塞米松 20 mg · 静脉滴注（IV） · C1D6",
        "  原定 2026年12月6日 星期日：休息日:星期日",
    ]
    assert "备注：剂量调整,见医嘱;复核\\签字" in str(zh[2]["DESCRIPTION"])
    en = events(render_ics([handmade()], options(lang="en")))
    assert str(en[3]["DESCRIPTION"]).splitlines()[2:] == [
        "dexamethasone 20 mg · IV · C1D6",
        "  moved from Sun 6 Dec 2026: closed day: Sunday",
    ]


def test_day_event_key_is_the_day_it_falls_on() -> None:
    """A delayed cycle keeps its events' UIDs: the key is cycle and day, not the date."""
    plain = events(render_ics([handmade()], options()))
    later = handmade(
        cycle_starts=(dt.date(2026, 12, 1), dt.date(2026, 12, 15)),
        administrations=(*handmade().administrations[:4], bortezomib(dt.date(2026, 12, 15), 2, 1)),
    )
    delayed = events(render_ics([later], options()))
    assert [str(e["UID"]) for e in plain] == [str(e["UID"]) for e in delayed]
    assert delayed[4].start == dt.date(2026, 12, 15)


def test_timed_events_in_the_ward_zone() -> None:
    data = render_ics(
        [handmade()],
        options(time=dt.time(9, 0), tz_span=timezone_span([handmade()])),
    )
    calendar = Calendar.from_ical(data)
    assert calendar.get_missing_tzids() == set()
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Shanghai"]
    first = calendar.events[0]
    assert b"DTSTART;TZID=Asia/Shanghai:20261201T090000\r\n" in data
    assert first.start.astimezone(dt.UTC) == dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    assert first.end - first.start == dt.timedelta(hours=1)


def test_timed_events_in_a_zone_with_summer_time() -> None:
    data = render_ics([handmade()], options(time=dt.time(9, 0), tz="Europe/Berlin"))
    calendar = Calendar.from_ical(data)
    assert calendar.get_missing_tzids() == set()
    # December in Berlin is UTC+1.
    assert calendar.events[0].start.astimezone(dt.UTC).hour == 8


def test_alarms() -> None:
    found = events(
        render_ics([handmade()], options(alarms=(dt.timedelta(days=1), dt.timedelta(hours=2))))
    )
    for event in found:
        alarms = event.walk("VALARM")
        assert [str(a["ACTION"]) for a in alarms] == ["DISPLAY", "DISPLAY"]
        assert [a["TRIGGER"].dt for a in alarms] == [-dt.timedelta(days=1), -dt.timedelta(hours=2)]
        assert all(str(a["DESCRIPTION"]) == str(event["SUMMARY"]) for a in alarms)


def test_languages() -> None:
    en = events(render_ics([handmade()], options(lang="en")))
    assert str(en[0]["SUMMARY"]) == "C1D1 bortezomib, dexamethasone + tests · 廖某妹"
    assert str(en[0]["DESCRIPTION"]).splitlines()[:3] == [
        "Patient 廖某妹 · GZ-0009",
        "Hand-made (hand) · C1D1 · Tue 1 Dec 2026",
        "bortezomib 1.3 mg/m² → 2 mg · subcut",
    ]
    zh = events(render_ics([handmade()], options(lang="zh")))
    assert str(zh[0]["DESCRIPTION"]).splitlines()[:3] == [
        "患者 廖某妹 · GZ-0009",
        "手写方案（hand） · C1D1 · 2026年12月1日 星期二",
        "硼替佐米 1.3 mg/m² → 2 mg · 皮下注射（SC）",
    ]


# --- privacy ------------------------------------------------------------------------------------


def test_masked_name_by_default_full_name_on_request() -> None:
    masked = render_ics([handmade()], options()).decode("utf-8")
    assert "廖秀妹" not in masked
    assert "廖某妹" in masked
    full = render_ics([handmade()], options(full_name=True)).decode("utf-8")
    assert "廖秀妹" in full


def test_no_birth_date_age_sex_or_body_by_default() -> None:
    plan = mmsched.Plan(
        patient=mmsched.Patient(
            id="GZ-0077",
            name="王小芳",
            sex="F",
            birth_date=dt.date(1978, 3, 2),
            height_cm=Decimal(156),
            weight_kg=Decimal(52),
        ),
        regimen="rvd",
        start=dt.date(2026, 12, 1),
        doses={"dexamethasone": "20 mg"},
        cycles=1,
    )
    schedule = mmsched.expand(plan)
    for detail in ("standard", "full"):
        for lang in ("zh", "en"):
            for group in ("day", "drug"):
                chosen = options(detail=detail, lang=lang, group=group)
                text = render_ics([schedule], chosen).decode("utf-8")
                for leak in (
                    "1978",
                    "19780302",
                    "03-02",
                    "王小芳",
                    "48 岁",
                    "48 years",
                    "女",
                    "female",
                ):
                    assert leak not in text, (detail, lang, group, leak)
    standard = render_ics([schedule], options()).decode("utf-8")
    assert "156 cm" not in standard
    assert "52 kg" not in standard
    assert "GZ-0077" in standard
    assert "王某芳" in standard


def test_full_detail_adds_body_and_calculation() -> None:
    text = "".join(
        str(e["DESCRIPTION"]) for e in events(render_ics([handmade()], options(detail="full")))
    )
    assert "身高 156 cm · 体重 52 kg · 体表面积 1.50 m² · Mosteller 公式：√(H × W / 3600)" in text
    assert "1.3 mg/m² × 1.50 m² = 1.95 mg，按 0.1 mg 取整 → 2 mg" in text


def test_no_name_shows_the_id() -> None:
    found = events(render_ics([handmade(patient_name=None)], options()))
    assert str(found[0]["SUMMARY"]).endswith(" · GZ-0009")
    assert str(found[0]["DESCRIPTION"]).startswith("患者 GZ-0009\n")


def test_calendar_names() -> None:
    assert calendar_name([handmade()], "zh") == "廖某妹 · 手写方案"
    assert calendar_name([handmade()], "en", full_name=True) == "廖秀妹 · Hand-made"
    other = handmade(patient_id="GZ-0010")
    assert calendar_name([handmade(), other], "zh") == "病区化疗日历 · 2 位患者"
    assert calendar_name([handmade(), other], "en") == "Ward chemotherapy calendar · 2 patients"
    # One patient on two regimens is one patient, not "1 patients".
    second = handmade(regimen_id="hand-2")
    assert calendar_name([handmade(), second], "en") == "Ward chemotherapy calendar · 1 patient"
    assert calendar_name([handmade(), second], "zh") == "病区化疗日历 · 1 位患者"


# --- doses above the regimen's (a plan override) ------------------------------------------------


def with_override() -> Schedule:
    """The hand-made schedule with lenalidomide 37.5 mg PO on C1D1, above the regimen's 25 mg
    by an explicit override (25 mg × 150 %)."""
    lenalidomide = dataclasses.replace(
        flat("lenalidomide", dt.date(2026, 12, 1), 1, 1, dose="37.5", unit="mg", route="PO"),
        prescribed="37.5 mg",
        override=True,
        notes=("OVERRIDE above the regimen's dose: 150 % from cycle 1: 37.5 mg (trial)",),
    )
    adms = handmade().administrations
    return handmade(administrations=(adms[0], adms[1], lenalidomide, *adms[2:]))


def test_override_dose_is_marked_in_the_drug_event_summary() -> None:
    en = events(render_ics([with_override()], options(group="drug", lang="en")))
    zh = events(render_ics([with_override()], options(group="drug")))
    assert [str(e["SUMMARY"]) for e in en if e.start == dt.date(2026, 12, 1)][:3] == [
        "C1D1 bortezomib 2 mg subcut · 廖某妹",
        "C1D1 dexamethasone 20 mg IV · 廖某妹",
        "C1D1 lenalidomide 37.5 mg OVERRIDE PO · 廖某妹",
    ]
    assert str(zh[2]["SUMMARY"]) == "C1D1 来那度胺 37.5 mg 超方案剂量 PO · 廖某妹"
    # The drug's category stays its name: clients filter by drug.
    assert list(zh[2].categories) == ["来那度胺"]
    # Doses without an override are not marked.
    assert not any("OVERRIDE" in str(e["SUMMARY"]) for e in en if e.start != dt.date(2026, 12, 1))


def test_override_dose_is_marked_in_the_day_event_summary() -> None:
    zh = events(render_ics([with_override()], options()))
    en = events(render_ics([with_override()], options(lang="en")))
    assert str(zh[0]["SUMMARY"]) == "C1D1 硼替佐米、地塞米松、来那度胺 超方案剂量 + 检查 · 廖某妹"
    assert str(en[0]["SUMMARY"]) == (
        "C1D1 bortezomib, dexamethasone, lenalidomide OVERRIDE + tests · 廖某妹"
    )
    assert list(zh[0].categories) == ["硼替佐米", "地塞米松", "来那度胺", "MONITORING"]
    assert "OVERRIDE above the regimen's dose" in str(en[0]["DESCRIPTION"])
    assert [str(e["SUMMARY"]) for e in zh[1:]] == [
        "C1D3 血常规 · 廖某妹",
        "C1D4 硼替佐米 · 廖某妹",
        "C1D7 地塞米松 · 廖某妹",
        "C2D1 硼替佐米 · 廖某妹",
    ]


# --- options ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stamp": dt.datetime(2026, 11, 1)}, "give a time zone"),
        ({"tz": "Asia/Shangai", "time": dt.time(9)}, "not a time zone of the IANA database"),
        ({"alarms": (dt.timedelta(0),)}, "between 1 minute and 28 days"),
        ({"alarms": (dt.timedelta(days=40),)}, "between 1 minute and 28 days"),
        ({"alarms": (dt.timedelta(days=1), dt.timedelta(days=1))}, "given twice"),
        ({"group": "patient"}, "not one of day, drug"),
        ({"detail": "all"}, "not one of standard, full"),
        ({"lang": "fr"}, "not zh or en"),
    ],
)
def test_bad_options(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(IcsError, match=message):
        options(**changes)


def test_stamp_is_converted_to_utc() -> None:
    shanghai = dt.timezone(dt.timedelta(hours=8))
    assert options(stamp=dt.datetime(2026, 11, 1, 8, tzinfo=shanghai)).stamp == STAMP


# --- streaming ----------------------------------------------------------------------------------


def test_events_are_written_before_the_next_schedule_is_read() -> None:
    class Sink:
        def __init__(self) -> None:
            self.data = b""

        def write(self, chunk: bytes) -> int:
            self.data += chunk
            return len(chunk)

    sink = Sink()
    seen_before_second: list[int] = []

    def plans() -> Iterator[Schedule]:
        yield handmade()
        seen_before_second.append(sink.data.count(b"BEGIN:VEVENT"))
        yield handmade(patient_id="GZ-0010")

    stats = write_ics(plans(), sink, options())  # type: ignore[arg-type]
    assert seen_before_second == [5]
    assert (stats.schedules, stats.events, stats.new) == (2, 10, 10)
    assert sink.data.endswith(b"END:VEVENT\r\nEND:VCALENDAR\r\n")


# --- previous export ----------------------------------------------------------------------------


def test_previous_must_be_icalendar_from_mmsched() -> None:
    with pytest.raises(IcsError, match="not an iCalendar file"):
        PreviousCalendar.parse(b"patient: {id: GZ-0001}\n", "old.ics")
    other = (
        b"BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        b"VERSION:2.0\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(IcsError, match="was not written by mmsched"):
        PreviousCalendar.parse(other, "old.ics")


def test_unchanged_export_against_itself_is_identical() -> None:
    first = render_ics([handmade()], options(alarms=(dt.timedelta(days=1),)))
    again = render_ics(
        [handmade()],
        options(alarms=(dt.timedelta(days=1),), previous=PreviousCalendar.parse(first)),
    )
    assert again == first


def test_golden_handmade(golden: Golden) -> None:
    golden.check("ics/handmade-day-zh.ics", render_ics([handmade()], options()))
    golden.check(
        "ics/handmade-drug-en-timed-full.ics",
        render_ics(
            [handmade()],
            options(
                lang="en",
                group="drug",
                time=dt.time(8, 30),
                tz_span=timezone_span([handmade()]),
                alarms=(dt.timedelta(hours=2),),
                detail="full",
                full_name=True,
            ),
        ),
    )


def test_full_detail_shows_the_weight_a_cycle_was_dosed_on() -> None:
    from mmsched.engine.schedule import DoseChange, WeightFlag

    # 156 cm, 45.5 kg: Mosteller √(156 × 45.5 / 3600) = 1.404 → 1.40 m².
    flag = WeightFlag(
        cycle=2,
        date=dt.date(2026, 12, 8),
        weight_kg=Decimal("45.5"),
        baseline_weight_kg=Decimal(52),
        change_percent=Decimal("-12.5"),
        bsa_m2=Decimal("1.40"),
        doses=(DoseChange("bortezomib", Decimal("2.0"), Decimal("1.8"), "mg"),),
    )
    found = events(render_ics([handmade(weight_flags=(flag,))], options(detail="full")))
    heads = {e.start: str(e["DESCRIPTION"]).splitlines()[2] for e in found}
    assert heads[dt.date(2026, 12, 4)].startswith("身高 156 cm · 体重 52 kg · 体表面积 1.50 m²")
    assert heads[dt.date(2026, 12, 8)].startswith("身高 156 cm · 体重 45.5 kg · 体表面积 1.40 m²")
