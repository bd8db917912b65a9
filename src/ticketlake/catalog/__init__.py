"""The catalog: connections, encrypted secrets, check reports, sync runs and the audit log.

SQLite at ``$TICKETLAKE_HOME/catalog.db`` by default; Postgres when ``TICKETLAKE_DATABASE_URL``
(or the ``url`` given) is ``postgresql://...``. Both through ``sqlite3`` / ``psycopg`` behind
``catalog.db.Database``.
"""

from __future__ import annotations

import getpass

from ticketlake import config
from ticketlake.catalog.catalog import Catalog
from ticketlake.catalog.connection import Connection
from ticketlake.catalog.db import Database, PostgresDatabase, SqliteDatabase
from ticketlake.catalog.records import (
    Action,
    AuditEntry,
    ConnectionSummary,
    Rotation,
    StoredReport,
    SyncRun,
)
from ticketlake.catalog.schema import migrate
from ticketlake.catalog.submission import Edit, apply_edit, plan_edit, submit_new
from ticketlake.vault import KeySource

__all__ = [
    "Action",
    "AuditEntry",
    "Catalog",
    "Connection",
    "ConnectionSummary",
    "Edit",
    "Rotation",
    "StoredReport",
    "SyncRun",
    "apply_edit",
    "default_actor",
    "open_catalog",
    "plan_edit",
    "submit_new",
]


def default_actor(channel: str = "cli") -> str:
    """``cli:<os user>``: who the audit log names when nobody else is known."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{channel}:{user}"


def open_catalog(url: str | None = None, *, actor: str | None = None) -> Catalog:
    """Open (and create or upgrade) the catalog: Postgres for a ``postgresql://`` URL, SQLite
    at ``$TICKETLAKE_HOME/catalog.db`` otherwise."""
    url = url or config.database_url()
    db: Database
    if url and url.startswith(("postgresql://", "postgres://")):
        db = PostgresDatabase(url)
    elif url and url.startswith("sqlite:///"):
        from pathlib import Path

        db = SqliteDatabase(Path(url.removeprefix("sqlite:///")))
    else:
        db = SqliteDatabase(config.home() / "catalog.db")
    migrate(db)
    return Catalog(db, KeySource(config.home()), actor=actor or default_actor())
