"""Canonical records as connectors hand them over: batches of rows and cursors, in the Arrow
shape of the model.

A connector maps what its source sent into the canonical tables of :mod:`ticketlake.model` and
yields a ``Batch``: rows per table, the cursors of the streams those rows advance, and the keys
of rows to delete. Where a batch lands is the store's business (``Store.write`` commits it in
one transaction); a connector never imports the store. ``QueryResult`` is what a stream reads
back through its sink (``Sink.query``): plain columns and rows, whatever the backend.

Every store loads Arrow and every columnar mapping builds it, so the model's Arrow types are
defined here once (``ARROW_TYPES``, ``arrow_schema``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from ticketlake.model import ColumnType, Record, Table, table_named

ARROW_TYPES: dict[ColumnType, pa.DataType] = {
    ColumnType.TEXT: pa.string(),
    ColumnType.INT: pa.int64(),
    ColumnType.FLOAT: pa.float64(),
    ColumnType.BOOL: pa.bool_(),
    ColumnType.TIMESTAMP: pa.timestamp("us", tz="UTC"),
    ColumnType.DATE: pa.date32(),
    ColumnType.JSON: pa.string(),
}
"""Model column type -> Arrow type (JSON travels as its text)."""


def arrow_schema(table: Table | str, columns: Iterable[str] | None = None) -> pa.Schema:
    """The Arrow schema of a model table, or of the given subset of its columns (model order)."""
    spec = table if isinstance(table, Table) else table_named(table)
    wanted = None if columns is None else set(columns)
    return pa.schema(
        [
            pa.field(c.name, ARROW_TYPES[c.type])
            for c in spec.columns
            if wanted is None or c.name in wanted
        ]
    )


def arrow_type(table: str, column: str) -> pa.DataType:
    """The Arrow type of one model column (``people.id`` is text, ``accounts.id`` an integer)."""
    return ARROW_TYPES[table_named(table).column(column).type]


@dataclass
class Batch:
    """Rows to upsert and stream cursors to save, committed together."""

    connection: str
    rows: dict[str, pa.Table | Sequence[Record]] = field(default_factory=dict)
    """table name -> an Arrow table (columns named as the model, any subset) or records.

    Key columns are required except ``connection`` (taken from the batch when absent). A new
    row gets NULL for the columns not given; an existing row keeps them (only the given columns
    are updated). Rows repeating a key within one table: the last one wins."""
    cursors: dict[str, Any] = field(default_factory=dict)
    """stream name -> JSON-serialisable cursor."""
    deletes: dict[str, Sequence[Mapping[str, object]]] = field(default_factory=dict)
    """table name -> key values of rows to delete (e.g. group members that left); applied
    before the upserts, ``connection`` optional."""


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of a query."""

    columns: list[str]
    rows: list[tuple[Any, ...]]

    @classmethod
    def of(cls, table: pa.Table) -> QueryResult:
        """The columns and rows of an Arrow table, as Python values."""
        columns = [c.to_pylist() for c in table.columns]
        return cls(list(table.column_names), list(zip(*columns, strict=True)))
