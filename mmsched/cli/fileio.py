"""Writing output files so that a reader never sees half of one, whatever the target is.

A calendar that a printer or a calendar client picks up while it is being written would be a
truncated schedule. Output targets (README, "Output files"):

* a regular file (or a new one) is replaced atomically: the text goes to a temporary file in the
  same folder and replaces the target in one :func:`os.replace`; through a symbolic link, the
  link's target is replaced and the link stays (a published calendar keeps being updated);
* a character device (``/dev/null``, ``/dev/stdout``, ``/dev/full``) is written directly, never
  replaced by a file; a write error is a one-line message;
* a FIFO, a folder or any other kind is refused; ``-o -`` is standard output.

Temporary files are named ``.NAME.mmsched-PID-RANDOM.tmp``, with the mode, group (and, for
root, owner) of the file they replace. A signal that would end the process (SIGINT, SIGTERM,
SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM and the others of :data:`STOP_SIGNALS`) while one is
open removes it (the CLI turns the signal into :class:`Stopped`); one left
by a process that no longer exists (killed by SIGKILL, a power cut) is removed on the next write
to the same target, and a live writer's file is never touched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..errors import MmschedError, Problem, coded

_TMP_MARK = ".mmsched-"


class TargetError(OSError):
    """An output target that mmsched will not write to (a FIFO, a folder, a socket): its
    ``problem`` says why in either language, its ``strerror`` in English."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(errno.EINVAL, problem.message)
        self.problem = problem


class Stopped(BaseException):
    """A signal asked the process to stop; ``signum`` is the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def resolve_target(path: str | os.PathLike[str]) -> tuple[Path, bool]:
    """The file to write for ``path`` (through symbolic links) and whether it is a character
    device, to be written directly.

    Raises:
        TargetError: the target exists and is neither a regular file nor a character device.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target, False
    if stat.S_ISREG(mode):
        return target, False
    if stat.S_ISCHR(mode):
        return target, True
    kind = (
        "output.target.folder"
        if stat.S_ISDIR(mode)
        else "output.target.fifo"
        if stat.S_ISFIFO(mode)
        else "output.target.other"
    )
    raise TargetError(coded("", kind, target=str(target)))


def _remove_stale(folder: Path, name: str) -> None:
    """Remove temporary files of ``name`` left by mmsched processes that no longer exist."""
    prefix = f".{name}{_TMP_MARK}"
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
                continue
            pid_text = entry.name[len(prefix) :].split("-", 1)[0]
            if pid_text.isdigit() and not _alive(int(pid_text)):
                entry.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write into that replaces ``path`` only when the ``with`` block ends
    without an error: a reader sees the old file or the whole new one, never a part. A
    character device is written directly instead.

    Raises:
        TargetError: the target is a FIFO, a folder or another kind that is not written.
        OSError: the folder is missing or not writable; the temporary file is removed.
    """
    target, device = resolve_target(path)
    if device:
        with open(target, "wb") as handle:
            yield handle
        return
    _remove_stale(target.parent, target.name)
    # A signal between the temporary file's creation and the ``try`` below would leave it
    # behind: the signals that stop the run wait until the ``try`` is entered.
    held = _hold_signals()
    try:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}{_TMP_MARK}{os.getpid()}-", suffix=".tmp"
        )
    except BaseException:
        _release_signals(held)
        raise
    try:
        _release_signals(held)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600: keep the mode of the file being replaced, else give
        # the mode a plain open() would have (the CLI is single-threaded, so reading the umask
        # by setting it is safe here).
        if target.exists():
            info = target.stat()
            mode = info.st_mode & 0o777
            _keep_owner(tmp, info)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_owner(tmp: str, info: os.stat_result) -> None:
    """Give the new file the replaced file's group (a shared ``root:bin 0640`` file stays
    readable by its group) and, for root, its owner. A group the writer is not in cannot be
    given: the file then has the writer's, as any new file would."""
    if not hasattr(os, "chown"):
        return
    uid = info.st_uid if os.geteuid() == 0 else -1
    with contextlib.suppress(OSError):
        os.chown(tmp, uid, info.st_gid)


