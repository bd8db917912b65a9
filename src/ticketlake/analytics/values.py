"""Plain Python values out of query results (SQL NULL, Decimal and BIGINT alike)."""

from __future__ import annotations

from typing import Any

from ticketlake.store.base import Store


def one(store: Store, sql: str) -> tuple[Any, ...]:
    """The single row ``sql`` returns (an aggregate without GROUP BY)."""
    return store.query(sql).rows[0]


def count(value: object) -> int:
    """A count; NULL (an empty sum) is 0."""
    return int(value) if value is not None else 0  # type: ignore[call-overload]


def measure(value: object) -> float | None:
    """A measure that may be absent (a median of nothing is NULL, not 0)."""
    return float(value) if value is not None else None  # type: ignore[arg-type]
