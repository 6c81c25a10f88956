"""Issue 12, fresh-clone review: each finding made impossible as a class, one test each.

Every expected value here is worked by hand from the files written in the test, never copied
from a run of the program.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import mmsched
from mmsched.batch.check import check_file, files_to_check
from mmsched.batch.ward import plan_files
from mmsched.errors import MmschedError
from mmsched.formats.ids import normal_id, plain_name
from mmsched.formats.limits import yaml_files
from mmsched.formats.reader import load_ward, read_yaml

PATIENT = "{id: GZ-0001, name: a, sex: F, age: 48, height_cm: 156, weight_kg: 52}"


def plan(tmp_path: Path, extra: str = "", patient: str = PATIENT, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(
        f"patient: {patient}\nregimen: rvd-il2\nstart: 2026-12-01\n"
        f"doses: {{dexamethasone: 20 mg}}\n{extra}",
        encoding="utf-8",
    )
    return path


def refused(path: Path) -> str:
    with pytest.raises(MmschedError) as caught:
        mmsched.load_plan(path)
    result = check_file(path)
    assert not result.ok
    return str(caught.value)


# --- A1: keys equal once spaces, quotes and Unicode forms are set aside ----------------------


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ('{dexamethasone: 20 mg, "dexamethasone ": 40 mg}', "'dexamethasone'", "'dexamethasone '"),
        (
            '{dexamethasone: 20 mg, "\\tdexamethasone": 40 mg}',
            "'dexamethasone'",
            "'\\tdexamethasone'",
        ),
        (
            '{dexamethasone: 20 mg, "dexamethasone\\u00a0": 40 mg}',
            "'dexamethasone'",
            "'dexamethasone\\xa0'",
        ),
        # Full-width letters are the same key once NFKC-normalised.
        ('{dexamethasone: 20 mg, "ｄexamethasone": 40 mg}', "'dexamethasone'", "'ｄexamethasone'"),
    ],
)
def test_a1_keys_equal_after_trim_or_nfkc_are_duplicates(
    tmp_path: Path, text: str, first: str, second: str
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        f"patient: {PATIENT}\nregimen: rvd-il2\nstart: 2026-12-01\ndoses: {text}\n",
        encoding="utf-8",
    )
    message = refused(path)
    # "doses: {" is 8 characters: the first key starts at column 9.
    assert f"the keys {first} (line 4, column 9) and {second} (line 4, column " in message
    assert "keep one of them" in message


def test_a1_a_number_key_and_its_text_are_one_key(tmp_path: Path) -> None:
    path = plan(tmp_path, 'delays: {2: 7, "2": 0}\n')
    # "delays: {" is 9 characters: 2 at column 10, "2" at column 16 (after "2: 7, ").
    assert "the keys 2 (line 5, column 10) and '2' (line 5, column 16) are one key" in refused(path)


def test_a1_every_file_kind_ward_formulary(tmp_path: Path) -> None:
    ward = tmp_path / "w.yaml"
    ward.write_text(
        "formulary:\n  dexamethasone: {strengths: [4 mg]}\n"
        "  ' dexamethasone': {strengths: [1 mg]}\n",
        encoding="utf-8",
    )
    with pytest.raises(MmschedError, match=r"line 2, column 3\) and ' dexamethasone' \(line 3"):
        load_ward(ward)


# --- A2: merge keys ---------------------------------------------------------------------------


def test_a2_two_merge_keys_in_one_mapping_are_refused(tmp_path: Path) -> None:
    patient = (
        "\n  <<: {id: GZ-0001, sex: F, age: 48, height_cm: 156, weight_kg: 52}"
        "\n  <<: {weight_kg: 95}"
    )
    message = refused(plan(tmp_path, patient=patient))
    assert (
        "the merge key '<<' is given 2 times in one mapping (line 2, column 3 and line 3, column 3)"
        in message
    )


def test_a2_a_merged_key_overridden_with_another_value_is_refused(tmp_path: Path) -> None:
    patient = "{<<: {weight_kg: 52}, id: GZ-0001, sex: F, age: 48, height_cm: 156, weight_kg: 95}"
    message = refused(plan(tmp_path, patient=patient))
    # "patient: {" is 10 characters: '<<' at column 11; weight_kg: 95 after 65 more.
    assert "the key 'weight_kg' is given by the merge '<<' at line 1, column 11" in message


def test_a2_a_merge_repeating_the_same_value_is_accepted(tmp_path: Path) -> None:
    patient = "{<<: {weight_kg: 52}, id: GZ-0001, sex: F, age: 48, height_cm: 156, weight_kg: 52}"
    assert mmsched.load_plan(plan(tmp_path, patient=patient)).patient.weight_kg == Decimal(52)


# --- A3, A4, A5/C11, C12 -----------------------------------------------------------------------


def test_a3_two_measurements_on_one_date_are_refused(tmp_path: Path) -> None:
    extra = (
        "measurements: [{date: 2026-12-27, weight_kg: 45.5}, {date: 2026-12-27, weight_kg: 90}]\n"
    )
    assert "measurements[1].date: 2026-12-27 is the date of measurements[0] too" in refused(
        plan(tmp_path, extra)
    )


def test_a4_a_bsa_cap_below_one_square_metre_is_refused(tmp_path: Path) -> None:
    assert "bsa_cap_m2: 0.01 m² is below 1.00 m²" in refused(plan(tmp_path, "bsa_cap_m2: 0.01\n"))


def test_a4_a_dose_that_rounds_to_zero_names_the_drug_and_the_cause(tmp_path: Path) -> None:
    (tmp_path / "reg.yaml").write_text(
        "id: loc-zero\nname: Local zero\ncycle_days: 21\ncycles: 1\nsource: test\ndrugs:\n"
        "  - drug: bortezomib\n    dose: 1.3 mg/m2\n    rounding: 10 mg\n    route: SC\n"
        '    days: "1"\n',
        encoding="utf-8",
    )
    path = tmp_path / "p.yaml"
    path.write_text(f"patient: {PATIENT}\nregimen: reg.yaml\nstart: 2026-12-01\n", encoding="utf-8")
    # Mosteller: sqrt(156 * 52 / 3600) = sqrt(2.2533) = 1.5011 -> 1.50 m²; 1.3 * 1.50 = 1.95 mg,
    # under half of 10 mg: it rounds to 0.
    with pytest.raises(MmschedError) as caught:
        mmsched.expand(mmsched.load_plan(path))
    assert str(caught.value).endswith(
        "bortezomib: the cycle 1 dose comes to 0 mg (1.3 mg/m² × 1.50 m² = 1.95 mg, which "
        "rounds to 0 at 10 mg); give the regimen a rounding step smaller than the dose"
    )
    assert not check_file(path).ok


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("serum_creatinine_mg_dl", "0.0001", "0.0001 mg/dL is below 0.17 mg/dL (15 µmol/L)"),
        ("serum_creatinine_mg_dl", "0.16", "0.16 mg/dL is below 0.17 mg/dL"),
        ("serum_creatinine_umol_l", "2653", "2653 µmol/L is above 2652 µmol/L (30 mg/dL)"),
        ("serum_creatinine_mg_dl", "1e-30", "too small a number"),
        ("serum_creatinine_umol_l", "1e28", "too large a number"),
        ("total_bilirubin_umol_l", "1e28", "too large a number"),
    ],
)
def test_a5_c11_creatinine_bounds_and_no_decimal_errors(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    patient = PATIENT[:-1] + f", {field}: {value}}}"
    text = refused(plan(tmp_path, patient=patient))
    assert f"patient.{field}: " in text and message in text


def test_a5_creatinine_at_its_bounds_is_accepted(tmp_path: Path) -> None:
    # 15 µmol/L / 88.4 = 0.1697 mg/dL, written 0.17; 30 mg/dL * 88.4 = 2652 µmol/L.
    for extra in ("serum_creatinine_mg_dl: 0.17", "serum_creatinine_umol_l: 2652"):
        patient = PATIENT[:-1] + f", {extra}}}"
        mmsched.load_plan(plan(tmp_path, patient=patient))


def test_c12_an_age_from_birth_date_is_0_to_120(tmp_path: Path) -> None:
    patient = (
        "{id: GZ-0001, sex: F, birth_date: 1800-01-01, height_cm: 156, weight_kg: 52, "
        "serum_creatinine_umol_l: 80}"
    )
    # 2026-12-01 - 1800-01-01: 226 whole years.
    assert (
        "patient.birth_date: 1800-01-01 makes the patient 226 on the start date 2026-12-01; "
        "an age is 0 to 120"
    ) in refused(plan(tmp_path, patient=patient))


# --- A6, A7, A8 ---------------------------------------------------------------------------------


def test_a6_holiday_dates_outside_the_year_and_a_file_listed_twice(tmp_path: Path) -> None:
    (tmp_path / "h.yaml").write_text(
        "country: cn\nyear: 2027\nsource: test\n"
        "holidays:\n  - {name: Fake, from: 2026-12-04, to: 2026-12-04}\n"
        "working_days: [2026-12-06]\n",
        encoding="utf-8",
    )
    twice = tmp_path / "w.yaml"
    twice.write_text("holiday_files: [h.yaml, ./h.yaml]\n", encoding="utf-8")
    with pytest.raises(MmschedError, match=r"'./h.yaml' is listed twice \(holiday_files\[0\]"):
        load_ward(twice)
    once = tmp_path / "w1.yaml"
    once.write_text("holiday_files: [h.yaml]\n", encoding="utf-8")
    with pytest.raises(MmschedError) as caught:
        load_ward(once)
    assert (
        "holidays[0] (2026-12-04 to 2026-12-04); working_days[0] (2026-12-06) are not in 2027"
        in str(caught.value)
    )


def test_a6_a_year_given_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "h.yaml").write_text(
        "country: cn\nyear: 2026\nsource: test\nholidays: []\nworking_days: [2026-10-01]\n",
        encoding="utf-8",
    )
    ward = tmp_path / "w.yaml"
    ward.write_text("holidays: cn\nholiday_files: [h.yaml]\n", encoding="utf-8")
    with pytest.raises(MmschedError, match=r"gives cn 2026, as does .*cn-2026\.yaml"):
        load_ward(ward)


def test_a7_renal_bands_with_one_bound_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "id: loc-x\nname: Local x\ncycle_days: 28\ncycles: 1\nsource: test\ndrugs:\n"
        "  - drug: lenalidomide\n    dose: 25 mg\n    route: PO\n    days: '1'\n    renal:\n"
        "      - {crcl_min: 30, dose: 20 mg}\n      - {crcl_min: 30.0, dose: 10 mg}\n"
        "      - {crcl_min: 0, dose: 5 mg}\n",
        encoding="utf-8",
    )
    with pytest.raises(MmschedError, match=r"drugs\[0\].renal\[1\].crcl_min: renal\[0\] starts at"):
        mmsched.load_regimen(path)


def test_a8_a_regimen_file_with_a_bundled_id_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fake.yaml").write_text(
        "id: rvd\nname: RVD\ncycle_days: 21\ncycles: 1\nsource: test\ndrugs:\n"
        "  - drug: bortezomib\n    dose: 2.6 mg/m2\n    route: SC\n    days: '1'\n",
        encoding="utf-8",
    )
    path = tmp_path / "p.yaml"
    path.write_text(
        f"patient: {PATIENT}\nregimen: fake.yaml\nstart: 2026-12-01\n", encoding="utf-8"
    )
    message = refused(path)
    assert "fake.yaml: has the id of the bundled regimen 'rvd'" in message
    assert "give it an id of its own (e.g. rvd-local)" in message


# --- B9 ids, names, digits ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("GZ-0001\ufe00", "U+FE00 VARIATION SELECTOR-1 at character 8 (a mark"),
        # NFKC makes the Hangul filler U+3164 the jungseong filler U+1160.
        ("GZ-0001\u3164", "U+1160 HANGUL JUNGSEONG FILLER at character 8 (a filler"),
        ("GZ-0001\u2800", "U+2800 BRAILLE PATTERN BLANK at character 8 (a filler"),
        ("GZ-0001\u0301", "U+0301 COMBINING ACUTE ACCENT at character 8 (a mark"),
        ("GZ\u20100001", "U+2010 HYPHEN at character 3, a dash that looks like '-'"),
        ("GZ\u22120001", "U+2212 MINUS SIGN at character 3, a dash that looks like '-'"),
        ("\u0413Z-0001", "mixes Latin letters with Cyrillic ones (U+0413"),
        ("GZ 0001", "contains a space at character 3"),
        ("GZ-0001;", "U+003B SEMICOLON at character 8; an id holds only letters, digits"),
    ],
)
def test_b9_invisible_and_look_alike_ids_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        normal_id(text)


def test_b9_ids_of_every_script_stay_accepted() -> None:
    assert normal_id("张伟-01/b_2.x") == "张伟-01/b_2.x"
    assert normal_id("ＧＺ－０００１") == "GZ-0001"  # full-width: NFKC gives ASCII
    assert normal_id("Α-ΩΒ") == "Α-ΩΒ"  # Greek alone is one script


@pytest.mark.parametrize(
    "text",
    ["Ana\u200bLi", "\ufeffAna", "An\u00ada", "Ana\U000e0041", "Ana" + "\u0301" * 4, "x" * 101],
)
def test_names_refuse_invisible_stacked_and_long_text(text: str) -> None:
    with pytest.raises(ValueError, match=r"invisible character|stacked|at most 100 characters"):
        plain_name(text)


def test_names_keep_joiners_and_a_vietnamese_accent() -> None:
    assert plain_name("Nguyễn Thị") == "Nguyễn Thị"
    assert plain_name("e\u0323\u0302") == "e\u0323\u0302"  # two marks on one letter
    assert plain_name("x" * 100) == "x" * 100


@pytest.mark.parametrize("dose", ["2\u0665 mg", "\u0662\u0660 mg", "\U0001d7d0\U0001d7ce mg"])
def test_a_dose_with_non_ascii_digits_is_refused(tmp_path: Path, dose: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        f"patient: {PATIENT}\nregimen: rvd-il2\nstart: 2026-12-01\n"
        f'doses: {{dexamethasone: "{dose}"}}\n',
        encoding="utf-8",
    )
    assert "not one of 0-9; write the number with the digits 0-9" in refused(path)


def test_a_number_with_non_ascii_digits_is_refused(tmp_path: Path) -> None:
    patient = '{id: GZ-0001, sex: F, age: 48, height_cm: 156, weight_kg: "\u0665\u0662"}'
    assert "not one of 0-9" in refused(plan(tmp_path, patient=patient))


# --- B10: one way to read a folder --------------------------------------------------------------


def test_b10_ward_and_check_read_a_folder_the_same_way(tmp_path: Path) -> None:
    source = plan(tmp_path / "..", name=f"{tmp_path.name}-src.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "plans"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.yaml", "b.YAML", "c.yml", ".hidden.yaml", "sub/e.yaml", "notes.txt"):
        (folder / name).write_text(source, encoding="utf-8")
    assert [p.name for p in yaml_files(folder, recurse=False)] == ["a.yaml", "b.YAML", "c.yml"]
    assert [p.name for p in plan_files(folder)[0]] == ["a.yaml", "b.YAML", "c.yml"]
    checked = files_to_check([folder])[0]
    assert [p.relative_to(folder).as_posix() for p in checked] == [
        "a.yaml",
        "b.YAML",
        "c.yml",
        "sub/e.yaml",
    ]


# --- README inaccuracies and rough edges --------------------------------------------------------


def test_many_values_without_aliases_are_not_blamed_on_aliases(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: [" + ", ".join(["1"] * 100_001) + "]\n", encoding="utf-8")
    with pytest.raises(MmschedError) as caught:
        read_yaml(path)
    message = str(caught.value).split("big.yaml: ", 1)[1]
    assert message.startswith("holds more than 100,000 values")
    assert "alias" not in message


def test_deep_question_mark_keys_never_reach_the_parser(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text("a: 1\n" + "? " * 3000 + "x\n", encoding="utf-8")
    with pytest.raises(MmschedError, match="nested more than 32 levels deep"):
        read_yaml(path)


def test_an_exponent_is_not_called_a_unit(tmp_path: Path) -> None:
    from mmsched.formats.validation import _number_with_unit

    assert _number_with_unit("1e6", "drugs[0].min_interval_hours") is None
    assert _number_with_unit("52kg", "patient.weight_kg") is not None


def test_an_empty_ward_path_is_empty(tmp_path: Path) -> None:
    assert "ward: is empty; give the path of a ward file, or remove the line" in refused(
        plan(tmp_path, 'ward: ""\n')
    )
