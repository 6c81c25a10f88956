"""What every part of the calendar export shares: its error, its identity (PRODID, UIDs), the
choices of grouping and detail, and the few words only the calendar file uses."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Literal

from ...errors import MmschedError
from ...views.display import Lang

Group = Literal["day", "drug"]
Detail = Literal["standard", "full"]
GROUPS: tuple[Group, ...] = ("day", "drug")
DETAILS: tuple[Detail, ...] = ("standard", "full")

#: Namespace of every mmsched UID (a fixed uuid4, drawn once). Changing it changes every UID
#: and makes clients duplicate every event: never change it.
UID_NAMESPACE = uuid.UUID("6f0c8c8e-3b0a-4b5e-9a52-2f3c4d0e7a11")
PRODID_PREFIX = "-//mmsched//"

#: Words only the calendar file uses; every other word comes from :func:`display.label`.
LABELS: dict[Lang, dict[str, str]] = {
    "zh": {"cancelled": "已取消", "list_sep": "、", "calendar": "病区化疗日历"},
    "en": {"cancelled": "CANCELLED", "list_sep": ", ", "calendar": "Ward chemotherapy calendar"},
}


class IcsError(MmschedError):
    """The calendar cannot be written as asked (a clash of UIDs, a bad previous file, a zone)."""


def event_uid(
    patient_id: str,
    regimen_id: str,
    cycle: int,
    day: int,
    item: str | None = None,
    *,
    course_start: dt.date | None = None,
) -> str:
    """The UID of an event: a UUID 5 of its stable keys, never random.

    ``item`` is None for a day event, ``drug:NAME`` or ``test:NAME`` with ``group="drug"``.
    ``course_start`` (the plan's start) is given only for a patient with more than one plan of
    the regimen, so that each course has its own UIDs; without it the key is what it always
    was, and a single course keeps its UIDs.

    >>> event_uid("GZ-0001", "rvd-il2", 1, 4) == event_uid("GZ-0001", "rvd-il2", 1, 4)
    True
    >>> event_uid("GZ-0001", "rvd-il2", 1, 4) != event_uid("GZ-0001", "rvd-il2", 1, 4, "drug:x")
    True
    >>> dated = event_uid("GZ-1", "rvd", 1, 1, course_start=dt.date(2027, 3, 1))
    >>> dated != event_uid("GZ-1", "rvd", 1, 1)
    True

    It is :func:`uuid.uuid5`, written out (an export makes one per event; a test compares the
    two on generated keys):

    >>> key = "\x1f".join(["GZ-1", "rvd", "1", "1", "day"])
    >>> event_uid("GZ-1", "rvd", 1, 1) == str(uuid.uuid5(UID_NAMESPACE, key))
    True
    """
    # The unit separator cannot occur in an id, so no two key tuples give the same text.
    parts = [patient_id, regimen_id, str(cycle), str(day), item or "day"]
    if course_start is not None:
        parts.append(course_start.isoformat())
    return uuid5_text("\x1f".join(parts))


_NAMESPACE_BYTES = UID_NAMESPACE.bytes


def uuid5_text(name: str) -> str:
    """``str(uuid.uuid5(UID_NAMESPACE, name))`` without building a UUID object (RFC 4122
    section 4.3: the SHA-1 of namespace and name, version 5 and the RFC 4122 variant set)."""
    sha1 = hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8"), usedforsecurity=False)
    digest = bytearray(sha1.digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
