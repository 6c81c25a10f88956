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

from mmsched.cli import app

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
        == ["硼替佐米", "6.9", "mg", "3", "皮下注射", "4.5", "mg;", "静脉推注", "2.4", "mg"]
        for line in lines
    )
    assert any(line.split() == ["来那度胺", "85", "mg", "4", "口服"] for line in lines)


def test_csv_rows_match_json() -> None:
    code, out, _ = run("ward", str(WARD), "--date", "2026-12-11", "-f", "csv", "--lang", "en")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    sheet = ward_json(str(WARD), "--date", "2026-12-11")
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
    assert "3 plan file(s) could not be read: those patients are NOT on this sheet" in out
    for name in ("bad-plan.yaml", "broken.yaml", "missing.yaml"):
        assert name in err and name in out
    assert "'rvdd' is not a bundled regimen" in err
    assert "Traceback" not in err
    code, out, err = run("ward", str(WARD), str(bad), "--date", "2026-12-11", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [e["file"] for e in data["errors"]] == [str(bad)]
    assert data["days"][0]["administrations"]


def test_same_patient_twice_is_an_error(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text((WARD / "gz-0103-cybord.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run("ward", str(WARD), str(copy), "--date", "2026-12-11", "-f", "json")
    assert code == 1
    assert "patient GZ-0103 has a plan in" in err


def test_empty_day_and_date_options() -> None:
    code, out, _ = run("ward", str(WARD), "--date", "2026-06-01", "--lang", "en")
    assert code == 0
    assert "Mon 1 Jun 2026" in out and "No administrations." in out
    code, _, err = run("ward", str(WARD), "--date", "2026-12-01", "--from", "2026-12-01")
    assert code == 2 and "either --date or --from/--to" in err
    code, _, err = run("ward", str(WARD), "--from", "2026-12-02", "--to", "2026-12-01")
    assert code == 2
    code, _, err = run("ward", str(WARD), "--from", "2026-01-01", "--to", "2030-01-01")
    assert code == 2 and "at most 366 days" in err
    code, _, err = run("ward", str(WARD), "--date", "2026-13-01")
    assert code == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_default_day_is_today(lang: str) -> None:
    from mmsched.display import format_date

    before = date.today()
    code, out, _ = run("ward", str(WARD), "--lang", lang)
    after = date.today()  # the run may cross midnight
    assert code == 0
    assert any(format_date(day, lang) in out for day in {before, after})  # type: ignore[arg-type]
