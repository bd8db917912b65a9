"""Export one connection's canonical tables to Parquet or CSV files, one file per table.

Tables are read in pages ordered by their key (keyset paging: each page starts after the last
key of the one before), so memory stays bounded by the page size, not the tenant's size. Every
page is cast to the model's Arrow schema, so files have the same column types whichever store
they came from (JSON columns hold their JSON text).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ticketlake.analytics.scope import text_literal
from ticketlake.errors import ConfigError
from ticketlake.model import DATA_TABLES, Table
from ticketlake.records import arrow_schema
from ticketlake.store.base import Store

FORMATS = ("parquet", "csv")


@dataclass(frozen=True)
class ExportedFile:
    """One written file."""

    table: str
    path: Path
    rows: int


class _Writer(Protocol):
    def write_table(self, table: pa.Table) -> None: ...

    def close(self) -> None: ...


def export_tables(
    store: Store,
    connection: str,
    out: Path,
    fmt: str = "parquet",
    page_rows: int = 50_000,
) -> list[ExportedFile]:
    """Write every canonical data table of ``connection`` to ``out/<table>.<fmt>``.

    Tables without rows for the connection still get a file (with the columns, no rows), so a
    loader downstream sees the same set of files every time. Raises ``ConfigError`` when
    nothing at all is stored for ``connection`` (a mistyped name writes no files).
    """
    if fmt not in FORMATS:
        raise ConfigError(f"export format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    _check_stored(store, connection)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for table in DATA_TABLES:
        path = out / f"{table.name}.{fmt}"
        schema = arrow_schema(table)
        writer = _open_writer(path, schema, fmt)
        rows = 0
        try:
            for page in pages(store, table, connection, page_rows):
                writer.write_table(page.select(schema.names).cast(schema))
                rows += page.num_rows
        finally:
            writer.close()
        files.append(ExportedFile(table.name, path, rows))
    return files


def pages(store: Store, table: Table, connection: str, page_rows: int) -> Iterator[pa.Table]:
    """The connection's rows of ``table`` in key order, ``page_rows`` at a time."""
    key = ", ".join(table.key)
    after = ""
    while True:
        page = store.arrow(
            f"SELECT * FROM {table.name} WHERE connection = {text_literal(connection)}{after} "
            f"ORDER BY {key} LIMIT {int(page_rows)}"
        )
        if page.num_rows:
            yield page
        if page.num_rows < page_rows:
            return
        last = [page.column(k)[page.num_rows - 1].as_py() for k in table.key]
        after = f" AND ({key}) > ({', '.join(_literal(v) for v in last)})"


def _literal(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ConfigError(f"cannot page on a key value of type {type(value).__name__}")
    return str(value) if isinstance(value, int) else text_literal(value)


def _open_writer(path: Path, schema: pa.Schema, fmt: str) -> _Writer:
    writer: _Writer = (
        pq.ParquetWriter(path, schema) if fmt == "parquet" else pacsv.CSVWriter(path, schema)
    )
    return writer


def _check_stored(store: Store, connection: str) -> None:
    where = f"WHERE connection = {text_literal(connection)}"
    for table in DATA_TABLES:
        if store.arrow(f"SELECT 1 AS found FROM {table.name} {where} LIMIT 1").num_rows:
            return
    known = store.arrow("SELECT DISTINCT connection FROM tickets ORDER BY connection")
    listed = ", ".join(known.column(0).to_pylist()) or "none yet (run a sync first)"
    raise ConfigError(f"nothing is stored for connection {connection!r}; stored: {listed}")
