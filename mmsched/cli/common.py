"""What every command does the same way: report an error, choose the language, the regimen
library and the terminal style, write the output, read a date option.

Light at import (typer and :mod:`mmsched.errors` only): the modules that do the work are
imported inside the functions that use them.
"""

from __future__ import annotations

import os
import sys
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import typer

from ..errors import MmschedError, Problem, coded

if TYPE_CHECKING:
    from ..engine.wardsheet import WardError
    from ..views.display import Lang
    from .settings import Config


def fail(error: MmschedError) -> typer.Exit:
    """Print ``error`` for a person, in the command's language, and return the exit to raise."""
    typer.echo(error_line(error), err=True)
    return typer.Exit(code=1)


def usage(error: MmschedError) -> typer.Exit:
    """Print ``error`` about an option value in one of the command line's own formats (a date,
    a time, an alarm, a time stamp) and return the exit to raise: code 2, a usage error, as
    click gives an unknown option."""
    typer.echo(error_line(error), err=True)
    return typer.Exit(code=2)


def error_line(error: MmschedError, lang: Lang | None = None) -> str:
    """``error`` as printed: ``error: ...`` in English, ``错误：...`` in Chinese, in ``lang``,
    else the command's language (:func:`error_lang`)."""
    chosen = lang or error_lang()
    return f"错误：{error.render('zh')}" if chosen == "zh" else f"error: {error.render()}"


#: The language the running command chose (:func:`resolve_lang`); None until it has chosen.
#: Set back to None when a command starts (:func:`begin_command`, the app's callback).
_COMMAND_LANG: ContextVar[Lang | None] = ContextVar("_COMMAND_LANG", default=None)


def begin_command() -> None:
    """A command starts: it has not chosen its language yet."""
    _COMMAND_LANG.set(None)


def ward_error_line(error: WardError) -> str:
    """A plan file a ward command could not use, as printed, in the command's language."""
    if error_lang() == "zh":
        return f"错误：{error.file}：{error.text('zh')}"
    return f"error: {error.file}: {error.message}"


def error_lang() -> Lang:
    """The language of the running command's errors: the one it chose (:func:`resolve_lang`),
    else the default rule; English when none can be told (a broken ``MMSCHED_LANG`` is
    itself reported in English)."""
    chosen = _COMMAND_LANG.get()
    if chosen is not None:
        return chosen
    from .settings import default_lang

    try:
        return default_lang(os.environ)
    except MmschedError:
        return "en"


def _warn(line: str) -> None:
    typer.echo(line, err=True)


def _config(ctx: typer.Context) -> Config:
    """The config file, read once per command: a problem with it is warned about once."""
    config: Config | None = ctx.meta.get("mmsched.config")
    if config is None:
        from .settings import read_config

        config = read_config(os.environ)
        if config.issue is not None:
            from .settings import warning

            _warn(warning(config.issue, _COMMAND_LANG.get() or "en"))
        ctx.meta["mmsched.config"] = config
    return config


def resolve_lang(lang: str | None, ctx: typer.Context | None = None) -> Lang:
    """``--lang`` if given (a :class:`Language` or any "zh"/"en" string enum), else the default
    from the environment (see :mod:`mmsched.cli.settings`). With the command's ``ctx``, the
    config file is read once for the language and the regimen library together."""
    chosen = _resolve_lang(lang, ctx)
    _COMMAND_LANG.set(chosen)
    return chosen


def _resolve_lang(lang: str | None, ctx: typer.Context | None) -> Lang:
    if lang is not None:
        return "en" if lang == "en" else "zh"
    from .settings import default_lang

    config = _config(ctx) if ctx is not None and not os.environ.get("MMSCHED_LANG") else None
    try:
        return default_lang(os.environ, warn=_warn, config=config)
    except MmschedError as exc:
        typer.echo(error_line(exc, "en"), err=True)
        raise typer.Exit(code=1) from None


def library_dirs(ctx: typer.Context, extra: list[Path] | None = None) -> tuple[Path, ...]:
    """The local regimen library's folders (``MMSCHED_REGIMENS``, else ``regimen_dirs`` in the
    config file), then ``extra`` (``regimens --dir``); see :mod:`mmsched.formats.library`."""
    from .settings import Config, regimen_dirs

    config = Config() if os.environ.get("MMSCHED_REGIMENS") else _config(ctx)
    lang = _COMMAND_LANG.get() or "en"
    return (*regimen_dirs(os.environ, warn=_warn, config=config, lang=lang), *(extra or ()))


def terminal_style(no_color: bool, output: Path | None) -> tuple[bool, int]:
    """Colour and width: colour only on a terminal (and not with --no-color or NO_COLOR)."""
    from ..views.terminal import DEFAULT_WIDTH

    if output is not None or not sys.stdout.isatty():
        return False, DEFAULT_WIDTH
    import shutil

    color = not no_color and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    return color, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def stdout_gone(exc: OSError) -> None:
    """Standard output cannot take the text (a full disk, a closed pipe): say so once, and
    point standard output at nothing so the interpreter's last flush stays quiet."""
    try:
        sys.stderr.write(f"mmsched: cannot write to standard output ({exc.strerror or exc})\n")
        sys.stderr.flush()
    except OSError:
        pass
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def file_target(output: Path | None) -> Path | None:
    """The file ``-o`` names, or None for standard output (no ``-o``, or ``-o -``), so that
    ``-o -`` behaves as no ``-o`` everywhere: no byte-order mark, the terminal's style, and
    no message about a file kept as it was.

    >>> file_target(Path("-")), file_target(None), file_target(Path("a.csv"))
    (None, None, PosixPath('a.csv'))
    """
    return None if output is None or str(output) == "-" else output


