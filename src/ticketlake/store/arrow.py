"""Turning a batch's rows into the Arrow shape of their canonical table (``records.py``).

Every store loads Arrow: DuckDB scans a registered Arrow table, Postgres receives it as CSV
through COPY. So rows are conformed here once, whatever their origin (an Arrow table built by a
connector's mapping, or a list of records): only model columns, model types, the connection
filled in, one row per key (the last one wins, as if the rows had been written in order).
"""

from __future__ import annotations

from collections.abc import Sequence

import orjson
import pyarrow as pa
import pyarrow.compute as pc

from ticketlake.errors import StoreError
from ticketlake.model import ColumnType, Record, Table, table_named
from ticketlake.records import ARROW_TYPES, arrow_schema


def model_table(table: Table | str) -> Table:
    """The model table named ``table`` (or ``table`` itself); a ``StoreError`` for a name the
    model does not have."""
    if isinstance(table, Table):
        return table
    try:
        return table_named(table)
    except KeyError:
        raise StoreError(f"no canonical table named {table!r}") from None


def conform(table: Table | str, rows: pa.Table | Sequence[Record], *, connection: str) -> pa.Table:
    """Rows as an Arrow table in the model's shape, ready to upsert.

    Any subset of columns is allowed as long as the key is complete; ``connection`` is added when
    missing and must match when present. Raises :class:`StoreError` on unknown columns, missing
    key columns, values of the wrong type, or rows of another connection.
    """
    spec = model_table(table)
    data = rows if isinstance(rows, pa.Table) else _from_records(spec, rows)
    unknown = [n for n in data.column_names if n not in spec.column_names]
    if unknown:
        raise StoreError(f"{spec.name} has no column(s) {', '.join(unknown)}")
    data = _with_connection(spec, data, connection)
    missing = [k for k in spec.key if k not in data.column_names]
    if missing:
        raise StoreError(f"rows for {spec.name} lack key column(s) {', '.join(missing)}")
    schema = arrow_schema(spec, data.column_names)
    try:
        data = data.select(schema.names).cast(schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as exc:
        raise StoreError(f"rows for {spec.name} do not fit the model: {exc}") from None
    return last_per_key(data, spec.key)


def _from_records(spec: Table, records: Sequence[Record]) -> pa.Table:
    present: set[str] = set()
    for record in records:
        present.update(record)
    unknown = sorted(present - set(spec.column_names))
    if unknown:
        raise StoreError(f"{spec.name} has no column(s) {', '.join(unknown)}")
    arrays: dict[str, pa.Array] = {}
    for col in spec.columns:
        if col.name not in present:
            continue
        values = [r.get(col.name) for r in records]
        if col.type is ColumnType.JSON:
            values = [_json_text(v) for v in values]
        try:
            arrays[col.name] = pa.array(values, type=ARROW_TYPES[col.type])
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as exc:
            raise StoreError(f"{spec.name}.{col.name}: {exc}") from None
    return pa.table(arrays)


def _json_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _with_connection(spec: Table, data: pa.Table, connection: str) -> pa.Table:
    if "connection" not in data.column_names:
        column = pa.array([connection] * data.num_rows, pa.string())
        return data.add_column(0, "connection", column)
    if data.num_rows:
        values = data.column("connection")
        same = pc.all(pc.fill_null(pc.equal(values, connection), False)).as_py()
        if not same:
            raise StoreError(f"rows for {spec.name} belong to another connection than {connection}")
    return data


def last_per_key(data: pa.Table, key: Sequence[str]) -> pa.Table:
    """Keep the last row of each key (an upsert must not touch a row twice in one statement)."""
    if data.num_rows < 2:
        return data
    varying = [k for k in key if k != "connection"]
    if len(varying) == 1 and pc.count_distinct(data.column(varying[0])).as_py() == data.num_rows:
        return data
    index = pa.array(range(data.num_rows), pa.int64())
    numbered = data.select(list(key)).append_column("__row", index)
    last = numbered.group_by(list(key), use_threads=False).aggregate([("__row", "max")])
    if last.num_rows == data.num_rows:
        return data
    keep = last.column("__row_max")
    return data.take(pc.take(keep, pc.sort_indices(keep)))
