"""Issue 14, the message layer: every problem raised as a code with its parameters, written in
English and in Chinese from one catalogue; ``mmsched check --lang zh`` and ``err.render("zh")``.

The Chinese scan follows the issue's rule of what Chinese text is: quoted code and user text
(“…”, '…'), the field path after 位置：, file paths, numbers with their units, dose ranges and
the allowed values echoed back are exempt; the rest has no ASCII , : ; ( ) and no English word
outside the allow-list.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mmsched
from mmsched.cli.app import app
from mmsched.engine.units import Dose
from mmsched.errors import (
    CodedError,
    MmschedError,
    PlanError,
    Problem,
    Said,
    ScheduleError,
    coded,
    from_exception,
)
from mmsched.errors.catalogue import MESSAGES
from mmsched.exports.ics.common import IcsError
from mmsched.exports.ics.options import IcsOptions
from mmsched.formats.reader import load_plan

INVALID = Path(__file__).resolve().parent / "data" / "invalid"
BROKEN = sorted(INVALID.glob("*.yaml"))
PLANS = [p for p in BROKEN if p.name.startswith("plan-")]
ENV: dict[str, str | None] = {
    "MMSCHED_LANG": None,
    "LC_ALL": None,
    "LANG": "en_US.UTF-8",  # the locale says English: --lang zh must win
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "MMSCHED_REGIMENS": "",
    "NO_COLOR": "1",
}

#: Words a Chinese message may hold outside quotes: units, formats and names that are the same
#: in both languages (drug international names, formula names, the file format).
ALLOWED_WORDS = {
    "mg", "mcg", "g", "IU", "cm", "kg", "m", "m2", "mL", "min", "dL", "µmol", "L", "YAML",
    "YYYY-MM-DD", "IANA", "config.toml", "lenalidomide", "bortezomib", "dexamethasone",
    "thalidomide", "daratumumab", "cyclophosphamide", "h",
}  # fmt: skip


def run(*args: str, **env: str | None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={**ENV, **env})
    return result.exit_code, result.stdout, result.stderr


def chinese_parts(text: str) -> str:
    """``text`` without what the issue exempts from the Chinese typography rules."""
    text = re.sub(r"位置：\S*$", "", text)  # the field path, once, after the sentence
    text = re.sub(r"“[^”]*”|'[^']*'", "", text)  # quoted code and user text
    text = re.sub(r"(?:/|\w+/)[\w./-]+\.ya?ml", "", text)  # file paths
    text = re.sub(r"(?:可选|可用单位|药物为)：[^。；（]*", "", text)  # allowed values echoed back
    text = re.sub(r"（(?:[\w-]+、)+[\w-]+）", "", text)  # a list of ids in brackets
    return re.sub(r"[\d.]+(?:-[\d.]+)? ?(?:mg|µmol/L|mg/dL|cm|kg|m²|mg/m2)", "", text)


def scan(text: str) -> list[str]:
    """What is wrong with ``text`` as Chinese: ASCII punctuation, English words."""
    rest = chinese_parts(text)
    wrong = [f"ASCII {ch!r}" for ch in ",:;()" if ch in rest]
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.-]*", rest)
    wrong += [f"English word {w!r}" for w in words if w not in ALLOWED_WORDS]
    return wrong


def test_the_scan_finds_what_it_must() -> None:
    """The scan itself: it catches ASCII punctuation and English words, and exempts paths."""
    assert scan("身高 1.56 像是米, 请核对") == ["ASCII ','"]
    assert scan("check the height（身高）") == [
        "English word 'check'",
        "English word 'the'",
        "English word 'height'",
    ]
    assert scan("身高 300 cm 不在 50-250 cm 之间，请核对身高。位置：patient.height_cm") == []
    assert scan("方案“rvd”中没有药物“x”。") == []


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_check_in_chinese_gives_every_problem_in_chinese_with_file_and_field(path: Path) -> None:
    code, out, _ = run("check", str(path), "--lang", "zh", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["lang"] == "zh"
    (entry,) = report["files"]
    error = entry["error"]
    assert path.name in error["text"]
    for problem in error["problems"]:
        assert problem["code"] in MESSAGES, problem  # every problem of these files has a code
        text = problem["text"]
        assert re.search("[\u4e00-\u9fff]", text), text
        if problem["field"]:
            assert text.endswith(f"位置：{problem['field']}")
            # The path once, not inside the sentence ("regimen_dirs" is not "regimen").
            path_re = rf"(?<![\w.]){re.escape(problem['field'])}(?![\w.\[])"
            assert len(re.findall(path_re, text)) == 1, text
        assert scan(text) == [], text
        # The English text is kept, unchanged in meaning: the same as without --lang.
        assert not re.search("[\u4e00-\u9fff]", problem["message"])
    code, text_out, _ = run("check", str(path), "--lang", "zh")
    assert code == 1
    assert text_out.splitlines()[0].startswith(f"有误 {path}：")
    assert text_out.splitlines()[-1] == "共检查 1 个文件，1 个有问题"


def test_check_text_in_chinese_names_file_and_field() -> None:
    path = INVALID / "plan-height-in-metres.yaml"
    code, out, _ = run("check", str(path), "--lang", "zh")
    assert code == 1
    assert out.splitlines()[0] == (
        f"有误 {path}：身高 1.56 似乎是以米为单位；身高以厘米填写，请写为 156。"
        "位置：patient.height_cm"
    )


def test_check_json_carries_the_code_and_both_texts() -> None:
    path = INVALID / "plan-weight-in-grams.yaml"
    for lang in ("en", "zh"):
        _, out, _ = run("check", str(path), "--format", "json", "--lang", lang)
        (problem,) = json.loads(out)["files"][0]["error"]["problems"]
        assert problem["field"] == "patient.weight_kg"
        assert problem["code"] == "plan.weight_kg.looks_like_grams"
        # 52000 g is 52 kg: the advice names the number to write.
        assert problem["message"] == "52000 looks like grams; weight is in kilograms (write 52)"
        assert problem["message_zh"] == "体重 52000 似乎是以克为单位；体重以千克填写，请写为 52。"
    assert problem["text"] == problem["message_zh"] + "位置：patient.weight_kg"
    _, out, _ = run("check", str(path), "--format", "json", "--lang", "en")
    (problem,) = json.loads(out)["files"][0]["error"]["problems"]
    assert problem["text"] == "patient.weight_kg: " + problem["message"]


def test_check_lang_follows_the_default_rule() -> None:
    path = INVALID / "plan-no-age.yaml"
    _, out, _ = run("check", str(path), LANG="zh_CN.UTF-8")
    assert out.startswith(f"有误 {path}：请填写患者年龄")
    _, out, _ = run("check", str(path), MMSCHED_LANG="en", LANG="zh_CN.UTF-8")
    assert out.startswith(f"error {path}: patient.age: give the patient's age or birth_date")


def test_a_library_error_renders_in_either_language() -> None:
    with pytest.raises(PlanError) as info:
        load_plan(INVALID / "plan-many-problems.yaml")
    err = info.value
    zh = err.render("zh")
    assert zh.splitlines()[0].endswith("plan-many-problems.yaml：4 个问题：")
    assert "  - 没有第 3 周期；周期编号为 1 至 2。位置：delays.3" in zh.splitlines()
    # The English rendering is the one str() has always given.
    assert err.render() == str(err) == err.render("en")
    assert "delays.3: there is no cycle 3; cycles run 1 to 2" in str(err)
    for line in zh.splitlines()[1:]:
        assert scan(line.removeprefix("  - ")) == [], line


def test_a_problem_without_a_code_reads_the_same_in_both_languages() -> None:
    old = Problem("drugs[0]", "an English sentence")
    assert old.code == "" and old.text("zh") == old.text("en") == "drugs[0]: an English sentence"
    assert MmschedError([old]).render("zh") == "drugs[0]: an English sentence"
    # Built positionally as before: field and message are unchanged.
    assert Problem("a", "b") == Problem(field="a", message="b")


def test_a_nested_error_is_written_in_the_sentence_language(tmp_path: Path) -> None:
    """A plan naming a ward file with a problem: the ward's problem in the plan's language."""
    (tmp_path / "ward.yaml").write_text("closed_weekdays: [sun, funday]\n", encoding="utf-8")
    plan = (INVALID.parent.parent.parent / "examples" / "case1-rvd-il2.yaml").read_text("utf-8")
    (tmp_path / "plan.yaml").write_text(plan + "ward: ward.yaml\n", encoding="utf-8")
    with pytest.raises(MmschedError) as info:
        load_plan(tmp_path / "plan.yaml")
    zh = info.value.render("zh")
    assert "病区文件无法使用" in zh and "“funday”不是星期的写法" in zh, zh
    assert zh.endswith("位置：ward")
    assert "'funday' is not a weekday" in str(info.value)


def test_every_code_has_both_templates_with_the_same_parameters() -> None:
    names = re.compile(r"(?<!\{)\{(\w+)\}")
    for code, (en, zh) in MESSAGES.items():
        assert re.fullmatch(r"[a-z_0-9]+(\.[a-z_0-9]+)+", code), code
        assert set(names.findall(en)) == set(names.findall(zh)) or code in {
            "plan.doses.item_prompt",
        }, code
        assert re.search("[\u4e00-\u9fff]", zh), code
        assert not re.search("[\u4e00-\u9fff]", en), code


def test_coded_keeps_english_text_exactly() -> None:
    problem = coded("patient.height_cm", "plan.height_cm.looks_like_metres", height=1.56, write=156)
    assert problem.message == "1.56 looks like metres; height is in centimetres (write 156)"
    assert problem.params == {"height": 1.56, "write": 156}


@pytest.mark.parametrize("path", PLANS[:6], ids=lambda p: p.name)
def test_other_commands_print_errors_in_their_language(path: Path) -> None:
    code, _, err = run("calendar", str(path), "--lang", "zh")
    assert code == 1
    assert err.startswith(f"错误：{path}：")
    assert "位置：" in err
    code, _, err = run("calendar", str(path), "--lang", "en")
    assert code == 1 and err.startswith(f"error: {path}: ")


def test_ward_errors_carry_their_code_and_print_in_the_command_language(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes((INVALID / "plan-weight-in-grams.yaml").read_bytes())
    good = INVALID.parent.parent.parent / "examples" / "case1-rvd-il2.yaml"
    (tmp_path / "good.yaml").write_bytes(good.read_bytes())
    args = ("ward", str(tmp_path), "--date", "2026-12-01")
    code, out, err = run(*args, "--format", "json", "--lang", "zh")
    assert code == 1
    (error,) = json.loads(out)["errors"]
    assert error["code"] == "plan.weight_kg.looks_like_grams"
    assert error["message"].startswith("patient.weight_kg: 52000 looks like grams")
    assert err.strip() == (
        f"错误：{tmp_path / 'bad.yaml'}：体重 52000 似乎是以克为单位；体重以千克填写，请写为 52。"
        "位置：patient.weight_kg"
    )
    code, _, err = run(*args, "--lang", "en")
    assert err.startswith(f"error: {tmp_path / 'bad.yaml'}: patient.weight_kg: 52000 looks")


REGIMENS = INVALID.parent.parent.parent / "regimens"


def test_a_supportive_item_problem_is_coded_and_written_in_chinese(tmp_path: Path) -> None:
    """Rd's aspirin without its route: the supportive rules' problem, in both languages."""
    text = (REGIMENS / "rd.yaml").read_text("utf-8")
    aspirin = "  - item: aspirin\n"
    start = text.index(aspirin)
    route = text.index("    route: PO\n", start)
    assert text.index("  - item:", start + 1) > route  # the route removed is aspirin's
    broken = text[:route] + text[route + len("    route: PO\n") :]
    (tmp_path / "rd.yaml").write_text(broken, encoding="utf-8")
    for lang in ("zh", "en"):
        code, out, _ = run("check", str(tmp_path / "rd.yaml"), "--format", "json", "--lang", lang)
        assert code == 1
        (problem,) = json.loads(out)["files"][0]["error"]["problems"]
        assert problem["code"] == "regimen.supportive.route_missing"
        assert problem["field"] == "supportive[0].route"
        assert problem["message"] == "a dose needs its route (PO, IV, SC, ...)"
    assert problem["message_zh"] == "填写剂量时须同时填写给药途径（如“PO”“IV”“SC”）。"
    zh = coded("supportive[0].route", "regimen.supportive.route_missing").text("zh")
    assert zh.endswith("。位置：supportive[0].route")
    assert scan(zh) == []


def test_a_strengths_problem_is_written_whole_in_each_language() -> None:
    """The parts of a sentence (combine false, the nearest strength) follow its language."""
    problem = coded(
        "drugs[0].dose",
        "regimen.strengths.cannot_make",
        amount="7.5",
        unit="mg",
        strengths="5, 10 mg",
        one_unit=coded("", "regimen.strengths.part_one_unit"),
        nearest=coded("", "regimen.strengths.part_nearest", amount="5", unit="mg"),
    )
    assert problem.message == (
        "7.5 mg cannot be made from the strengths 5, 10 mg (one unit a dose: combine is "
        "false); the nearest below is 5 mg"
    )
    assert problem.text("zh") == (
        "7.5 mg 无法用规格 5, 10 mg 配出（“combine: false”：每剂只用一粒或一支）；"
        "低于该剂量的最接近剂量为 5 mg。位置：drugs[0].dose"
    )
    assert scan(problem.text("zh").replace("5, 10 mg", "")) == []


def test_a_placement_problem_is_coded_and_written_in_chinese(tmp_path: Path) -> None:
    """Case 1 with bortezomib's C1D8 (2026-12-08) moved to 2026-12-06: C1D4 is 2026-12-04,
    48 hours before, and bortezomib needs 72 hours, so 2026-12-07 is the first day allowed."""
    plan = (INVALID.parent.parent.parent / "examples" / "case1-rvd-il2.yaml").read_text("utf-8")
    plan += (
        "changes:\n  - {action: move, drug: bortezomib, date: 2026-12-08, to: 2026-12-06, "
        "reason: clinic day}\n"
    )
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    with pytest.raises(ScheduleError) as info:
        mmsched.expand(load_plan(tmp_path / "plan.yaml"))
    (problem,) = info.value.problems
    assert problem.code == "schedule.move.too_close"
    assert problem.message == (
        "moving bortezomib C1D8 from 2026-12-08 to 2026-12-06 would put it 48 hours after "
        "C1D4 (2026-12-04); bortezomib needs at least 72 hours between doses: choose "
        "2026-12-07 or later"
    )
    zh = problem.text("zh")
    assert zh == (
        "把 bortezomib C1D8 从 2026-12-08 移到 2026-12-06，与 C1D4（2026-12-04）只相隔 48 小时；"
        "bortezomib 两次给药至少间隔 72 小时：请选 2026-12-07 或之后的日期。位置：changes[0]"
    )
    assert scan(re.sub(r"C\dD\d+|\d{4}-\d\d-\d\d", "", zh)) == []


def test_words_said_in_both_languages_follow_the_sentence() -> None:
    """A parameter already written in each language (a dose in words) takes the sentence's."""
    total = Said("1,100,000 units", "110万国际单位（IU）")
    problem = coded("aldesleukin", "schedule.lifetime_max.exceeded", total=total, limit=total)
    assert problem.message.startswith("the course totals 1,100,000 units, above the regimen's")
    assert problem.text("zh").startswith("整个疗程合计 110万国际单位（IU），超过")
    assert problem.text("zh").endswith("。位置：aldesleukin")


