"""The embedded store: one DuckDB file, loaded through Arrow.

DuckDB lets one process at a time open a database file for writing. So that a long sync does
not lock ``query``, ``report`` and other syncs out, processes take turns at the file: each unit
of work (a batch's transaction, a query) runs in a session of a
:class:`~ticketlake.store.duckdb_turns.TurnTakingConnection`, which closes the file between two
units when another process waits for it (:mod:`ticketlake.store.turns`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from ticketlake.errors import StoreError
from ticketlake.model import ColumnType, Table
from ticketlake.records import QueryResult
from ticketlake.store import readonly, sql
from ticketlake.store.duckdb_turns import Options, TurnTakingConnection
from ticketlake.store.sqlstore import SqlStore
from ticketlake.store.turns import TIMEOUT

DEFAULT_SETTINGS = {"checkpoint_threshold": "1GB"}
"""DuckDB checkpoints (and rewrites the whole primary-key index) whenever the WAL passes its
threshold, 16 MB by default: a few batches of tickets with their raw JSON. A sync into a large
table then pays more per row the larger the table grows; a 1 GB threshold keeps the cost per row
flat (measured: 45 -> 144 us CPU per ticket over 400k rows with the default, ~45 with 1 GB).
Committed batches are durable in the WAL either way."""
_SOURCE = "_tl_batch"
_JSON_TYPE = pa.json_(pa.string()) if hasattr(pa, "json_") else None


class DuckDBStore(SqlStore):
    """Canonical tables in a DuckDB file (``:memory:`` for a throwaway one)."""

    dialect = "duckdb"

    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool = False,
        settings: dict[str, str] | None = None,
        timeout: float = TIMEOUT,
    ) -> None:
        self.path = str(path)
        self.url = "duckdb://" + (self.path if self.path.startswith("/") else "/" + self.path)
        options: Options = {**DEFAULT_SETTINGS, **(settings or {})}
        self._file = TurnTakingConnection(
            self.path, read_only=read_only, options=options, timeout=timeout
        )
        with self._file.session():  # open now: a bad setting or path is said at once
            pass

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        return self._file.current

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._file.session() as con:
            con.begin()
            try:
                yield
            except BaseException:
                con.rollback()
                raise
            con.commit()

    def _run(self, statement: str, params: Sequence[object] = ()) -> None:
        self._con.execute(statement, list(params))

    def _run_many(self, statement: str, rows: Sequence[Sequence[object]]) -> None:
        self._con.executemany(statement, [list(r) for r in rows])

    def _load(self, table: Table, data: pa.Table) -> None:
        """Upsert ``data``; a batch whose keys are all new (a backfill's) is inserted plainly.

        DuckDB's ``ON CONFLICT`` path costs about as much again as the insert itself (measured:
        62 vs 42 us per ticket row over 1M rows); finding that no key is stored yet is one
        hash semi-join against the key columns, a small fraction of that.
        """
        self._con.register(_SOURCE, json_typed(table, data))
        try:
            row = self._con.execute(sql.count_stored(table, _SOURCE)).fetchone()
            if row is not None and row[0] == 0:
                self._con.execute(sql.insert(table, data.column_names, _SOURCE))
            else:
                self._con.execute(sql.upsert(table, data.column_names, _SOURCE))
        finally:
            # After a failed statement DuckDB refuses even this; the statement's error matters.
            with contextlib.suppress(duckdb.Error):
                self._con.unregister(_SOURCE)

    def _stored_columns(self, table: str) -> set[str]:
        rows = self._con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = $1",
            [table],
        ).fetchall()
        return {r[0] for r in rows}

    def arrow(self, sql: str, params: Sequence[object] = ()) -> pa.Table:
        """Run SQL (``$n`` parameters) and return the result as an Arrow table."""
        try:
            with self._file.session() as con:
                return con.sql(sql, params=list(params) or None).to_arrow_table()
        except duckdb.Error as exc:
            raise StoreError(f"query failed on {self.url}: {exc}") from exc

    def user_query(self, text: str) -> QueryResult:
        """Run one statement a person typed; the connection must have been opened read-only and
        is sealed first (no file or network access, settings locked: :mod:`.readonly`). The seal
        holds for the whole database instance, so open a store for this alone."""
        try:
            with self._file.session():  # sealed and run on one opening of the file
                self._seal()
                readonly.check_statement_count(len(self._con.extract_statements(text)))
                relation = self._con.sql(text)  # None for a statement without a result
                return QueryResult.of(
                    relation.to_arrow_table() if relation is not None else pa.table({})
                )
        except duckdb.Error as exc:
            raise StoreError(f"query failed on {self.url}: {exc}") from None

    def _seal(self) -> None:
        settings = self._con.execute(
            "SELECT current_setting('access_mode'), current_setting('enable_external_access'), "
            "current_setting('lock_configuration')"
        ).fetchone()
        if settings is None or settings[0] != "read_only":
            raise StoreError(f"{self.url} was not opened read-only: it cannot run a query")
        if settings[1:] != (False, True):
            for statement in readonly.DUCKDB_SEAL:
                self._con.execute(statement)

    def close(self) -> None:
        """Close the connection and give the file back to other processes."""
        self._file.close()


def json_typed(table: Table, data: pa.Table) -> pa.Table:
    """JSON columns tagged as Arrow JSON, so DuckDB takes them as JSON without re-parsing.

    The text is valid: written by ``orjson`` (mapping, records), or the API's own text, which
    msgspec parsed in full when it split the answer (``connectors/rows.py``); DuckDB would
    otherwise validate it by parsing every value again, which costs more than the rest of the
    load of a ticket row. pyarrow before 19 has no JSON type; then DuckDB validates.
    """
    if _JSON_TYPE is None:
        return data
    for index, name in enumerate(data.column_names):
        if table.column(name).type is ColumnType.JSON:
            storage = data.column(index)
            tagged = pa.chunked_array(
                [pa.ExtensionArray.from_storage(_JSON_TYPE, c) for c in storage.chunks],
                _JSON_TYPE,
            )
            data = data.set_column(index, name, tagged)
    return data
