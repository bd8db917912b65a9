"""Teamwork.com objects to canonical rows: the few rules every mapping here shares.

Records are parsed into dicts (they are nested: ``{id, type}`` references everywhere) and each
mapping builds plain rows, turned into the model's Arrow tables by ``table``. Times are RFC
3339 UTC (B4); a person is ``user:{id}`` (a Teamwork user: the same ID in Projects and Desk)
or ``customer:{id}`` (a Desk customer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pyarrow as pa

from ticketlake.connectors.instants import parse_instant
from ticketlake.records import arrow_schema

Row = dict[str, Any]


def instant(text: object) -> datetime | None:
    """A UTC datetime of an RFC 3339 string; None for null, empty or garbage."""
    found = parse_instant(text)
    return None if found is None else datetime.fromtimestamp(found, UTC)


def epoch(text: object) -> float | None:
    """Epoch seconds of an RFC 3339 string (None when unreadable)."""
    return parse_instant(text)


def later(start: datetime | None, minutes: object) -> datetime | None:
    """``start`` plus a positive number of minutes; None when either is missing (Desk writes
    0 for "not yet", so 0 is read as unknown)."""
    if start is None or not isinstance(minutes, int | float) or minutes <= 0:
        return None
    return start + timedelta(minutes=float(minutes))


def ref(value: object) -> int | None:
    """The ``id`` of a ``{id, type}`` reference (or a bare id); None for none or 0."""
    found = value.get("id") if isinstance(value, Mapping) else value
    return found if isinstance(found, int) and not isinstance(found, bool) and found else None


def person(prefix: str, value: object) -> str | None:
    """A person's id in the model (``user:{id}``, ``customer:{id}``)."""
    found = ref(value)
    return None if found is None else f"{prefix}:{found}"


def raw(record: Mapping[str, Any]) -> str:
    """The record as JSON text."""
    return orjson.dumps(record).decode()


def table(name: str, rows: Iterable[Row]) -> pa.Table:
    """The canonical table ``name`` of ``rows`` (dicts with the same keys, model names)."""
    listed = list(rows)
    if not listed:
        return pa.table({})
    schema = arrow_schema(name, listed[0])
    return pa.Table.from_pylist(listed, schema=schema)


def tables(found: Mapping[str, Iterable[Row]]) -> dict[str, pa.Table]:
    """Only the tables that have rows."""
    built = {name: table(name, rows) for name, rows in found.items()}
    return {name: t for name, t in built.items() if t.num_rows}
