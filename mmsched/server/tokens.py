"""Access tokens of the ward server: ``STATE_DIR/tokens.sqlite3`` (issue 17).

A token is a random secret (:func:`secrets.token_urlsafe` of 32 bytes) shown once, when it is
made; only its SHA-256 is stored. It opens the whole ward (pages and feeds), or one patient's
feed and page (``patient``); names are masked unless it was made with ``full_name``. The file
is apart from the event history because tokens are credentials, to back up and to guard (it is
created readable by its owner only), and the history is a cache.

Looking a token up hashes it and compares the hash with every stored one in constant time
(:func:`hmac.compare_digest`, no early exit), so the time taken says nothing about the secret.
No clock: the caller gives the time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..engine.courses import patient_key
from ..errors import MmschedError, coded

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    name TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    patient TEXT,
    full_name INTEGER NOT NULL,
    created REAL NOT NULL,
    revoked REAL
);
"""
#: The longest token name; a name is a label for people (a ward, a nurse's phone).
MAX_NAME = 64


@dataclass(frozen=True, slots=True)
class Token:
    """A stored token (never the secret itself)."""

    name: str
    #: The patient id the token is limited to, as given; None for the whole ward.
    patient: str | None
    full_name: bool
    created: dt.datetime
    revoked: dt.datetime | None = None

    def opens(self, patient: str | None) -> bool:
        """Whether the token opens the ward's pages and feed (``patient`` None) or that
        patient's (ids compared regardless of case)."""
        if self.revoked is not None:
            return False
        if self.patient is None:
            return True
        return patient is not None and patient_key(patient) == patient_key(self.patient)


def digest(secret: str) -> str:
    """The stored form of a token: its SHA-256, hex.

    >>> digest("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


class TokenStore:
    """``tokens.sqlite3``: adding, listing, revoking and finding tokens."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: tuple[tuple[int, int, int], list[tuple[bytes, Token]]] | None = None

    def _connect(self, *, create: bool) -> sqlite3.Connection:
        if create:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(fd)
        elif not self.path.is_file():
            raise FileNotFoundError(self.path)
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA journal_mode=DELETE")  # a write changes the file's mtime
        db.executescript(_SCHEMA)
        return db

    def add(
        self, name: str, now: dt.datetime, *, patient: str | None = None, full_name: bool = False
    ) -> str:
        """Make a token and store its hash; the secret is returned once and never kept.

        Raises:
            MmschedError: the name is empty, too long, has control characters or is taken.
        """
        _check_name(name)
        secret = secrets.token_urlsafe(32)
        db = self._connect(create=True)
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                taken = db.execute("SELECT 1 FROM tokens WHERE name = ?", (name,)).fetchone()
                if taken:
                    raise MmschedError([coded("NAME", "token.name_taken", name=name)])
                db.execute(
                    "INSERT INTO tokens (name, sha256, patient, full_name, created) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (name, digest(secret), patient, int(full_name), now.timestamp()),
                )
        finally:
            db.close()
        return secret

    def tokens(self) -> list[Token]:
        """Every token, revoked ones too, in the order they were made."""
        try:
            db = self._connect(create=False)
        except FileNotFoundError:
            return []
        try:
            rows = db.execute(
                "SELECT name, patient, full_name, created, revoked, sha256 FROM tokens "
                "ORDER BY created, name"
            ).fetchall()
        finally:
            db.close()
        return [_token(row) for row in rows]

    def revoke(self, name: str, now: dt.datetime) -> None:
        """Revoke the token ``name`` (at once: the server reads the file on every request).

        Raises:
            MmschedError: no token has that name.
        """
        try:
            db = self._connect(create=False)
        except FileNotFoundError:
            db = None
        try:
            changed = 0
            if db is not None:
                with db:
                    changed = db.execute(
                        "UPDATE tokens SET revoked = coalesce(revoked, ?) WHERE name = ?",
                        (now.timestamp(), name),
                    ).rowcount
        finally:
            if db is not None:
                db.close()
        if not changed:
            raise MmschedError([coded("NAME", "token.no_such_name", name=name)])

    def find(self, secret: str) -> Token | None:
        """The live token whose secret is ``secret``, or None (wrong, revoked, no file).

        Every stored hash is compared, in constant time, whatever matches first."""
        wanted = digest(secret).encode("ascii")
        found: Token | None = None
        for stored, token in self._entries():
            if hmac.compare_digest(stored, wanted) and token.revoked is None:
                found = token
        return found

    def _entries(self) -> list[tuple[bytes, Token]]:
        """The stored hashes and tokens, read again whenever the file changed."""
        try:
            info = os.stat(self.path)
        except OSError:
            return []
        key = (info.st_mtime_ns, info.st_size, info.st_ino)
        if self._cache is None or self._cache[0] != key:
            db = self._connect(create=False)
            try:
                rows = db.execute(
                    "SELECT name, patient, full_name, created, revoked, sha256 FROM tokens"
                ).fetchall()
            finally:
                db.close()
            self._cache = (key, [(str(row[5]).encode("ascii"), _token(row)) for row in rows])
        return self._cache[1]


def _token(row: tuple[object, ...]) -> Token:
    name, patient, full_name, created, revoked = row[:5]
    assert isinstance(created, float)
    return Token(
        str(name),
        None if patient is None else str(patient),
        bool(full_name),
        dt.datetime.fromtimestamp(created, dt.UTC),
        None if not isinstance(revoked, float) else dt.datetime.fromtimestamp(revoked, dt.UTC),
    )


def _check_name(name: str) -> None:
    if not name.strip() or len(name) > MAX_NAME or not name.isprintable():
        raise MmschedError([coded("NAME", "token.name", most=MAX_NAME)])
