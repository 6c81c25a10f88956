"""Issue 14, "message codes at the source": every error mmsched raises on purpose is built from
a message code, so that it renders in Chinese too.

A guard scans mmsched's source (outside :mod:`mmsched.errors`) and fails on a ``Problem``, an
``MmschedError`` (or subclass), a ``WardError`` or a click ``BadParameter`` built from a plain
string (a literal, an f-string, ``"..." % x``, ``"...".format(x)``, or a local name bound to one
of those). Then each area that gained codes is run through the real CLI with ``--lang zh``:
the exact Chinese sentence (written by hand here, not copied from the program), the file, the
field after 位置：, the exit code, no traceback; and the English is the one mmsched always wrote.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mmsched.cli.app import app
from mmsched.engine.units import Dose
from mmsched.errors import CodedError, MmschedError
from mmsched.errors.catalogue import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mmsched"
EXAMPLES = ROOT / "examples"
WARD = EXAMPLES / "ward"
ENV: dict[str, str | None] = {
    "MMSCHED_LANG": None,
    "LC_ALL": None,
    "LANG": "en_US.UTF-8",
    "XDG_CONFIG_HOME": "/nonexistent-mmsched-test",
    "MMSCHED_REGIMENS": "",
    "NO_COLOR": "1",
    "COLUMNS": "400",  # click's usage box: one line per message, never wrapped
}

# --- the guard ---------------------------------------------------------------------------------

#: Sites allowed to build an error from a plain string, as "path:function" -> why. Keep it
#: short: each entry is text that is the same in every language or that a user wrote.
ALLOWED: dict[str, str] = {}


def _error_classes(files: list[Path]) -> set[str]:
    """``MmschedError`` and every class of the package that derives from it (by name)."""
    bases: dict[str, set[str]] = {}
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = {
                    b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
                }
                bases[node.name] = names
    found = {"MmschedError", "RegimenError", "PlanError", "ScheduleError"}
    grew = True
    while grew:
        more = {name for name, of in bases.items() if of & found} - found
        found |= more
        grew = bool(more)
    return found


def _plain(node: ast.AST | None, strings: dict[str, list[ast.AST]]) -> bool:  # noqa: PLR0911 - one case per kind of expression
    """Whether ``node`` is text written in English in the code rather than a code."""
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _plain(node.left, strings) or _plain(node.right, strings)
    if isinstance(node, ast.IfExp):
        return _plain(node.body, strings) or _plain(node.orelse, strings)
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_plain(e, strings) for e in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _plain(node.func.value, strings)
    if isinstance(node, ast.Name):
        return any(_plain(value, {}) for value in strings.get(node.id, []))
    return False


def _message_arg(call: ast.Call, name: str) -> ast.AST | None:
    """The argument of ``call`` that holds the text: the first for an error, the second for a
    ``Problem`` or a ``WardError`` (the first is the field or the file)."""
    index, keyword = (1, "message") if name in ("Problem", "WardError") else (0, "problems")
    if name == "BadParameter":
        keyword = "message"
    if len(call.args) > index:
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def uncoded(source: str, classes: set[str]) -> list[tuple[int, str, str]]:
    """The calls of ``source`` that build an error from a plain string: (line, function,
    constructor)."""
    found: list[tuple[int, str, str]] = []
    tree = ast.parse(source)
    scopes: list[ast.AST] = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]
    checked = {*classes, "Problem", "WardError", "BadParameter"}
    for scope in scopes:
        strings: dict[str, list[ast.AST]] = {}
        body = ast.walk(scope) if scope is not tree else iter(tree.body)
        nodes = list(body)
        for node in nodes:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        strings.setdefault(target.id, []).append(node.value)
        for node in nodes:
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in checked and _plain(_message_arg(node, name), strings):
                where = getattr(scope, "name", "<module>")
                found.append((node.lineno, where, name))
    return sorted(set(found))


def _sources() -> list[Path]:
    return [
        p for p in sorted(PACKAGE.rglob("*.py")) if "errors" not in p.relative_to(PACKAGE).parts[:1]
    ]


def test_the_guard_finds_an_error_built_from_plain_text() -> None:
    source = """
def f(x):
    message = f"{x} is wrong"
    raise PlanError(message)

def g(x):
    return [Problem("field", "is wrong"), Problem("f", coded_text),
            Problem("f", "%s bad" % x)]

def h(x):
    raise typer.BadParameter("{} bad".format(x), param_hint="--to")

def i(x):
    return WardError(x, "this folder has no plan files" if x else "none")

def ok(x):
    raise PlanError(coded("field", "plan.code", value=x))