def not_an_input(output: Path | None, inputs: list[Path | None]) -> None:
    """Refuse ``-o`` naming a file the command reads (``calendar plan.yaml -o plan.yaml``
    replaced the plan with its calendar): the files named, and a folder's YAML files, are
    compared with the output as files (links and other spellings of one file included).

    Raises:
        typer.Exit: exit code 1, with a message naming the file.
    """
    if output is None or str(output) == "-" or not output.exists():
        return
    for given in inputs:
        if given is None:
            continue
        candidates = sorted(given.glob("*")) if given.is_dir() else [given]
        for candidate in candidates:
            try:
                same = os.path.samefile(candidate, output)
            except OSError:
                continue
            if same:
                problem = coded("", "output.is_an_input", candidate=str(candidate))
                raise fail(MmschedError(problem, file=str(output)))


def emit(text: str, output: Path | None, *, bom: bool = False) -> None:
    """Write ``text`` to ``output`` (atomically for a file; see :mod:`.fileio` for the kinds
    of target), or to standard output when there is none or it is ``-``."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .fileio import write_atomic

    try:
        write_atomic(output, ("\ufeff" if bom else "") + text)
    except OSError as exc:
        raise cannot_write(output, exc) from None


def cannot_write(output: Path, exc: OSError) -> typer.Exit:
    """Print why ``output`` could not be written and return the exit to raise."""
    return fail(MmschedError(coded("", "output.cannot_write", reason=os_reason(exc)), str(output)))


def os_reason(exc: OSError) -> object:
    """Why the system refused, for a message: a refused output target's own problem (written
    in the message's language), else the system's words."""
    return getattr(exc, "problem", None) or exc.strerror or str(exc)


#: Words a date option takes, and their days from today.
DATE_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
#: What a date option takes, for messages and help.
DATE_HELP = "YYYY-MM-DD, today, tomorrow, yesterday, or +N/-N days from today"


class DateArg(NamedTuple):
    """A date option as given: a calendar date (``fixed``), or ``days`` from today.

    (A named tuple, not a dataclass: a dataclass costs ``mmsched calendar``'s start 0.7 ms.)
    """

    text: str
    fixed: date | None = None
    days: int = 0

    @property
    def relative(self) -> bool:
        """Whether the date depends on today."""
        return self.fixed is None

    def on(self, today: date) -> date:
        """The date, counted from ``today`` when it is relative.

        >>> DateArg("+3", days=3).on(date(2026, 12, 30))
        datetime.date(2027, 1, 2)
        """
        return self.fixed if self.fixed is not None else today + timedelta(days=self.days)


def date_arg(text: str | None, option: str) -> DateArg | None:
    """Read a date option: ``YYYY-MM-DD``, ``today``, ``tomorrow``, ``yesterday``, ``+N`` or
    ``-N`` days (at most 9999). A date that does not exist gets the message a file's date gets.

    >>> date_arg("tomorrow", "--from"), date_arg("-7", "--from").days, date_arg(None, "--to")
    (DateArg(text='tomorrow', fixed=None, days=1), -7, None)
    >>> date_arg("2026-2-3", "--date").fixed
    datetime.date(2026, 2, 3)

    Raises:
        typer.BadParameter: not a date, or a date that does not exist (exit code 2).
    """
    if text is None:
        return None
    word = text.strip().lower()
    if word in DATE_WORDS:
        return DateArg(text, days=DATE_WORDS[word])
    digits = word[1:]
    if word[:1] in "+-" and digits.isascii() and digits.isdigit() and len(digits) <= 4:
        return DateArg(text, days=int(word))
    parts = word.split("-")
    if (
        len(parts) == 3
        and all(p.isascii() and p.isdigit() for p in parts)
        and len(parts[0]) == 4
        and all(1 <= len(p) <= 2 for p in parts[1:])
    ):
        try:
            return DateArg(text, fixed=date(int(parts[0]), int(parts[1]), int(parts[2])))
        except ValueError:
            problem = coded(option, "field.not_a_date", value=shown(text))
            raise bad_parameter(problem) from None
    raise bad_parameter(coded(option, "usage.date.not_a_date", value=shown(text)))


def bad_parameter(problem: Problem) -> typer.BadParameter:
    """A click usage error (exit code 2) on the option ``problem.field``, its message written
    in the command's language (click's own words around it stay as click writes them)."""
    return typer.BadParameter(problem.sentence(error_lang()), param_hint=problem.field)


def shown(text: str) -> str:
    """A command-line value in a message: quoted, control characters escaped, at most 40
    characters (as a file's values are)."""
    shown = repr(text)
    return shown if len(shown) <= 40 else shown[:38] + "…" + shown[-1]


def today_for_ward(ctx: typer.Context, ward_file: Path | None) -> date:
    """Today in the ``--ward`` file's time zone, else the system's."""
    zone = None
    if ward_file is not None:
        from ..formats.reader import load_ward

        try:
            zone = load_ward(ward_file).timezone
        except MmschedError as exc:
            raise fail(exc) from None
    return today_in(ctx, zone)


def today_in(ctx: typer.Context, zone: str | None) -> date:
    """Today's date in the IANA time zone ``zone`` (None: the system's local zone).

    The clock is the system's; a test gives the command a frozen one as the aware date-time
    ``obj={"now": ...}`` of its invocation (``CliRunner().invoke(app, args, obj=...)``).
    """
    given = ctx.obj.get("now") if isinstance(ctx.obj, dict) else None
    now = given if isinstance(given, datetime) else datetime.now(UTC)
    if zone is None:
        return now.astimezone().date()
    from zoneinfo import ZoneInfo  # only when a date word meets a ward with a time zone

    return now.astimezone(ZoneInfo(zone)).date()
