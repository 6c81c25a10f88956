"""The bytes of an .ics file, checked against RFC 5545 by code written here, not by icalendar.

Section 3.1: lines end in CRLF; a line longer than 75 octets is folded with CRLF + one space,
and folding must not split a UTF-8 character. Section 3.3.11: in TEXT, backslash, semicolon and
comma are escaped with a backslash and a newline is written ``\\n``; a colon is not escaped.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from mmsched.engine.schedule import Administration, Schedule
from mmsched.exports.ics import IcsOptions, render_ics

STAMP = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
TRICKY = "剂量调整,见医嘱;复核\\签字:已核对\n第二行 \\n 不是换行"


def schedule(note: str, name: str = "廖秀妹") -> Schedule:
    day = dt.date(2026, 12, 1)
    dose = Administration(
        date=day,
        cycle=1,
        day=1,
        drug="bortezomib",
        dose=Decimal("2.0"),
        dose_calculated=Decimal("1.950"),
        unit="mg",
        route="SC",
        prescribed="1.3 mg/m2",
        basis="1.3 mg/m² × 1.50 m²",
        bsa_m2=Decimal("1.50"),
        rounding="0.1 mg",
        notes=(note,),
    )
    return Schedule(
        patient_id="GZ-0009",
        patient_name=name,
        sex="F",
        age=48,
        regimen_id="hand",
        regimen_name="Hand-made",
        regimen_name_zh="手写方案",
        cycle_days=7,
        cycles=1,
        start=day,
        cycle_starts=(day,),
        height_cm=Decimal(156),
        weight_kg=Decimal(52),
        bsa_m2=Decimal("1.50"),
        bsa_formula="mosteller",
        bsa_uncapped_m2=Decimal("1.50"),
        administrations=(dose,),
    )


def export(note: str, name: str = "廖秀妹", **extra: object) -> bytes:
    options = IcsOptions(stamp=STAMP, lang="zh", full_name=True, **extra)  # type: ignore[arg-type]
    return render_ics([schedule(note, name)], options)


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        assert b"\n" not in line, f"bare LF in {line!r}"
        assert b"\r" not in line, f"bare CR in {line!r}"
    return lines


def content_lines(data: bytes) -> list[str]:
    """Unfold: a line that starts with a space continues the one before (one space removed)."""
    unfolded: list[bytes] = []
    for line in physical_lines(data):
        if line.startswith((b" ", b"\t")):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    return [line.decode("utf-8") for line in unfolded]


def unescape(value: str) -> str:
    """TEXT to text (RFC 5545 section 3.3.11); any other backslash sequence is an error."""

    def one(match: re.Match[str]) -> str:
        return "\n" if match[1] in "nN" else match[1]

    rest = re.sub(r"\\([\\;,nN])", "", value)
    assert "\\" not in rest, f"a stray backslash in {value!r}"
    assert "," not in rest
    assert ";" not in rest, f"an unescaped comma or semicolon in {value!r}"
    return re.sub(r"\\([\\;,nN])", one, value)


def text_property(data: bytes, name: str) -> str:
    found = [line for line in content_lines(data) if line.startswith(f"{name}:")]
    assert len(found) == 1
    return unescape(found[0][len(name) + 1 :])


def check_rules(data: bytes) -> None:
    for line in physical_lines(data):
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")  # a fold that split a character would leave half of it here


def test_crlf_and_no_other_line_end() -> None:
    data = export(TRICKY)
    assert data.count(b"\n") == data.count(b"\r\n")
    assert data.count(b"\r") == data.count(b"\r\n")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")


def test_folding_at_75_octets_keeps_utf8_characters_whole() -> None:
    data = export(TRICKY)
    check_rules(data)
    description = next(
        line
        for line in content_lines(data)
        if line.startswith("DESCRIPTION:")  # one content line...
    )
    assert len(description.encode("utf-8")) > 150  # ...of Chinese text, long enough to fold
    physical = data.split(b"\r\nDESCRIPTION:")[1].split(b"\r\nSTATUS:")[0]
    assert physical.count(b"\r\n ") >= 2


def test_seventy_two_chinese_characters_fold() -> None:
    """CLINICAL.md: a Chinese DESCRIPTION of 72 characters must fold (3 octets a character)."""
    note = "硼替佐米皮下注射" * 9
    assert len(note) == 72
    data = export(note)
    check_rules(data)
    assert text_property(data, "DESCRIPTION").endswith(f"备注：{note}")


def test_escaping_of_comma_semicolon_backslash_and_newline() -> None:
    data = export(TRICKY)
    raw = "".join(line for line in content_lines(data) if line.startswith("DESCRIPTION:"))
    assert "剂量调整\\,见医嘱\\;复核\\\\签字:已核对\\n第二行 \\\\n 不是换行" in raw
    assert text_property(data, "DESCRIPTION").splitlines()[-3:] == [
        "硼替佐米 1.3 mg/m² → 2 mg · 皮下注射（SC）",
        "  备注：剂量调整,见医嘱;复核\\签字:已核对",
        "第二行 \\n 不是换行",
    ]


def test_escaping_in_summary_and_the_name() -> None:
    data = export("无", name="欧阳,娜;娜")
    assert text_property(data, "SUMMARY") == "C1D1 硼替佐米 · 欧阳,娜;娜"
    assert "SUMMARY:C1D1 硼替佐米 · 欧阳\\,娜\\;娜" in content_lines(data)


def test_rules_hold_with_alarms_and_a_time_zone() -> None:
    data = export(TRICKY, alarms=(dt.timedelta(days=1),), time=dt.time(9, 0))
    check_rules(data)
    assert text_property(data, "SUMMARY") == "C1D1 硼替佐米 · 廖秀妹"


# Text a ward might type: CJK (3 octets), supplementary CJK and emoji (4 octets), Latin, and
# every character that TEXT escapes.
_TEXT = st.text(
    alphabet=st.sampled_from([*list("硼替佐米,;\\:\n ab1.°²"), "𠀀", "🩸", "é"]),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip() != "" and not s[-1].isspace())


@settings(max_examples=150, deadline=None)
@given(note=_TEXT)
def test_any_text_folds_and_escapes_correctly(note: str) -> None:
    data = export(note)
    check_rules(data)
    assert text_property(data, "DESCRIPTION").endswith(f"备注：{note}")
