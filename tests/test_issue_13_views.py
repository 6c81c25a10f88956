"""Issue 13, views: every view shows the order set (calendar text and HTML, CSV, ward sheet in
text, HTML, CSV and JSON, .ics), worked by hand from the DRd order set (regimens/drd.yaml).

DRd cycle 1 for a man of 60, 180 cm and 80 kg, VTE risk high, from Mon 2026-12-07:
daratumumab 16 mg/kg × 80 kg = 1,280 mg IV on C1D1, 8, 15, 22 = 7, 14, 21, 28 Dec;
lenalidomide 25 mg days 1-21 (CrCl ≥ 60); dexamethasone 40 mg (the plan's choice) on the
daratumumab days, rows with role premedication (MAIA: the whole weekly dose before the
infusion). Before each infusion, 60-180 min: paracetamol 650-1,000 mg, diphenhydramine
25-50 mg (ranges not chosen in the plan); montelukast 10 mg before the first only (optional).
The day after each infusion: methylprednisolone 20 mg (optional; no dexamethasone that day).
Every day: enoxaparin 40 mg subcut (VTE risk high), aciclovir 400 mg. C1D0 (6 Dec): type and
screen, hepatitis B serology. Infusions: 1,000 mL 0.9% sodium chloride over 420 min, then
500 mL over 258 min, then 500 mL over 210 min (label volumes; trial medians).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from mmsched.cli.app import app

ENV = {
    "MMSCHED_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "C.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "NO_COLOR": "1",
    "SOURCE_DATE_EPOCH": None,
}
PLAN = """\
patient: {id: T-13V, sex: M, age: 60, height_cm: 180, weight_kg: 80,
          serum_creatinine_umol_l: 80, childbearing_potential: false, vte_risk: %s}