def test_new_plan_and_calendar_option_problems_are_coded_and_written_in_chinese() -> None:
    """``mmsched new plan`` with both --age and --birth-date, and a calendar's unknown group."""
    args = (
        *("new", "plan", "--regimen", "rvd", "--start", "2026-12-01", "--sex", "F"),
        *("--height", "156", "--weight", "52", "--age", "48", "--birth-date", "1978-03-02"),
        *("-o", "/nonexistent-mmsched-test/plan.yaml"),
    )
    code, _, err = run(*args, MMSCHED_LANG="zh")
    assert code == 1
    assert err.strip() == ("错误：“--age”和“--birth-date”只能给其一，不要同时给出。位置：--age")
    assert scan(err.strip().removeprefix("错误：")) == []
    code, _, err = run(*args, MMSCHED_LANG="en")
    assert err.strip() == "error: --age: give --age or --birth-date, not both"

    with pytest.raises(IcsError) as info:
        IcsOptions(stamp=dt.datetime(2026, 11, 1, tzinfo=dt.UTC), lang="zh", group="week")  # type: ignore[arg-type]
    (problem,) = info.value.problems
    assert problem.code == "ics.option.not_one_of"
    assert problem.message == "'week' is not one of day, drug"
    assert problem.text("zh") == "“week”不是可用的值，可选：day、drug。位置：group"
    assert scan(problem.text("zh")) == []


