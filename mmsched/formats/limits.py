"""Reading files that may be hostile: bounded in size, depth, aliases and digits.

A plan folder is shared, and a file in it may be a copy-paste accident or an attack: a YAML
anchor bomb (13.7 GB of memory), 1,000 levels of nesting (a RecursionError deep in the parser),
a 5,001-digit number, ``ward: /dev/urandom`` or a FIFO named ``plan.yaml`` (blocks forever).
Every file mmsched reads goes through :func:`read_text` and :func:`check_text`, with the limits
below (README, "Limits"); a value quoted in a message is cut by :func:`quote`.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from ..errors import MmschedError, Problem, coded

#: A plan, regimen, ward or holiday file is at most this big (a real one is a few kB).
MAX_FILE_BYTES = 4 * 1024 * 1024
#: YAML aliases (``*name``) in one file, and values after every alias is expanded.
MAX_ALIASES = 100
MAX_VALUES = 100_000
#: Nesting of mappings and lists; text deeper than this never reaches a parser.
MAX_DEPTH = 32
#: Characters of a number (digits, sign, point, exponent).
MAX_NUMBER_CHARS = 40
#: Characters of a bad value quoted in a message.
MAX_QUOTE = 40

#: What a path that is not a regular file is, as the message code of its kind.
_KINDS = (
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISCHR, "char_device"),
    (stat.S_ISBLK, "block_device"),
    (stat.S_ISSOCK, "socket"),
)


def quote(value: object) -> str:
    """``value`` for a message: its repr, control characters escaped, at most 40 characters.

    >>> quote("ab\\x1b[31mc")
    "'ab\\\\x1b[31mc'"
    >>> len(quote("x" * 100)), quote("x" * 100)[-3:]
    (40, "x…'")
    """
    text = repr(value)
    if len(text) > MAX_QUOTE:
        text = text[: MAX_QUOTE - 2] + "…" + text[-1]
    return text


def not_a_file(path: Path) -> Problem | None:
    """What ``path`` is when it is not a regular file that can be opened, as a problem whose
    sentence starts after the path ("is a FIFO (named pipe), not a regular file; ..."), or None
    for a regular file. Its ``kind`` parameter is the first half alone (for a caller that
    gives its own fix). Never opens or reads it (a FIFO would block).

    >>> print(not_a_file(Path("/nonexistent/plan.yaml")))
    no such file or folder; check the path
    >>> print(not_a_file(Path("/")))
    is a folder, not a file; give a YAML file
    >>> not_a_file(Path(__file__)) is None
    True
    >>> print(not_a_file(Path("/")).text("zh"))
    是文件夹，不是文件；请给出 YAML 文件。
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return _not_a_file("missing")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _not_a_file("link_loop")
        return _not_a_file("unreadable", reason=exc.strerror)
    for test, kind in _KINDS:
        if test(info.st_mode):
            return _not_a_file(kind)
    return None


def _not_a_file(kind: str, **params: object) -> Problem:
    """The problem ``file.not_a_file.<kind>``; its ``kind`` parameter is the first half alone."""
    first = coded("", f"file.kind.{kind}", **params)
    return coded("", f"file.not_a_file.{kind}", kind=first, **params)


def file_key(path: Path) -> Path:
    """``path`` made absolute with every symbolic link followed, to tell whether two names are
    one file (every reader of mmsched compares files this way). A loop of links is left as it
    stands, and reading it says what it is (``Path.resolve`` raises ``RuntimeError`` on one in
    Python 3.11; ``os.path.realpath`` does not)."""
    return Path(os.path.realpath(path))


