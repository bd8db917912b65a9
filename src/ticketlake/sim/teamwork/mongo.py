"""Desk's ``filter``: JSON in Mongo style (reference C): ``$eq``, ``$ne``, ``$lt``, ``$lte``,
``$gt``, ``$gte``, ``$in``, ``$nin``, ``$and``, ``$or``, ``$contains``; a bare value means
``$eq``. ``$all``, ``$nor`` and ``$not`` are not supported (400)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ticketlake.sim.teamwork.wire import ApiError, parse_time

Getter = Callable[[int], Any]
Test = Callable[[int], bool]
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "$eq": lambda a, b: a == b, "$ne": lambda a, b: a != b,
    "$lt": lambda a, b: a is not None and a < b, "$lte": lambda a, b: a is not None and a <= b,
    "$gt": lambda a, b: a is not None and a > b, "$gte": lambda a, b: a is not None and a >= b,
    "$in": lambda a, b: a in b, "$nin": lambda a, b: a not in b,
    "$contains": lambda a, b: str(b).lower() in str(a or "").lower(),
}  # fmt: skip


def parse(text: str | None) -> Any:
    """The ``filter`` parameter as JSON (None when absent); 400 when it is not JSON."""
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ApiError(400, f"filter is not valid JSON: {text[:80]}", "desk") from exc


def _operand(field: str, value: Any) -> Any:
    """A value as the field holds it: times as whole seconds in ms, references as IDs."""
    if isinstance(value, list):
        return [_operand(field, v) for v in value]
    if field.endswith("At") and isinstance(value, str):
        return parse_time(value, field, "desk") // 1000 * 1000
    if isinstance(value, str) and value.isdigit() and field not in ("state", "subject"):
        return int(value)
    return value


def compile_filter(spec: Any, field: Callable[[str], Getter | None]) -> Test:
    """A test of rows for a filter object; ``field(name)`` gives a row's value of a field."""
    if not isinstance(spec, dict):
        raise ApiError(400, "filter must be a JSON object", "desk")
    tests = [_clause(key, value, field) for key, value in spec.items()]
    return lambda r: all(t(r) for t in tests)


def _clause(key: str, value: Any, field: Callable[[str], Getter | None]) -> Test:
    if key in ("$and", "$or"):
        if not isinstance(value, list):
            raise ApiError(400, f"{key} takes a list", "desk")
        parts = [compile_filter(v, field) for v in value]
        join = all if key == "$and" else any
        return lambda r: join(p(r) for p in parts)
    if key.startswith("$"):
        raise ApiError(400, f"unsupported filter operator {key}", "desk")
    get = field(key)
    if get is None:
        raise ApiError(400, f"cannot filter on {key}", "desk")
    ops = value if isinstance(value, dict) else {"$eq": value}
    checks = []
    for op, operand in ops.items():
        if op not in COMPARE:
            raise ApiError(400, f"unsupported filter operator {op}", "desk")
        checks.append((COMPARE[op], _operand(key, operand)))
    return lambda r: all(cmp(get(r), want) for cmp, want in checks)


RANGE = ("$gt", "$gte", "$lt", "$lte")


def split_range(spec: Any, name: str) -> tuple[int | None, int | None, Any]:
    """``(low, high, rest)``: the whole-second range ``[low, high)`` a valid filter puts on the
    time field ``name`` with ``$gt``/``$gte``/``$lt``/``$lte`` (at its top or in a top-level
    ``$and``), and the filter without those clauses; a row passes the filter exactly when its
    value is in the range and it passes ``rest``."""
    low: int | None = None
    high: int | None = None
    if not isinstance(spec, dict):
        return low, high, spec
    rest: dict[str, Any] = {}
    for key, value in spec.items():
        bounds = _bounds(name, value) if key == name else None
        if bounds is not None:
            low, high = _narrow(low, high, *bounds)
        elif key == "$and" and isinstance(value, list):
            parts = []
            for part in value:
                lo, hi, left = split_range(part, name)
                low, high = _narrow(low, high, lo, hi)
                if left != {}:
                    parts.append(left)
            if parts:
                rest[key] = parts
        else:
            rest[key] = value
    return low, high, rest


def _bounds(name: str, value: Any) -> tuple[int | None, int | None] | None:
    """A clause's range on ``name`` when it has only range operators on whole numbers (None
    when it has anything else: it stays in the filter as it is)."""
    if not isinstance(value, dict) or not value or not set(value) <= set(RANGE):
        return None
    low: int | None = None
    high: int | None = None
    for op, operand in value.items():
        v = _operand(name, operand)
        if not isinstance(v, int) or isinstance(v, bool):
            return None
        low, high = _narrow(low, high, *{"$gt": (v + 1, None), "$gte": (v, None),
                                         "$lt": (None, v), "$lte": (None, v + 1)}[op])  # fmt: skip
    return low, high


def _narrow(low: int | None, high: int | None, lo: int | None,
            hi: int | None) -> tuple[int | None, int | None]:  # fmt: skip
    """Both ranges at once."""
    return (low if lo is None else lo if low is None else max(low, lo),
            high if hi is None else hi if high is None else min(high, hi))  # fmt: skip
