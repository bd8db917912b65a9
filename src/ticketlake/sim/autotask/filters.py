"""The query filter grammar (reference A3): parsing, checking and matching.

``{"op", "field", "value", "udf", "items"}`` nodes; ``and``/``or`` group ``items``; field names
and UDF names are read in any case; values are converted to the field's type where the
conversion is possible (``"5"`` for an integer), booleans must be true or false. A filter is
matched against a rendered record (``matches``) or, for indexed columns, against a whole
column at once (``columns.py``).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any

from ticketlake.sim.autotask.catalog import UDFS
from ticketlake.sim.autotask.models import Prop, by_lower
from ticketlake.sim.autotask.wire import ApiError, fmt, parse

OPS = {"eq": "eq", "noteq": "noteq", "gt": "gt", "gte": "gte", "lt": "lt", "lte": "lte",
       "beginswith": "beginsWith", "endswith": "endsWith", "contains": "contains",
       "exist": "exist", "notexist": "notExist", "in": "in", "and": "and", "or": "or"}  # fmt: skip
TEXT_OPS = {"beginsWith", "endsWith", "contains"}
_OPERATORS = {"eq": operator.eq, "noteq": operator.ne, "gt": operator.gt, "gte": operator.ge,
              "lt": operator.lt, "lte": operator.le}  # fmt: skip
NOT_QUERYABLE = {"Tickets": {"creatortype", "lastactivitypersontype"}}
"""Fields whose filters Autotask refuses (TicketsEntity.htm, reference A5)."""


@dataclass(frozen=True)
class Leaf:
    """One condition: ``prop`` for a field, ``udf`` (its name) for a user-defined field."""

    op: str
    prop: Prop | None
    udf: str | None
    value: Any

    @property
    def key(self) -> str:
        """The record key the condition reads."""
        return self.prop.name if self.prop else str(self.udf)


@dataclass(frozen=True)
class Group:
    """``and`` or ``or`` over items."""

    op: str
    items: tuple[Node, ...]


Node = Leaf | Group


def _bad(message: str) -> ApiError:
    return ApiError(500, message)


def _fields(node: Any) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise _bad("Each filter must be an object with op, field and value.")
    return {str(k).lower(): v for k, v in node.items()}


def parse_filter(raw: Any, entity: str) -> tuple[Node, ...]:
    """The filter list of a query, checked against the entity; errors as Autotask's 500s."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _bad("The filter must be an array of filter objects.")
    props = by_lower(entity)
    return tuple(_node(item, entity, props) for item in raw)


def _node(raw: Any, entity: str, props: dict[str, Prop]) -> Node:
    f = _fields(raw)
    op = OPS.get(str(f.get("op", "")).lower())
    if op is None:
        raise _bad(f"{f.get('op')!s} is not a valid filter operator.")
    if op in ("and", "or"):
        items = f.get("items")
        if not isinstance(items, list) or not items:
            raise _bad(f"An '{op}' filter needs a non-empty items array.")
        return Group(op, tuple(_node(x, entity, props) for x in items))
    name = str(f.get("field") or "")
    if _bool(f.get("udf", False), "udf"):
        udf = next((u.name for u in UDFS.get(entity, ()) if u.name.lower() == name.lower()), None)
        if udf is None:
            raise _bad(f"Unable to find {name} in the {entity} entity's user-defined fields.")
        return Leaf(op, None, udf, _value(op, f.get("value"), "s", name))
    prop = props.get(name.lower())
    if prop is None or prop.type == "a":
        raise _bad(f"Unable to find {name} in the {entity} entity.")
    if name.lower() in NOT_QUERYABLE.get(entity, set()):
        raise _bad(f"The {prop.name} field of the {entity} entity is not queryable.")
    if op in TEXT_OPS and prop.type != "s":
        raise _bad(f"The {op} operator applies to text fields only, not {prop.name}.")
    return Leaf(op, prop, None, _value(op, f.get("value"), prop.type, prop.name))


def _value(op: str, value: Any, kind: str, name: str) -> Any:
    if op in ("exist", "notExist"):
        return None
    if op == "in":
        if not isinstance(value, list) or not value:
            raise _bad(f"The in operator needs an array of values for {name}.")
        return tuple(_convert(v, kind, name) for v in value)
    return _convert(value, kind, name)


def _bool(value: Any, name: str) -> bool:
    """Booleans must be true or false (JSON, or the words); anything else is an error."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _bad(f"The value for {name} must be true or false.")


def _convert(value: Any, kind: str, name: str) -> Any:
    """The value as the field's type: ints, floats, booleans, ms, lower-cased text."""
    if kind == "b":
        return _bool(value, name)
    if value is None or isinstance(value, (list, dict)):
        raise _bad(f"The value for {name} is missing or not a single value.")
    try:
        if kind in ("i", "l"):
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(value)
            return int(str(value).strip()) if isinstance(value, str) else int(value)
        if kind == "d":
            if isinstance(value, bool):
                raise ValueError(value)
            return float(value)
        if kind == "t":
            return parse(value)
    except ValueError as exc:
        raise _bad(f"The value {value} is not valid for {name}.") from exc
    return str(value).lower()


def or_conditions(nodes: tuple[Node, ...]) -> int:
    """How many OR conditions the filter holds (``in`` values count one each)."""
    total = 0
    for n in nodes:
        if isinstance(n, Group):
            total += (len(n.items) if n.op == "or" else 0) + or_conditions(n.items)
        elif n.op == "in":
            total += len(n.value)
    return total


def matches(nodes: tuple[Node, ...], item: dict[str, Any]) -> bool:
    """Whether a rendered record meets every top-level condition."""
    return all(_match(n, item) for n in nodes)


def _match(node: Node, item: dict[str, Any]) -> bool:
    if isinstance(node, Group):
        test = all if node.op == "and" else any
        return test(_match(n, item) for n in node.items)
    if node.udf is not None:
        found = next((u["value"] for u in item.get("userDefinedFields") or []
                      if str(u["name"]).lower() == node.udf.lower()), None)  # fmt: skip
        return _compare(node.op, found, node.value, "s")
    assert node.prop is not None
    return _compare(node.op, item.get(node.prop.name), node.value, node.prop.type)


def _norm(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "t":
        return value  # served times share one format: they compare as text
    if kind == "s":
        return str(value).lower()
    return value


def _want(value: Any, kind: str) -> Any:
    return fmt(value) if kind == "t" else value


def _compare(op: str, have: Any, want: Any, kind: str) -> bool:
    if op == "exist":
        return have is not None and have != ""
    if op == "notExist":
        return have is None or have == ""
    have = _norm(have, kind)
    if have is None:
        return False
    if op == "in":
        return have in {_want(v, kind) for v in want}
    want = _want(want, kind)
    if op == "beginsWith":
        return bool(have.startswith(want))
    if op == "endsWith":
        return bool(have.endswith(want))
    if op == "contains":
        return want in have
    return bool(_OPERATORS[op](have, want))