regimen: drd
start: 2026-12-07
cycles: 1
"""
DARA_DATES = ["2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"]
FIRST = "infusion: 1,000 mL 0.9% sodium chloride over 420 min"
SECOND = "infusion: 500 mL 0.9% sodium chloride over 258 min"
LATER = "infusion: 500 mL 0.9% sodium chloride over 210 min"


def run(*args: str | Path) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")


@pytest.fixture
def drd(tmp_path: Path) -> Path:
    path = tmp_path / "drd.yaml"
    path.write_text(PLAN % "high", encoding="utf-8")
    return path


@pytest.fixture
def unknown_risk(tmp_path: Path) -> Path:
    """The same plan without a VTE risk: the order set prompts to assess it on C1D1."""
    path = tmp_path / "drd-no-risk.yaml"
    path.write_text((PLAN % "high").replace(", vte_risk: high", ""), encoding="utf-8")
    return path


def day_block(text: str, heading: str) -> list[str]:
    """The day list's lines of one date (from its first line to the rule under it)."""
    lines = text.split("\nDay by day\n", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    block = []
    for line in lines[start:]:
        if line.startswith("---"):
            break
        block.append(line)
    return block


def names(block: list[str]) -> list[str]:
    """The drug column's word of each row of a day block (continuation lines left out)."""
    found = []
    for line in block:
        cell = line[30:52].strip()
        if cell:
            found.append(cell.split()[0])
    return found


# --- calendar, text -----------------------------------------------------------------------------


def test_text_drug_table_groups_the_order_set(drd: Path) -> None:
    text = run("calendar", drd, "--lang", "en")
    table = text.split("\nDrug ", 1)[1].split("Regimen assumptions", 1)[0]
    groups = ["Premedication", "Anticancer drugs", "Post-medication", "Prophylaxis", "Tests"]
    starts = [table.find(f"\n{group}\n") for group in groups]
    assert -1 not in starts and starts == sorted(starts)
    premedication = table.split("Premedication", 1)[1].split("Anticancer drugs", 1)[0]
    # The regimen's dexamethasone on the infusion days: its timing and days, no dose of its own
    # ("(see below)": the dose is listed and counted once, under the anticancer drugs).
    assert re.search(
        r"^dexamethasone +PO +60–180 min before daratumumab +\(see below\) +on 1, 8, 15,$",
        premedication,
        re.M,
    )
    assert "40 mg" not in premedication.split("paracetamol")[0]
    assert re.search(r"^paracetamol +PO +60–180 min before daratumumab +650–1,000 mg", table, re.M)
    assert re.search(r"^diphenhydramine +PO +60–180 min before daratumumab +25–50 mg", table, re.M)
    assert re.search(
        r"^montelukast +PO +30–180 min before daratumumab +10 mg +optional", table, re.M
    )
    assert "methylprednisolone" not in premedication
    assert re.search(r"^methylprednisolone +PO +the day after daratumumab +20 mg", table, re.M)
    assert re.search(r"^enoxaparin +subcut +1-28 +40 mg", table, re.M)
    assert re.search(r"^aciclovir +PO +1-28 +400 mg", table, re.M)
    # The anticancer rows are as without an order set: 1,280 mg, 25 mg, 40 mg.
    anticancer = table.split("Anticancer drugs", 1)[1].split("Post-medication", 1)[0]
    assert re.search(r"^daratumumab +IV +1, 8, 15, 22 +1,280 mg +16 mg/kg ×", anticancer, re.M)
    assert re.search(r"^lenalidomide +PO +1-21 +25 mg", anticancer, re.M)
    assert re.search(r"^dexamethasone +PO +1, 8, 15, 22 +40 mg +flat dose", anticancer, re.M)


def test_text_day_list_puts_premedication_before_each_infusion(drd: Path) -> None:
    text = run("calendar", drd, "--lang", "en")
    first = day_block(text, "Mon 7 Dec 2026")
    assert names(first) == [
        "paracetamol",
        "diphenhydramine",
        "montelukast",
        "dexamethasone",
        "daratumumab",
        "lenalidomide",
        "enoxaparin",
        "aciclovir",
        "Reminder",  # pregnancy prevention (a man on lenalidomide: condoms), C1D1 only
        "test",
    ]
    joined = " ".join(" ".join(line.split()) for line in first)
    assert "650–1,000 mg PO premedication; 60–180 min before daratumumab" in joined
    assert "40 mg PO premedication" in joined
    assert "1,280 mg IV " + FIRST in joined
    for heading, details in (("Mon 14 Dec 2026", SECOND), ("Mon 21 Dec 2026", LATER)):
        block = day_block(text, heading)
        assert names(block)[:4] == [
            "paracetamol",
            "diphenhydramine",
            "dexamethasone",
            "daratumumab",
        ]
        assert details in " ".join(" ".join(line.split()) for line in block)
    # The day after: methylprednisolone, optional, said to follow daratumumab.
    after = " ".join(" ".join(line.split()) for line in day_block(text, "Tue 8 Dec 2026"))
    assert (
        "methylprednisolone 20 mg PO post-medication; the day after daratumumab; optional" in after
    )
    # C1D0: the tests before the first dose.
    assert names(day_block(text, "Sun 6 Dec 2026")) == ["test", "test"]


def test_text_chinese_names_and_timing(drd: Path) -> None:
    text = run("calendar", drd, "--lang", "zh")
    assert "输注前用药" in text and "抗肿瘤药物" in text and "输注后用药" in text
    # Lines may break after full-width punctuation (issue 14): the space it leaves is dropped.
    flat = re.sub(r"(?<=[，；：]) ", "", " ".join(text.split()))
    assert "对乙酰氨基酚 650–1,000 mg 口服 输注前用药；达雷妥尤单抗前 60–180 分钟" in flat
    assert "输注：0.9% 氯化钠注射液 1,000 mL，420 分钟" in flat
    assert "甲泼尼龙 20 mg 口服 输注后用药；" in flat and "达雷妥尤单抗次日；可选" in flat


def test_a_window_keeps_the_second_infusion_second(drd: Path) -> None:
    text = run("calendar", drd, "--lang", "en", "--from", "2026-12-14", "--to", "2026-12-14")
    flat = " ".join(text.split())
    assert SECOND in flat and FIRST not in flat
    data = json.loads(run("calendar", drd, "-f", "json", "--from", "2026-12-14"))
    dara = [a for a in data["administrations"] if a["drug"] == "daratumumab"]
    assert [
        (a["date"], a["infusion"]["volume_ml"], a["infusion"]["duration_minutes"]) for a in dara
    ] == [
        ("2026-12-14", 500, 258),
        ("2026-12-21", 500, 210),
        ("2026-12-28", 500, 210),
    ]
    assert min(s["date"] for s in data["supportive"]) == "2026-12-14"


def test_a_prompt_is_a_reminder_not_a_dose(unknown_risk: Path) -> None:
    text = run("calendar", unknown_risk, "--lang", "en")
    block = day_block(text, "Mon 7 Dec 2026")
    reminder = [line.split() for line in block if "Reminder" in line]
    assert len(reminder) == 2  # the VTE risk and pregnancy prevention (a man: condoms)
    # No dose, no route: the reminder's text follows its name.
    assert reminder[0][reminder[0].index("Reminder") + 1 :][:3] == ["VTE", "risk", "not"]
    assert "VTE risk not recorded: assess it" in " ".join(" ".join(line.split()) for line in block)
    # Neither aspirin nor enoxaparin: the risk decides which, and it is not recorded.
    assert "81–325 mg" not in text and not re.search(r"enoxaparin +40 mg", text)
    # ... and the schedule says that no thromboprophylaxis is dosed (clinical review, B6).
    assert "patient.vte_risk is not recorded: no thromboprophylaxis is scheduled" in " ".join(
        text.split()
    )
    rows = list(csv.DictReader(io.StringIO(run("calendar", unknown_risk, "-f", "csv"))))
    (prompt,) = [r for r in rows if r["drug"] == "vte-risk-assessment"]
    assert (prompt["dose"], prompt["unit"], prompt["route"], prompt["category"]) == (
        "",
        "",
        "",
        "prophylaxis",
    )
    data = json.loads(run("ward", unknown_risk, "--date", "2026-12-07", "-f", "json"))
    (day,) = data["days"]
    assert "vte-risk-assessment" in [s["item"] for s in day["supportive"]]
    assert "vte-risk-assessment" not in [t["item"] for t in day["supportive_totals"]]


# --- calendar, HTML and CSV ---------------------------------------------------------------------


def test_html_drug_table_groups_and_day_list(drd: Path) -> None:
    html = run("calendar", drd, "--lang", "en", "-f", "html")
    groups = re.findall(r'<tr class="group"><th colspan="5">([^<]+)</th></tr>', html)
    assert groups == [
        "Premedication",
        "Anticancer drugs",
        "Post-medication",
        "Prophylaxis",
        "Tests",
    ]
    assert "<td>premedication; 60–180 min before daratumumab</td>" in html
    assert f"<td>{FIRST}; rate: 50 mL/h for the first hour" in html


def test_csv_rows_of_the_order_set_with_their_category(drd: Path) -> None:
    text = run("calendar", drd, "-f", "csv", "--lang", "en")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-3:] == ["note", "category", "basis_text"]  # new columns go at the end
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    first_day = [(r["drug"], r["category"]) for r in records if r["date"] == "2026-12-07"]
    assert first_day == [
        ("paracetamol", "premedication"),
        ("diphenhydramine", "premedication"),
        ("montelukast", "premedication"),
        ("daratumumab", "anticancer"),
        ("lenalidomide", "anticancer"),
        ("dexamethasone", "anticancer"),
        ("enoxaparin", "prophylaxis"),
        ("aciclovir", "prophylaxis"),
        ("condom-use", "prophylaxis"),
    ]
    paracetamol = next(r for r in records if r["drug"] == "paracetamol")
    assert (paracetamol["dose"], paracetamol["dose_text"]) == ("650-1000", "650–1,000 mg")
    # Anticancer rows: daratumumab 4 + lenalidomide 21 + dexamethasone 4, as before.
    anticancer = [r for r in records if r["category"] == "anticancer"]
    assert len(anticancer) == 29
    assert sum(float(r["dose"]) for r in anticancer if r["drug"] == "daratumumab") == 4 * 1280
    dex = [r for r in anticancer if r["drug"] == "dexamethasone"]
    assert [r["note"] for r in dex] == ["premedication; 60–180 min before daratumumab"] * 4
    dara = [r["note"] for r in anticancer if r["drug"] == "daratumumab"]
    assert [n.split(";")[0] for n in dara] == [FIRST, SECOND, LATER, LATER]
    # Supportive rows: 4 + 4 (paracetamol, diphenhydramine), 1 montelukast, 4 methyl-
    # prednisolone (8, 15, 22, 29 Dec), 28 + 28 (enoxaparin, aciclovir), and three reminders:
    # condoms (C1D1), aciclovir on the last daratumumab dose and 91 days after it.
    assert len(records) - len(anticancer) == 4 + 4 + 1 + 4 + 28 + 28 + 3


