"""Server-side sessions: the cookie holds a random token, the database only its SHA-256.

An operator session's subject is the operator's name; a customer session's subject is the id
of the invite it was opened with, which is all a customer can ever act on.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ticketlake.web.database import Database, first

Kind = Literal["operator", "customer"]

OPERATOR_TTL = 8 * 3600.0
CUSTOMER_TTL = 12 * 3600.0


def token_hash(token: str) -> str:
    """The stored form of a bearer token (sessions and invites)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    """A live session."""

    token: str
    kind: Kind
    subject: str
    expires_at: float


class Sessions:
    """Create, resolve and end sessions."""

    def __init__(self, db: Database, clock: Callable[[], float]) -> None:
        self._db = db
        self._clock = clock

    def create(self, kind: Kind, subject: str, ttl: float) -> Session:
        """A new session for ``subject``; the token is returned once, never stored."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        with self._db.transaction() as tx:
            tx.execute("DELETE FROM web_sessions WHERE expires_at <= ?", [now])
            tx.execute(
                "INSERT INTO web_sessions (token_hash, kind, subject, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [token_hash(token), kind, subject, now, now + ttl],
            )
        return Session(token, kind, subject, now + ttl)

    def resolve(self, token: str | None) -> Session | None:
        """The live session a cookie names, or ``None`` (unknown, expired or ended)."""
        if not token:
            return None
        with self._db.transaction() as tx:
            row = first(
                tx,
                "SELECT kind, subject, expires_at FROM web_sessions WHERE token_hash = ?",
                [token_hash(token)],
            )
        if row is None or float(row[2]) <= self._clock():
            return None
        kind: Kind = "operator" if row[0] == "operator" else "customer"
        return Session(token, kind, str(row[1]), float(row[2]))

    def end(self, token: str) -> None:
        """End one session (logout)."""
        with self._db.transaction() as tx:
            tx.execute("DELETE FROM web_sessions WHERE token_hash = ?", [token_hash(token)])

    def end_all(self, kind: Kind, subject: str) -> None:
        """End every session of a subject (a revoked invite, a removed operator)."""
        with self._db.transaction() as tx:
            tx.execute("DELETE FROM web_sessions WHERE kind = ? AND subject = ?", (kind, subject))
