"""Issue 14: ``--help`` in Chinese, ``--lang`` on every command.

The help's language is chosen before the command line is read: ``--lang`` on it, else the
default rule (``MMSCHED_LANG``, the config file's ``lang``, the locale). Chinese help is wrapped
between characters, never with closing punctuation at the start of a line, never inside a Latin
word, a path, or a number and its unit.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mmsched.cli.app import _with_completion
from mmsched.cli.cjkwrap import CLOSING, cells, wrap
from mmsched.cli.helptext import HELP, ZH
from mmsched.cli.zhhelp import help_lang, localize

MMSCHED = [sys.executable, "-m", "mmsched"]


def _env(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "MMSCHED_"))}
    env.pop("LANG", None)
    env["HOME"] = env["XDG_CONFIG_HOME"] = "/nonexistent"  # no config file unless a test has one
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _run(*args: str, **env: str | None) -> str:
    result = subprocess.run(
        [*MMSCHED, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(**env),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _commands() -> list[tuple[str, Any]]:
    """Every command of the whole command line, by its path (``regimens show``)."""
    found: list[tuple[str, Any]] = []

    def visit(path: str, command: Any) -> None:
        found.append((path, command))
        for name, sub in getattr(command, "commands", {}).items():
            visit(f"{path} {name}".strip(), sub)

    visit("", _with_completion())
    return found


def _help_strings(command: Any) -> list[str]:
    own = [command.help] + [getattr(p, "help", None) for p in command.params]
    return [text for text in own if text]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- wrapping, on its own (expected lines worked out by hand: a CJK character is 2 columns) ---


def test_wrap_breaks_between_chinese_characters() -> None:
    # 甲乙丙丁戊己 is 12 columns: 4 characters (8 columns) a line.
    assert wrap("甲乙丙丁戊己", 8) == ["甲乙丙丁", "戊己"]


def test_closing_punctuation_never_starts_a_line() -> None:
    # 甲乙丙丁 fills 8 columns, but "，" may not start the next line: 丁 goes down with it.
    assert wrap("甲乙丙丁，戊己", 8) == ["甲乙丙", "丁，戊己"]
    assert wrap("每天一次。每周五次。", 8) == ["每天一", "次。每周", "五次。"]


def test_opening_punctuation_never_ends_a_line() -> None:
    assert wrap("甲乙丙（丁）", 8) == ["甲乙丙", "（丁）"]


def test_a_latin_word_and_a_path_stay_whole() -> None:
    assert wrap("使用 mmsched 命令", 8) == ["使用", "mmsched", "命令"]
    # A path longer than the line is left whole on a line of its own.
    assert wrap("写入 ~/.config/mmsched/config.toml 中", 12) == [
        "写入",
        "~/.config/mmsched/config.toml",
        "中",
    ]


def test_a_number_stays_with_its_unit() -> None:
    assert wrap("甲乙丙丁 3 天", 9) == ["甲乙丙丁", "3 天"]
    # "25 mg，" is one piece: the number, its unit and the comma after them.
    assert wrap("剂量为 25 mg，每天", 10) == ["剂量为", "25 mg，每", "天"]
    assert wrap("例如 'dexamethasone=20 mg'", 20) == ["例如", "'dexamethasone=20 mg'"]


def test_english_wraps_on_spaces_as_before() -> None:
    assert wrap("one two three", 7) == ["one two", "three"]


# --- the real help, in Chinese, at a fixed width ---


def test_mmsched_help_in_chinese_at_60_columns() -> None:
    out = _run("--help", MMSCHED_LANG="zh", COLUMNS="60")
    lines = out.splitlines()
    assert "  多发性骨髓瘤化疗方案的周期排程。" in lines
    assert "  --version             显示版本号后退出。" in lines
    # The command list: names padded to 15 columns, the Chinese in 41 (58 - 15 - 2).
    i = lines.index("  calendar       打印患者的治疗日历：每次给药的日期、剂量")
    assert lines[i + 1] == "                 和给药途径。"
    i = lines.index("  serve          从计划文件夹实时读取，提供病区网页和日历")
    assert lines[i + 1] == "                 订阅源。"
    assert lines[0].startswith("Usage: ")  # click's own words stay


def test_calendar_help_in_chinese_at_60_columns() -> None:
    out = _run("calendar", "--lang", "zh", "--help", MMSCHED_LANG="en", COLUMNS="60")
    lines = out.splitlines()
    assert "  打印患者的治疗日历：每次给药的日期、剂量和给药途径。" in lines
    # "-f, --format <text|json|csv|html>" is 33 columns: the first column is 30 + 2 wide and
    # the help 24 columns (58 - 32 - 2). Worked out by hand: 纯文本，不带颜色（输出不 is 24.
    pad = " " * 34
    i = lines.index("  --no-color" + " " * 22 + "纯文本，不带颜色（输出不")
    assert lines[i + 1 : i + 3] == [pad + "是终端或设置了 NO_COLOR", pad + "时也不带颜色）。"]
    for line in lines:
        assert not line.strip() or line.strip()[0] not in CLOSING, line


def _zh_help(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The Chinese help as the console script prints it (in this process)."""
    command = _with_completion()
    localize(command, ZH)
    with pytest.raises(SystemExit) as ended:
        command.main([*args, "--help"], prog_name="mmsched")
    assert ended.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("columns", ["50", "72", "100"])