def read_text(path: Path) -> str:
    """The UTF-8 text of a regular file of at most :data:`MAX_FILE_BYTES`.

    Opened without blocking (a FIFO is refused, never waited on) and checked before reading:
    a folder, a device, a socket, a symbolic-link loop, an oversized file are each refused with
    a message that names the file and says what it is.

    Raises:
        MmschedError: the file is missing, not a regular file, too big, unreadable or not UTF-8.
    """
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise MmschedError(coded("", "file.missing"), file=where) from None
    except IsADirectoryError:
        raise MmschedError(_not_a_file("folder"), file=where) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise MmschedError(_not_a_file("link_loop"), file=where) from None
        raise MmschedError(
            coded("", "file.cannot_be_read", reason=exc.strerror), file=where
        ) from None
    info = os.fstat(fd)
    for test, kind in _KINDS:
        if test(info.st_mode):
            os.close(fd)
            raise MmschedError(_not_a_file(kind), file=where)
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_FILE_BYTES:
            size = f"{info.st_size / 1024 / 1024:.1f}"
            raise MmschedError(coded("", "file.too_big", size=size), file=where)
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise MmschedError(coded("", "file.grew"), file=where)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MmschedError(coded("", "file.not_utf8", line=line), file=where) from None


def check_text(text: str, where: str) -> None:
    """Refuse text nested deeper than :data:`MAX_DEPTH` or with more than :data:`MAX_ALIASES`
    aliases, before any parser sees it.

    Only text that could be deep or aliased is scanned (PyYAML's scanner, which is iterative
    and never recurses), so an ordinary plan costs a character count.
    """
    could_be_deep = (
        text.count("[") + text.count("{") >= MAX_DEPTH
        or text.count("- ") >= MAX_DEPTH
        or _max_indent(text) >= MAX_DEPTH
        or text.count("?") >= MAX_DEPTH  # '? ' keys, each opening a mapping
    )
    if not could_be_deep and "*" not in text:
        return
    depth = deepest = aliases = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, _OPENING):
                depth += 1
                deepest = max(deepest, depth)
                if deepest > MAX_DEPTH:
                    line = token.start_mark.line + 1
                    problem = coded("", "file.too_deep", line=line, depth=MAX_DEPTH)
                    raise MmschedError(problem, file=where)
            elif isinstance(token, _CLOSING):
                depth -= 1
            elif isinstance(token, yaml.AliasToken):
                aliases += 1
                if aliases > MAX_ALIASES:
                    problem = coded("", "file.too_many_aliases", count=MAX_ALIASES)
                    raise MmschedError(problem, file=where)
    except yaml.YAMLError:
        return  # not YAML: the parser words that error


_OPENING = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _max_indent(text: str) -> int:
    return max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)


def check_values(data: Any, where: str) -> None:
    """Refuse data that expands to more than :data:`MAX_VALUES` values (aliases to aliases:
    an anchor bomb is small on disk and enormous once every alias is followed)."""
    budget = MAX_VALUES
    stack = [data]
    seen: set[int] = set()
    aliased = False
    while stack:
        item = stack.pop()
        budget -= 1
        if budget < 0:
            code = "file.too_many_values.aliases" if aliased else "file.too_many_values"
            raise MmschedError(coded("", code, count=f"{MAX_VALUES:,}"), file=where)
        if isinstance(item, dict | list):
            # An alias is the same object met again: only then is the count an expansion.
            aliased = aliased or id(item) in seen
            seen.add(id(item))
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


#: The endings of a YAML file, compared without regard to case (``b.YAML`` is one).
YAML_SUFFIXES = (".yaml", ".yml")


def yaml_files(folder: Path, *, recurse: bool) -> list[Path]:
    """The YAML files a folder stands for, sorted: every entry whose name ends in ``.yaml`` or
    ``.yml`` in any case, that is not hidden (a name starting with ``.``, as an editor's
    backup or a synced folder's own files), and is not a folder; with ``recurse``, those of
    every sub-folder too (hidden sub-folders and links to folders left out). ``mmsched check``
    recurses, the ward sheet reads one folder (README, "Folders"). An entry that is not a
    regular file (a FIFO, a loop of links) is listed, so reading it says what it is.
    """
    found: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(current.iterdir())
        except OSError:
            continue  # reading the folder's files says why, or there are none
        for entry in entries:
            if entry.name.startswith("."):
                continue
            yaml_name = entry.name.lower().endswith(YAML_SUFFIXES)
            if entry.is_dir():
                if recurse and not entry.is_symlink():  # a link may lead back up: a loop
                    pending.append(entry)
                elif yaml_name:  # a folder named like a plan: reading it says what it is
                    found.append(entry)
            elif yaml_name:
                found.append(entry)
    return sorted(found)
