"""One small SQL interface over SQLite (``sqlite3``) and Postgres (``psycopg``).

The catalog writes its SQL once, with ``?`` placeholders; this module runs it on either
backend. Differences stay here: placeholders, timestamps (ISO text in SQLite, ``timestamptz``
in Postgres), transactions, and turning driver errors into ``StoreError`` with a fix.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from ticketlake.errors import StoreError

Row = tuple[Any, ...]


class DuplicateKey(Exception):
    """A unique constraint refused a row (e.g. a connection name already taken)."""


class Tx(Protocol):
    """The statements of one transaction."""

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        """Run a statement."""

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        """Run a query and return every row."""


class Database(Protocol):
    """A catalog database: SQLite or Postgres."""

    dialect: str
    url: str
    """Printable location (no password)."""

    def transaction(self) -> Any:
        """A context manager yielding a ``Tx``; commits on success, rolls back on error."""

    def close(self) -> None:
        """Release the connection."""


def as_time(value: object) -> datetime:
    """A stored time as an aware UTC ``datetime`` (SQLite gives text, Postgres datetimes)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.fromisoformat(str(value)).astimezone(UTC)


class _SqliteTx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @staticmethod
    def _params(params: Sequence[object]) -> list[object]:
        return [p.astimezone(UTC).isoformat() if isinstance(p, datetime) else p for p in params]

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        try:
            self._conn.execute(sql, self._params(params))
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" in str(exc):
                raise DuplicateKey(str(exc)) from exc
            raise

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return [tuple(r) for r in self._conn.execute(sql, self._params(params)).fetchall()]


class SqliteDatabase:
    """The embedded catalog: one SQLite file."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.url = f"sqlite:///{path}"
        try:
            # One connection shared by threads (a web server's pool), serialized by a lock.
            self._conn = sqlite3.connect(
                path, isolation_level=None, timeout=30, check_same_thread=False
            )
            self._lock = threading.RLock()
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the catalog {path}: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """BEGIN IMMEDIATE: take the write lock up front, so two writers queue, never deadlock."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"the catalog is busy: {exc}", fix="retry in a moment") from exc
            try:
                yield _SqliteTx(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def close(self) -> None:
        """Close the file."""
        self._conn.close()


class _PostgresTx:
    def __init__(self, cur: Any) -> None:
        self._cur = cur

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        import psycopg

        try:
            self._cur.execute(sql.replace("?", "%s"), list(params))
        except psycopg.errors.UniqueViolation as exc:
            raise DuplicateKey(str(exc)) from exc

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        self._cur.execute(sql.replace("?", "%s"), list(params))
        return [tuple(r) for r in self._cur.fetchall()]


class PostgresDatabase:
    """The catalog on Postgres (``TICKETLAKE_DATABASE_URL``)."""

    dialect = "postgres"

    def __init__(self, url: str) -> None:
        from urllib.parse import parse_qsl, urlsplit

        import psycopg

        from ticketlake.store import sql
        from ticketlake.store.postgres import printable_url, split_url

        self.url = printable_url(url)
        # ``?schema=`` as for the data store; without it the connection's own search_path
        # (``options=-csearch_path=...``, the role's default) stands.
        named = any(key == "schema" for key, _ in parse_qsl(urlsplit(url).query))
        conninfo, schema, _ = split_url(url) if named else (url, "", "")
        try:
            self._conn = psycopg.connect(conninfo, autocommit=True, connect_timeout=10)
            if named:
                self._conn.execute(f"CREATE SCHEMA IF NOT EXISTS {sql.ident(schema)}")
                self._conn.execute(f"SET search_path TO {sql.ident(schema)}")
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot reach the catalog database {self.url}",
                fix="check TICKETLAKE_DATABASE_URL and that Postgres is running",
            ) from exc

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """A Postgres transaction (rolled back on any error)."""
        with self._conn.transaction(), self._conn.cursor() as cur:
            yield _PostgresTx(cur)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()
