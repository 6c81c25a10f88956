"""The ``mmsched`` command: a thin shell over the library.

This module builds the typer app, once, and registers the command of each module on it, in the
order ``mmsched --help`` lists them. The command modules do not know the app: imports point
one way, from here to them and from them to :mod:`.options` and :mod:`.common`.

Each command calls one library function and turns :class:`~mmsched.errors.MmschedError` into a
clear message on stderr and exit code 1. A traceback from here is a bug.
"""

from __future__ import annotations

import errno
import inspect
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Annotated, Any

import typer
from typer.models import CommandInfo

from . import calendar, check, diff, ics, new, regimens, ward
from .common import begin_command, stdout_gone
from .fileio import STOP_SIGNALS, Stopped
from .zhhelp import help_lang, localize

#: ``-h`` is ``--help`` on every command (click hands the setting down to each subcommand).
HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}

#: Commands whose module is imported only when the command runs (or help lists every
#: command): name → (module of this package, its function that is the command).
#: ``mmsched calendar`` does not pay for them at start-up.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "fhir": ("fhir", "fhir"),
    "load": ("capacity", "load"),
    "schema": ("schema", "schema"),
    "serve": ("serve", "serve"),
    "suggest-start": ("capacity", "suggest_start"),
    "token": ("serve", "token"),
}


class _LazyTyper(typer.Typer):
    """A typer app whose :data:`LAZY_COMMANDS` are imported when its commands are read
    (when click is built), and then only the one ``only`` names, if it names one."""

    only: str | None = None
    #: Set once every eager command is registered: until then the list is typer's own.
    ready = False
    _eager: list[CommandInfo]
    _loaded: dict[str, CommandInfo]

    @property
    def registered_commands(self) -> list[CommandInfo]:
        if not self.ready:
            return self._eager
        wanted = [n for n in LAZY_COMMANDS if self.only is None or self.only == n]
        return [*self._eager, *(self._lazy(n) for n in wanted)]

    @registered_commands.setter
    def registered_commands(self, commands: list[CommandInfo]) -> None:
        self._eager = [c for c in commands if c not in getattr(self, "_loaded", {}).values()]

    def _lazy(self, name: str) -> CommandInfo:
        self._loaded = getattr(self, "_loaded", {})
        if name not in self._loaded:
            module, attribute = LAZY_COMMANDS[name]
            function = getattr(import_module(f".{module}", __package__), attribute)
            self._loaded[name] = CommandInfo(name=name, callback=function, help=_help(function))
        return self._loaded[name]


app = _LazyTyper(
    name="mmsched",
    help="Chemotherapy cycle scheduling for multiple myeloma regimens.",
    no_args_is_help=True,
    # --install-completion and --show-completion are added by the console script only when
    # they can be used (see _completion_wanted): typer's set-up of them costs about 0.3 ms of
    # every run, and mmsched calendar must start within 1.5 times a bare typer app.
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings=HELP_OPTIONS,
)