#: The signals whose default action ends the process and that a program can catch: each stops
#: the run through :class:`Stopped`, so the temporary file is removed. (SIGPIPE and SIGXFSZ
#: are ignored by Python: a write then fails with an error, which removes it too.)
STOP_SIGNALS = (
    "SIGINT",
    "SIGTERM",
    "SIGHUP",
    "SIGQUIT",
    "SIGUSR1",
    "SIGUSR2",
    "SIGALRM",
    "SIGVTALRM",
    "SIGPROF",
    "SIGXCPU",
)
_STOP_SIGNALS = STOP_SIGNALS


def _hold_signals() -> set[int]:
    """Block the signals that stop a run; those that were not blocked already, to unblock
    (none where the system has no signal masks)."""
    if not hasattr(signal, "pthread_sigmask"):
        return set()
    numbers: set[int] = {
        int(getattr(signal, name)) for name in _STOP_SIGNALS if hasattr(signal, name)
    }
    before = signal.pthread_sigmask(signal.SIG_BLOCK, numbers)
    return numbers - {int(number) for number in before}


def _release_signals(held: set[int]) -> None:
    """Unblock what :func:`_hold_signals` blocked; a signal that came meanwhile arrives now."""
    if held:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8"
) -> None:
    """Write ``data`` to ``path`` atomically: the old file or the whole new one, never a part.

    Args:
        path: the file to write; its folder must exist.
        data: text (encoded with ``encoding``, newlines kept as given) or bytes.
        encoding: the encoding of text ``data``.

    Raises:
        TargetError: the target is a FIFO, a folder or another kind that is not written.
        OSError: the folder is missing or not writable; the temporary file is removed.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomic(target, "C1D1\\n")
    >>> target.read_text()
    'C1D1\\n'
    """
    with atomic_writer(path) as handle:
        handle.write(data.encode(encoding) if isinstance(data, str) else data)


def write_new(path: str | os.PathLike[str], data: str, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to a new file ``path``, never replacing anything there (a file, a link,
    a device): the text goes to a temporary file in the same folder, which is then linked to
    ``path`` in one step that fails if ``path`` exists, so a reader never sees half a file and
    two writers never both win.

    Raises:
        FileExistsError: something is at ``path`` already; nothing was written.
        OSError: the folder is missing or not writable; the temporary file is removed.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "plan.yaml"
    >>> write_new(target, "start: 2026-12-01\\n")
    >>> write_new(target, "another\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileExistsError: [Errno 17] File exists: ...
    """
    target = Path(path)
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    folder = target.parent
    tmp = folder / f".{target.name}{_TMP_MARK}{os.getpid()}-new.tmp"
    try:
        with atomic_writer(tmp) as handle:
            handle.write(data.encode(encoding))
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise
        except OSError:
            # A file system without hard links: create the file exclusively and copy it in.
            with open(target, "xb") as handle:
                handle.write(tmp.read_bytes())
    finally:
        tmp.unlink(missing_ok=True)


def read_previous(previous: Path, command: str, most: int, **too_big: object) -> bytes:
    """The bytes of ``--previous`` (the export ``command``, ``ics`` or ``fhir``, wrote last
    time): a regular file, a FIFO refused and never waited on, a device such as ``/dev/zero``
    refused and never read, of at most ``most`` bytes; else the reason, in ``command``'s words
    (``ics.previous.too_big`` with ``too_big``'s parameters)."""
    from ..formats.limits import not_a_file

    where = str(previous)
    problem = not_a_file(previous)
    if problem is not None:
        kind = problem.params["kind"]
        raise MmschedError(coded("", f"{command}.previous.not_a_file", kind=kind), file=where)
    try:
        fd = os.open(previous, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced meanwhile
                raise MmschedError(coded("", f"{command}.previous.not_regular"), file=where)
            data = handle.read(most + 1)
    except OSError as exc:
        problem = coded("", f"{command}.previous.cannot_read", reason=exc.strerror)
        raise MmschedError(problem, file=where) from None
    if len(data) > most:
        raise MmschedError(coded("", f"{command}.previous.too_big", **too_big), file=where)
    return data
