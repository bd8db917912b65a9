"""The web app's own tables (operators, sessions, invites, login failures, web audit entries,
a signing key).

They sit in the catalog database next to the catalog's tables, prefixed ``web_`` so the two
never collide. Times are epoch seconds (``DOUBLE PRECISION`` on both dialects).
"""

from __future__ import annotations

import secrets

from ticketlake.catalog.schema import table_columns
from ticketlake.web.database import Database, first

TABLES = (
    """CREATE TABLE IF NOT EXISTS web_operators (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS web_sessions (
        token_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS web_invites (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        connection TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL,
        claimed_at DOUBLE PRECISION,
        revoked_at DOUBLE PRECISION)""",
    """CREATE TABLE IF NOT EXISTS web_login_failures (
        key TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS web_login_failures_key ON web_login_failures (key, at)",
    """CREATE TABLE IF NOT EXISTS web_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS web_audit (
        id TEXT PRIMARY KEY,
        at DOUBLE PRECISION NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        connection TEXT NOT NULL,
        detail TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS web_audit_connection ON web_audit (connection, at)",
)

ADDED_COLUMNS = (
    ("web_invites", "provision", "INTEGER NOT NULL DEFAULT 0"),
    # whether the invite offers "let ticketlake set up the account"
)
"""Columns added after a table was first released: added to databases created before them."""


def migrate(db: Database) -> None:
    """Create the web tables and the signing key if they are missing (idempotent)."""
    with db.transaction() as tx:
        for ddl in TABLES:
            tx.execute(ddl)
        for table, column, kind in ADDED_COLUMNS:
            if column not in table_columns(tx, db.dialect, table):
                tx.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        tx.execute(
            "INSERT INTO web_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            ["signing_key", secrets.token_hex(32)],
        )


def signing_key(db: Database) -> bytes:
    """The server's key for CSRF tokens: random once, then stable across restarts."""
    with db.transaction() as tx:
        row = first(tx, "SELECT value FROM web_meta WHERE key = ?", ["signing_key"])
    if row is None:
        migrate(db)
        return signing_key(db)
    return bytes.fromhex(str(row[0]))
