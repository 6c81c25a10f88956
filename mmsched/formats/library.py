"""Local regimen libraries: folders of regimen files that plans name by id.

A ward keeps its own regimens (a local protocol, a trial arm) in a folder; a plan names one as
``regimen: my-id`` when that folder is among the ``regimen_dirs`` its reader is given. An id is
the file's ``id:`` field, not its file name. Bundled ids are looked up first and always win: a
local file with a bundled id is never used by id (so ``rvd-il2``'s ``extends: rvd`` keeps
meaning the bundled ``rvd``), and is reported by ``mmsched regimens`` and ``mmsched check``. Two
local files with one id (compared regardless of case) are both refused, each naming the other:
a plan could not tell which one it means.

The caller gives the folders (the command line takes them from ``MMSCHED_REGIMENS`` or the
config file); nothing here reads the environment. A file is read again only when it changes,
so a ward of a thousand plans naming local regimens reads the library once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data import bundled_regimen_ids, bundled_regimens_dir
from ..errors import MmschedError, Problem, RegimenError
from .limits import file_key

SUFFIXES = (".yaml", ".yml")
#: How many unusable library files a "not found" message names.
MAX_NAMED = 3


@dataclass(frozen=True, slots=True)
class Shadow:
    """A local file whose id is a bundled regimen's: never used by id."""

    file: Path
    id: str
    #: The file holds exactly the bundled file's text: a harmless copy, only not needed.
    copy: bool

    def error(self) -> MmschedError:
        """What ``regimens`` and ``check`` say of it."""
        if self.copy:
            text = (
                f"is a copy of the bundled regimen '{self.id}' (the same text); a plan's "
                f"'regimen: {self.id}' uses the bundled one, so this file is not needed"
            )
        else:
            text = (
                f"has the id of the bundled regimen '{self.id}', and a plan's 'regimen: "
                f"{self.id}' always means the bundled one, so this file is not used; give it "
                "an id of its own and name that id in plans"
            )
        return MmschedError(text, file=str(self.file))


@dataclass(frozen=True, slots=True)
class Library:
    """What the library folders hold: the regimens usable by id and every file that is not."""

    folders: tuple[Path, ...]
    #: The usable local regimens: (id, file), sorted by id.
    regimens: tuple[tuple[str, Path], ...]
    shadows: tuple[Shadow, ...]
    #: Ids given by more than one file, with those files: none of them is used.
    duplicates: tuple[tuple[str, tuple[Path, ...]], ...]
    #: Folders and files that could not be used (missing, unreadable, no id).
    problems: tuple[MmschedError, ...]

    def find(self, regimen_id: str) -> Path | None:
        """The file of the local regimen ``regimen_id``, None when the library has none.

        Raises:
            RegimenError: two local files have that id.
        """
        key = regimen_id.casefold()
        for found, files in self.duplicates:
            if found.casefold() == key:
                raise RegimenError([Problem("regimen", _twice(found, files))])
        return next((file for id_, file in self.regimens if id_ == regimen_id), None)

    def errors(self) -> list[MmschedError]:
        """Every file and folder that cannot be used, as ``regimens`` and ``check`` report
        them (a copy of a bundled file is a warning, not here)."""
        found = list(self.problems)
        found += [shadow.error() for shadow in self.shadows if not shadow.copy]
        found += [
            MmschedError(_twice(regimen_id, files, file), file=str(file))
            for regimen_id, files in self.duplicates
            for file in files
        ]
        return found

    def warnings(self) -> list[MmschedError]:
        """Copies of bundled files: not used, and harmless."""
        return [shadow.error() for shadow in self.shadows if shadow.copy]

    def about(self, file: Path) -> tuple[MmschedError, bool] | None:
        """What the library says of one of its files (a shadow or a duplicate), if anything,
        and whether it is only a warning (a copy of a bundled file)."""
        key = file_key(file)
        for shadow in self.shadows:
            if file_key(shadow.file) == key:
                return shadow.error(), shadow.copy
        for regimen_id, files in self.duplicates:
            if key in {file_key(f) for f in files}:
                return MmschedError(_twice(regimen_id, files, file), file=str(file)), False
        return None

    def not_found(self, regimen_id: str) -> str:
        """The end of the message for an id that is neither bundled nor local."""
        folders = ", ".join(str(f) for f in self.folders)
        ids = ", ".join(id_ for id_, _ in self.regimens) or "none"
        text = f"nor a regimen of the local library ({folders}; its ids: {ids})"
        unusable = [*self.problems, *(MmschedError(_twice(i, f), None) for i, f in self.duplicates)]
        if unusable:
            named = "; ".join(str(e) for e in unusable[:MAX_NAMED])
            more = f" and {len(unusable) - MAX_NAMED} more" if len(unusable) > MAX_NAMED else ""
            text += f"; the library also has what it could not use: {named}{more}"
        return text