def test_no_help_line_starts_with_closing_punctuation(
    columns: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    for args in ([], ["ward"], ["suggest-start"], ["new", "plan"], ["token"]):
        for line in _zh_help(args, capsys).splitlines():
            assert not line.strip() or line.strip()[0] not in CLOSING, (args, line)
            # Only a piece that may not be broken (a Latin word, a path, an option value) may
            # run past the width, alone on its line.
            assert cells(line) <= int(columns) or not re.search("[\u3000-\u9fff]", line), line


# --- every command's help in Chinese ---


def test_every_help_string_has_chinese() -> None:
    missing = localize(_with_completion(), ZH)
    assert missing == []
    assert len(ZH) == len(HELP)  # no English written twice


@pytest.mark.parametrize("path", [p for p, _ in _commands()], ids=lambda p: p or "mmsched")
def test_each_commands_help_in_chinese(
    path: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    strings = _help_strings(dict(_commands())[path])
    out = _zh_help(path.split(), capsys)
    for text in strings:
        assert _squeezed(ZH[text]) in _squeezed(out), text
        first_words = " ".join(text.split()[:4])
        assert first_words not in out, f"English left: {first_words}"
    assert not re.search(r"[a-z]+ [a-z]+ [a-z]+ [a-z]+", out.replace("Show this message", "")), out


def test_chinese_help_is_set_as_chinese_is_written() -> None:
    cjk = "\u3400-\u9fff"
    for english, chinese in HELP:
        assert chinese.endswith(("。", "）", "”")), chinese
        # No ASCII , ; : ( ) against a Chinese character (full-width ones there).
        assert not re.search(rf"[{cjk}][,;:()]|[,;()][{cjk}]", chinese), chinese
        # A space between a number and a Latin unit; none inside Chinese.
        assert not re.search(r"\d(mg|kg|cm|m²)\b", chinese), chinese
        assert not re.search(rf"[{cjk}] [{cjk}]", chinese), chinese
        assert english != chinese


def test_chinese_help_words_a_ward_reads() -> None:
    # A few by hand: the words, the units and the option values as written.
    assert ZH["Height in centimetres."] == "身高，单位 cm。"
    assert ZH["Print the version and exit."] == "显示版本号后退出。"
    assert ZH["F or M."] == "F 或 M。"
    assert ZH["An alarm before each event: 1d, 2h, 30m (repeatable)."] == (
        "每个事件前的提醒：1d、2h、30m（可重复）。"
    )


# --- which language ---


def test_english_help_is_typers_own() -> None:
    out = _run("calendar", "--help", MMSCHED_LANG="en", COLUMNS="100")
    assert "Print a patient's calendar: every administration with its date, dose and route." in out
    assert "╭─ Options" in out  # typer's panels, as before
    assert "打印患者的治疗日历" not in out


@pytest.mark.parametrize(
    ("args", "env", "chinese"),
    [
        (["calendar", "--lang", "zh", "-h"], {"MMSCHED_LANG": "en"}, True),
        (["calendar", "--lang=zh", "-h"], {"MMSCHED_LANG": "en"}, True),
        (["calendar", "-h", "--lang", "zh"], {"MMSCHED_LANG": "en"}, True),
        (["calendar", "--lang=en", "-h"], {"MMSCHED_LANG": "zh"}, False),
        (["calendar", "-h"], {"MMSCHED_LANG": "zh"}, True),
        (["--help"], {"MMSCHED_LANG": "zh"}, True),
        (["--help"], {"LANG": "en_GB.UTF-8"}, False),
        (["--help"], {"LANG": "zh_CN.UTF-8"}, True),
        (["--help"], {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, True),
        ([], {"MMSCHED_LANG": "zh"}, True),  # no command: the help
        (["new"], {"MMSCHED_LANG": "zh"}, True),
        (["regimens", "show", "--lang", "zh", "--help"], {}, True),
    ],
)
def test_the_help_follows_lang_then_the_default_rule(
    args: list[str], env: dict[str, str], chinese: bool
) -> None:
    result = subprocess.run(
        [*MMSCHED, *args], capture_output=True, text=True, env=_env(**env), timeout=60, check=False
    )
    out = result.stdout + result.stderr  # click writes the help of a bare group to stderr
    assert ("多发性骨髓瘤" in out or "打印" in out or "新建" in out or "以网格" in out) is chinese
    assert ("Print" in out or "Start a new" in out or "Show a regimen" in out) is not chinese


def test_the_config_files_lang_chooses_the_help(tmp_path: Path) -> None:
    (tmp_path / "mmsched").mkdir()
    (tmp_path / "mmsched" / "config.toml").write_text('lang = "zh"\n', encoding="utf-8")
    out = _run("--help", XDG_CONFIG_HOME=str(tmp_path), LANG="en_US.UTF-8")
    assert "多发性骨髓瘤化疗方案的周期排程。" in out


def test_help_lang_reads_only_what_it_needs() -> None:
    # Not a help run: nothing to choose, English strings (never shown) without the settings.
    assert help_lang(["calendar", "plan.yaml"], {"MMSCHED_LANG": "zh"}) == "en"
    assert help_lang(["calendar", "plan.yaml", "--lang", "zh"], {}) == "en"
    # A broken MMSCHED_LANG: the help is English, the command says what is wrong.
    assert help_lang(["--help"], {"MMSCHED_LANG": "fr"}) == "en"
    # After "--" nothing is an option.
    assert help_lang(["check", "--", "--lang", "zh", "-h"], {"MMSCHED_LANG": "en"}) == "en"


# --- --lang on every command ---


@pytest.mark.parametrize(
    "path", [p for p, c in _commands() if p and p != "new"], ids=lambda p: p or "mmsched"
)
def test_every_command_takes_lang(path: str) -> None:
    command = dict(_commands())[path]
    assert "lang" in [p.name for p in command.params], path


@pytest.mark.parametrize(
    "args",
    [
        ["schema", "plan", "-o", "/nonexistent/plan.schema.json"],
        ["regimens", "to-fhir", "no-such-regimen", "-o", "-"],
        ["regimens", "from-fhir", "/nonexistent/plandefinition.json", "-o", "-"],
        ["new", "plan", "--regimen", "no-such-regimen", "-o", "-"],
        ["fhir", "/nonexistent/plan.yaml", "-o", "-"],
        ["token", "revoke", "/nonexistent/ward", "nobody", "--state-dir", "/nonexistent/s"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
@pytest.mark.parametrize(
    ("lang", "default", "start"), [("zh", "en", "错误："), ("en", "zh", "error: ")]
)
def test_lang_chooses_the_language_of_the_errors(
    args: list[str], lang: str, default: str, start: str
) -> None:
    result = subprocess.run(
        [*MMSCHED, *args, "--lang", lang],
        capture_output=True,
        text=True,
        env=_env(MMSCHED_LANG=default),
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(start), result.stderr
