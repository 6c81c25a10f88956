"""Data that ships with mmsched, and the small lookups that find it.

Holds China's official holiday years (``holidays/cn-YYYY.yaml``), drug names and codes
(:mod:`.drugs`), and where the bundled regimen files are. Imports nothing from mmsched: every
stage may import it.
"""

from __future__ import annotations

from pathlib import Path

#: The version of mmsched (``mmsched.__version__``, ``mmsched --version``, the .ics PRODID).
__version__ = "0.1.0"

#: The mmsched package's folder (resolved once: every plan asks where the bundled regimens are).
PACKAGE_DIR = Path(__file__).resolve().parent.parent
HOLIDAYS_DIR = PACKAGE_DIR / "data" / "holidays"


def bundled_regimens_dir() -> Path:
    """Where the regimens that ship with mmsched are: inside the installed package, or the
    ``regimens/`` folder at the top of a work tree (editable installs and tests)."""
    installed = PACKAGE_DIR / "regimens"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "regimens"


def bundled_regimen_ids() -> list[str]:
    """The ids of every bundled regimen, sorted."""
    return sorted(p.stem for p in bundled_regimens_dir().glob("*.yaml"))
