"""The web's own audit entries: invites, logins, started tests and syncs, opened reports.

The catalog's audit log records what happens to connections (created, changed, tested, synced,
removed, which secret was used); these record the web actions around them, some of which
(an invite for a connection not saved yet) have no catalog row to hang on. A connection's page
shows both logs merged by time, so both keep wall-clock time (not the server's injectable
clock, which only decides expiry). Details name things, never a secret's value.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from ticketlake.web.database import Database


@dataclass(frozen=True)
class Entry:
    """One audit entry, from either log."""

    at: datetime
    actor: str
    action: str
    connection: str
    detail: str


class WebAudit:
    """Append and read web audit entries."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, actor: str, action: str, connection: str = "", detail: str = "") -> None:
        """Append one entry."""
        with self._db.transaction() as tx:
            tx.execute(
                "INSERT INTO web_audit (id, at, actor, action, connection, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [secrets.token_hex(8), time.time(), actor, action, connection, detail],
            )

    def entries(self, connection: str | None = None, limit: int = 100) -> list[Entry]:
        """The newest entries (of one connection, or all)."""
        sql = "SELECT at, actor, action, connection, detail FROM web_audit"
        params: list[object] = []
        if connection is not None:
            sql += " WHERE connection = ?"
            params.append(connection)
        with self._db.transaction() as tx:
            rows = tx.rows(f"{sql} ORDER BY at DESC LIMIT ?", [*params, limit])
        return [
            Entry(datetime.fromtimestamp(float(r[0]), UTC), r[1], r[2], r[3], r[4]) for r in rows
        ]
