"""Queries (reference A3, A4): ``QueryModel`` read leniently, run over a table in ID order,
paged by ``nextPageUrl`` tokens that carry the last ID served and the query itself."""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from functools import reduce
from typing import Any

import pyarrow.compute as pc

from ticketlake.sim.autotask.columns import columnar, mask
from ticketlake.sim.autotask.config import Readings
from ticketlake.sim.autotask.filters import Leaf, Node, matches, or_conditions, parse_filter
from ticketlake.sim.autotask.models import MODELS, by_lower
from ticketlake.sim.autotask.tables import Record, Table
from ticketlake.sim.autotask.wire import ApiError

MAX_RECORDS = 500


@dataclass(frozen=True)
class Query:
    """A checked ``QueryModel``."""

    max_records: int
    include: tuple[str, ...] | None
    nodes: tuple[Node, ...]
    body: dict[str, Any]
    """As sent (carried in the paging token)."""


def _keys(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(500, "The query must be a JSON object (QueryModel).")
    return {str(k).lower(): v for k, v in body.items()}


def _max_records(value: Any) -> int:
    if value is None:
        return MAX_RECORDS
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        n = int(value)
    except (TypeError, ValueError) as exc:
        raise ApiError(500, f"MaxRecords {value} is not a number.") from exc
    if not 1 <= n <= MAX_RECORDS:
        raise ApiError(500, "MaxRecords must be between 1 and 500.")
    return n


def _include(value: Any, entity: str) -> tuple[str, ...] | None:
    if not value:
        return None
    if not isinstance(value, list):
        raise ApiError(500, "IncludeFields must be an array of field names.")
    props = by_lower(entity)
    out = []
    for name in value:
        prop = props.get(str(name).lower())
        if prop is None:
            raise ApiError(500, f"Unable to find {name} in the {entity} entity.")
        out.append(prop.name)
    return tuple(out)


def parse_query(body: Any, entity: str, readings: Readings) -> Query:
    """Read a ``QueryModel`` (keys in any case) for ``entity``; Autotask's 500s when wrong."""
    f = _keys(body)
    nodes = parse_filter(f.get("filter"), entity)
    if not nodes and readings.empty_filter == "error":
        raise ApiError(500, "A query must have at least one filter.")
    if readings.or_limit is not None and or_conditions(nodes) > readings.or_limit:
        raise ApiError(500, f"Invalid query syntax. Queries are limited to "
                            f"{readings.or_limit} or fewer 'OR' conditions.")  # fmt: skip
    if entity == "TicketHistory" and readings.ticket_history == "single_ticket":
        _single_ticket(nodes)
    return Query(_max_records(f.get("maxrecords")), _include(f.get("includefields"), entity),
                 nodes, body)  # fmt: skip


def _single_ticket(nodes: tuple[Node, ...]) -> None:
    leaf = nodes[0] if len(nodes) == 1 else None
    if not (isinstance(leaf, Leaf) and leaf.op == "eq" and leaf.prop is not None
            and leaf.prop.name == "ticketID"):  # fmt: skip
        raise ApiError(500, "TicketHistory can only be queried with a single ticketID equals "
                            "filter.")  # fmt: skip


def ticket_hint(nodes: tuple[Node, ...]) -> int | None:
    """The ticket a top-level ``ticketID eq`` condition pins every row to."""
    for n in nodes:
        if isinstance(n, Leaf) and n.op == "eq" and n.prop and n.prop.name == "ticketID":
            return int(n.value)
    return None


def project(record: Record, include: tuple[str, ...] | None) -> Record:
    """The record with only the included fields (``userDefinedFields`` always comes back)."""
    if include is None:
        return record
    out = {name: record[name] for name in include}
    if "userDefinedFields" in record:
        out["userDefinedFields"] = record["userDefinedFields"]
    return out


def _matching(table: Table, q: Query, after: int) -> Any:
    cols = table.columns()
    pre_nodes = [n for n in q.nodes if columnar(n, cols)]
    rest = tuple(n for n in q.nodes if not columnar(n, cols))
    pre = reduce(pc.and_, (mask(n, cols) for n in pre_nodes)) if pre_nodes else None
    for row in table.scan(after, pre, ticket_hint(q.nodes)):
        if rest:
            record = table.record(row)
            if not matches(rest, record):
                continue
            yield row, record
        else:
            yield row, None


def run(table: Table, q: Query, after: int) -> tuple[list[Record], int | None]:
    """One page: up to ``max_records`` records above ID ``after``, and the ID to continue
    after when more match (None on the last page)."""
    items: list[Record] = []
    last = None
    for row, record in _matching(table, q, after):
        if len(items) == q.max_records:
            return items, last
        items.append(project(record if record is not None else table.record(row), q.include))
        last = table.row_id(row)
    return items, None


def count(table: Table, q: Query) -> int:
    """How many records match."""
    return sum(1 for _ in _matching(table, q, -1))


def token(after: int, body: Any) -> str:
    """The ``paging`` parameter of a next page: the last ID served and the query."""
    raw = json.dumps({"a": after, "q": body}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")


def untoken(text: str) -> tuple[int, Any]:
    """(last ID served, query) of a ``paging`` parameter; 500 when it is not one of ours."""
    try:
        raw = zlib.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        data = json.loads(raw)
        return int(data["a"]), data["q"]
    except (ValueError, KeyError, TypeError, zlib.error) as exc:
        raise ApiError(500, "The paging parameter is not valid.") from exc


def has_udfs(entity: str) -> bool:
    """Whether the entity's model has ``userDefinedFields``."""
    return any(p.type == "a" for p in MODELS[entity])
