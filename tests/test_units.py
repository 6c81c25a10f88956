"""Doses as text and numbers: every accepted form, every refusal, half-up rounding, ISMP writing.

Expected values are worked out by hand from the dose text; rounding ties are chosen so that
float ``round()`` would give the other answer (``round(1.65, 1) == 1.6``, ``round(2.675, 2) ==
2.67``), so a regression to float arithmetic fails here.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from mmsched.engine.units import (
    Dose,
    format_amount,
    json_number,
    normalize,
    parse_number,
    round_half_up,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "low", "high", "unit", "per"),
    [
        ("1.3 mg/m2", "1.3", "1.3", "mg", "m2"),
        ("1.3 mg/m²", "1.3", "1.3", "mg", "m2"),
        ("1.3mg/M2", "1.3", "1.3", "mg", "m2"),
        ("1.3 mg / m2", "1.3", "1.3", "mg", "m2"),
        ("300 mg/m2", "300", "300", "mg", "m2"),
        ("16 mg/kg", "16", "16", "mg", "kg"),
        ("25 mg", "25", "25", "mg", None),
        ("25 MG", "25", "25", "mg", None),
        ("  25 mg  ", "25", "25", "mg", None),
        ("0.5 mg", "0.5", "0.5", "mg", None),
        (".5 mg", "0.5", "0.5", "mg", None),
        ("500 mcg", "500", "500", "mcg", None),
        ("500 µg", "500", "500", "mcg", None),  # U+00B5 MICRO SIGN
        ("500 μg", "500", "500", "mcg", None),  # U+03BC GREEK SMALL LETTER MU
        ("500 ug", "500", "500", "mcg", None),
        ("1 g", "1", "1", "g", None),
        ("500,000 IU", "500000", "500000", "IU", None),
        ("500000 iu", "500000", "500000", "IU", None),
        ("1,000,000 IU", "1000000", "1000000", "IU", None),
        ("1,000.5 mg", "1000.5", "1000.5", "mg", None),
        ("10-40 mg", "10", "40", "mg", None),
        ("10 - 40 mg", "10", "40", "mg", None),
        ("50-200 mg", "50", "200", "mg", None),
        ("20-40 mg", "20", "40", "mg", None),
    ],
)
def test_parse_accepted_forms(text: str, low: str, high: str, unit: str, per: str | None) -> None:
    dose = Dose.parse(text)
    assert (dose.low, dose.high, dose.unit, dose.per) == (D(low), D(high), unit, per)
    assert dose.is_range == (low != high)


def test_parse_range_is_a_range_and_single_is_not() -> None:
    assert Dose.parse("10-40 mg").is_range
    assert not Dose.parse("25 mg").is_range


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("1.3 mg/m²", "1.3 mg/m2"),
        ("10 - 40 mg", "10-40 mg"),
        ("500000 iu", "500,000 IU"),
        ("500 µg", "500 mcg"),
        ("16 mg/kg", "16 mg/kg"),
        (".5 mg", "0.5 mg"),
    ],
)
def test_str_writes_the_canonical_form(text: str, written: str) -> None:
    assert str(Dose.parse(text)) == written


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5 units", "'units' in '5 units' is not a known unit; use one of mg, mcg, g, IU"),
        ("5 U", "'U' in '5 U' is not a known unit"),
        ("25 mgs", "'mgs' in '25 mgs' is not a known unit"),
        ("1.3 mg/day", "'/day' in '1.3 mg/day' is not known; a dose may be per m2 or per kg"),
        ("1.3 mg/m^2", "'/m^2' in '1.3 mg/m^2' is not known"),
        ("2.5 mg/m2/d", "is not known; a dose may be per m2 or per kg"),
        ("0 mg", "'0 mg': a dose must be more than zero"),
        ("0.0 mg", "a dose must be more than zero"),
        ("0-40 mg", "a dose must be more than zero"),
        ("40-10 mg", "'40-10 mg': a range is written low-high, the low amount first"),
        ("1,3 mg", "'1,3' has commas that are not thousands separators"),
        ("50,00 IU", "'50,00' has commas that are not thousands separators"),
        ("5,0000 IU", "'5,0000' has commas that are not thousands separators"),
        ("-5 mg", "'-5 mg' is not a dose; write it as"),
        ("25", "'25' is not a dose"),
        ("mg", "'mg' is not a dose"),
        ("", "'' is not a dose"),
        ("1e3 mg", "'1e3 mg' is not a dose"),
        ("5. mg", "'5. mg' is not a dose"),
        ("10–40 mg", "is not a dose"),  # an en dash is not the range hyphen
    ],
)
def test_parse_refuses_with_a_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Dose.parse(text)


@pytest.mark.parametrize("value", [25, 1.3, None, ["25 mg"]])
def test_parse_refuses_non_text(value: object) -> None:
    with pytest.raises(ValueError, match="a dose is written as text"):
        Dose.parse(value)  # type: ignore[arg-type]


def test_parse_number_thousands() -> None:
    assert parse_number("500,000") == D(500000)
    assert parse_number("1,234.5") == D("1234.5")
    with pytest.raises(ValueError, match="not thousands separators"):
        parse_number(",500")


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [
        # Ties at the step's half: half-up goes away from zero; float round() would not.
        ("1.65", "0.1", "1.7"),  # round(1.65, 1) == 1.6 in float
        ("3.25", "0.1", "3.3"),  # round(3.25, 1) == 3.2 (half to even)
        ("2.675", "0.01", "2.68"),  # round(2.675, 2) == 2.67 (binary 2.67499...)
        ("1.95", "0.1", "2.0"),  # case 1: 1.3 mg/m2 x 1.50 m2
        ("0.05", "0.1", "0.1"),
        # Just below a tie rounds down.
        ("1.949999", "0.1", "1.9"),
        ("1.807", "0.1", "1.8"),  # case 2: 1.3 x 1.39
        ("2.366", "0.1", "2.4"),  # 1.3 x 1.82
        # Steps that are not powers of ten: 16.25 / 2.5 = 6.5 -> 7 -> 17.5.
        ("16.25", "2.5", "17.5"),
        ("16.2", "2.5", "15.0"),  # 6.48 -> 6 -> 15.0
        ("16.3", "2.5", "17.5"),  # 6.52 -> 7 -> 17.5
        ("437.5", "25", "450"),  # 17.5 -> 18 -> 450
        ("412.4", "25", "400"),  # 16.496 -> 16 -> 400
        ("450", "25", "450"),
        ("1.25", "0.5", "1.5"),
        ("1.2", "0.5", "1.0"),
    ],
)
def test_round_half_up(value: str, step: str, expected: str) -> None:
    result = round_half_up(D(value), D(step))
    assert result == D(expected)


def test_round_half_up_keeps_the_step_decimals() -> None:
    # "2.0 mg" is kept as 2.0 (one decimal, like the 0.1 mg step); writing drops the zero.
    assert str(round_half_up(D("1.95"), D("0.1"))) == "2.0"
    assert str(round_half_up(D("437.5"), D("25"))) == "450"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("2.00", "2"),  # no trailing zero
        ("2.0", "2"),
        ("0.10", "0.1"),
        (".7", "0.7"),  # a leading zero
        ("0.5", "0.5"),
        ("1.95", "1.95"),
        ("100", "100"),  # whole tens are not trimmed to 1E+2
        ("1E+2", "100"),
        ("999", "999"),
        ("1000", "1,000"),  # commas from 1,000 up
        ("500000", "500,000"),
        ("5E+5", "500,000"),
        ("1234.5", "1,234.5"),
        ("0.00001", "0.00001"),  # never exponent form
    ],
)
def test_format_amount(value: str, written: str) -> None:
    assert format_amount(D(value)) == written


def test_format_amount_without_grouping() -> None:
    assert format_amount(D("500000"), group=False) == "500000"
    assert format_amount(D("1234.50"), group=False) == "1234.5"


def test_normalize() -> None:
    assert str(normalize(D("2.00"))) == "2"
    assert str(normalize(D("1E+2"))) == "100"
    assert str(normalize(D("1.50"))) == "1.5"


@pytest.mark.parametrize(
    ("value", "number", "kind"),
    [
        ("2.0", 2, int),
        ("2.00", 2, int),
        ("500000", 500000, int),
        ("5E+5", 500000, int),
        ("1.95", 1.95, float),
        ("1.3887", 1.3887, float),
        ("0.7", 0.7, float),
    ],
)
def test_json_number(value: str, number: float, kind: type) -> None:
    result = json_number(D(value))
    assert result == number
    assert type(result) is kind
