"""The ward day sheet (``mmsched ward``): many plans, per day, with what to prepare.

The central check: for every day, the sheet lists exactly the administrations that
``mmsched calendar`` lists for each plan on that day, no more, no fewer.

Totals on 2026-12-11 are worked out by hand from the plans in examples/ward and case 1:

* bortezomib: case 1 (GZ-0001, C1D11) 2 mg; GZ-0103 CyBorD C1D11, Mosteller
  √(172 × 70 / 3600) = 1.829 → 1.83 m², 1.3 × 1.83 = 2.379 → 2.4 mg; GZ-0105 TVD C1D8,
  √(175 × 78 / 3600) = 1.947 → 1.95 m², 1.3 × 1.95 = 2.535 → 2.5 mg. Total 6.9 mg, 3 patients.
* dexamethasone: GZ-0001 20 mg (C1D11 in 9-12), GZ-0101 VRd-21 C1D5 20 mg, GZ-0103 C1D11
  40 mg, GZ-0106 RVD C1D2 20 mg. Total 100 mg, 4 patients.
* lenalidomide: GZ-0001, GZ-0101, GZ-0102 25 mg each; GZ-0106 10 mg (woman, 61 y, 50 kg,
  creatinine 0.9 mg/dL: Cockcroft-Gault (140 − 61) × 50 / (72 × 0.9) × 0.85 = 51.8 mL/min,
  the 30-60 band of the US label: 10 mg). Total 85 mg, 4 patients.
* thalidomide: GZ-0105 100 mg. GZ-0104 (DRd) starts 2026-12-14: not on the sheet.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, Golden
from typer.testing import CliRunner

from mmsched.cli.app import app

WARD = EXAMPLES / "ward"
PLANS = [
    EXAMPLES / "case1-rvd-il2.yaml",
    EXAMPLES / "case2-tvd-il2.yaml",
    *sorted(WARD.glob("*.yaml")),
]
ENV = {
    "MMSCHED_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "C.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "NO_COLOR": "1",
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def ward_json(*args: str) -> dict[str, Any]:
    code, out, err = run("ward", *args, "--format", "json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def test_examples_ward_has_six_plans_with_different_starts_and_regimens() -> None:
    plans = sorted(WARD.glob("*.yaml"))
    assert len(plans) >= 6
    schedules = [json.loads(run("calendar", str(p), "-f", "json")[1]) for p in plans]
    assert len({s["regimen"]["start"] for s in schedules}) == len(plans)
    assert len({s["regimen"]["id"] for s in schedules}) >= 5


def test_ward_lists_exactly_what_each_calendar_lists() -> None:
    # Every plan's calendar, by date; then the ward sheet over the whole span, day by day.
    expected: dict[str, list[tuple[str, str, float, str, str, int, int]]] = {}
    for plan in PLANS:
        schedule = json.loads(run("calendar", str(plan), "-f", "json")[1])
        pid = schedule["patient"]["id"]
        for a in schedule["administrations"]:
            expected.setdefault(a["date"], []).append(
                (pid, a["drug"], a["dose"], a["unit"], a["route"], a["cycle"], a["day"])
            )
    first, last = min(expected), max(expected)
    sheet = ward_json(
        str(EXAMPLES / "case1-rvd-il2.yaml"),
        str(EXAMPLES / "case2-tvd-il2.yaml"),
        str(WARD),
        "--from",
        first,
        "--to",
        last,
    )
    assert sheet["schema"] == "mmsched.ward/1"
    assert sheet["errors"] == []
    days = {d["date"]: d for d in sheet["days"]}
    # Every day of the range is there, the empty ones with empty lists.
    span = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
    assert len(days) == span
    for day in (date.fromisoformat(first) + timedelta(n) for n in range(span)):
        listed = [
            (a["patient_id"], a["drug"], a["dose"], a["unit"], a["route"], a["cycle"], a["day"])
            for a in days[day.isoformat()]["administrations"]
        ]
        assert sorted(listed) == sorted(expected.get(day.isoformat(), [])), day
        # Only patients treated that day appear under it.
        treated = {row[0] for row in expected.get(day.isoformat(), [])}
        assert {a[0] for a in listed} == treated


def test_totals_on_2026_12_11_worked_by_hand() -> None:
    sheet = ward_json(str(WARD), str(EXAMPLES / "case1-rvd-il2.yaml"), "--date", "2026-12-11")
    (day,) = sheet["days"]
    assert day["date"] == "2026-12-11"
    totals = {t["drug"]: (t["dose"], t["unit"], t["patients"]) for t in day["totals"]}
    assert totals == {
        "bortezomib": (6.9, "mg", 3),
        "dexamethasone": (100, "mg", 4),
        "lenalidomide": (85, "mg", 4),
        "thalidomide": (100, "mg", 1),
    }
    # Split by route: tablets and injections are prepared differently.
    routes = {
        t["drug"]: [(r["route"], r["dose"], r["patients"]) for r in t["routes"]]
        for t in day["totals"]
    }
    # 2 + 2.5 SC; 2.4 IV push (vrd-21 gives bortezomib IV as a bolus)
    assert routes["bortezomib"] == [("SC", 4.5, 2), ("IV push", 2.4, 1)]
    assert routes["dexamethasone"] == [("PO", 60, 2), ("IV", 40, 2)]  # 20 + 40 PO; 20 + 20 IV
    assert routes["lenalidomide"] == [("PO", 85, 4)]
    patients = [a["patient_id"] for a in day["administrations"]]
    assert patients == sorted(patients), "administrations are ordered by patient"
    assert "GZ-0104" not in patients


def test_json_contract_fields() -> None:
    sheet = ward_json(str(WARD), "--date", "2026-12-11")
    assert set(sheet) >= {"schema", "days", "errors"}
    day = sheet["days"][0]
    assert set(day) >= {"date", "administrations", "totals"}
    for a in day["administrations"]:
        assert set(a) >= {"patient_id", "drug", "dose", "unit", "route", "cycle", "day"}
        assert isinstance(a["dose"], int | float)
    for t in day["totals"]:
        assert set(t) >= {"drug", "dose", "unit"}


def test_golden_text_zh(golden: Golden) -> None:
    code, out, err = run(
        "ward",
        str(WARD),
        str(EXAMPLES / "case1-rvd-il2.yaml"),
        "--date",
        "2026-12-11",
        "--lang",
        "zh",
    )
    assert code == 0, err
    golden.check("ward/2026-12-11-zh.txt", out)


def test_golden_text_en_two_days(golden: Golden) -> None:
    code, out, err = run(
        "ward", str(WARD), "--from", "2026-12-01", "--to", "2026-12-02", "--lang", "en"
    )
    assert code == 0, err
    golden.check("ward/2026-12-01-en.txt", out)


def test_text_sheet_names_and_totals_zh() -> None:
    code, out, _ = run(
        "ward",
        str(WARD),
        str(EXAMPLES / "case1-rvd-il2.yaml"),
        "--date",
        "2026-12-11",
        "--lang",
        "zh",
    )
    assert code == 0
    assert "2026年12月11日 星期五" in out
    # Names masked: 欧阳丽娟 is not treated that day; 张伟 -> 张某, 陈秀英 -> 陈某英.
    assert "张某" in out and "张伟" not in out
    assert "陈某英" in out and "陈秀英" not in out
    assert "需准备" in out
    lines = out.splitlines()
    assert any(
        line.split()
        == ["硼替佐米", "6.9", "mg", "3", "皮下注射", "4.5", "mg；静脉推注", "2.4", "mg"]
        for line in lines
    )
    assert any(line.split() == ["来那度胺", "85", "mg", "4", "口服"] for line in lines)


def test_csv_rows_match_json() -> None:
    code, out, _ = run("ward", str(WARD), "--date", "2026-12-11", "-f", "csv", "--lang", "en")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    sheet = ward_json(str(WARD), "--date", "2026-12-11")
    # The order set's rows (issue 13) are the JSON's supportive list, apart from the doses.
    supportive = [r for r in rows if r["category"] != "anticancer"]
    assert len(supportive) == len(sheet["days"][0]["supportive"])
    rows = [r for r in rows if r["category"] == "anticancer"]
    assert [(r["patient_id"], r["drug"], r["dose"]) for r in rows] == [
        (a["patient_id"], a["drug"], f"{a['dose']:g}") for a in sheet["days"][0]["administrations"]
    ]
    assert rows[0]["date"] == "2026-12-11"


def test_a_bad_plan_is_reported_by_name_and_the_others_still_print(tmp_path: Path) -> None:
    bad = tmp_path / "bad-plan.yaml"
    bad.write_text("patient: {id: X1}\nregimen: rvdd\nstart: 2026-12-01\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("patient: [1,\n", encoding="utf-8")
    code, out, err = run(
        "ward",
        str(WARD),
        str(bad),
        str(broken),
        str(tmp_path / "missing.yaml"),
        "--date",
        "2026-12-11",
        "--lang",
        "en",
    )
    assert code == 1
    assert "GZ-0103" in out and "bortezomib" in out  # the good plans still print
    assert "3 plan files could not be used: those patients are NOT on this sheet" in out
    for name in ("bad-plan.yaml", "broken.yaml", "missing.yaml"):
        assert name in err and name in out
    assert "'rvdd' is not a bundled regimen" in err
    assert "Traceback" not in err
    code, out, err = run("ward", str(WARD), str(bad), "--date", "2026-12-11", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [e["file"] for e in data["errors"]] == [str(bad)]
    assert data["days"][0]["administrations"]


def test_empty_day_and_date_options() -> None:
    code, out, _ = run("ward", str(WARD), "--date", "2026-06-01", "--lang", "en")
    assert code == 0
    assert "Mon 1 Jun 2026" in out and "No administrations." in out
    code, _, err = run(
        "ward", str(WARD), "--date", "2026-12-01", "--from", "2026-12-01", "--lang", "en"
    )
    assert code == 2 and "either --date or --from/--to" in err
    code, _, err = run("ward", str(WARD), "--from", "2026-12-02", "--to", "2026-12-01")
    assert code == 2
    code, _, err = run(
        "ward", str(WARD), "--from", "2026-01-01", "--to", "2030-01-01", "--lang", "en"
    )
    assert code == 2 and "at most 366 days" in err
    code, _, err = run("ward", str(WARD), "--date", "2026-13-01")
    assert code == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_default_day_is_today(lang: str) -> None:
    from mmsched.views.display import format_date

    before = date.today()
    code, out, _ = run("ward", str(WARD), "--lang", lang)
    after = date.today()  # the run may cross midnight
    assert code == 0
    assert any(format_date(day, lang) in out for day in {before, after})  # type: ignore[arg-type]


# --- a new-user trial: duplicates, overrides, moved doses, warnings, plurals --------------------
#
# GZ-0101 (examples/ward/gz-0101-vrd21.yaml) on Mon 2026-12-14, worked by hand: VRd-21 from Mon
# 2026-12-07, so C1D8; bortezomib (days 1, 4, 8, 11) Mosteller √(158 × 56 / 3600) = 1.5677 →
# 1.57 m², 1.3 × 1.57 = 2.041 → 2 mg; lenalidomide (days 1-14): creatinine 70 µmol/L = 0.792
# mg/dL, CrCl (140 − 66) × 56 / (72 × 0.792) × 0.85 = 61.8 mL/min, the ≥ 60 band: 25 mg;
# dexamethasone (days 1, 2, 4, 5, 8, ...) 20 mg PO.

GZ0101 = WARD / "gz-0101-vrd21.yaml"


def by_drug(day: dict[str, Any]) -> dict[str, tuple[float, int]]:
    return {t["drug"]: (t["dose"], t["patients"]) for t in day["totals"]}


#: The bundled order sets' prophylaxis, in English and Chinese.
ORDER_SET = frozenset({"aspirin", "aciclovir", "enoxaparin", "阿司匹林", "阿昔洛韦", "依诺肝素"})


def sheet_rows(out: str, first: str) -> list[list[str]]:
    """The words of each administration row of a one-patient text sheet, from the patient's
    first row to the dashed line under it; each row's first five words are cycle/day, drug,
    dose, unit and route (the patient's label is dropped)."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    rows = []
    for line in lines[start:]:
        if line.startswith("-"):
            break
        words = line[len(first) :].split() if line.startswith(first) else line.split()
        # The order set's rows (issue 13) are left out: these tests read the doses.
        if len(words) > 1 and words[1] in ORDER_SET:
            continue
        if words and words[0][:1] == "C" and words[0][1:2].isdigit():
            rows.append(words)
    return rows


def test_the_same_file_twice_is_read_once_and_its_patient_listed_once() -> None:
    code, out, err = run(
        "ward", str(GZ0101), str(GZ0101), "--date", "2026-12-14", "-f", "json", "--lang", "en"
    )
    assert code == 1
    (day,) = json.loads(out)["days"]
    assert [(a["patient_id"], a["drug"]) for a in day["administrations"]] == [
        ("GZ-0101", "bortezomib"),
        ("GZ-0101", "lenalidomide"),
        ("GZ-0101", "dexamethasone"),
    ]
    # Once each, not twice (the trial saw bortezomib 4 mg for one patient).
    assert by_drug(day) == {"bortezomib": (2, 1), "dexamethasone": (20, 1), "lenalidomide": (25, 1)}
    (error,) = json.loads(out)["errors"]
    assert error["file"] == str(GZ0101)
    assert error["on_sheet"] is True
    assert "given twice" in error["message"] and "has a plan in" not in error["message"]
    assert "given twice" in err
    # The text sheet must not claim that the patient is missing.
    code, out, _ = run("ward", str(GZ0101), str(GZ0101), "--date", "2026-12-14", "--lang", "en")
    assert code == 1
    assert "(plans read: 1)" in out
    assert "1 plan file was given twice: it is read once, its patient listed once" in out
    assert "NOT on this sheet" not in out
    # Once for its doses and once for its blood count (vrd-21 counts before each bortezomib
    # dose, issue 13): not twice each.
    assert out.count("GZ-0101 陈某英") == 2
    assert out.count("test: Complete blood count") == 1
    assert [line.split() for line in out.splitlines() if line.startswith("bortezomib")] == [
        ["bortezomib", "2", "mg", "1", "IV", "push"]
    ]


def test_a_folder_and_a_file_in_it_give_the_patient_once() -> None:
    code, out, _ = run("ward", str(WARD), str(GZ0101), "--date", "2026-12-14", "-f", "json")
    assert code == 1
    data = json.loads(out)
    assert [e["on_sheet"] for e in data["errors"]] == [True]
    listed = [a for a in data["days"][0]["administrations"] if a["patient_id"] == "GZ-0101"]
    assert [a["drug"] for a in listed] == ["bortezomib", "lenalidomide", "dexamethasone"]


def test_two_plans_for_one_patient_leave_the_patient_off_the_sheet(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text((WARD / "gz-0103-cybord.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    original = WARD / "gz-0103-cybord.yaml"
    code, out, err = run(
        "ward", str(WARD), str(copy), "--date", "2026-12-11", "-f", "json", "--lang", "en"
    )
    assert code == 1
    data = json.loads(out)
    (day,) = data["days"]
    assert "GZ-0103" not in {a["patient_id"] for a in day["administrations"]}
    # The module docstring's totals for examples/ward on 2026-12-11, without GZ-0103 (bortezomib
    # 2.4 mg IV push, dexamethasone 40 mg PO): bortezomib GZ-0105 2.5 mg; dexamethasone GZ-0101
    # 20 mg PO + GZ-0106 20 mg IV = 40 mg; lenalidomide 25 + 25 + 10 = 60 mg; thalidomide 100 mg.
    assert by_drug(day) == {
        "bortezomib": (2.5, 1),
        "dexamethasone": (40, 2),
        "lenalidomide": (60, 3),
        "thalidomide": (100, 1),
    }
    assert [(e["file"], e["on_sheet"]) for e in data["errors"]] == [
        (str(original), False),
        (str(copy), False),
    ]
    # CyBorD from 2026-12-01, 2 × 28 days: the last event is C2D22's cyclophosphamide, on
    # 2026-12-29 + 21 days = 2027-01-19. Each file names the other and both ranges.
    tail = (
        "every plan of this patient is left off this sheet, since half a patient is worse than "
        "none; a nurse must decide which plan is right, then correct its dates or remove the other"
    )
    assert [e["message"] for e in data["errors"]] == [
        f"patient GZ-0103: this plan's course (2026-12-01 to 2027-01-19) overlaps the plan in "
        f"{other} (2026-12-01 to 2027-01-19): {tail}"
        for other in (copy, original)
    ]
    assert "left off this sheet" in err
    code, out, _ = run("ward", str(WARD), str(copy), "--date", "2026-12-11", "--lang", "en")
    assert code == 1
    assert "(plans read: 5)" in out
    assert "2 plan files could not be used: those patients are NOT on this sheet" in out
    assert "GZ-0103 李某华" not in out


def test_a_file_named_twice_whose_patient_is_left_off_says_so(tmp_path: Path) -> None:
    # gz-0103 named twice and a copy of it: the patient is off the sheet, so the second naming
    # is among the files whose patient is NOT on it. (GZ-0101 is there so that some plan is
    # used: with none, there is no sheet at all, see tests/test_issue_12_no_plan.py.)
    copy = tmp_path / "copy.yaml"
    original = WARD / "gz-0103-cybord.yaml"
    copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(
        "ward",
        str(GZ0101),
        str(original),
        str(copy),
        str(original),
        "--date",
        "2026-12-11",
        "-f",
        "json",
    )
    assert code == 1
    data = json.loads(out)
    assert "GZ-0103" not in {a["patient_id"] for a in data["days"][0]["administrations"]}
    assert [(e["file"], e["on_sheet"]) for e in data["errors"]] == [
        (str(original), False),
        (str(copy), False),
        (str(original), False),
    ]
    assert data["errors"][2]["message"] == "this file is given twice; it is read once"
    code, out, _ = run(
        "ward",
        str(GZ0101),
        str(original),
        str(copy),
        str(original),
        "--date",
        "2026-12-11",
        "--lang",
        "en",
    )
    # Two files, one named twice: the count is of files.
    assert "2 plan files could not be used: those patients are NOT on this sheet" in out
    assert "given twice: it is read once, its patient listed once" not in out


def override_plan(tmp_path: Path) -> Path:
    """GZ-0101 with dexamethasone at 150 % by an override: 20 mg × 150 % = 30 mg (five 6 mg
    tablets; lenalidomide could not be raised: 37.5 mg is no capsule, and overrides that no
    unit can make are refused)."""
    plan = tmp_path / "override.yaml"
    plan.write_text(
        GZ0101.read_text(encoding="utf-8")
        + "changes:\n  - {action: dose-level, drug: dexamethasone, from_cycle: 1, percent: 150, "
        'override: true, reason: "trial"}\n',
        encoding="utf-8",
    )
    return plan


@pytest.mark.parametrize(
    ("lang", "mark", "names"),
    [
        ("en", "OVERRIDE", ["bortezomib", "lenalidomide", "dexamethasone"]),
        ("zh", "超方案剂量", ["硼替佐米", "来那度胺", "地塞米松"]),
    ],
)
def test_an_override_dose_is_marked_on_the_text_sheet(
    tmp_path: Path, lang: str, mark: str, names: list[str]
) -> None:
    code, out, err = run(
        "ward", str(override_plan(tmp_path)), "--date", "2026-12-14", "--lang", lang
    )
    assert code == 0, err
    rows = sheet_rows(out, "GZ-0101 陈某英")
    assert [row[:4] for row in rows] == [
        ["C1D8", names[0], "2", "mg"],
        ["C1D8", names[1], "25", "mg"],
        ["C1D8", names[2], "30", "mg"],
    ]
    assert [row[4] == mark for row in rows] == [False, False, True]
    # The day's total holds the override dose, and says so.
    assert any(line.split()[:4] == [names[2], "30", "mg", mark] for line in out.splitlines())


def test_an_override_dose_is_flagged_in_json_and_csv(tmp_path: Path) -> None:
    plan = override_plan(tmp_path)
    (day,) = ward_json(str(plan), "--date", "2026-12-14")["days"]
    assert [(a["drug"], a["dose"], a["override"]) for a in day["administrations"]] == [
        ("bortezomib", 2, False),
        ("lenalidomide", 25, False),
        ("dexamethasone", 30, True),
    ]
    assert {t["drug"]: t["override"] for t in day["totals"]} == {
        "bortezomib": False,
        "dexamethasone": True,
        "lenalidomide": False,
    }
    code, out, _ = run("ward", str(plan), "--date", "2026-12-14", "-f", "csv", "--lang", "en")
    assert code == 0
    header = out.splitlines()[0].split(",")
    # New columns go at the end: the old ones keep their places.
    assert header[:14] == [
        "date",
        "patient_id",
        "patient",
        "regimen",
        "cycle",
        "day",
        "cycle_day",
        "drug",
        "drug_name",
        "dose",
        "unit",
        "dose_text",
        "route",
        "route_name",
    ]
    rows = list(csv.DictReader(io.StringIO(out)))
    # Issue 13: the order set's rows follow the doses, with their category, never an override.
    assert [(r["drug"], r["category"], r["override"]) for r in rows[3:]] == [
        ("aspirin", "prophylaxis", "false"),
        ("aciclovir", "prophylaxis", "false"),
    ]
    assert [(r["drug"], r["dose"], r["override"]) for r in rows[:3]] == [
        ("bortezomib", "2", "false"),
        ("lenalidomide", "25", "false"),
        ("dexamethasone", "30", "true"),
    ]


# examples/course/case1-course.yaml (case 1 as a real course; cycle 2 from Tue 2026-12-29, the
# ward closed on Thu 2026-12-31 and on Sundays; no 2027 holiday data, so 1 Jan is open):
# on Fri 2027-01-01 (C2D4) lenalidomide (PO, kept) and bortezomib (days 1, 4, 8, 11) are C2D4;
# dexamethasone (days 1-4) and IL-2 (days 1-7) of C2D3 shift later from the closed 31 Dec onto
# 1 Jan, and their own C2D4 doses move along to 2 Jan (once a day). On Sat 2026-12-12 (C1D12)
# bortezomib C1D11 is there by a plan change from Fri 11 Dec; lenalidomide and dexamethasone
# (days 9-12) are C1D12.
COURSE = EXAMPLES / "course" / "case1-course.yaml"


@pytest.mark.parametrize(
    ("lang", "moved"),
    [("en", "moved from Thu 31 Dec 2026"), ("zh", "原定 2026年12月31日 星期四")],
)
def test_moved_doses_show_their_own_cycle_day(lang: str, moved: str) -> None:
    code, out, err = run("ward", str(COURSE), "--date", "2027-01-01", "--lang", lang)
    assert code == 0, err
    rows = sheet_rows(out, "GZ-0001 廖某妹")
    assert [row[0] for row in rows] == ["C2D4", "C2D4", "C2D3*", "C2D3*"]
    # The note starts on the row of each moved dose ("moved from ...", "原定 ...").
    word = moved.split(maxsplit=1)[0]
    assert [word in row for row in rows] == [False, False, True, True]
    flat = " ".join(out.split())
    assert flat.count(moved) == 2


def test_a_dose_moved_by_a_plan_change_keeps_its_day() -> None:
    code, out, err = run("ward", str(COURSE), "--date", "2026-12-12", "--lang", "en")
    assert code == 0, err
    rows = sheet_rows(out, "GZ-0001 廖某妹")
    assert [(row[0], row[1]) for row in rows] == [
        ("C1D12", "lenalidomide"),
        ("C1D11*", "bortezomib"),
        ("C1D12", "dexamethasone"),
    ]
    assert "moved from Fri 11 Dec 2026" in " ".join(out.split())
    (day,) = ward_json(str(COURSE), "--date", "2027-01-01")["days"]
    assert [
        (a["drug"], a["cycle"], a["day"], a["planned_date"]) for a in day["administrations"]
    ] == [
        ("lenalidomide", 2, 4, None),
        ("bortezomib", 2, 4, None),
        ("dexamethasone", 2, 3, "2026-12-31"),
        ("interleukin-2", 2, 3, "2026-12-31"),
    ]


def test_plan_warnings_are_on_the_sheet() -> None:
    # Case 1's plan gives no creatinine: lenalidomide's renal bands cannot be checked.
    args = (str(WARD), str(EXAMPLES / "case1-rvd-il2.yaml"), "--date", "2026-12-11")
    (day,) = ward_json(*args)["days"]
    (warning,) = day["warnings"]
    assert warning["patient_id"] == "GZ-0001"
    assert "WITHOUT the renal check" in warning["warning"]
    assert "未经肾功能核对" in warning["warning_zh"]
    code, out, _ = run("ward", *args, "--lang", "en")
    assert code == 0
    flat = " ".join(out.split())
    assert "Warnings GZ-0001 廖某妹 lenalidomide is dosed by renal function" in flat
    code, out, _ = run("ward", *args, "--lang", "zh")
    assert "警告 GZ-0001 廖某妹 来那度胺需按肾功能给药" in " ".join(out.split())
    # Only the patients on the day: the six ward patients carry no warning.
    (day,) = ward_json(str(WARD), "--date", "2026-12-11")["days"]
    assert day["warnings"] == []


def test_counts_of_one_are_singular(tmp_path: Path) -> None:
    code, out, _ = run(
        "ward", str(WARD), str(tmp_path / "missing.yaml"), "--date", "2026-12-11", "--lang", "en"
    )
    assert code == 1
    assert "1 plan file could not be used: that patient is NOT on this sheet" in out
    one = tmp_path / "one-cycle.yaml"
    one.write_text(
        GZ0101.read_text(encoding="utf-8").replace("cycles: 4", "cycles: 1"), encoding="utf-8"
    )
    code, out, err = run("calendar", str(one), "--lang", "en")
    assert code == 0, err
    assert "1 × 21-day cycle\n" in out or "1 × 21-day cycle " in out
    assert "1 × 21-day cycles" not in out
    code, out, _ = run("calendar", str(GZ0101), "--lang", "en")
    assert "4 × 21-day cycles" in out


def test_library_day_sheet_worked_by_hand_and_cut_to_the_day(tmp_path: Path) -> None:
    import mmsched
    from mmsched.batch.ward import load_plans
    from mmsched.engine.wardsheet import ward_days
    from mmsched.exports.ward_json import ward_to_json

    bad = tmp_path / "bad.yaml"
    bad.write_text("patient: {id: GZ-0999}\n", encoding="utf-8")
    paths = [WARD, EXAMPLES / "case1-rvd-il2.yaml", bad]
    day = date(2026, 12, 11)
    sheet = mmsched.day_sheet(paths, day)
    # The module docstring's totals, worked by hand.
    totals = {t.drug: (float(t.dose), t.unit, t.patients) for t in sheet.day.totals}
    assert totals == {
        "bortezomib": (6.9, "mg", 3),
        "dexamethasone": (100, "mg", 4),
        "lenalidomide": (85, "mg", 4),
        "thalidomide": (100, "mg", 1),
    }
    # Seven plans: six in examples/ward and case 1; the bad file is an error, not a plan.
    assert sheet.plans == 7
    assert [e.file for e in sheet.errors] == [str(bad)]
    # The same sheet as the whole ward gives for that date, in the JSON contract.
    ward = load_plans(paths)
    assert ward_to_json([sheet.day], sheet.errors) == ward_to_json(
        ward_days(ward, day, day), ward.errors
    )
    # Each patient kept holds only that day's doses and tests; the rest of its schedule whole.
    full = {p.schedule.patient_id: p.schedule for p in ward.patients}
    for patient in sheet.day.patients:
        cut = patient.schedule
        assert cut.administrations and {a.date for a in cut.administrations} == {day}
        assert all(m.date == day for m in cut.monitoring)
        whole = full[cut.patient_id]
        assert cut.administrations == whole.on(day)
        assert (cut.warnings, cut.cycle_starts, cut.bsa_m2) == (
            whole.warnings,
            whole.cycle_starts,
            whole.bsa_m2,
        )


def test_range_sheets_stream_the_same_days_as_the_whole_ward() -> None:
    from mmsched.batch.ward import load_plans, range_sheets
    from mmsched.engine.wardsheet import ward_days
    from mmsched.exports.ward_json import ward_to_json

    paths = [WARD, EXAMPLES / "case1-rvd-il2.yaml", EXAMPLES / "case2-tvd-il2.yaml"]
    first, last = date(2026, 12, 10), date(2026, 12, 14)
    days, plans, errors = range_sheets(paths, first, last)
    ward = load_plans(paths)
    assert [d.date for d in days] == [first + timedelta(days=i) for i in range(5)]
    assert plans == len(ward.patients) == 8
    assert ward_to_json(days, errors) == ward_to_json(ward_days(ward, first, last), ward.errors)
    # 2026-12-11's totals as worked by hand at the top of this file, with case 2 (GZ-0002, TVD
    # from 2026-12-03, C1D9): dexamethasone 20 mg more (days 9-12), thalidomide 100 mg more.
    totals = {t.drug: (float(t.dose), t.patients) for t in days[1].totals}
    assert totals == {
        "bortezomib": (6.9, 3),
        "dexamethasone": (120, 5),
        "lenalidomide": (85, 4),
        "thalidomide": (200, 2),
    }
    for day in days:
        for patient in day.patients:
            assert all(first <= a.date <= last for a in patient.schedule.administrations)