# --- ward sheet ---------------------------------------------------------------------------------


def test_ward_text_lists_supportive_drugs_apart(drd: Path) -> None:
    out = run("ward", drd, "--date", "2026-12-07", "--lang", "en")
    anticancer = out.split("\nTo prepare\n", 1)[1].split("To prepare: supportive", 1)[0]
    rows = [line.split() for line in anticancer.splitlines()[2:] if line.strip()]
    # Only the anticancer drugs, their totals as before.
    assert [row[:3] for row in rows] == [
        ["daratumumab", "1,280", "mg"],
        ["dexamethasone", "40", "mg"],
        ["lenalidomide", "25", "mg"],
    ]
    supportive = out.split("anticancer totals)\n", 1)[1]
    lines = [" ".join(line.split()) for line in supportive.splitlines()[2:] if line.strip()]
    assert lines == [
        "aciclovir 400 mg 1 PO",
        "diphenhydramine 25–50 mg 1 PO",
        "enoxaparin 40 mg 1 subcut",
        "montelukast (optional: if ordered) 10 mg 1 PO",
        "paracetamol 650–1,000 mg 1 PO",
    ]
    flat = " ".join(out.split())
    assert "C1D1 paracetamol 650–1,000 mg PO premedication; 60–180 min before daratumumab" in flat
    assert "C1D1 daratumumab 1,280 mg IV " + FIRST in flat


