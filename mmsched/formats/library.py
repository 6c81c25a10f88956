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
from ..errors import MmschedError, Problem, RegimenError, Said, coded
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
        code = "library.bundled_copy" if self.copy else "library.shadows_bundled"
        return MmschedError(coded("", code, id=self.id), file=str(self.file))


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
                raise RegimenError([_twice(found, files, field="regimen")])
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

    def not_found(self, regimen_id: str) -> Problem:
        """The end of the message for an id that is neither bundled nor local."""
        folders = [str(f) for f in self.folders]
        ids = [id_ for id_, _ in self.regimens] or Said("none", "无")
        unusable = [*self.problems, *(MmschedError(_twice(i, f), None) for i, f in self.duplicates)]
        if not unusable:
            return coded("", "library.not_found", folders=folders, ids=ids)
        named = Said(
            "; ".join(str(e) for e in unusable[:MAX_NAMED]),
            "；".join(e.render("zh") for e in unusable[:MAX_NAMED]),
        )
        rest = len(unusable) - MAX_NAMED
        more = Said(f" and {rest} more", f"，另有 {rest} 个") if rest > 0 else ""
        return coded(
            "", "library.not_found.unusable", folders=folders, ids=ids, named=named, more=more
        )


def _twice(
    regimen_id: str, files: Sequence[Path], this: Path | None = None, *, field: str = ""
) -> Problem:
    others = [str(f) for f in files if f != this]
    named = Said(" and ".join(others), "、".join(others))
    code = "library.id_twice" if this is None else "library.id_twice.this"
    return coded(field, code, id=regimen_id, others=named)


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
            problems.append(MmschedError(coded("", "library.no_folder"), file=str(folder)))
            continue
        except NotADirectoryError:
            problems.append(MmschedError(coded("", "library.not_a_folder"), file=str(folder)))
            continue
        except OSError as exc:
            reason = exc.strerror or str(exc)
            problems.append(
                MmschedError(coded("", "file.cannot_be_read", reason=reason), str(folder))
            )
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
        return MmschedError(coded("", "library.a_plan"))
    value = data.get("id")
    if not isinstance(value, str) or not value.strip():
        return MmschedError([coded("id", "library.no_id")])
    return value.strip()


def _same_text(file: Path, bundled_id: str) -> bool:
    """Whether ``file`` holds exactly the text of the bundled regimen ``bundled_id``."""
    try:
        return file.read_bytes() == (bundled_regimens_dir() / f"{bundled_id}.yaml").read_bytes()
    except OSError:
        return False