def _twice(regimen_id: str, files: Sequence[Path], this: Path | None = None) -> str:
    others = [str(f) for f in files if f != this]
    if this is None:
        return (
            f"'{regimen_id}' is the id of {' and '.join(others)}: a plan cannot tell which it "
            "means, so neither is used; give each file an id of its own"
        )
    return (
        f"has the id '{regimen_id}', as {' and '.join(others)} has; a plan's 'regimen: "
        f"{regimen_id}' cannot tell them apart, so neither is used; give each file an id of "
        "its own"
    )


def scan(regimen_dirs: Sequence[str | Path], read: Callable[[Path], dict[str, Any]]) -> Library:
    """Read the id of every ``*.yaml`` and ``*.yml`` file of the folders (hidden files left
    out), and sort them into usable regimens, shadows of bundled ids and duplicates.

    Args:
        regimen_dirs: the library folders.
        read: the YAML reader (:func:`mmsched.formats.reader.read_yaml`).
    """
    folders = tuple(dict.fromkeys(Path(entry) for entry in regimen_dirs))
    bundled = {b.casefold(): b for b in bundled_regimen_ids()}
    problems: list[MmschedError] = []
    by_id: dict[str, list[tuple[str, Path]]] = {}
    seen: set[Path] = set()
    shadows: list[Shadow] = []
    for file in _files(folders, problems):
        key = file_key(file)
        if key in seen:  # a folder given twice, or a link to a file of another folder
            continue
        seen.add(key)
        try:
            regimen_id = _id_of(file, read)
        except MmschedError as exc:
            problems.append(exc.in_file(str(file)))
            continue
        if regimen_id.casefold() in bundled:
            bundled_id = bundled[regimen_id.casefold()]
            if key != file_key(bundled_regimens_dir() / f"{bundled_id}.yaml"):
                shadows.append(Shadow(file, bundled_id, _same_text(file, bundled_id)))
            continue  # else it is the bundled file itself (a work tree's regimens/)
        by_id.setdefault(regimen_id.casefold(), []).append((regimen_id, file))
    regimens = sorted(found[0] for found in by_id.values() if len(found) == 1)
    duplicates = tuple(
        (found[0][0], tuple(file for _, file in found))
        for _, found in sorted(by_id.items())
        if len(found) > 1
    )
    return Library(folders, tuple(regimens), tuple(shadows), duplicates, tuple(problems))


def _files(folders: tuple[Path, ...], problems: list[MmschedError]) -> list[Path]:
    """The YAML files of the folders, sorted by name in each; a folder that cannot be read
    goes to ``problems``."""
    files: list[Path] = []
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except FileNotFoundError:
            problems.append(MmschedError("no such folder; check the path", file=str(folder)))
            continue
        except NotADirectoryError:
            problems.append(MmschedError("is a file, not a folder of regimens", file=str(folder)))
            continue
        except OSError as exc:
            reason = exc.strerror or str(exc)
            problems.append(MmschedError(f"cannot be read ({reason})", file=str(folder)))
            continue
        files += [folder / n for n in names if n.endswith(SUFFIXES) and not n.startswith(".")]
    return files


#: Each library file's id (or why it has none) by resolved path, with the file's stamp.
_IDS: dict[Path, tuple[tuple[int, int, int], str | MmschedError]] = {}


def _id_of(file: Path, read: Callable[[Path], dict[str, Any]]) -> str:
    """The ``id:`` of a library file.

    Raises:
        MmschedError: the file cannot be read, is not a regimen, or has no id.
    """
    try:
        info = file.stat()
        stamp: tuple[int, int, int] | None = (info.st_mtime_ns, info.st_size, info.st_ino)
    except OSError:
        stamp = None  # read() says what is wrong with it
    key = file_key(file)
    cached = _IDS.get(key)
    if stamp is not None and cached is not None and cached[0] == stamp:
        found = cached[1]
    else:
        try:
            found = _read_id(read(file))
        except MmschedError as exc:
            found = exc
        if stamp is not None:
            _IDS[key] = (stamp, found)
    if isinstance(found, MmschedError):
        raise MmschedError(found.problems, file=str(file))
    return found


def _read_id(data: dict[str, Any]) -> str | MmschedError:
    if "patient" in data:
        return MmschedError(
            "is a plan, not a regimen; keep plans outside the regimen library folders"
        )
    value = data.get("id")
    if not isinstance(value, str) or not value.strip():
        return MmschedError(
            [
                Problem(
                    "id",
                    "is missing; a regimen in a library folder is found by its id: add one, "
                    "e.g. id: my-rvd",
                )
            ]
        )
    return value.strip()


def _same_text(file: Path, bundled_id: str) -> bool:
    """Whether ``file`` holds exactly the text of the bundled regimen ``bundled_id``."""
    try:
        return file.read_bytes() == (bundled_regimens_dir() / f"{bundled_id}.yaml").read_bytes()
    except OSError:
        return False
