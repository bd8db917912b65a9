"""The catalog's tables, written once for SQLite and Postgres.

Tables are prefixed ``catalog_`` because on Postgres they share a database with the canonical
data tables (which have their own ``sync_runs``). Secrets, reports and runs go with their
connection (ON DELETE CASCADE); the audit log outlives it, keeping the name it had.
"""

from __future__ import annotations

from ticketlake.catalog.db import Database

VERSION = 1

_TYPES = {
    "sqlite": {
        "bytes": "BLOB",
        "time": "TEXT",
        "bool": "INTEGER",
        "serial": "INTEGER PRIMARY KEY AUTOINCREMENT",
    },
    "postgres": {
        "bytes": "BYTEA",
        "time": "TIMESTAMPTZ",
        "bool": "BOOLEAN",
        "serial": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    },
}

_DDL = (
    """CREATE TABLE IF NOT EXISTS catalog_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS catalog_connections (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        settings TEXT NOT NULL,
        created_at {time} NOT NULL,
        updated_at {time} NOT NULL,
        network TEXT NOT NULL DEFAULT '{{}}')""",
    """CREATE TABLE IF NOT EXISTS catalog_secrets (
        connection_id TEXT NOT NULL REFERENCES catalog_connections(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        ciphertext {bytes} NOT NULL,
        wrapped_key {bytes} NOT NULL,
        key_id TEXT NOT NULL,
        updated_at {time} NOT NULL,
        PRIMARY KEY (connection_id, field))""",
    """CREATE TABLE IF NOT EXISTS catalog_check_reports (
        id {serial},
        connection_id TEXT NOT NULL REFERENCES catalog_connections(id) ON DELETE CASCADE,
        ok {bool} NOT NULL,
        report TEXT NOT NULL,
        created_at {time} NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS catalog_sync_runs (
        id {serial},
        connection_id TEXT NOT NULL REFERENCES catalog_connections(id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        started_at {time} NOT NULL,
        finished_at {time},
        rows_written BIGINT NOT NULL DEFAULT 0,
        calls BIGINT NOT NULL DEFAULT 0,
        throttled BIGINT NOT NULL DEFAULT 0,
        errors BIGINT NOT NULL DEFAULT 0,
        detail TEXT NOT NULL DEFAULT '{{}}')""",
    """CREATE TABLE IF NOT EXISTS catalog_audit_log (
        id {serial},
        at {time} NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        connection_id TEXT,
        connection_name TEXT,
        detail TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS catalog_reports_by_conn "
    "ON catalog_check_reports (connection_id, created_at)",
    "CREATE INDEX IF NOT EXISTS catalog_runs_by_conn ON catalog_sync_runs (connection_id, id)",
    "CREATE INDEX IF NOT EXISTS catalog_audit_by_conn ON catalog_audit_log (connection_id, id)",
)


def migrate(db: Database) -> None:
    """Create the catalog's tables if missing (idempotent)."""
    types = _TYPES[db.dialect]
    with db.transaction() as tx:
        for statement in _DDL:
            tx.execute(statement.format(**types))
        if not tx.rows("SELECT value FROM catalog_meta WHERE key = 'schema_version'"):
            tx.execute(
                "INSERT INTO catalog_meta (key, value) VALUES ('schema_version', ?)",
                [str(VERSION)],
            )
