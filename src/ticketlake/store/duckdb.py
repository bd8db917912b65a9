"""The embedded store: one DuckDB file, loaded through Arrow.

DuckDB lets one process at a time open a database file; a second process gets an IO error about
a lock. We turn that into a :class:`StoreError` that names the holder (its pid and program, as
DuckDB reports them) and what to do, instead of a driver traceback.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from ticketlake.errors import StoreError
from ticketlake.model import ColumnType, Table
from ticketlake.store import readonly, sql
from ticketlake.store.base import QueryResult
from ticketlake.store.sqlstore import SqlStore

DEFAULT_SETTINGS = {"checkpoint_threshold": "1GB"}
"""DuckDB checkpoints (and rewrites the whole primary-key index) whenever the WAL passes its
threshold, 16 MB by default: a few batches of tickets with their raw JSON. A sync into a large
table then pays more per row the larger the table grows; a 1 GB threshold keeps the cost per row
flat (measured: 45 -> 144 us CPU per ticket over 400k rows with the default, ~45 with 1 GB).
Committed batches are durable in the WAL either way."""
_SOURCE = "_tl_batch"
_JSON_TYPE = pa.json_(pa.string()) if hasattr(pa, "json_") else None
_LOCK_HOLDER = re.compile(r"lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


class DuckDBStore(SqlStore):
    """Canonical tables in a DuckDB file (``:memory:`` for a throwaway one)."""

    dialect = "duckdb"

    def __init__(
        self, path: Path | str, *, read_only: bool = False, settings: dict[str, str] | None = None
    ) -> None:
        self.path = str(path)
        self.url = "duckdb://" + (self.path if self.path.startswith("/") else "/" + self.path)
        try:
            options: dict[str, str | bool | int | float | list[str]] = {
                **DEFAULT_SETTINGS,
                **(settings or {}),
            }
            self._con = duckdb.connect(self.path, read_only=read_only, config=options)
        except duckdb.IOException as exc:
            raise _open_error(self.path, exc) from None
        except duckdb.Error as exc:  # an unknown or invalid setting
            raise StoreError(f"cannot open the data store {self.path}: {exc}") from None
        # Timestamps come back as UTC instants whatever the machine's zone.
        self._con.execute("SET TimeZone = 'UTC'")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._con.begin()
        try:
            yield
        except BaseException:
            self._con.rollback()
            raise
        self._con.commit()

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
            return self._con.sql(sql, params=list(params) or None).to_arrow_table()
        except duckdb.Error as exc:
            raise StoreError(f"query failed on {self.url}: {exc}") from exc

    def user_query(self, text: str) -> QueryResult:
        """Run one statement a person typed; the connection must have been opened read-only and
        is sealed first (no file or network access, settings locked: :mod:`.readonly`)."""
        try:
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
        """Close the connection and release the file lock."""
        self._con.close()


def json_typed(table: Table, data: pa.Table) -> pa.Table:
    """JSON columns tagged as Arrow JSON, so DuckDB takes them as JSON without re-parsing.

    The text is valid: written by ``orjson`` (mapping, records), or the API's own text, which
    msgspec parsed in full when it split the answer (``mapping_rows``); DuckDB would otherwise
    validate it by parsing every value again, which costs more than the rest of the load of a
    ticket row. pyarrow before 19 has no JSON type; then DuckDB validates.
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


def _open_error(path: str, exc: duckdb.IOException) -> StoreError:
    text = str(exc)
    holder = _LOCK_HOLDER.search(text)
    if holder:
        return StoreError(
            f"the data store {path} is in use by another process "
            f"(pid {holder['pid']}, {holder['program']})",
            fix="wait for that sync or query to finish, or stop that process",
        )
    if "lock" in text.lower():
        return StoreError(
            f"the data store {path} is in use by another process",
            fix="wait for that sync or query to finish, or stop that process",
        )
    return StoreError(f"cannot open the data store {path}: {text}")
