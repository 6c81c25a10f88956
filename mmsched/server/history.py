"""What each feed served before: the event history that gives subscribed calendars stable
SEQUENCE numbers, time stamps and cancellations (issue 17).

One SQLite file (stdlib :mod:`sqlite3`, WAL mode), ``STATE_DIR/history.sqlite3``. For each feed
variant (the ward or a patient, the grouping, the language, masked or full names) and UID it
keeps the event's content hash, SEQUENCE, the time of its last change (served as DTSTAMP and
LAST-MODIFIED), the plan file it came from and its last served text. Each time the plans
change, :meth:`History.sync` compares the events the plans give now with what was served:

* an unchanged event keeps its SEQUENCE and time stamps;
* a changed event gets SEQUENCE + 1 and the time of the change;
* an event the plans no longer give (a cycle cut, a plan file removed) is served as CANCELLED
  from its last text, SEQUENCE + 1, for :data:`CANCELLED_FOR`, then dropped and kept as a
  tombstone (its SEQUENCE only), so that an event that comes back continues its SEQUENCE;
* an event whose plan file is *broken* (it exists but cannot be used) is served unchanged, as
  last seen: a typo never cancels a patient's treatment.

The history is a cache: lost or unreadable, it is built again, and a new event's SEQUENCE
starts at the minutes since 2020 (:func:`sequence_base`), a number that only grows, so a
client that saw the event before still takes the new version as newer.

No clock: every method takes the time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..exports.ics import EventText

#: How long an event that is no longer planned is served as CANCELLED, and how long a
#: patient's own feed and page stay after the patient's last plan was removed.
CANCELLED_FOR = dt.timedelta(days=14)
#: The origin of :func:`sequence_base`.
EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    variant TEXT NOT NULL,
    uid TEXT NOT NULL,
    file TEXT NOT NULL,
    hash TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    changed REAL NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('live', 'cancelled', 'gone')),
    text TEXT,
    PRIMARY KEY (variant, uid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS patients (
    patient TEXT PRIMARY KEY,
    gone REAL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
    file TEXT PRIMARY KEY,
    patient TEXT NOT NULL
) WITHOUT ROWID;
"""


