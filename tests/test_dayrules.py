"""Day rules: every form of the grammar, every refusal, and cycle ranges."""

from __future__ import annotations

import re

import pytest

from mmsched.engine.dayrules import parse_cycles, parse_days


@pytest.mark.parametrize(
    ("rule", "cycle_days", "expected"),
    [
        # N
        ("1", 28, (1,)),
        ("28", 28, (28,)),
        # single int from YAML (days: 1)
        (1, 28, (1,)),
        (21, 21, (21,)),
        # comma lists, in any order, spaces optional
        ("1, 4, 8, 11", 28, (1, 4, 8, 11)),
        ("11,8,4,1", 28, (1, 4, 8, 11)),
        ("1, 2, 4, 5, 8, 9, 11, 12", 21, (1, 2, 4, 5, 8, 9, 11, 12)),
        # N-M, inclusive at both ends
        ("1-4", 28, (1, 2, 3, 4)),
        ("1 - 4", 28, (1, 2, 3, 4)),
        ("5-5", 28, (5,)),
        ("1-4, 9-12", 28, (1, 2, 3, 4, 9, 10, 11, 12)),
        ("1-4, 9-12, 17-20", 28, (1, 2, 3, 4, 9, 10, 11, 12, 17, 18, 19, 20)),
        ("1-7", 28, (1, 2, 3, 4, 5, 6, 7)),
        ("22-28", 28, (22, 23, 24, 25, 26, 27, 28)),
        # N-M/K: every K-th day from N, not passing M
        ("1-27/2", 28, tuple(range(1, 28, 2))),  # 1, 3, ..., 27 (14 days)
        ("1-9/4", 21, (1, 5, 9)),
        ("1-10/4", 28, (1, 5, 9)),  # 13 would pass 10
        ("1-22/7", 28, (1, 8, 15, 22)),  # weekly
        ("1 - 22 / 7", 28, (1, 8, 15, 22)),
        ("2-3/5", 28, (2,)),  # step longer than the range
        ("1-15/14, 20", 28, (1, 15, 20)),
        # daily: every day of the cycle, whatever its length
        ("daily", 28, tuple(range(1, 29))),
        ("Daily", 21, tuple(range(1, 22))),
        ("DAILY", 7, (1, 2, 3, 4, 5, 6, 7)),
        # YAML list of ints, any order
        ([1, 8, 15, 22], 28, (1, 8, 15, 22)),
        ([22, 1], 28, (1, 22)),
        ([28], 28, (28,)),
    ],
)
def test_forms(rule: object, cycle_days: int, expected: tuple[int, ...]) -> None:
    assert parse_days(rule, cycle_days) == expected


def test_daily_28_written_out() -> None:
    assert parse_days("daily", 28) == (
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
        15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
    )  # fmt: skip


def test_stepped_range_written_out() -> None:
    assert parse_days("1-27/2", 28) == (1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27)


@pytest.mark.parametrize(
    ("rule", "cycle_days", "message"),
    [
        # outside 1..cycle_days
        ("29", 28, "day 29 is outside the cycle; days run from 1 to cycle_days (28)"),
        # day 0 and negative days: for supportive items and tests only (issue 13)
        ("0", 28, "day 0: day 0 and negative days (before the cycle's day 1) are for supportive"),
        ("-1", 28, "day -1: day 0 and negative days (before the cycle's day 1) are for"),
        ("1-4, 9-12", 10, "day 11, 12 is outside the cycle; days run from 1 to cycle_days (10)"),
        ("22", 21, "day 22 is outside the cycle; days run from 1 to cycle_days (21)"),
        ([0, 29], 28, "day 0: day 0 and negative days"),
        (29, 28, "day 29 is outside the cycle"),
        ("1-29/7", 28, "day 29 is outside the cycle"),  # 1, 8, 15, 22, 29
        # duplicates, including overlaps of ranges and daily
        ("1, 4, 4", 28, "day 4 is named more than once"),
        ("1-4, 3-6", 28, "day 3, 4 is named more than once"),
        ("daily, 1", 28, "day 1 is named more than once"),
        ([8, 8], 28, "day 8 is named more than once"),
        # reversed range, zero step
        ("4-1", 28, "'4-1': a range runs from the lower day to the higher one"),
        ("1-21/0", 28, "'1-21/0': the step after '/' must be 1 or more"),
        # garbage
        ("monday", 28, "'monday' is not a day rule; write days as"),
        ("1; 4", 28, "'1; 4' is not a day rule"),
        ("1/2", 28, "'1/2' is not a day rule"),
        ("1.5", 28, "'1.5' is not a day rule"),
        ("--1", 28, "'--1' is not a day rule"),
        ("1, 4,", 28, "'' is not a day rule"),
        ("d1", 28, "'d1' is not a day rule"),
        ("", 28, "no days given"),
        ("   ", 28, "no days given"),
        ([], 28, "no days given"),
        # wrong types
        ([1, "4"], 28, "a list of days holds whole numbers only"),
        ([1.0], 28, "a list of days holds whole numbers only"),
        ([True, 4], 28, "a list of days holds whole numbers only"),
        (True, 28, "days: write them as"),
        (False, 28, "days: write them as"),
        (1.5, 28, "days: write them as"),
        (None, 28, "days: write them as"),
        ({"days": 1}, 28, "days: write them as"),
    ],
)
def test_refused(rule: object, cycle_days: int, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_days(rule, cycle_days)


def test_huge_range_is_refused_quickly() -> None:
    # Regression: "1-100000000000000" used to build the whole list before checking it
    # (MemoryError, a traceback in the CLI); "1-10000000" took seconds.
    with pytest.raises(ValueError, match=re.escape("'1-100000000000000' runs to day")):
        parse_days("1-100000000000000", 28)
    with pytest.raises(ValueError, match=re.escape("days run from 1 to cycle_days (28)")):
        parse_days("1-10000000", 28)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("3", (3, 3)),
        (3, (3, 3)),
        ("1-2", (1, 2)),
        ("3-6", (3, 6)),
        ("1 - 2", (1, 2)),
        ("7-", (7, None)),
        (" 7 - ", (7, None)),
        ("4-4", (4, 4)),
    ],
)
def test_cycles(rule: object, expected: tuple[int, int | None]) -> None:
    assert parse_cycles(rule) == expected


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("0", "'0': cycles are counted from 1"),
        ("0-2", "'0-2': cycles are counted from 1"),
        (0, "cycles are counted from 1"),
        ("3-1", "'3-1': a cycle range runs from the lower cycle to the higher one"),
        ("a", "'a' is not a cycle range; write '3', '1-2' or '7-' (7 onwards)"),
        ("-3", "'-3' is not a cycle range"),
        ("1-2-3", "'1-2-3' is not a cycle range"),
        ("1, 2", "'1, 2' is not a cycle range"),
        ("", "'' is not a cycle range"),
        (True, "'True' is not a cycle range"),
        (1.5, "'1.5' is not a cycle range"),
        (None, "'None' is not a cycle range"),
        ([1, 2], "is not a cycle range"),
    ],
)
def test_cycles_refused(rule: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_cycles(rule)
