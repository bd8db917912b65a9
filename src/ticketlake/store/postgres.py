"""The store at scale: PostgreSQL through psycopg 3, loaded with COPY.

A batch's rows go to a temporary table with ``COPY ... FROM STDIN (FORMAT csv)`` (Arrow writes
the CSV, so no Python loop touches the rows) and then into the canonical table with
``INSERT ... ON CONFLICT``, inside the batch's transaction. The URL may name a schema with
``?schema=name`` (default ``public``); it is created when missing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
from psycopg import pq
from psycopg.types.string import TextLoader

from ticketlake.errors import StoreError
from ticketlake.model import Table
from ticketlake.records import QueryResult
from ticketlake.store import readonly, sql
from ticketlake.store.sqlstore import SqlStore

_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_CSV_CHUNK_ROWS = 5_000
_CSV = pacsv.WriteOptions(include_header=False)
# Result types by Postgres type OID; anything else is inferred from the values.
_OID_TYPES: dict[int, pa.DataType] = {
    16: pa.bool_(),
    20: pa.int64(),
    21: pa.int64(),
    23: pa.int64(),
    25: pa.string(),
    114: pa.string(),
    1043: pa.string(),
    700: pa.float64(),
    701: pa.float64(),
    1082: pa.date32(),
    1184: pa.timestamp("us", tz="UTC"),
    3802: pa.string(),
}


class PostgresStore(SqlStore):
    """Canonical tables in one schema of a PostgreSQL database."""

    dialect = "postgres"

    def __init__(self, url: str) -> None:
        conninfo, self.schema, password = split_url(url)
        self.url = printable_url(url)
        try:
            self._con = psycopg.connect(
                conninfo, autocommit=True, cursor_factory=psycopg.RawCursor, connect_timeout=10
            )
        except psycopg.Error as exc:
            detail = str(exc).replace(password, "***") if password else str(exc)
            raise StoreError(
                f"cannot connect to the data store {self.url}: {detail.strip()}",
                fix="check TICKETLAKE_DATABASE_URL and that the server is running",
            ) from None
        for json_type in ("json", "jsonb"):  # JSON comes back as its text, as from DuckDB
            self._con.adapters.register_loader(json_type, TextLoader)
        self._con.execute("SET TIME ZONE 'UTC'")
        # Only when missing: a role that can only read (ticketlake query) may not create one.
        if not self._con.execute(
            "SELECT 1 FROM pg_namespace WHERE nspname = $1", [self.schema]
        ).fetchall():
            self._con.execute(f"CREATE SCHEMA IF NOT EXISTS {sql.ident(self.schema)}")
        self._con.execute(f"SET search_path TO {sql.ident(self.schema)}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._con.transaction():
            yield

    def _run(self, statement: str, params: Sequence[object] = ()) -> None:
        self._con.execute(statement, list(params))

    def _run_many(self, statement: str, rows: Sequence[Sequence[object]]) -> None:
        with self._con.cursor() as cur:
            cur.executemany(statement, [list(r) for r in rows])

    def _load(self, table: Table, data: pa.Table) -> None:
        stage = sql.ident(f"_tl_stage_{table.name}")
        columns = ", ".join(
            sql.column_sql(table.column(c), self.dialect) for c in data.column_names
        )
        names = ", ".join(sql.ident(c) for c in data.column_names)
        self._con.execute(f"CREATE TEMP TABLE {stage} ({columns}) ON COMMIT DROP")
        with (
            self._con.cursor() as cur,
            cur.copy(f"COPY {stage} ({names}) FROM STDIN (FORMAT csv)") as copy,
        ):
            for chunk in data.to_batches(max_chunksize=_CSV_CHUNK_ROWS):
                buffer = io.BytesIO()
                pacsv.write_csv(chunk, buffer, _CSV)
                copy.write(buffer.getbuffer())
        self._con.execute(sql.upsert(table, data.column_names, stage))

    def _stored_columns(self, table: str) -> set[str]:
        rows = self._con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = $1 AND table_name = $2",
            [self.schema, table],
        ).fetchall()
        return {r[0] for r in rows}

    def arrow(self, sql: str, params: Sequence[object] = ()) -> pa.Table:
        """Run SQL (``$n`` parameters) and return the result as an Arrow table."""
        try:
            with self._con.cursor() as cur:
                cur.execute(sql, list(params))
                return _fetch(cur)
        except psycopg.Error as exc:
            raise StoreError(f"query failed on {self.url}: {exc}") from exc

    def user_query(self, text: str) -> QueryResult:
        """Run one statement a person typed, alone in a READ ONLY transaction that is rolled
        back (:mod:`.readonly` says what that does and does not stop)."""
        self._require_one_statement(text)
        try:
            with self._con.transaction(force_rollback=True), self._con.cursor() as cur:
                cur.execute("SET TRANSACTION READ ONLY")
                cur.execute(text)
                if cur.pgresult is not None and cur.pgresult.status == pq.ExecStatus.EMPTY_QUERY:
                    readonly.check_statement_count(0)
                return QueryResult.of(_fetch(cur))
        except psycopg.Error as exc:
            raise StoreError(f"query failed on {self.url}: {exc}") from None

    def _require_one_statement(self, text: str) -> None:
        """Have the server parse ``text`` as one prepared statement, which runs nothing and
        fails when it holds several (an empty text passes here; executing it says so)."""
        parsed = self._con.pgconn.prepare(b"", text.encode())
        if parsed.status == pq.ExecStatus.COMMAND_OK:
            return
        message = (parsed.error_message or b"").decode(errors="replace").strip()
        if "multiple commands" in message:
            readonly.check_statement_count(2)
        raise StoreError(f"query failed on {self.url}: {message.removeprefix('ERROR:').strip()}")

    def close(self) -> None:
        """Close the connection."""
        self._con.close()

    def drop_schema(self) -> None:
        """Drop this store's schema and everything in it (tests, throwaway stores)."""
        self._con.execute(f"DROP SCHEMA IF EXISTS {sql.ident(self.schema)} CASCADE")


def _fetch(cur: psycopg.Cursor[Any]) -> pa.Table:
    """The rows of the cursor's last statement as an Arrow table (no columns: an empty one)."""
    description = cur.description or []
    rows = cur.fetchall() if description else []
    columns: list[list[Any]] = [list(c) for c in zip(*rows, strict=True)] or [
        [] for _ in description
    ]
    arrays = [
        pa.array(values, type=_OID_TYPES.get(col.type_code))
        for col, values in zip(description, columns, strict=True)
    ]
    return pa.table(arrays, names=[col.name for col in description])


def split_url(url: str) -> tuple[str, str, str]:
    """(URL for psycopg without our ``schema`` parameter, the schema, the password or "")."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), "public")
    if not _SCHEMA_NAME.match(schema):
        raise StoreError(f"invalid schema name {schema!r} in the store URL")
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema, parts.password or ""


def printable_url(url: str) -> str:
    """The URL with its password masked."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
