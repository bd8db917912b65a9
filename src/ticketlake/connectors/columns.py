"""Column builders for every connector's mapping: a source field's values in, a canonical
column out, each kind's rule applied with a vectorised Arrow kernel.

Values arrive as Python lists (see ``rows.py``) or as Arrow arrays (columns already built); the
builders accept both. A value of the wrong type (a source surprise) becomes null rather than
failing the batch; ``raw`` keeps what was sent. The model's rule that a zero id means "none" is
``ids``; a source that marks "not set" with other values (TeamDynamix: ``"None"`` names, the
empty GUID) builds its own markers with ``nulled``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc

from ticketlake.connectors.rows import Column
from ticketlake.records import arrow_schema


def array(values: Column, kind: pa.DataType) -> pa.Array:
    """``values`` as an Arrow array; values of the wrong type (source surprises) become null."""
    if isinstance(values, pa.Array):
        return values if values.type == kind else values.cast(kind, safe=False)
    try:
        return pa.array(values, kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
        return pa.array([_coerce(v, kind) for v in values], kind)


def _coerce(value: object, kind: pa.DataType) -> object:
    try:
        pa.array([value], kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
        if isinstance(value, str) and pa.types.is_integer(kind) and value.strip().isdigit():
            return int(value)
        if isinstance(value, int | float) and pa.types.is_string(kind):
            return str(value)  # a name or code sent as a number: keep what it says
        return None
    return value


def _null_where(values: pa.Array, mask: pa.Array) -> pa.Array:
    if not pc.any(mask).as_py():
        return values
    return pc.if_else(mask, pa.scalar(None, values.type), values)


def nulled(values: Column, markers: pa.Array) -> pa.Array:
    """Values of the markers' type; those equal to a marker (the source's "not set") become
    null."""
    column = array(values, markers.type)
    return _null_where(column, pc.is_in(column, value_set=markers))


def ids(values: Column) -> pa.Array:
    """Integer ids; ``0`` ("none", the model's rule) becomes null."""
    column = array(values, pa.int64())
    return _null_where(column, pc.equal(column, 0))


def text(values: Column) -> pa.Array:
    """Free text, kept as sent (an empty title is a title)."""
    return array(values, pa.string())


def id_text(values: Column) -> pa.Array:
    """Integer ids as text (ticket numbers, feed entry ids)."""
    return pc.cast(array(values, pa.int64()), pa.string())


def bools(values: Column) -> pa.Array:
    """Flags; a missing flag stays null (unknown), not false."""
    return array(values, pa.bool_())


def floats(values: Column) -> pa.Array:
    """Numbers such as minutes and percentages."""
    return array(values, pa.float64())


def mapped(values: Column, table: Mapping[Any, str | None]) -> pa.Array:
    """Enum codes translated by ``table`` (codes as ints, or as text, or enum names)."""
    get = table.get
    listed = values.to_pylist() if isinstance(values, pa.Array) else values
    return pa.array([get(v) for v in listed], pa.string())


def enum_table(names: Mapping[Any, str | None]) -> dict[Any, str | None]:
    """An enum lookup that also answers the codes as text (``2`` and ``"2"``)."""
    return {**names, **{str(k): v for k, v in names.items() if isinstance(k, int)}}


def constant(value: object, length: int, kind: pa.DataType | None = None) -> pa.Array:
    """The same value in every row (the connection, a ref_values kind)."""
    return pa.array([value] * length, kind or pa.string())


def json_text(objects: Sequence[object]) -> pa.Array:
    """Python objects as JSON text: ``raw`` (the source objects), attributes, choices."""
    dumps: Callable[[object], bytes] = orjson.dumps
    encoded = [None if o is None else dumps(o) for o in objects]
    return pa.array(encoded, pa.binary()).cast(pa.string())


def fill_names(names_: pa.Array, ids_: pa.Array, by_id: Mapping[int, str]) -> pa.Array:
    """Names the rows left out (null) filled from a lookup of id -> name."""
    if not by_id or names_.null_count == 0:
        return names_
    keys = pa.array(list(by_id), pa.int64())
    found = pc.take(pa.array(list(by_id.values()), pa.string()), pc.index_in(ids_, keys))
    return pc.coalesce(names_, found)


def table(name: str, columns: Mapping[str, pa.Array]) -> pa.Table:
    """The canonical table ``name`` from its columns (any subset), in model order and types."""
    schema = arrow_schema(name, columns)
    return pa.table([columns[n] for n in schema.names], schema=schema)
