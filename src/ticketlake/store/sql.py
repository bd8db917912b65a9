"""SQL for the canonical schema, generated from ticketlake.model for each dialect.

One definition (the model) gives both dialects' DDL and the upsert statement. Identifiers are
always quoted: the model uses names such as ``groups``, ``rows`` and ``cursor`` that are keywords
in one dialect or the other.
"""

from __future__ import annotations

from collections.abc import Sequence

from ticketlake.model import Column, ColumnType, Table

SQL_TYPES: dict[str, dict[ColumnType, str]] = {
    "duckdb": {
        ColumnType.TEXT: "VARCHAR",
        ColumnType.INT: "BIGINT",
        ColumnType.FLOAT: "DOUBLE",
        ColumnType.BOOL: "BOOLEAN",
        ColumnType.TIMESTAMP: "TIMESTAMPTZ",
        ColumnType.DATE: "DATE",
        # raw source objects are kilobytes each: zstd costs DuckDB ~40% less CPU to store them
        # than its default analysis (FSST/dictionary trials), and compresses them well.
        ColumnType.JSON: "JSON USING COMPRESSION zstd",
    },
    "postgres": {
        ColumnType.TEXT: "TEXT",
        ColumnType.INT: "BIGINT",
        ColumnType.FLOAT: "DOUBLE PRECISION",
        ColumnType.BOOL: "BOOLEAN",
        ColumnType.TIMESTAMP: "TIMESTAMPTZ",
        ColumnType.DATE: "DATE",
        ColumnType.JSON: "JSONB",
    },
}


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def column_sql(column: Column, dialect: str) -> str:
    """``"name" TYPE`` for a column."""
    return f"{ident(column.name)} {SQL_TYPES[dialect][column.type]}"


def create_table(table: Table, dialect: str) -> str:
    """``CREATE TABLE IF NOT EXISTS`` for a model table, with its primary key."""
    columns = [column_sql(c, dialect) for c in table.columns]
    columns.append(f"PRIMARY KEY ({', '.join(ident(k) for k in table.key)})")
    body = ",\n  ".join(columns)
    return f"CREATE TABLE IF NOT EXISTS {ident(table.name)} (\n  {body}\n)"


def add_column(table: Table, column: Column, dialect: str) -> str:
    """``ALTER TABLE ... ADD COLUMN`` for a column the stored table lacks (a migration)."""
    return f"ALTER TABLE {ident(table.name)} ADD COLUMN {column_sql(column, dialect)}"


def upsert(table: Table, columns: Sequence[str], source: str) -> str:
    """Insert rows from ``source``; on a key conflict update only the given non-key columns.

    Columns not given are left as they are on existing rows (and NULL on new ones), so a stream
    that knows only some columns of a table never erases the others.
    """
    names = ", ".join(ident(c) for c in columns)
    key = ", ".join(ident(k) for k in table.key)
    updates = [f"{ident(c)} = excluded.{ident(c)}" for c in columns if c not in table.key]
    action = f"DO UPDATE SET {', '.join(updates)}" if updates else "DO NOTHING"
    return (
        f"INSERT INTO {ident(table.name)} ({names}) SELECT {names} FROM {source} "
        f"ON CONFLICT ({key}) {action}"
    )


def insert(table: Table, columns: Sequence[str], source: str) -> str:
    """Insert every row of ``source`` (whose keys the table must not hold yet)."""
    names = ", ".join(ident(c) for c in columns)
    return f"INSERT INTO {ident(table.name)} ({names}) SELECT {names} FROM {source}"


def count_stored(table: Table, source: str) -> str:
    """How many rows of ``source`` have a key the table already holds."""
    key = ", ".join(ident(k) for k in table.key)
    return f"SELECT count(*) FROM {source} SEMI JOIN {ident(table.name)} USING ({key})"


def delete_by_key(table: Table) -> str:
    """``DELETE`` of one row by its full key, with ``$n`` parameters in key order."""
    where = " AND ".join(f"{ident(k)} = ${i}" for i, k in enumerate(table.key, start=1))
    return f"DELETE FROM {ident(table.name)} WHERE {where}"