def _show_version(value: bool) -> None:
    if value:
        from ..data import __version__

        typer.echo(f"mmsched {__version__}")
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Chemotherapy cycle scheduling for multiple myeloma regimens."""
    begin_command()


def _help(command: object) -> str:
    """A command's docstring as its help: each paragraph on one line, so that the help is
    wrapped to the terminal instead of breaking where the source line ended.

    >>> def command():
    ...     '''Print a
    ...     calendar.
    ...
    ...     Every dose.'''
    >>> _help(command)
    'Print a calendar.\\n\\nEvery dose.'
    """
    doc = inspect.getdoc(command) or ""
    return "\n\n".join(" ".join(p.split()) for p in doc.split("\n\n"))


app.command(help=_help(calendar.calendar))(calendar.calendar)
app.command(help=_help(ward.ward))(ward.ward)
app.command(help=_help(check.check))(check.check)
app.command(help=_help(diff.diff))(diff.diff)
app.command(help=_help(ics.ics))(ics.ics)

regimens_app = typer.Typer(help=regimens.HELP, no_args_is_help=False, context_settings=HELP_OPTIONS)
regimens_app.callback(invoke_without_command=True)(regimens.regimens)
regimens_app.command("show", help=_help(regimens.regimens_show))(regimens.regimens_show)
regimens_app.command("to-fhir", help=_help(regimens.regimens_to_fhir))(regimens.regimens_to_fhir)
regimens_app.command("from-fhir", help=_help(regimens.regimens_from_fhir))(
    regimens.regimens_from_fhir
)
app.add_typer(regimens_app, name="regimens")

new_app = typer.Typer(help=new.HELP, no_args_is_help=True, context_settings=HELP_OPTIONS)
new_app.command("plan", help=_help(new.new_plan))(new.new_plan)
app.add_typer(new_app, name="new")
app.ready = True


def with_lazy_commands() -> typer.Typer:
    """The app with every command (the lazy ones are registered as soon as the commands are
    read): for tests and tools that build the whole command line (``CliRunner().invoke``)."""
    return app


def main() -> None:
    """Entry point of the console script: one clean line and an exit code for every way a run
    can end (a signal, a full disk, standard output gone, memory or recursion exhausted),
    never a traceback."""
    _stop_on_signals()
    _closed_stdout()
    code = _run()
    try:
        sys.stdout.flush()
    except OSError as exc:
        stdout_gone(exc)
        code = code or 1
    # The process ends here. Freezing its objects spares the interpreter a last garbage
    # collection over every loaded module on the way out (about 18 ms of a 165 ms
    # ``mmsched calendar``); the memory goes back to the system with the process.
    import gc

    gc.freeze()
    sys.exit(code)


def _closed_stdout() -> None:
    """Standard output closed (``>&-``): Python then has no ``sys.stdout`` at all. Give it
    one whose every write fails as a closed descriptor does (EBADF), so each command ends with
    the one line every command gives for standard output it cannot write, and a command that
    writes only its ``-o`` file still succeeds. Descriptor 1 is taken by the stand-in, so no
    file opened later (an output's temporary file) can become standard output."""
    if sys.stdout is not None:
        return
    try:
        fd = os.open(os.devnull, os.O_RDONLY)  # read-only: a write fails with EBADF
        if fd != 1:
            os.dup2(fd, 1)
            os.close(fd)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    except OSError:
        pass


def _run() -> int:
    """Run the command line; the exit code."""
    try:
        with _only_command(sys.argv[1:2]):
            command = _with_completion() if _completion_wanted(sys.argv[1:]) else None
            # The help's language, before click reads the arguments (--help is printed then).
            if help_lang(sys.argv[1:], os.environ) == "zh":
                from .helptext import ZH

                if command is None:
                    command = typer.main.get_command(app)  # the click command app() runs
                localize(command, ZH)
            if command is None:
                app()
            else:
                command()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Stopped as exc:
        name = signal.Signals(exc.signum).name
        _say(f"mmsched: stopped by {name}; no output file was changed")
        return 128 + exc.signum
    except MemoryError:
        _say("mmsched: out of memory; give fewer or smaller files")
        return 1
    except RecursionError:
        _say("mmsched: a file is nested too deeply to read; check the files given")
        return 1
    except OSError as exc:
        if exc.errno in (errno.EPIPE, errno.ENOSPC, errno.EIO) or exc.filename is None:
            stdout_gone(exc)
        else:
            _say(f"mmsched: {exc.filename}: {exc.strerror}")
        return 1
    return 0


def _say(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except OSError:
        pass


def _stop_on_signals() -> None:
    """SIGINT, SIGTERM, SIGHUP, SIGQUIT and every other catchable signal that would end the
    process (:data:`~.fileio.STOP_SIGNALS`: SIGUSR1, SIGUSR2, SIGALRM, ...) stop the run through
    :class:`Stopped`, so an output file being written is removed and the process exits 128 +
    the signal's number."""

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, stop)


#: typer's shell completion: its two options, and the variable through which the script they
#: install asks for completions (click's ``_{PROG}_COMPLETE``).
COMPLETION_OPTIONS = ("--install-completion", "--show-completion")
COMPLETE_VAR = "_MMSCHED_COMPLETE"


def _completion_wanted(args: list[str]) -> bool:
    """Whether this run needs typer's completion set up: one of its options is given, the
    top-level help (which lists them) is asked for, or a shell asks for completions.

    >>> _completion_wanted(["calendar", "plan.yaml"]), _completion_wanted(["--show-completion"])
    (False, True)
    >>> _completion_wanted([]), _completion_wanted(["-h"]), _completion_wanted(["calendar", "-h"])
    (True, True, False)
    """
    if os.environ.get(COMPLETE_VAR):
        return True
    first = args[0].split("=", 1)[0] if args else "--help"
    return first in (*COMPLETION_OPTIONS, "--help", "-h")


def _with_completion() -> Any:
    """The app as a click command with typer's completion options, as ``add_completion=True``
    builds it (which also registers typer's shell classes, for the answers to a shell)."""
    command = typer.main.get_command(app)
    command.params.extend(typer.main.get_install_completion_arguments())
    return command


@contextmanager
def _only_command(first: list[str]) -> Iterator[None]:
    """While the console script runs, register only the command it names, if it names one.

    typer turns every command's options into click parameters before it looks at the command
    line: about 5 ms for mmsched's commands, a twentieth of a nurse's wait for a calendar.
    ``mmsched calendar ...`` needs only ``calendar``; anything else (``--help``, a misspelt
    command, which click answers with the names of all) keeps every command.
    """
    name = first[0] if first else ""
    if isinstance(app, _LazyTyper):
        known = {c.name or getattr(c.callback, "__name__", "") for c in app._eager}
        known |= {*LAZY_COMMANDS, *(g.name for g in app.registered_groups)}
        app.only = name if name in known else None
    commands, groups = app.registered_commands, app.registered_groups
    chosen = [c for c in commands if (c.name or getattr(c.callback, "__name__", "")) == name]
    chosen_groups = [g for g in groups if g.name == name]
    if chosen or chosen_groups:
        app.registered_commands, app.registered_groups = chosen, chosen_groups
    try:
        yield
    finally:
        if isinstance(app, _LazyTyper):
            app.only = None
        app.registered_commands, app.registered_groups = commands, groups
