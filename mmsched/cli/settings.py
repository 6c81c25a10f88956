"""The command line's defaults from the environment: only the CLI calls this, never the library.

The output language, when ``--lang`` is not given, is the first of:

1. the ``MMSCHED_LANG`` environment variable (``zh`` or ``en``);
2. ``lang = "zh"`` or ``lang = "en"`` in ``$XDG_CONFIG_HOME/mmsched/config.toml``
   (``~/.config/mmsched/config.toml`` when ``XDG_CONFIG_HOME`` is unset);
3. the locale: the first set of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (POSIX order); one
   starting with ``en`` gives English;
4. otherwise Chinese, the language of the ward mmsched was written for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import MmschedError, Problem
from ..views.display import LANGS, Lang


def config_path(environ: Mapping[str, str]) -> Path | None:
    """Where the config file is looked for, or None when there is no home to look in."""
    base = environ.get("XDG_CONFIG_HOME")
    if base:
        return Path(base) / "mmsched" / "config.toml"
    home = environ.get("HOME")
    return Path(home) / ".config" / "mmsched" / "config.toml" if home else None


def _checked(value: object, where: str, file: str | None = None) -> Lang:
    for lang in LANGS:
        if value == lang:
            return lang
    raise MmschedError([Problem(where, f"{value!r} is not a language; use zh or en")], file=file)


def default_lang(environ: Mapping[str, str], warn: Callable[[str], None] | None = None) -> Lang:
    """The language to use when ``--lang`` is not given.

    A config file that cannot be used (unreadable, not TOML, another language) is reported
    through ``warn``, one line, and the other defaults apply: it never stops a command.

    >>> default_lang({"LANG": "en_GB.UTF-8"}), default_lang({"LANG": "C.UTF-8"})
    ('en', 'zh')
    >>> default_lang({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"})
    'zh'
    >>> default_lang({"MMSCHED_LANG": "en", "LANG": "zh_CN.UTF-8"})
    'en'

    Raises:
        MmschedError: ``MMSCHED_LANG`` names another language.
    """
    chosen = environ.get("MMSCHED_LANG")
    if chosen:
        return _checked(chosen.strip().lower(), "MMSCHED_LANG")
    path = config_path(environ)
    if path is not None:
        try:
            return _from_config(path) or _from_locale(environ)
        except (MmschedError, OSError, ValueError) as exc:  # ValueError: TOML and UTF-8 errors
            if warn is not None:
                reason = str(exc) if isinstance(exc, MmschedError) else f"{path}: {exc}"
                warn(f"warning: the config file is not used ({reason})".replace("\n", " "))
    return _from_locale(environ)


def _from_config(path: Path) -> Lang | None:
    """The config file's ``lang``, None when there is no file or it names none."""
    try:
        if not path.is_file():
            return None
    except OSError:  # a folder on the way that cannot be read
        return None
    import tomllib  # only when there is a config file: most runs have none

    config = tomllib.loads(path.read_text(encoding="utf-8"))
    return _checked(config["lang"], "lang", str(path)) if "lang" in config else None


def _from_locale(environ: Mapping[str, str]) -> Lang:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"
