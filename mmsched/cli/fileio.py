"""Writing output files so that a reader never sees half of one.

A calendar that a printer or a calendar client picks up while it is being written would be a
truncated schedule. The text goes to a temporary file in the same folder (same file system, so
the rename is atomic) and replaces the target in one step with :func:`os.replace`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write into that replaces ``path`` only when the ``with`` block ends
    without an error: a reader sees the old file or the whole new one, never a part.

    For output too large to build in memory first (a province's .ics feed).

    Raises:
        OSError: the folder is missing or not writable; the temporary file is removed.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600: keep the mode of the file being replaced, else give
        # the mode a plain open() would have (the CLI is single-threaded, so reading the umask
        # by setting it is safe here).
        if target.exists():
            mode = target.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8"
) -> None:
    """Write ``data`` to ``path`` atomically: the old file or the whole new one, never a part.

    Args:
        path: the file to write; its folder must exist.
        data: text (encoded with ``encoding``, newlines kept as given) or bytes.
        encoding: the encoding of text ``data``.

    Raises:
        OSError: the folder is missing or not writable; the temporary file is removed.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomic(target, "C1D1\\n")
    >>> target.read_text()
    'C1D1\\n'
    """
    with atomic_writer(path) as handle:
        handle.write(data.encode(encoding) if isinstance(data, str) else data)
