"""The expander on the two example patients, delays, the BSA cap, mg/kg, ages, the JSON contract.

Every dose below is worked out by hand from the patient's height and weight and the regimen's
dose per m² or per kg; the arithmetic is in the comments.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mmsched
from mmsched import Patient, Plan, PlanError, Schedule
from mmsched.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
CASE1 = ROOT / "examples" / "case1-rvd-il2.yaml"
CASE2 = ROOT / "examples" / "case2-tvd-il2.yaml"
D = Decimal


def dosing_warnings(schedule: Schedule) -> list[str]:
    """The warnings about BSA and rounding (other checks, such as renal ones, add their own)."""
    return [w for w in schedule.warnings if "BSA" in w or "rounding" in w]


def first(schedule: Schedule, drug: str) -> mmsched.Administration:
    return next(a for a in schedule.administrations if a.drug == drug)


def doses(schedule: Schedule, drug: str) -> set[Decimal]:
    return {a.dose for a in schedule.administrations if a.drug == drug}


# -- the two example patients of the seed case report -------------------------------------------


def test_case1_mosteller_156_52() -> None:
    # Mosteller: sqrt(156 x 52 / 3600) = sqrt(8112 / 3600) = sqrt(2.2533) = 1.5011 -> 1.50 m2.
    # Bortezomib 1.3 mg/m2 x 1.50 m2 = 1.95 mg -> 2.0 mg (0.1 mg step, half-up on a tie).
    s = mmsched.expand(mmsched.load_plan(CASE1))
    assert (s.bsa_m2, s.bsa_uncapped_m2, s.bsa_formula) == (D("1.50"), D("1.50"), "mosteller")
    assert (s.patient_id, s.sex, s.age, s.regimen_id) == ("GZ-0001", "F", 48, "rvd-il2")
    v = first(s, "bortezomib")
    assert (v.date, v.cycle_day, v.route, v.unit) == (date(2026, 12, 1), "C1D1", "SC", "mg")
    assert v.dose == D("2.0")
    assert v.dose_calculated == D("1.95")
    assert v.basis == "1.3 mg/m² × 1.50 m²"
    assert v.rounding == "0.1 mg"
    assert v.prescribed == "1.3 mg/m2"
    assert v.bsa_m2 == D("1.50")
    assert doses(s, "bortezomib") == {D("2.0")}
    assert doses(s, "lenalidomide") == {D(25)}
    assert doses(s, "dexamethasone") == {D(20)}  # the plan's choice inside 10-40 mg
    assert doses(s, "interleukin-2") == {D(500000)}
    assert first(s, "interleukin-2").unit == "IU"
    assert first(s, "dexamethasone").prescribed == "20 mg"
    assert first(s, "lenalidomide").basis == "flat dose"
    assert dosing_warnings(s) == []
    # 2 cycles: 56 lenalidomide + 8 bortezomib + 16 dexamethasone + 14 interleukin-2.
    assert Counter(a.drug for a in s.administrations) == {
        "lenalidomide": 56,
        "bortezomib": 8,
        "dexamethasone": 16,
        "interleukin-2": 14,
    }


def test_case2_stevenson_152_48() -> None:
    # Stevenson: 0.0061 x 152 + 0.0128 x 48 - 0.1529 = 0.9272 + 0.6144 - 0.1529 = 1.3887
    # -> 1.39 m2. Bortezomib 1.3 x 1.39 = 1.807 mg -> 1.8 mg.
    s = mmsched.expand(mmsched.load_plan(CASE2))
    assert (s.bsa_m2, s.bsa_formula, s.age) == (D("1.39"), "stevenson", 63)
    v = first(s, "bortezomib")
    assert (v.dose, v.dose_calculated) == (D("1.8"), D("1.807"))
    assert v.basis == "1.3 mg/m² × 1.39 m²"
    assert doses(s, "thalidomide") == {D(100)}
    assert doses(s, "dexamethasone") == {D(20)}
    assert first(s, "thalidomide").date == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("formula", "bsa", "bortezomib"),
    [
        # 156/52 by each formula (float check: DuBois 1.4986, Haycock 1.5038, Gehan-George
        # 1.5155, Boyd 1.5189, Stevenson 0.9516 + 0.6656 - 0.1529 = 1.4643).
        ("dubois", "1.50", "2.0"),  # 1.3 x 1.50 = 1.95 -> 2.0
        ("haycock", "1.50", "2.0"),
        ("gehan-george", "1.52", "2.0"),  # 1.3 x 1.52 = 1.976 -> 2.0
        ("boyd", "1.52", "2.0"),
        ("stevenson", "1.46", "1.9"),  # 1.3 x 1.46 = 1.898 -> 1.9
    ],
)
def test_formula_choice_changes_bsa(formula: str, bsa: str, bortezomib: str) -> None:
    plan = Plan(
        patient=Patient(id="T", sex="F", age=48, height_cm=D(156), weight_kg=D(52)),
        regimen="rvd",  # type: ignore[arg-type]
        start=date(2026, 12, 1),
        bsa_formula=formula,
        doses={"dexamethasone": "20 mg"},
    )
    s = mmsched.expand(plan)
    assert s.bsa_m2 == D(bsa)
    assert doses(s, "bortezomib") == {D(bortezomib)}


# -- delays and cycles -------------------------------------------------------------------------


def rvd_plan(**changes: object) -> Plan:
    fields: dict[str, object] = {
        "patient": Patient(id="T", sex="F", age=48, height_cm=D(156), weight_kg=D(52)),
        "regimen": "rvd",
        "start": date(2026, 12, 1),
        "doses": {"dexamethasone": "20 mg"},
        **changes,
    }
    return Plan(**fields)  # type: ignore[arg-type]


def test_delay_moves_that_cycle_and_every_later_one() -> None:
    # Cycle 2 would start 2026-12-29; seven days late it starts 2027-01-05, and cycle 3 follows
    # 28 days later, 2027-02-02 (not 2027-01-26).
    s = mmsched.expand(rvd_plan(cycles=3, delays={2: 7}))
    assert s.cycle_starts == (date(2026, 12, 1), date(2027, 1, 5), date(2027, 2, 2))
    assert [a.date for a in s.administrations if a.drug == "bortezomib" and a.cycle == 2] == [
        date(2027, 1, 5),
        date(2027, 1, 8),
        date(2027, 1, 12),
        date(2027, 1, 15),
    ]
    # Cycle 1 is untouched: lenalidomide still 2026-12-01 .. 12-28, then a 7-day gap.
    lenalidomide = [a.date for a in s.administrations if a.drug == "lenalidomide"]
    assert lenalidomide[27] == date(2026, 12, 28)
    assert lenalidomide[28] == date(2027, 1, 5)


def test_delays_add_up() -> None:
    # +7 before cycle 2 and +2 before cycle 3: 2026-12-01, 2027-01-05, 2027-02-04.
    s = mmsched.expand(rvd_plan(cycles=3, delays={2: 7, 3: 2}))
    assert s.cycle_starts == (date(2026, 12, 1), date(2027, 1, 5), date(2027, 2, 4))
    assert s.end == date(2027, 3, 3)  # 2027-02-04 + 27


def test_delay_of_cycle_1_moves_the_start() -> None:
    s = mmsched.expand(rvd_plan(delays={1: 3}))
    assert s.cycle_starts == (date(2026, 12, 4), date(2027, 1, 1))
    assert s.start == date(2026, 12, 1)


def test_zero_delay_changes_nothing() -> None:
    assert mmsched.expand(rvd_plan(delays={2: 0})) == mmsched.expand(rvd_plan())


def test_plan_cycles_override_the_regimen() -> None:
    s = mmsched.expand(rvd_plan(cycles=1))
    assert s.cycles == 1
    assert s.cycle_starts == (date(2026, 12, 1),)
    assert len(s.administrations) == 28 + 4 + 8


# -- BSA cap --------------------------------------------------------------------------------------


def big_plan(**changes: object) -> Plan:
    # 190 cm / 120 kg: Mosteller sqrt(22800 / 3600) = sqrt(6.3333) = 2.5166 -> 2.52 m2.
    return rvd_plan(
        patient=Patient(id="T", sex="M", age=50, height_cm=D(190), weight_kg=D(120)), **changes
    )


def test_no_cap_by_default() -> None:
    s = mmsched.expand(big_plan())
    assert s.bsa_m2 == D("2.52")
    v = first(s, "bortezomib")
    assert (v.dose_calculated, v.dose) == (D("3.276"), D("3.3"))  # 1.3 x 2.52
    assert dosing_warnings(s) == []


def test_cap_applies_and_says_so() -> None:
    s = mmsched.expand(big_plan(bsa_cap_m2=D("2.0")))
    assert (s.bsa_m2, s.bsa_uncapped_m2) == (D("2.0"), D("2.52"))
    v = first(s, "bortezomib")
    assert (v.dose_calculated, v.dose) == (D("2.6"), D("2.6"))  # 1.3 x 2.00
    assert v.basis == "1.3 mg/m² × 2.00 m²"
    assert dosing_warnings(s) == [
        "BSA capped at 2.00 m² by the plan (calculated 2.52 m²); "
        "every BSA-based dose uses the capped value",
    ]
    data = json.loads(mmsched.schedule_to_json(s))
    assert data["patient"]["bsa_m2"] == 2
    assert data["patient"]["bsa_uncapped_m2"] == 2.52
    assert data["warnings"] == list(s.warnings)


def test_cap_above_the_bsa_does_nothing() -> None:
    s = mmsched.expand(big_plan(bsa_cap_m2=D("2.6")))
    assert s.bsa_m2 == D("2.52")
    assert dosing_warnings(s) == []


def test_cap_is_a_bsa_to_hundredths() -> None:
    try:
        s = mmsched.expand(big_plan(bsa_cap_m2=D("1.945")))
    except PlanError as exc:  # refusing the cap is a correct answer too
        assert [p.field for p in exc.problems] == ["bsa_cap_m2"]  # noqa: PT017
        return
    # Half-up to 0.01: 1.945 -> 1.95 m2; 1.3 x 1.95 = 2.535 mg.
    assert s.bsa_m2 == D("1.95")
    v = first(s, "bortezomib")
    assert v.basis == "1.3 mg/m² × 1.95 m²"
    assert v.dose_calculated == D("2.535")


def test_hopa_warning_when_rounding_moves_the_dose_more_than_10_percent(tmp_path: Path) -> None:
    # 1.3 mg/m2 x 1.50 m2 = 1.95 mg, rounded to a 2.5 mg step: 0.78 steps -> 1 -> 2.5 mg,
    # (2.5 - 1.95) / 1.95 = 28 % > 10 %.
    regimen = tmp_path / "coarse.yaml"
    regimen.write_text(
        "id: coarse\nname: Coarse\ncycle_days: 21\nsource: test\ndrugs:\n"
        "  - {drug: bortezomib, dose: 1.3 mg/m2, route: SC, days: '1, 8', rounding: 2.5 mg}\n",
        encoding="utf-8",
    )
    plan = rvd_plan(regimen=mmsched.load_regimen(regimen), doses={})
    s = mmsched.expand(plan)
    assert doses(s, "bortezomib") == {D("2.5")}
    assert dosing_warnings(s) == [
        "bortezomib: rounding to 2.5 mg moves the dose from 1.95 to 2.5 mg, more than 10 % "
        "(HOPA 2018); check the rounding step",
    ]


# -- mg/kg -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        ("60", "960"),  # 16 x 60
        ("52.5", "840"),  # 16 x 52.5
        ("48", "768"),  # 16 x 48
        ("73.4", "1174.4"),  # 16 x 73.4
    ],
)
def test_daratumumab_per_kg_uses_the_weight(weight: str, expected: str) -> None:
    plan = Plan(
        patient=Patient(id="T", sex="F", age=70, height_cm=D(160), weight_kg=D(weight)),
        regimen="drd",  # type: ignore[arg-type]
        start=date(2027, 1, 4),
        cycles=1,
    )
    s = mmsched.expand(plan)
    dara = first(s, "daratumumab")
    assert dara.dose == D(expected)
    assert dara.dose_calculated == D(expected)
    assert dara.basis == f"16 mg/kg × {weight} kg"
    assert dara.bsa_m2 is None
    assert doses(s, "daratumumab") == {D(expected)}


# -- age from birth date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "age"),
    [
        (date(1978, 3, 2), 48),  # 2026-12-01 is after the 48th birthday (2026-03-02)
        (date(1978, 12, 1), 48),  # the 48th birthday is the start date itself
        (date(1978, 12, 2), 47),  # the 48th birthday is the day after the start
        (date(1963, 12, 31), 62),
    ],
)
def test_age_is_taken_on_the_start_date(birth: date, age: int) -> None:
    patient = Patient(id="T", sex="F", birth_date=birth, height_cm=D(156), weight_kg=D(52))
    s = mmsched.expand(rvd_plan(patient=patient))
    assert s.age == age


def test_birth_date_in_a_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "patient: {id: T, sex: 女, birth_date: 1978-03-02, height_cm: 156, weight_kg: 52}\n"
        "regimen: rvd\nstart: 2026-12-01\ndoses: {dexamethasone: 20 mg}\n",
        encoding="utf-8",
    )
    s = mmsched.expand(mmsched.load_plan(plan))
    assert (s.age, s.sex) == (48, "F")


def test_plan_regimen_path_is_relative_to_the_plan(tmp_path: Path) -> None:
    (tmp_path / "regs").mkdir()
    (tmp_path / "regs" / "mine.yaml").write_text(
        "id: mine\nname: Mine\ncycle_days: 14\ncycles: 2\nsource: test\ndrugs:\n"
        "  - {drug: dexamethasone, dose: 20 mg, route: PO, days: '1, 8'}\n",
        encoding="utf-8",
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "patient: {id: T, sex: F, age: 60, height_cm: 160, weight_kg: 60}\n"
        "regimen: regs/mine.yaml\nstart: 2026-12-01\n",
        encoding="utf-8",
    )
    s = mmsched.expand(mmsched.load_plan(plan))
    # 14-day cycles: 12-01, 12-08; 12-15, 12-22.
    assert [a.date for a in s.administrations] == [
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 15),
        date(2026, 12, 22),
    ]


# -- the JSON contract -----------------------------------------------------------------------------


def cli_json(path: Path) -> dict[str, object]:
    result = CliRunner().invoke(app, ["calendar", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_json_contract_case1() -> None:
    data = cli_json(CASE1)
    assert data["schema"] == "mmsched.schedule/1"
    patient = data["patient"]
    regimen = data["regimen"]
    adms = data["administrations"]
    assert isinstance(patient, dict)
    assert isinstance(regimen, dict)
    assert isinstance(adms, list)
    assert {"id", "bsa_m2", "bsa_formula"} <= set(patient)
    assert (patient["id"], patient["bsa_m2"], patient["bsa_formula"]) == (
        "GZ-0001",
        1.5,
        "mosteller",
    )
    assert "name" not in patient  # the id identifies; the name stays out of the contract
    assert {"id", "cycle_days", "cycles"} <= set(regimen)
    assert (regimen["id"], regimen["cycle_days"], regimen["cycles"]) == ("rvd-il2", 28, 2)
    assert isinstance(data["warnings"], list)
    assert all(isinstance(w, str) for w in data["warnings"])
    assert not [w for w in data["warnings"] if "BSA" in w or "rounding" in w]
    assert len(adms) == 94
    required = {"date", "cycle", "day", "drug", "dose", "dose_calculated", "unit", "route"}
    for adm in adms:
        assert required <= set(adm)
        for key in ("cycle", "day", "dose", "dose_calculated"):
            assert type(adm[key]) in (int, float), (key, adm[key])  # numbers, not strings
        assert isinstance(adm["date"], str)
        assert date.fromisoformat(adm["date"]).isoformat() == adm["date"]
    bortezomib = next(a for a in adms if a["drug"] == "bortezomib")
    assert bortezomib == {
        **bortezomib,
        "date": "2026-12-01",
        "cycle": 1,
        "day": 1,
        "dose": 2,
        "dose_calculated": 1.95,
        "unit": "mg",
        "route": "SC",
    }
    il2 = next(a for a in adms if a["drug"] == "interleukin-2")
    assert (il2["dose"], il2["unit"]) == (500000, "IU")
    # Ordered by date, then by the regimen's drug order.
    order = ["lenalidomide", "bortezomib", "dexamethasone", "interleukin-2"]
    keys = [(a["date"], order.index(a["drug"])) for a in adms]
    assert keys == sorted(keys)
    assert [a["drug"] for a in adms[:4]] == order
    assert [a["drug"] for a in adms if a["date"] == "2026-12-09"] == [
        "lenalidomide",
        "dexamethasone",
    ]


def test_json_has_no_patient_name() -> None:
    result = CliRunner().invoke(app, ["calendar", str(CASE1), "--format", "json"])
    assert "廖某妹" not in result.stdout


def test_json_case2_numbers() -> None:
    data = cli_json(CASE2)
    patient = data["patient"]
    assert isinstance(patient, dict)
    assert (patient["bsa_m2"], patient["bsa_formula"]) == (1.39, "stevenson")
    adms = data["administrations"]
    assert isinstance(adms, list)
    bortezomib = next(a for a in adms if a["drug"] == "bortezomib")
    assert (bortezomib["dose"], bortezomib["dose_calculated"]) == (1.8, 1.807)


def test_text_format() -> None:
    result = CliRunner().invoke(app, ["calendar", str(CASE1)])
    assert result.exit_code == 0
    assert result.stderr == ""
    # The text calendar's layout is its own issue; it names the patient and the regimen.
    assert "GZ-0001" in result.stdout
    assert "rvd-il2" in result.stdout


def test_expand_reads_no_files(monkeypatch: pytest.MonkeyPatch) -> None:
    # The expander is pure: once the plan is loaded, expanding it opens nothing.
    plan = mmsched.load_plan(CASE1)
    expected = mmsched.expand(plan)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the expander opened a file: {args}")

    import builtins
    import io

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert mmsched.expand(plan) == expected
