"""What DuckDB and Postgres stores share: migration, the batch transaction, cursors, queries.

A dialect supplies a handful of primitives (run a statement, stage an Arrow table under a name,
open a transaction, list a table's stored columns); everything that decides *what* is written,
and in which order, lives here once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

import orjson
import pyarrow as pa

from ticketlake.errors import StoreError
from ticketlake.model import SYNC_STATE, TABLES, Table
from ticketlake.records import Batch, QueryResult
from ticketlake.store import sql
from ticketlake.store.arrow import conform, model_table


class SqlStore(ABC):
    """A :class:`~ticketlake.store.base.Store` over a SQL database; subclasses bind a driver."""

    url: str
    dialect: str

    # -- what a dialect provides -------------------------------------------------------------

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """Commit on normal exit, roll back on an exception."""

    @abstractmethod
    def _run(self, statement: str, params: Sequence[object] = ()) -> None:
        """Run one statement (``$n`` parameters)."""

    @abstractmethod
    def _run_many(self, statement: str, rows: Sequence[Sequence[object]]) -> None:
        """Run one statement once per parameter row."""

    @abstractmethod
    def _load(self, table: Table, data: pa.Table) -> None:
        """Upsert a conformed Arrow table into ``table`` (inside the open transaction)."""

    @abstractmethod
    def _stored_columns(self, table: str) -> set[str]:
        """The columns the database holds for ``table`` (empty when the table is missing)."""

    @abstractmethod
    def arrow(self, sql: str, params: Sequence[object] = ()) -> pa.Table:
        """Run SQL (``$n`` parameters) and return the result as an Arrow table."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    # -- the Store protocol ------------------------------------------------------------------

    def migrate(self) -> None:
        """Create missing tables and add missing columns (idempotent; never drops anything)."""
        with self._transaction():
            for table in TABLES.values():
                stored = self._stored_columns(table.name)
                if not stored:
                    self._run(sql.create_table(table, self.dialect))
                    continue
                for column in table.columns:
                    if column.name not in stored:
                        self._run(sql.add_column(table, column, self.dialect))

    def write(self, batch: Batch) -> None:
        """Apply the batch's deletes, upsert its rows and save its cursors, all or nothing.

        Deletes run first, so a batch can replace a set (the members of a group) by deleting
        the rows that left and upserting the rows that remain.
        """
        loads = self._prepare_rows(batch)
        deletes = self._prepare_deletes(batch)
        try:
            with self._transaction():
                for statement, keys in deletes:
                    self._run_many(statement, keys)
                for table, data in loads:
                    if data.num_rows:
                        self._load(table, data)
        except StoreError:
            raise
        except Exception as exc:  # a driver error: say what was being written, keep the cause
            tables = ", ".join(t.name for t, _ in loads) or "nothing"
            raise StoreError(
                f"writing a batch of {tables} for {batch.connection} to {self.url} failed "
                f"(nothing of it was committed): {exc}"
            ) from exc

    def cursor(self, connection: str, stream: str) -> Any | None:
        """The last committed cursor of ``stream``, or ``None``."""
        result = self.arrow(
            'SELECT CAST("cursor" AS VARCHAR) AS c FROM "sync_state" '
            'WHERE "connection" = $1 AND "stream" = $2',
            [connection, stream],
        )
        if not result.num_rows:
            return None
        text = result.column("c")[0].as_py()
        return None if text is None else orjson.loads(text)

    def query(self, sql: str, params: Sequence[object] = ()) -> QueryResult:
        """Run SQL (``$n`` parameters) and return column names and rows as Python values."""
        return QueryResult.of(self.arrow(sql, params))

    def row_counts(self, connection: str) -> dict[str, int]:
        """Rows ``connection`` holds per table, in the model's order (tables without any left
        out)."""
        counts = " UNION ALL ".join(
            f'SELECT {i} AS i, COUNT(*) AS n FROM {sql.ident(t.name)} WHERE "connection" = $1'
            for i, t in enumerate(TABLES.values())
        )
        names = list(TABLES)
        rows = self.query(f"SELECT i, n FROM ({counts}) AS c ORDER BY i", [connection]).rows
        return {names[int(i)]: int(n) for i, n in rows if n}

    def purge(self, connection: str) -> dict[str, int]:
        """Delete every row of ``connection`` from every table, all or nothing; returns the rows
        deleted per table."""
        with self._transaction():
            counts = self.row_counts(connection)
            for name in counts:
                self._run(f'DELETE FROM {sql.ident(name)} WHERE "connection" = $1', [connection])
        return counts

    def execute(self, sql: str) -> None:
        """Run a statement on its own transaction (DDL such as analytics views)."""
        with self._transaction():
            self._run(sql)

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- batch preparation (pure) ------------------------------------------------------------

    def _prepare_rows(self, batch: Batch) -> list[tuple[Table, pa.Table]]:
        rows = dict(batch.rows)
        if batch.cursors:
            if SYNC_STATE.name in rows:
                raise StoreError("a batch gives either cursors or sync_state rows, not both")
            rows[SYNC_STATE.name] = _cursor_records(batch.cursors)
        loads = []
        for name, data in rows.items():
            table = model_table(name)
            loads.append((table, conform(table, data, connection=batch.connection)))
        return loads

    def _prepare_deletes(self, batch: Batch) -> list[tuple[str, list[list[object]]]]:
        prepared = []
        for name, keys in batch.deletes.items():
            table = model_table(name)
            params = [_key_params(table, key, batch.connection) for key in keys]
            if params:
                prepared.append((sql.delete_by_key(table), params))
        return prepared


def _cursor_records(cursors: Mapping[str, Any]) -> list[dict[str, object]]:
    now = datetime.now(UTC)
    return [
        {"stream": stream, "cursor": orjson.dumps(value).decode(), "updated_at": now}
        for stream, value in cursors.items()
    ]


def _key_params(table: Table, key: Mapping[str, object], connection: str) -> list[object]:
    values = {"connection": connection, **key}
    if values["connection"] != connection:
        raise StoreError(f"a delete for {table.name} names another connection than {connection}")
    missing = [k for k in table.key if k not in values]
    if missing:
        raise StoreError(f"a delete for {table.name} lacks key column(s) {', '.join(missing)}")
    return [values[k] for k in table.key]
