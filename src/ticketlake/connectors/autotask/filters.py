"""Autotask query filters (reference A3): ``{"op", "field", "value"}`` conditions, grouped
with ``{"op": "and"|"or", "items": [...]}``; a query's top-level list is an ``and``.

Every query needs a filter (``ALL`` reads everything). ``in`` lists stay within ``IN_BATCH``
values (the SOAP docs' 500 OR conditions, UNCONFIRMED for REST; django-autotask uses 400).
Times are sent as UTC ``yyyy-mm-ddThh:mm:ss.fffZ`` (A10).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

Filter = dict[str, Any]
IN_BATCH = 400


def condition(op: str, field: str, value: Any = None) -> Filter:
    """One condition."""
    found: Filter = {"op": op, "field": field}
    if value is not None:
        found["value"] = value
    return found


def eq(field: str, value: Any) -> Filter:
    """``field`` equals ``value``."""
    return condition("eq", field, value)


def gt(field: str, value: Any) -> Filter:
    """``field`` above ``value``."""
    return condition("gt", field, value)


def gte(field: str, value: Any) -> Filter:
    """``field`` at or above ``value``."""
    return condition("gte", field, value)


def exist(field: str) -> Filter:
    """``field`` is set."""
    return condition("exist", field)


def among(field: str, values: Sequence[Any]) -> Filter:
    """``field`` is one of ``values`` (at most ``IN_BATCH``)."""
    if not 0 < len(values) <= IN_BATCH:
        raise ValueError(f"an in filter takes 1 to {IN_BATCH} values, not {len(values)}")
    return condition("in", field, list(values))


ALL: tuple[Filter, ...] = (gte("id", 0),)
"""Every record: Autotask refuses a query without a filter. ``gte 0``, not the usual ``gt 0``:
company 0 is the MSP's own, and real."""


def batches(values: Iterable[Any], size: int = IN_BATCH) -> Iterator[list[Any]]:
    """``values`` in lists of at most ``size`` (for ``among``)."""
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def instant(epoch: float) -> str:
    """An instant as Autotask reads it: UTC, milliseconds, ``Z``."""
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