"""
    assert uncoded(source, {"MmschedError", "PlanError"}) == [
        (4, "f", "PlanError"),
        (7, "g", "Problem"),
        (8, "g", "Problem"),
        (11, "h", "BadParameter"),
        (14, "i", "WardError"),
    ]


def test_no_error_of_mmsched_is_built_from_plain_text() -> None:
    files = _sources()
    classes = _error_classes(files)
    assert {"IcsError", "DispensingLimitError"} <= classes
    found = []
    for file in files:
        rel = file.relative_to(ROOT).as_posix()
        for line, function, name in uncoded(file.read_text(encoding="utf-8"), classes):
            if f"{rel}:{function}" not in ALLOWED:
                found.append(f"{rel}:{line} ({function}): {name} built from plain text")
    assert found == [], "use coded(...) and a catalogue entry:\n" + "\n".join(found)


def test_the_allow_list_names_sites_that_exist() -> None:
    for entry in ALLOWED:
        path, _, function = entry.partition(":")
        assert f"def {function}(" in (ROOT / path).read_text(encoding="utf-8"), entry


# --- the new codes through the CLI ---------------------------------------------------------------


def run(*args: str, **env: str | None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={**ENV, **env})
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_a_missing_file_and_a_folder_in_chinese(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert run("calendar", str(missing), "--lang", "zh")[::2] == (
        1,
        f"错误：{missing}：没有这个文件，请核对路径。\n",
    )
    assert run("calendar", str(missing), "--lang", "en")[::2] == (
        1,
        f"error: {missing}: no such file; check the path\n",
    )
    folder = tmp_path / "plans.yaml"
    folder.mkdir()
    assert run("calendar", str(folder), "--lang", "zh")[::2] == (
        1,
        f"错误：{folder}：是文件夹，不是文件；请给出 YAML 文件。\n",
    )


def test_a_key_given_twice_in_chinese_names_both_places(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    # "weight_kg" on lines 3 and 4, indented by two spaces: column 3 both times.
    plan.write_text("patient:\n  id: GZ-1\n  weight_kg: 52\n  weight_kg: 53\n", encoding="utf-8")
    code, _, err = run("calendar", str(plan), "--lang", "zh")
    assert (code, err) == (
        1,
        f"错误：{plan}：键“weight_kg”出现了两次（第 3 行第 3 列和第 4 行第 3 列）；"
        "请只保留一个。\n",
    )
    code, _, err = run("calendar", str(plan), "--lang", "en")
    assert err == (
        f"error: {plan}: the key 'weight_kg' is given twice (line 3, column 3 and line 4, "
        "column 3); keep one of them\n"
    )


def test_a_patient_id_with_a_space_in_chinese_gives_the_field(tmp_path: Path) -> None:
    text = (EXAMPLES / "case1-rvd-il2.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace("id: GZ-0001", "id: GZ 0001", 1), encoding="utf-8")
    code, _, err = run("calendar", str(plan), "--lang", "zh")
    assert code == 1
    assert err == (
        f"错误：{plan}：第 3 个字符是空格；编号是一个整体（字母、数字和 - _ . /）："
        "请按病区记录的写法填写，如“GZ-0001”。位置：patient.id\n"
    )
    code, _, err = run("calendar", str(plan), "--lang", "en")
    assert err == (
        f"error: {plan}: patient.id: contains a space at character 3; an id is one word "
        "(letters, digits and - _ . /): write it as the ward's records do, e.g. GZ-0001\n"
    )


def test_a_date_option_is_a_usage_error_in_the_command_language() -> None:
    plan = str(EXAMPLES / "case1-rvd-il2.yaml")
    code, _, err = run("calendar", plan, "--from", "2026-02-30", "--lang", "zh")
    assert code == 2
    assert "'2026-02-30' 不是实际存在的日期，请按 YYYY-MM-DD 格式填写正确的日期。" in err
    assert "--from" in err
    code, _, err = run("calendar", plan, "--from", "soon", "--lang", "zh")
    assert code == 2
    assert (
        "'soon' 不是日期；请写 YYYY-MM-DD 格式的日期，或“today”“tomorrow”“yesterday”，"
        "或“+N”“-N”（从今天起往后或往前的天数）。" in err
    )
    code, _, err = run(
        "calendar", plan, "--from", "2026-12-10", "--to", "2026-12-01", "--lang", "zh"
    )
    assert code == 2 and "--to 2026-12-01 早于 --from 2026-12-10；请先写较早的日期。" in err
    code, _, err = run(
        "calendar", plan, "--from", "2026-12-10", "--to", "2026-12-01", "--lang", "en"
    )
    assert code == 2
    assert "--to 2026-12-01 is before --from 2026-12-10; give the earlier date first" in err


def test_a_ward_option_clash_in_chinese() -> None:
    code, _, err = run(
        "ward", str(WARD), "--date", "2026-12-01", "--from", "2026-12-01", "--lang", "zh"
    )
    assert code == 2 and "--date 与 --from/--to 只能二选一。" in err


def test_plans_that_overlap_are_written_in_chinese_on_the_sheet(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    original = WARD / "gz-0103-cybord.yaml"
    copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run(
        "ward", str(WARD), str(copy), "--date", "2026-12-11", "-f", "json", "--lang", "zh"
    )
    assert code == 1
    # CyBorD from 2026-12-01, 2 cycles of 28 days: its last event is C2D22, 2027-01-19.
    sentence = (
        "患者 GZ-0103：本计划的疗程（2026-12-01 至 2027-01-19）与 {other}（2026-12-01 至 "
        "2027-01-19）中的计划重叠；该患者的所有计划都不列入本表，因为只列出患者的一部分比不列更"
        "危险。请护士确认哪一份计划正确，再修改其日期或删除另一份。"
    )
    errors = json.loads(out)["errors"]
    assert [e["text"] for e in errors] == [
        sentence.format(other=copy),
        sentence.format(other=original),
    ]
    assert [e["message_zh"] for e in errors] == [e["text"] for e in errors]
    assert {e["code"] for e in errors} == {"course.overlaps.one"}
    assert errors[0]["message"].startswith(
        "patient GZ-0103: this plan's course (2026-12-01 to 2027-01-19) overlaps the plan in "
    )
    assert f"错误：{original}：{sentence.format(other=copy)}\n" in err


def test_the_ward_json_errors_carry_code_and_both_texts_in_english_too(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, _ = run(
        "ward", str(WARD), str(empty), "--date", "2026-12-11", "-f", "json", "--lang", "en"
    )
    assert code == 1
    (error,) = json.loads(out)["errors"]
    assert error == {
        "file": str(empty),
        "message": "this folder has no plan files (*.yaml, *.yml)",
        "on_sheet": False,
        "code": "ward.folder_without_plans",
        "message_zh": "这个文件夹里没有计划文件（*.yaml、*.yml）。",
        "text": "this folder has no plan files (*.yaml, *.yml)",
    }


def test_no_plan_could_be_used_in_chinese(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run("ward", str(empty), "--date", "2026-12-11", "--lang", "zh")
    assert (code, out) == (1, "")
    assert err == (
        f"错误：没有可用的计划，因此不输出病区表：{empty}（这个文件夹里没有计划文件（*.yaml、*.yml）。）。"
        "请核对文件夹和文件名；mmsched check 会列出计划文件的所有问题。\n"
    )


def test_an_output_that_is_a_fifo_in_chinese(tmp_path: Path) -> None:
    plan = str(EXAMPLES / "case1-rvd-il2.yaml")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out, err = run("calendar", plan, "-o", str(fifo), "--lang", "zh")
    assert (code, out) == (1, "")
    assert err == (
        f"错误：{fifo}：无法写入文件（{fifo} 是命名管道（FIFO）；请给出要写入的文件，或用 - 输出到"
        "屏幕）；请确认文件夹存在且可以写入。\n"
    )
    code, out, err = run("calendar", plan, "-o", str(fifo), "--lang", "en")
    assert err == (
        f"error: {fifo}: cannot write the file ({fifo} is a FIFO (named pipe); give a file to "
        "write, or - for the screen); check the folder exists and is writable\n"
    )


def test_a_previous_calendar_that_is_not_one_in_chinese(tmp_path: Path) -> None:
    previous = tmp_path / "old.ics"
    previous.write_text("hello\n", encoding="utf-8")
    out = tmp_path / "new.ics"
    plan = str(EXAMPLES / "case1-rvd-il2.yaml")
    code, _, err = run("ics", plan, "-o", str(out), "--previous", str(previous), "--lang", "zh")
    assert code == 1
    assert err == (
        f"错误：{previous}：不是日历文件（.ics 文件应以“BEGIN:VCALENDAR”开头）；--previous 应给出 "
        "mmsched 上次写出的 .ics 文件。\n"
    )
    code, _, err = run("ics", plan, "-o", str(out), "--previous", str(previous), "--lang", "en")
    assert err == (
        f"error: {previous}: is not an iCalendar file (it does not start with BEGIN:VCALENDAR); "
        "--previous takes the .ics file that mmsched wrote last time\n"
    )


def test_a_fhir_regimen_that_is_not_a_plan_definition_in_chinese(tmp_path: Path) -> None:
    source = tmp_path / "pd.json"
    source.write_text(json.dumps({"resourceType": "Patient"}), encoding="utf-8")
    out = str(tmp_path / "r.yaml")
    code, _, err = run("regimens", "from-fhir", str(source), "-o", out, MMSCHED_LANG="zh")
    assert code == 1
    assert err == (
        f"错误：{source}：不是“PlanDefinition”；请给出 JSON 格式的 FHIR“PlanDefinition”。"
        "位置：resourceType\n"
    )


def test_no_ward_capacity_in_chinese() -> None:
    code, _, err = run(
        "load", str(WARD), "--from", "2026-12-01", "--to", "2026-12-07", "--lang", "zh"
    )
    assert code == 1
    assert err == (
        "错误：没有病区接诊能力：没有哪份计划指定了写有“capacity:”（输液椅数和每天工时）的病区文件；"
        "请用 --ward 指定写有“capacity: {chairs: 8, hours: 8}”的病区文件。\n"
    )


def test_a_dose_written_as_a_number_gives_chinese_examples() -> None:
    with pytest.raises(CodedError) as caught:
        Dose.parse(25)  # type: ignore[arg-type]
    error = MmschedError([_problem(caught.value)])
    assert error.render("zh") == (
        "剂量应写成文字，如“1.3 mg/m2”、“16 mg/kg”、“25 mg”、“500,000 IU”，"
        "或“10-40 mg”这样的范围，而不是 25。"
    )
    assert str(caught.value) == (
        "a dose is written as text such as '1.3 mg/m2', '16 mg/kg', '25 mg', '500,000 IU' or a "
        "range such as '10-40 mg', not 25"
    )


def _problem(exc: CodedError) -> object:
    from mmsched.errors import from_exception

    return from_exception("", exc)


def test_every_new_code_is_at_the_end_of_the_catalogue() -> None:
    codes = list(MESSAGES)
    assert codes.index("file.missing") > codes.index("dose.range_reversed")


def test_an_answer_of_new_plan_in_chinese(tmp_path: Path) -> None:
    out = str(tmp_path / "plan.yaml")
    args = ["new", "plan", "--regimen", "rvd", "--start", "2026-12-01", "--sex", "X"]
    args += ["--height", "156", "--weight", "52", "--age", "48", "--no-prompt", "-o", out]
    assert run(*args, MMSCHED_LANG="zh")[::2] == (
        1,
        "错误：'X' 不是性别；请写“F”（女）或“M”（男）。位置：--sex\n",
    )
    assert run(*args, MMSCHED_LANG="en")[::2] == (
        1,
        "error: --sex: 'X' is not a sex; write F or M\n",
    )


def test_two_library_files_with_one_id_in_chinese(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("id: my-rvd\nname: x\n", encoding="utf-8")
    second.write_text("id: my-rvd\nname: y\n", encoding="utf-8")
    code, _, err = run("regimens", "--dir", str(tmp_path), "--lang", "zh")
    assert code == 1
    assert err.splitlines() == [
        f"错误：{first}：编号为“my-rvd”，与 {second} 相同；计划中的“regimen: my-rvd”无法区分它们，"
        "所以都不使用；请给每个文件一个独有的编号。",
        f"错误：{second}：编号为“my-rvd”，与 {first} 相同；计划中的“regimen: my-rvd”无法区分它们，"
        "所以都不使用；请给每个文件一个独有的编号。",
    ]


def test_a_config_file_that_cannot_be_read_is_warned_about_in_the_command_language(
    tmp_path: Path,
) -> None:
    config = tmp_path / "mmsched" / "config.toml"
    config.parent.mkdir()
    config.write_text("regimen_dirs = 5\n", encoding="utf-8")
    plan = str(EXAMPLES / "case1-rvd-il2.yaml")
    code, _, err = run("calendar", plan, "--lang", "zh", XDG_CONFIG_HOME=str(tmp_path))
    assert code == 0
    assert err == (
        f"警告：{config} 中的“regimen_dirs”未被使用（请写成文件夹列表，"
        '如“regimen_dirs = ["~/regimens"]”）。\n'
    )
    code, _, err = run("calendar", plan, "--lang", "en", XDG_CONFIG_HOME=str(tmp_path))
    assert err == (
        f"warning: regimen_dirs in {config} is not used (write a list of folders, "
        'e.g. regimen_dirs = ["~/regimens"])\n'
    )


def test_token_and_feed_problems_render_in_either_language(tmp_path: Path) -> None:
    import datetime as dt

    from mmsched.server.feeds import FeedParams
    from mmsched.server.tokens import TokenStore

    with pytest.raises(MmschedError) as caught:
        TokenStore(tmp_path / "tokens.sqlite3").revoke("ward-5", dt.datetime.now(dt.UTC))
    assert caught.value.render("zh") == (
        "没有名为“ward-5”的令牌；mmsched token list 可列出所有令牌。位置：NAME"
    )
    assert str(caught.value) == "NAME: no token is named 'ward-5'; mmsched token list shows them"
    with pytest.raises(MmschedError) as caught:
        FeedParams.parse([("group", "week"), ("lang", "fr")], "zh")
    assert caught.value.render("zh").splitlines() == [
        "2 个问题：",
        "  - 请写“day”或“drug”。位置：group",
        "  - 请写“zh”或“en”。位置：lang",
    ]