def test_a_day_rule_problem_is_coded_and_written_in_chinese(tmp_path: Path) -> None:
    """Rd's lenalidomide on days 21-1: a range written high to low."""
    text = (REGIMENS / "rd.yaml").read_text("utf-8")
    assert text.count("    days: 1-21\n") == 1
    (tmp_path / "rd.yaml").write_text(text.replace("    days: 1-21\n", "    days: 21-1\n"), "utf-8")
    code, out, _ = run("check", str(tmp_path / "rd.yaml"), "--format", "json", "--lang", "zh")
    assert code == 1
    (problem,) = json.loads(out)["files"][0]["error"]["problems"]
    assert problem["code"] == "regimen.days.range_reversed"
    assert problem["message"] == "'21-1': a range runs from the lower day to the higher one"
    assert problem["text"] == (
        f"“21-1”：范围应从较小的天数写到较大的天数。位置：{problem['field']}"
    )
    assert problem["field"].startswith("drugs[0]")
    assert scan(problem["text"]) == []


def test_a_dose_problem_carries_its_code_in_both_languages() -> None:
    """A dose range written high to low: the engine's ValueError carries its code."""
    with pytest.raises(CodedError) as info:
        Dose.parse("40-10 mg")
    problem = from_exception("drugs[1].dose", info.value)
    assert problem.code == "dose.range_reversed"
    assert problem.message == "'40-10 mg': a range is written low-high, the low amount first"
    assert (
        problem.text("zh") == "“40-10 mg”：范围应写成“低-高”，较小的剂量在前。位置：drugs[1].dose"
    )
    assert scan(problem.text("zh")) == []
