"""The web app's tables live in the catalog's database and go through the catalog's own SQL
access (``ticketlake.catalog.db``): SQLite ``$TICKETLAKE_HOME/catalog.db`` by default, Postgres
when ``TICKETLAKE_DATABASE_URL`` says so.

The server runs handlers on several threads, and a SQLite connection belongs to the thread
that opened it, so every transaction here opens its own short-lived connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ticketlake import config
from ticketlake.catalog.db import Database as CatalogDatabase
from ticketlake.catalog.db import PostgresDatabase, Row, SqliteDatabase, Tx

__all__ = ["Database", "Row", "Tx", "first"]


def first(tx: Tx, sql: str, params: list[object] | tuple[object, ...] = ()) -> Row | None:
    """The first row of a query, or ``None``."""
    rows = tx.rows(sql, list(params))
    return rows[0] if rows else None


class Database:
    """Where the web tables live; ``url=None`` follows ``TICKETLAKE_DATABASE_URL``."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url if url is not None else config.database_url()

    def _open(self) -> CatalogDatabase:
        if self.url and self.url.startswith(("postgresql://", "postgres://")):
            return PostgresDatabase(self.url)
        if self.url and self.url.startswith("sqlite:///"):
            return SqliteDatabase(Path(self.url.removeprefix("sqlite:///")))
        return SqliteDatabase(config.home() / "catalog.db")

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgres``."""
        return "postgres" if self.url and self.url.startswith("postgres") else "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One transaction on a connection of its own (committed, or rolled back on error)."""
        db = self._open()
        try:
            with db.transaction() as tx:
                yield tx
        finally:
            db.close()
