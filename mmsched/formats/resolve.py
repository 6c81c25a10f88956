"""How a plan finds the regimen and the ward it names by text.

``Plan(regimen="rvd-il2", ward="ward.yaml", ...)`` names them by id or path; the plan model asks
the resolver registered here, so the models need not import the file reader. The reader
(:mod:`mmsched.formats.reader`) registers itself when :mod:`mmsched.formats` is imported, which
every use of the models does first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MmschedError, Said, coded

if TYPE_CHECKING:
    from ..engine.wardcal import WardCalendar
    from .regimen import Regimen

_regimen: Callable[..., Regimen] | None = None
_ward: Callable[[str], WardCalendar] | None = None


def register(regimen: Callable[..., Regimen], ward: Callable[[str], WardCalendar]) -> None:
    """Set the functions that turn a regimen id or path, and a ward file path, into models."""
    global _regimen, _ward
    _regimen, _ward = regimen, ward


def regimen(name: str) -> Regimen:
    """The regimen a plan names by a bundled id or a file path."""
    if _regimen is None:
        raise MmschedError(coded("", "library.no_reader", kind=Said("regimen", "方案")))
    return _regimen(name)


def regimen_near(name: str, base_dir: Path | None, regimen_dirs: Sequence[Path]) -> Regimen:
    """The regimen ``name`` names, a path taken from ``base_dir`` and an id looked up in the
    library folders ``regimen_dirs`` too (a regimen's ``maintenance:``, as its file is)."""
    if _regimen is None:
        raise MmschedError(coded("", "library.no_reader", kind=Said("regimen", "方案")))
    return _regimen(name, base_dir, regimen_dirs=regimen_dirs)


def ward(path: str) -> WardCalendar:
    """The ward calendar of the ward file a plan names."""
    if _ward is None:
        raise MmschedError(coded("", "library.no_reader", kind=Said("ward", "病区")))
    return _ward(path)