def test_ward_json_csv_and_html_carry_the_order_set(drd: Path) -> None:
    data = json.loads(run("ward", drd, "--date", "2026-12-07", "-f", "json"))
    (day,) = data["days"]
    assert [(t["drug"], t["dose"]) for t in day["totals"]] == [
        ("daratumumab", 1280),
        ("dexamethasone", 40),
        ("lenalidomide", 25),
    ]
    assert [(t["item"], t["dose"]) for t in day["supportive_totals"]] == [
        ("aciclovir", 400),
        ("diphenhydramine", [25, 50]),
        ("enoxaparin", 40),
        ("montelukast", 10),
        ("paracetamol", [650, 1000]),
    ]
    dara = next(a for a in day["administrations"] if a["drug"] == "daratumumab")
    assert dara["infusion"]["volume_ml"] == 1000 and dara["infusion"]["duration_minutes"] == 420
    dex = next(a for a in day["administrations"] if a["drug"] == "dexamethasone")
    assert dex["role"] == "premedication"
    rows = list(csv.DictReader(io.StringIO(run("ward", drd, "--date", "2026-12-07", "-f", "csv"))))
    assert [r["category"] for r in rows][:4] == ["premedication"] * 3 + ["anticancer"]
    assert [r["drug"] for r in rows if r["category"] == "anticancer"] == [
        "daratumumab",
        "lenalidomide",
        "dexamethasone",
    ]
    html = run("ward", drd, "--date", "2026-12-07", "-f", "html", "--lang", "en")
    assert '<table class="totals supportive">' in html
    assert "<td>premedication; 60–180 min before daratumumab</td>" in html


# --- .ics ----------------------------------------------------------------------------------------


def descriptions(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for event in Calendar.from_ical(path.read_bytes()).events:
        found.setdefault(str(event["SUMMARY"]), []).append(str(event["DESCRIPTION"]))
    return found


def test_ics_day_events_carry_the_order_set(drd: Path, tmp_path: Path) -> None:
    out = tmp_path / "day.ics"
    run("ics", drd, "-o", out, "--lang", "en", "--dtstamp", "2026-11-01T00:00:00Z")
    events: dict[str, Any] = {
        str(e["DTSTART"].dt): e for e in Calendar.from_ical(out.read_bytes()).events
    }
    # Every day of the cycle has an event (enoxaparin and aciclovir daily), C1D0 (tests), and
    # the reminder to stop aciclovir 91 days after the last daratumumab dose (2027-03-29).
    assert len(events) == 28 + 1 + 1 and "2027-03-29" in events
    first = str(events["2026-12-07"]["DESCRIPTION"]).splitlines()
    # The premedication first, the regimen's own dexamethasone with it (clinical review, B3).
    assert first[2:10] == [
        "premedication: paracetamol 650–1,000 mg · PO · 60–180 min before daratumumab",
        "premedication: diphenhydramine 25–50 mg · PO · 60–180 min before daratumumab",
        "premedication: montelukast 10 mg · PO · 30–180 min before daratumumab · optional",
        "dexamethasone 40 mg · PO",
        "  premedication; 60–180 min before daratumumab",
        "daratumumab 16 mg/kg → 1,280 mg · IV",
        "  " + FIRST + "; rate: 50 mL/h for the first hour, then +50 mL/h every hour to at "
        "most 200 mL/h",
        "lenalidomide 25 mg · PO",
    ]
    assert (
        "post-medication: methylprednisolone 20 mg · PO · the day after daratumumab · optional"
        in (str(events["2026-12-08"]["DESCRIPTION"]))
    )
    # A day with the order set's items only says them in its summary.
    assert str(events["2026-12-30"]["SUMMARY"]).startswith("C1D24 enoxaparin, aciclovir")


def test_ics_drug_events_keep_premedication_with_the_infusion(drd: Path, tmp_path: Path) -> None:
    out = tmp_path / "drug.ics"
    run(
        "ics",
        drd,
        "-o",
        out,
        "--lang",
        "en",
        "--group",
        "drug",
        "--dtstamp",
        "2026-11-01T00:00:00Z",
    )
    found = descriptions(out)
    (dara,) = found["C1D8 daratumumab 1,280 mg IV · T-13V"]
    assert "premedication: paracetamol 650–1,000 mg · PO · 60–180 min before daratumumab" in dara
    assert SECOND in dara
    # Items given minutes before a drug have no event of their own; the others do.
    assert not [s for s in found if "paracetamol" in s]
    assert "C1D2 methylprednisolone 20 mg · T-13V" in found
    assert len([s for s in found if " enoxaparin " in s]) == 28
