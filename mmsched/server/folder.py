"""The plan folder as the server sees it: read live, each file again only when it changed.

Every request looks at the folder (its ``*.yaml`` and ``*.yml`` files, as ``mmsched ward``
reads it: dot-files and sub-folders such as ``.mmsched``, the server's state, are never read),
and a file is read and expanded again only when its size, times or inode changed. A changed,
added or removed plan file therefore shows on the next request, and a folder of 300 plans that
did not change costs 300 ``stat`` calls. A change of the ``--ward`` file reads every plan again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..batch.ward import read_plan_file, usable
from ..engine.courses import patient_key
from ..engine.wardsheet import WardError, WardPatient
from ..formats.limits import yaml_files

#: What says that a file changed: size, modification and change times, inode.
StatKey = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The folder at one moment."""

    #: Every file and its :data:`StatKey`, and the ward file's: equal snapshots, equal plans.
    signature: tuple[tuple[str, StatKey | None], ...]
    #: The plans the ward uses (loaded, not left off by the overlap rule), in file order.
    patients: tuple[WardPatient, ...]
    #: The files that cannot be used, and why (for ``/problems`` and the ward page).
    errors: tuple[WardError, ...]
    #: The plan files that exist but cannot be used now: their events are served as last seen.
    broken: frozenset[str]
    #: The usable plans by patient key.
    by_patient: dict[str, tuple[WardPatient, ...]] = field(default_factory=dict)


class PlanFolder:
    """A plan folder read live (see the module). Not thread-safe: called under the server's
    lock."""

    def __init__(
        self, folder: Path, ward_file: Path | None = None, regimen_dirs: tuple[Path, ...] = ()
    ) -> None:
        self.folder = folder
        self.ward_file = ward_file
        self.regimen_dirs = regimen_dirs
        self._files: dict[str, tuple[StatKey | None, WardPatient | WardError | None]] = {}
        self._snapshot: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        """The folder now; the same object as last time when nothing changed."""
        ward_key = _stat(self.ward_file) if self.ward_file is not None else None
        files = [str(p) for p in yaml_files(self.folder, recurse=False)]
        keys = [(name, _stat(Path(name))) for name in files]
        signature = (("", ward_key), *keys)
        if self._snapshot is not None and self._snapshot.signature == signature:
            return self._snapshot
        if self._snapshot is not None and self._snapshot.signature[0] != ("", ward_key):
            self._files.clear()  # closed days changed: every plan again
        read: dict[str, tuple[StatKey | None, WardPatient | WardError | None]] = {}
        for name, key in keys:
            old = self._files.get(name)
            if old is not None and old[0] == key and key is not None:
                read[name] = old
            else:
                read[name] = (
                    key,
                    read_plan_file(Path(name), self.ward_file, regimen_dirs=self.regimen_dirs),
                )
        self._files = read
        self._snapshot = _gather(signature, [result for _, result in read.values()])
        return self._snapshot


def _gather(
    signature: tuple[tuple[str, StatKey | None], ...],
    results: list[WardPatient | WardError | None],
) -> Snapshot:
    loaded = [r for r in results if isinstance(r, WardPatient)]
    errors = [r for r in results if isinstance(r, WardError)]
    patients, left_off = usable(loaded)
    errors.extend(left_off)
    by_patient: dict[str, list[WardPatient]] = {}
    for patient in patients:
        by_patient.setdefault(patient_key(patient.schedule.patient_id), []).append(patient)
    return Snapshot(
        signature,
        patients,
        tuple(errors),
        frozenset(error.file for error in errors),
        {key: tuple(found) for key, found in by_patient.items()},
    )


def _stat(path: Path) -> StatKey | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
