"""The command line's defaults from the environment: only the CLI calls this, never the library.

The output language, when ``--lang`` is not given, is the first of:

1. the ``MMSCHED_LANG`` environment variable (``zh`` or ``en``);
2. ``lang = "zh"`` or ``lang = "en"`` in ``$XDG_CONFIG_HOME/mmsched/config.toml``
   (``~/.config/mmsched/config.toml`` when ``XDG_CONFIG_HOME`` is unset);
3. the locale: the first set of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (POSIX order); one
   starting with ``en`` gives English;
4. otherwise Chinese, the language of the ward mmsched was written for.

The local regimen library's folders are ``MMSCHED_REGIMENS`` (folders separated by
``os.pathsep``, ``:`` on Linux and macOS), else ``regimen_dirs`` in the same config file (a list
of folders, or one; relative ones are taken from the config file's folder).

A config file that cannot be used is a one-line warning and the defaults apply: it never stops
a command.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from ..errors import MmschedError, Problem, coded
from ..views.display import LANGS, Lang


class Config(NamedTuple):
    """The config file as read: its path, its table, and why it is not used (one line).

    (A named tuple: a dataclass would cost every command's start a little.)
    """

    path: Path | None = None
    table: Mapping[str, object] = MappingProxyType({})
    #: Why it is not used (coded, :func:`warning` writes it as printed), or None.
    issue: Problem | None = None

    @property
    def problem(self) -> str | None:
        """Why it is not used, as the English warning line."""
        return None if self.issue is None else warning(self.issue, "en")


def warning(problem: Problem, lang: Lang) -> str:
    """A warning line in ``lang``: ``warning: ...`` in English, ``警告：...`` in Chinese."""
    return f"警告：{problem.text('zh')}" if lang == "zh" else f"warning: {problem}"


def config_path(environ: Mapping[str, str]) -> Path | None:
    """Where the config file is looked for, or None when there is no home to look in."""
    base = environ.get("XDG_CONFIG_HOME")
    if base:
        return Path(base) / "mmsched" / "config.toml"
    home = environ.get("HOME")
    return Path(home) / ".config" / "mmsched" / "config.toml" if home else None


def read_config(environ: Mapping[str, str]) -> Config:
    """The config file's table (empty when there is none); never raises: a file that cannot
    be read or is not TOML gives an empty table and the one-line reason.

    >>> read_config({}) == Config(None, {}, None)
    True
    """
    path = config_path(environ)
    if path is None:
        return Config()
    try:
        if not path.is_file():
            return Config(path)
    except OSError:  # a folder on the way that cannot be read
        return Config(path)
    try:
        import tomllib  # only when there is a config file: most runs have none

        return Config(path, tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:  # ValueError: TOML and UTF-8 errors
        reason = f"{path}: {exc}".replace("\n", " ")
        return Config(path, issue=coded("", "config.not_used", reason=reason))


def _checked(value: object, where: str, file: str | None = None) -> Lang:
    for lang in LANGS:
        if value == lang:
            return lang
    raise MmschedError([coded(where, "config.not_a_language", value=repr(value))], file=file)


def default_lang(
    environ: Mapping[str, str],
    warn: Callable[[str], None] | None = None,
    config: Config | None = None,
) -> Lang:
    """The language to use when ``--lang`` is not given.

    A config file that cannot be used (unreadable, not TOML, another language) is reported
    through ``warn``, one line, and the other defaults apply: it never stops a command. A
    caller that has read the config already (``config``) has reported its problem itself.

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
    if config is None:
        config = read_config(environ)
        if config.problem and warn is not None:
            warn(config.problem)
    if "lang" in config.table:
        try:
            return _checked(config.table["lang"], "lang", str(config.path))
        except MmschedError as exc:
            if warn is not None:
                reason = str(exc).replace("\n", " ")
                warn(warning(coded("", "config.not_used", reason=reason), "en"))
    return _from_locale(environ)


def regimen_dirs(
    environ: Mapping[str, str],
    warn: Callable[[str], None] | None = None,
    config: Config | None = None,
    lang: Lang = "en",
) -> tuple[Path, ...]:
    """The local regimen library's folders: ``MMSCHED_REGIMENS``, else the config file's
    ``regimen_dirs``. A folder that does not exist, or a ``regimen_dirs`` that is not a list of
    folders, is reported through ``warn`` (one line each, in ``lang``) and left out.

    >>> regimen_dirs({"MMSCHED_REGIMENS": os.pathsep.join(["/", " "])}) == (Path("/"),)
    True
    """
    value = environ.get("MMSCHED_REGIMENS")
    if value:
        source: object = "MMSCHED_REGIMENS"
        folders = [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]
    else:
        if config is None:
            config = read_config(environ)
            if config.problem and warn is not None:
                warn(config.problem)
        source = coded("", "config.regimen_dirs_source", path=str(config.path))
        folders = _config_folders(config, warn, lang)
    usable = []
    for folder in folders:
        try:
            found = folder.is_dir()
        except OSError:
            found = False
        if found:
            usable.append(folder)
        elif warn is not None:
            problem = coded("", "config.regimen_dir_missing", folder=str(folder), source=source)
            warn(warning(problem, lang))
    return tuple(usable)


def _config_folders(
    config: Config, warn: Callable[[str], None] | None, lang: Lang = "en"
) -> list[Path]:
    """The config file's ``regimen_dirs``: a folder or a list of folders."""
    value = config.table.get("regimen_dirs")
    if value is None:
        return []
    entries = [value] if isinstance(value, str) else value
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        if warn is not None:
            warn(warning(coded("", "config.regimen_dirs_not_list", path=str(config.path)), lang))
        return []
    base = config.path.parent if config.path is not None else Path()
    return [base / Path(entry).expanduser() for entry in entries if entry.strip()]


def _from_locale(environ: Mapping[str, str]) -> Lang:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"