def sequence_base(now: dt.datetime) -> int:
    """The SEQUENCE of an event seen for the first time: whole minutes since 2020-01-01 UTC.

    >>> sequence_base(dt.datetime(2020, 1, 1, 1, 0, 59, tzinfo=dt.UTC))
    60
    >>> sequence_base(dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    3637440
    """
    return int((now - EPOCH).total_seconds() // 60)


def content_hash(text: EventText) -> str:
    """What an event says, as a hash: its date, summary, description and categories (the
    UID is the key; the form of DTSTART, alarms and the zone belong to the feed's URL)."""
    return hashlib.sha256(_encode(text).encode("utf-8")).hexdigest()


def _encode(text: EventText) -> str:
    return json.dumps(
        [text.day.isoformat(), text.summary, text.description, list(text.categories)],
        ensure_ascii=False,
    )


def _decode(uid: str, data: str) -> EventText:
    day, summary, description, categories = json.loads(data)
    return EventText(uid, dt.date.fromisoformat(day), summary, description, tuple(categories))


@dataclass(frozen=True, slots=True)
class Served:
    """One event a feed serves: its text, SEQUENCE, last change and whether it is cancelled."""

    text: EventText
    sequence: int
    changed: dt.datetime
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class Planned:
    """One event the plans give now, with the plan file it comes from."""

    text: EventText
    file: str


class History:
    """The event history of one server (see the module). Not thread-safe: the server calls it
    under one lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = _open(path)

    def close(self) -> None:
        self._db.close()

    def sync(
        self,
        variant: str,
        planned: Iterable[Planned],
        broken: frozenset[str],
        now: dt.datetime,
    ) -> tuple[list[Served], dt.datetime, dt.datetime | None]:
        """Compare what the plans give now with what ``variant`` served, record the changes,
        and return every event to serve (live and cancelled), the time of the variant's last
        change (the feed's Last-Modified) and when the first cancelled event served is to be
        dropped (None without one). Events of a file in ``broken`` that the plans no longer
        give are served as last seen."""
        stamp = now.timestamp()
        base = sequence_base(now)
        db = self._db
        rows = {
            row[0]: row
            for row in db.execute(
                "SELECT uid, file, hash, sequence, changed, state, text FROM events "
                "WHERE variant = ?",
                (variant,),
            )
        }
        served: list[Served] = []
        upserts: list[tuple[str, str, str, str, int, float, str]] = []
        renames: list[tuple[str, str, str]] = []
        for item in planned:
            text = item.text
            digest = content_hash(text)
            row = rows.pop(text.uid, None)
            if row is None:
                sequence, changed = base, stamp
            elif row[5] == "live" and row[2] == digest:
                sequence, changed = row[3], row[4]
                if row[1] != item.file:  # the same event from a renamed file
                    renames.append((item.file, variant, text.uid))
                served.append(Served(text, sequence, _time(changed)))
                continue
            else:  # changed, or back after a cancellation or a tombstone
                sequence, changed = row[3] + 1, stamp
            upserts.append((variant, text.uid, item.file, digest, sequence, changed, _encode(text)))
            served.append(Served(text, sequence, _time(changed)))
        updates: list[tuple[object, ...]] = []
        for uid, (_, file, _, sequence, changed, state, data) in rows.items():
            if state == "live" and file in broken:
                served.append(Served(_decode(uid, data), sequence, _time(changed)))
            elif state == "live":
                updates.append(("cancelled", sequence + 1, stamp, variant, uid))
                served.append(Served(_decode(uid, data), sequence + 1, now, cancelled=True))
            elif state == "cancelled" and stamp - changed < CANCELLED_FOR.total_seconds():
                served.append(Served(_decode(uid, data), sequence, _time(changed), True))
            elif state == "cancelled":
                updates.append(("gone", sequence, stamp, variant, uid))
        with db:
            db.executemany(
                "INSERT INTO events (variant, uid, file, hash, sequence, changed, state, text) "
                "VALUES (?, ?, ?, ?, ?, ?, 'live', ?) ON CONFLICT (variant, uid) DO UPDATE SET "
                "file = excluded.file, hash = excluded.hash, sequence = excluded.sequence, "
                "changed = excluded.changed, state = 'live', text = excluded.text",
                upserts,
            )
            db.executemany("UPDATE events SET file = ? WHERE variant = ? AND uid = ?", renames)
            db.executemany(
                "UPDATE events SET state = ?, sequence = ?, changed = ?, "
                "text = CASE WHEN ?1 = 'gone' THEN NULL ELSE text END "
                "WHERE variant = ? AND uid = ?",
                updates,
            )
        (last,) = db.execute(
            "SELECT max(changed) FROM events WHERE variant = ?", (variant,)
        ).fetchone()
        ends = [s.changed + CANCELLED_FOR for s in served if s.cancelled]
        return served, _time(last) if last is not None else now, min(ends, default=None)

    def observe(self, present: dict[str, str], broken: Iterable[str], now: dt.datetime) -> None:
        """Record which patients the folder has now: ``present`` maps each usable plan file
        to its patient key; a ``broken`` file keeps the patient it had. A patient no longer
        present is marked gone from ``now`` (once)."""
        db = self._db
        known = dict(db.execute("SELECT file, patient FROM files"))
        here = set(present.values()) | {known[f] for f in broken if f in known}
        with db:
            db.executemany(
                "INSERT INTO files (file, patient) VALUES (?, ?) "
                "ON CONFLICT (file) DO UPDATE SET patient = excluded.patient",
                present.items(),
            )
            db.executemany(
                "INSERT INTO patients (patient, gone) VALUES (?, NULL) "
                "ON CONFLICT (patient) DO UPDATE SET gone = NULL",
                [(p,) for p in sorted(here)],
            )
            db.execute(
                f"UPDATE patients SET gone = ? WHERE gone IS NULL AND patient NOT IN "  # noqa: S608
                f"({', '.join('?' * len(here))})",
                (now.timestamp(), *sorted(here)),
            )

    def patient_known(self, patient: str, now: dt.datetime) -> bool:
        """Whether a patient's feed and page are still served: the patient has a plan (a
        broken one counts), or the last one was removed less than :data:`CANCELLED_FOR` ago."""
        row = self._db.execute("SELECT gone FROM patients WHERE patient = ?", (patient,)).fetchone()
        if row is None:
            return False
        return row[0] is None or now.timestamp() - row[0] < CANCELLED_FOR.total_seconds()

    def rows(self, variant: str) -> Iterator[tuple[str, int, str]]:
        """Each UID of ``variant`` with its SEQUENCE and state (for tests and diagnostics)."""
        yield from self._db.execute(
            "SELECT uid, sequence, state FROM events WHERE variant = ? ORDER BY uid", (variant,)
        )

    def patient_of(self, file: str) -> str | None:
        """The patient a plan file had when it last loaded."""
        row = self._db.execute("SELECT patient FROM files WHERE file = ?", (file,)).fetchone()
        return None if row is None else str(row[0])


def _time(stamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(stamp, dt.UTC)


def _open(path: Path) -> sqlite3.Connection:
    """The history database, created if missing; one that cannot be read is moved aside
    (``history.sqlite3.unreadable``) and built again: it is a cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(path)
    except sqlite3.DatabaseError:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").replace(f"{path}{suffix}.unreadable")
        return _connect(path)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        db.execute("SELECT count(*) FROM events").fetchone()
    except sqlite3.DatabaseError:
        db.close()
        raise
    db.isolation_level = "DEFERRED"  # transactions by ``with db:``
    return db
