"""``--help`` in Chinese: the language of the help, chosen before the command line is parsed.

The console script asks :func:`help_lang` which language the help is in (``--lang`` on the
command line, else the default rule of :mod:`.settings`) and, for Chinese, :func:`localize`
puts the Chinese of :data:`.helptext.ZH` into the click command typer built, before click reads
the arguments. English help is typer's own, untouched.

Chinese help is laid out by click's plain formatter (typer's rich panels re-wrap every line on
spaces, which Chinese does not have) with :class:`.cjkwrap.CjkHelpFormatter`.

Imported by every run of the console script, so it imports nothing at module level: a run that
shows no help (``mmsched calendar plan.yaml``) pays only for :func:`help_wanted`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..views.display import Lang


def help_wanted(args: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Whether this command line may print help (or a shell asks for completions, which
    carry the options' help): ``-h``/``--help``, or at most one word (``mmsched``,
    ``mmsched new``). Other runs never show a help string, so they skip choosing its language.

    >>> help_wanted([], {}), help_wanted(["calendar", "-h"], {}), help_wanted(["new"], {})
    (True, True, True)
    >>> help_wanted(["calendar", "plan.yaml"], {}), help_wanted(["ics", "--", "-h"], {})
    (False, False)
    """
    if len(args) <= 1 or environ.get("_MMSCHED_COMPLETE"):
        return True
    for arg in args:
        if arg == "--":
            return False
        if arg in ("-h", "--help"):
            return True
    return False


def help_lang(args: Sequence[str], environ: Mapping[str, str]) -> Lang:
    """The language of the help: ``--lang X`` or ``--lang=X`` on the command line, else the
    default rule (``MMSCHED_LANG``, the config file's ``lang``, the locale). English when no
    help can be printed (:func:`help_wanted`: then no help string is read, and a run such as
    ``calendar --lang zh`` pays nothing for the help) or when the default rule itself is broken
    (the command reports that).

    >>> help_lang(["calendar", "--lang", "zh", "-h"], {"MMSCHED_LANG": "en"})
    'zh'
    >>> help_lang(["calendar", "--lang=en", "-h"], {"MMSCHED_LANG": "zh"})
    'en'
    >>> help_lang(["-h"], {"MMSCHED_LANG": "zh"}), help_lang([], {"LANG": "en_GB.UTF-8"})
    ('zh', 'en')
    """
    if not help_wanted(args, environ):
        return "en"
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else None
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in ("zh", "en"):
            return "zh" if value == "zh" else "en"
    chosen = environ.get("MMSCHED_LANG", "").strip().lower()
    if chosen in ("zh", "en"):  # the default rule's first step, without loading the settings
        return "zh" if chosen == "zh" else "en"
    from ..errors import MmschedError
    from .settings import default_lang

    try:
        return default_lang(environ)
    except MmschedError:
        return "en"


def localize(command: Any, zh: Mapping[str, str]) -> list[str]:
    """Put the Chinese help of ``zh`` (English help → Chinese) into ``command`` (typer's click
    command) and every subcommand, and lay their help out with :class:`.cjkwrap.ZhContext`;
    the English help strings that have no Chinese (none, when the table is complete)."""
    from .cjkwrap import ZhContext

    missing: list[str] = []

    def chinese(text: str | None) -> str | None:
        if not text:
            return text
        found = zh.get(text)
        if found is None:
            missing.append(text)
        return found or text

    def visit(cmd: Any) -> None:
        cmd.context_class = ZhContext
        if hasattr(cmd, "rich_markup_mode"):
            cmd.rich_markup_mode = None  # click's formatter, not rich's panels
        cmd.help = chinese(cmd.help)
        if cmd.help:
            cmd.short_help = cmd.help.split("\n\n", 1)[0]  # the listing in the group's help
        for param in cmd.params:
            if getattr(param, "help", None):
                param.help = chinese(param.help)
        for sub in getattr(cmd, "commands", {}).values():
            visit(sub)

    visit(command)
    return missing
