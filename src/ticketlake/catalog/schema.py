"""The catalog's tables, written once for SQLite and Postgres.

Tables are prefixed ``catalog_`` because on Postgres they share a database with the canonical
data tables (which have their own ``sync_runs``). Secrets, reports and runs go with their
connection (ON DELETE CASCADE); the audit log outlives it, keeping the name it had.

Upgrades are additive: a table missing is created, a column missing is added
(``_ADDED_COLUMNS``), nothing is dropped, so an older catalog opens with the newer code.
"""

from __future__ import annotations

from ticketlake.catalog.db import Database, Tx

VERSION = 2

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
        detail TEXT NOT NULL DEFAULT '{{}}',
        holder TEXT,
        heartbeat_at {time},
        progress TEXT)""",
    """CREATE TABLE IF NOT EXISTS catalog_leases (
        connection_id TEXT PRIMARY KEY REFERENCES catalog_connections(id) ON DELETE CASCADE,
        holder TEXT NOT NULL,
        host TEXT NOT NULL,
        pid BIGINT NOT NULL,
        actor TEXT NOT NULL,
        run_id BIGINT,
        acquired_at {time} NOT NULL,
        heartbeat_at {time} NOT NULL,
        expires_at {time} NOT NULL)""",
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


_ADDED_COLUMNS = {
    "catalog_sync_runs": (
        ("holder", "TEXT"),  # version 2: the lease holder running the sync
        ("heartbeat_at", "{time}"),  # version 2: its last heartbeat
        ("progress", "TEXT"),  # version 2: live progress (ticketlake.sync.progress)
    ),
}
"""Columns added after a table was first released: added to catalogs created before them."""


def migrate(db: Database) -> None:
    """Create the catalog's tables and columns if missing (idempotent)."""
    types = _TYPES[db.dialect]
    with db.transaction() as tx:
        for statement in _DDL:
            tx.execute(statement.format(**types))
        for table, columns in _ADDED_COLUMNS.items():
            present = table_columns(tx, db.dialect, table)
            for column, kind in columns:
                if column not in present:
                    tx.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind.format(**types)}")
        if not tx.rows("SELECT value FROM catalog_meta WHERE key = 'schema_version'"):
            tx.execute(
                "INSERT INTO catalog_meta (key, value) VALUES ('schema_version', ?)",
                [str(VERSION)],
            )
        else:
            tx.execute(
                "UPDATE catalog_meta SET value = ? "
                "WHERE key = 'schema_version' AND CAST(value AS INTEGER) < ?",
                [str(VERSION), VERSION],
            )


def table_columns(tx: Tx, dialect: str, table: str) -> set[str]:
    """The names of a table's columns."""
    if dialect == "sqlite":
        return {str(r[1]) for r in tx.rows(f"PRAGMA table_info({table})")}
    rows = tx.rows(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = ? AND table_schema = current_schema()",
        [table],
    )
    return {str(r[0]) for r in rows}
