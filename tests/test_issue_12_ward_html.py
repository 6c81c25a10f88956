"""Issue 12, item 14: the printable ward sheet (``mmsched ward --format html``).

One self-contained A4 page in the calendar page's style: no script, no fetch, every value
escaped, one page a day, the plans that could not be used listed first. Chromium renders it in
``test_html.py`` (nothing wider than A4, one printed page a day).

The figures of 2026-12-11 (examples/ward and case 1) are worked out by hand in test_ward.py's
docstring: bortezomib 2 + 2.4 + 2.5 = 6.9 mg for 3 patients, of which subcut 2 + 2.5 = 4.5 mg
and IV push 2.4 mg; dexamethasone 20 + 20 + 40 + 20 = 100 mg for 4, PO 20 + 40 = 60 mg and IV
20 + 20 = 40 mg; lenalidomide 25 × 3 + 10 = 85 mg for 4; thalidomide 100 mg for 1.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, GOLDEN, Golden
from typer.testing import CliRunner

from mmsched.cli.app import app

CASE1 = EXAMPLES / "case1-rvd-il2.yaml"
COURSE = EXAMPLES / "course" / "case1-course.yaml"
DAY = ["ward", str(EXAMPLES / "ward"), str(CASE1), "--date", "2026-12-11"]
ENV = {
    "MMSCHED_LANG": None,
    "LC_ALL": None,
    "LANG": "C.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "NO_COLOR": "1",
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "-f", "html"], env=ENV)
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def page(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, err
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_ward_page_line_by_line(golden: Golden, lang: str) -> None:
    html = page(*DAY, "--lang", lang)
    name = f"ward/2026-12-11-{lang}.html"
    if not golden.update:
        expected = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
        for number, (want, got) in enumerate(zip(expected, html.splitlines(), strict=False), 1):
            assert got == want, f"{name} line {number}"
        assert len(html.splitlines()) == len(expected), name
    golden.check(name, html)


def test_self_contained_a4_page() -> None:
    html = page(*DAY, "--lang", "zh")
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">\n')
    for needle in ("<script", "<link", "<img", "url(", "http://", "https://", "@import"):
        assert needle not in html.lower(), needle
    assert "default-src 'none'" in html
    assert "@page { size: A4 portrait; margin: 12mm; }" in html
    # Each day on its own page; a patient's doses never split across pages.
    assert "section.day + section.day { break-before: page;" in html
    assert "table.sheet tbody { break-inside: avoid;" in html
    assert "<title>病区每日用药单 2026年12月11日 星期五</title>" in html
    assert "<h1>病区每日用药单（已读取计划 7 份）</h1>" in html


def totals(html: str) -> list[list[str]]:
    """The rows of the "to prepare" tables, cells as text."""
    tables = re.findall(r'<table class="totals">.*?<tbody>(.*?)</tbody>', html, re.S)
    rows = []
    for table in tables:
        for row in re.findall(r"<tr>(.*?)</tr>", table):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
            rows.append([re.sub(r"<[^>]+>", "", c).replace("&nbsp;", " ") for c in cells])
    return rows


def test_what_to_prepare_is_worked_out_by_hand() -> None:
    assert totals(page(*DAY, "--lang", "en")) == [
        ["bortezomib", "6.9 mg", "3", "subcut 4.5 mg; IV push 2.4 mg"],
        ["dexamethasone", "100 mg", "4", "PO 60 mg; IV 40 mg"],
        ["lenalidomide", "85 mg", "4", "PO"],
        ["thalidomide", "100 mg", "1", "PO"],
    ]


def test_the_page_lists_what_the_json_lists() -> None:
    """Every administration of every day, in the sheet's order, for a week."""
    week = ["ward", str(EXAMPLES / "ward"), str(CASE1), "--from", "2026-12-07", "--to"]
    week.append("2026-12-13")
    result = CliRunner().invoke(app, [*week, "-f", "json"], env=ENV)
    days = json.loads(result.stdout)["days"]
    html = page(*week, "--lang", "en")
    sections = re.findall(r'<section class="day">(.*?)</section>', html, re.S)
    assert len(sections) == len(days) == 7
    for section, day in zip(sections, days, strict=True):
        # The doses are the rows with a drug's colour (issue 13: the order set's items beside
        # them have none).
        found = re.findall(
            r"<tr><td>[^<]*</td><td>(C\d+D\d+)\*?</td><td style[^>]*>[^<]*</td>"
            r'<td class="num[^"]*">([\d.,]+)&nbsp;',
            section,
        )
        rows = [cycle_day for cycle_day, _ in found]
        assert rows == [f"C{a['cycle']}D{a['day']}" for a in day["administrations"]]
        shown = [dose.replace(",", "") for _, dose in found]
        assert shown == [f"{a['dose']:g}" for a in day["administrations"]]


def test_a_day_without_patients_says_so() -> None:
    html = page("ward", str(CASE1), "--from", "2027-01-25", "--to", "2027-01-26", "--lang", "en")
    sections = re.findall(r'<section class="day">(.*?)</section>', html, re.S)
    assert len(sections) == 2
    assert "<h2>Tue 26 Jan 2027</h2>\n<p>No administrations.</p>" in sections[1]


def test_moved_doses_and_their_note() -> None:
    # The ward of examples/course is closed on 31 Dec: C2D3's dexamethasone and IL-2 are given
    # on 1 Jan beside C2D4's doses.
    html = page("ward", str(COURSE), "--date", "2027-01-01", "--lang", "en")
    assert html.count("<td>C2D3*</td>") == 2
    assert "moved from Thu 31 Dec 2026: ward closed on 2026-12-31" in html


def test_an_override_is_marked_beside_the_dose_and_the_total(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        CASE1.read_text(encoding="utf-8")
        + "changes:\n  - {action: dose-level, drug: dexamethasone, from_cycle: 1, percent: 150,"
        " override: true, reason: test}\n",
        encoding="utf-8",
    )
    html = page("ward", str(plan), "--date", "2026-12-01", "--lang", "en")
    # 20 mg × 150 % = 30 mg, above the regimen's: OVERRIDE, in bold, on the row and the total.
    assert html.count('<td class="num override">30&nbsp;mg&nbsp;OVERRIDE</td>') == 2


def test_every_value_is_escaped_and_unused_plans_come_first(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        CASE1.read_text(encoding="utf-8").replace("name: 廖某妹", 'name: "<b>Liao</b> & Co <i>"'),
        encoding="utf-8",
    )
    bad = tmp_path / "<script>.yaml"
    bad.write_text("patient: {id: X1}\n", encoding="utf-8")
    code, html, _ = run("ward", str(plan), str(bad), "--date", "2026-12-01", "--full-name")
    assert code == 1  # one plan could not be used; the sheet is still printed
    assert "<b>Liao</b>" not in html and "<script>" not in html and "<i>" not in html
    # An id holds only letters, digits and - _ . / (issue 12 review): the name carries the tags.
    assert "GZ-0001 &lt;b&gt;Liao&lt;/b&gt; &amp; Co &lt;i&gt;" in html
    body = html.split("<body>", 1)[1]
    assert body.index('<section class="errors">') < body.index('<section class="day">')
    assert "1 份计划文件无法使用：这些患者不在本表中" in body
    assert f"{tmp_path}/&lt;script&gt;.yaml：" in body  # Chinese page: full-width colon


def test_names_are_masked_unless_asked() -> None:
    html = page(*DAY, "--lang", "zh")
    assert "GZ-0105 张某" in html and "张伟" not in html
    assert "GZ-0104" not in html  # DRd starts on 2026-12-14
