"""Desk v2 (``/desk/api/v2/...json``, reference C): tickets with their messages and time logs,
customers, companies, users, inboxes, ticket statuses, priorities, types and sources, SLAs;
the Mongo-style ``filter``, ``orderBy``/``orderMode``, ``includes=``; list pages clamped to
100 and search pages reset to 50 above 200 (or below 1), without an error."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from starlette.responses import Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamwork import catalog, mongo
from ticketlake.sim.teamwork import render_desk as rdk
from ticketlake.sim.teamwork.call import Call
from ticketlake.sim.teamwork.directory import CUSTOMER_BASE
from ticketlake.sim.teamwork.ordered import arranged
from ticketlake.sim.teamwork.tickets import TICKET_BASE
from ticketlake.sim.teamwork.wire import ApiError, parse_time

Record = dict[str, Any]
LIST_MAX, SEARCH_MAX, DEFAULT = 100, 200, 50
SINGULAR = {"ticketstatuses": "ticketstatus", "ticketpriorities": "ticketpriority",
            "tickettypes": "tickettype", "ticketsources": "ticketsource", "inboxes": "inbox",
            "slas": "sla", "users": "user", "companies": "company"}  # fmt: skip
OWN = ("page", "pagesize", "filter", "orderby", "ordermode", "includes")
"""Parameters that do not change which tickets a list selects (or that ``filter`` holds)."""
REF_IDS = {"status": (catalog.TICKET_STATUSES, "status"),
           "priority": (catalog.TICKET_PRIORITIES, "priority"),
           "type": (catalog.TICKET_TYPES, "type"), "source": (catalog.TICKET_SOURCES, "source"),
           "inbox": (catalog.INBOXES, "inbox")}  # fmt: skip


def _size(call: Call, search: bool) -> tuple[int, int]:
    page = max(1, call.number("page", 1))
    size = call.number("pageSize", DEFAULT)
    if search:
        return page, DEFAULT if size < 1 or size > SEARCH_MAX else size
    return page, DEFAULT if size < 1 else min(size, LIST_MAX)


def _page(call: Call, key: str, rows: Sequence[int], render: Callable[[int], Record],
          search: bool = False) -> tuple[Record, list[Record]]:  # fmt: skip
    page, size = _size(call, search)
    start = (page - 1) * size
    records = [render(r) for r in rows[start : start + size]]
    pages = max(1, math.ceil(len(rows) / size))
    more = start + size < len(rows)
    body = {key: records, "included": {},
            "pagination": {"records": len(rows), "pageSize": size, "pages": pages,
                           "page": page, "hasMorePages": more},
            "meta": {"page": {"count": len(rows), "pageSize": size, "pageOffset": page - 1,
                              "pages": pages, "hasMore": more}}}  # fmt: skip
    return body, records


def _ticket_field(call: Call) -> Callable[[str], mongo.Getter | None]:
    t = call.tenant
    ix = t.index.tickets
    d = t.world.directory

    def ref_id(name: str) -> mongo.Getter:
        table, col = REF_IDS[name]
        return lambda r: table[getattr(ix, col)[r]][0]

    getters: dict[str, mongo.Getter] = {
        "id": lambda r: TICKET_BASE + r, "updatedAt": lambda r: ix.updated[r] // 1000 * 1000,
        "createdAt": lambda r: ix.created[r] // 1000 * 1000,
        "state": lambda r: "deleted" if ix.deleted[r] else "active",
        "customer": lambda r: CUSTOMER_BASE + ix.customer[r],
        "company": lambda r: d.company_id(ix.company[r]),
        "agent": lambda r: None if ix.agent[r] < 0 else d.people[ix.agent[r]].id,
        **{name: ref_id(name) for name in REF_IDS},
    }  # fmt: skip
    return lambda name: getters.get(name.split(".")[0])


def _ticket_rows(call: Call, spec: Any, search: bool) -> Sequence[int]:
    t = call.tenant
    ix = t.index.tickets
    field = _ticket_field(call)
    mentions_state = "state" in str(spec)
    mongo.compile_filter(spec or {}, field)  # a bad filter is refused whatever it bounds
    low, high, rest = mongo.split_range(spec or {}, "updatedAt")
    test = mongo.compile_filter(rest, field)
    extra = _search_test(call) if search else (lambda r: True)
    order = (call.param("orderBy") or "id").split(".")[0]
    get = field(order) or field("id")
    desc = (call.param("orderMode") or "asc").lower() == "desc"
    asked = tuple((k, v) for k, v in call.q.multi_items() if k.lower() not in OWN)
    key = ("desk", repr(rest), mentions_state, search, asked, t.index.version)

    def keep(r: int) -> bool:
        return (mentions_state or not ix.deleted[r]) and test(r) and extra(r)

    rows = t.index.ordered(key, len(ix), keep, ix.updated, by_second=True).between(low, high)
    if order == "updatedAt" and not desc:
        return rows
    return t.index.cached((*key, low, high, order, desc), lambda: arranged(rows, get, desc))


def _search_test(call: Call) -> mongo.Test:
    """The search's own parameters (the SDK's ``SearchTicketsFilter``; ``updatedAtFrom`` as
    the singer-io tap sends it, UNCONFIRMED)."""
    t = call.tenant
    ix = t.index.tickets
    since = call.time("updatedAtFrom") or call.time("lastUpdated")
    text = (call.param("search") or "").lower()
    statuses = {int(s) for s in (call.param("statuses") or "").split(",") if s.isdigit()}

    def test(r: int) -> bool:
        if since is not None and ix.updated[r] < since:
            return False
        if statuses and catalog.TICKET_STATUSES[ix.status[r]][0] not in statuses:
            return False
        return not text or text in t.ticket(r).subject.lower()

    return test


def _includes(call: Call) -> set[str]:
    asked = {s.strip().lower() for s in (call.param("includes") or "").split(",") if s.strip()}
    return set(rdk.REFERENCE) | {"messages", "timelogs", "customers"} if "all" in asked else asked


def _included(call: Call, lives: list[Any]) -> dict[str, list[Record]]:
    t = call.tenant
    asked = _includes(call)
    out: dict[str, list[Record]] = {}
    if "messages" in asked:
        out["messages"] = [rdk.message_json(t, life, m) for life in lives
                           for m in range(len(life.messages))]  # fmt: skip
    if "timelogs" in asked:
        out["timelogs"] = [rdk.timelog_json(t, life, x) for life in lives
                           for x in range(len(life.timelogs))
                           if not life.timelogs[x].deleted_ms]  # fmt: skip
    if "customers" in asked:
        out["customers"] = [rdk.customer_json(t, c)
                            for c in sorted({life.customer for life in lives})]  # fmt: skip
    for kind in asked & set(rdk.REFERENCE):
        out[kind] = rdk.reference(t, kind)
    return out


def tickets(call: Call, spec: Any, search: bool = False) -> Response:
    """``tickets.json`` and ``search/tickets.json``."""
    t = call.tenant
    rows = _ticket_rows(call, spec, search)
    body, _ = _page(call, "tickets", rows, lambda j: {"j": j}, search)
    lives = [t.ticket(r["j"]) for r in body["tickets"]]
    body["tickets"] = [rdk.ticket_json(t, life) for life in lives]
    body["included"] = _included(call, lives)
    return json_response(body)


def _life(call: Call, ident: int) -> Any:
    j = call.tenant.world.ticket_index(ident)
    if j is None:
        raise ApiError(404, "ticket not found", "desk")
    return call.tenant.ticket(j)


def ticket(call: Call, ident: int) -> Response:
    """``tickets/{id}.json``."""
    t = call.tenant
    life = _life(call, ident)
    return json_response({"ticket": rdk.ticket_json(t, life),
                          "included": _included(call, [life])})  # fmt: skip


def messages(call: Call, ident: int) -> Response:
    """``tickets/{id}/messages.json``."""
    life = _life(call, ident)
    body, _ = _page(call, "messages", range(len(life.messages)),
                    lambda m: rdk.message_json(call.tenant, life, m))  # fmt: skip
    return json_response(body)


def small(call: Call, kind: str, spec: Any) -> Response:
    """A list of customers or reference data, filtered on the rendered records (rendered
    whole once per filter; a page renders only its own)."""
    t = call.tenant
    records = None if kind == "customers" else rdk.reference(t, kind)
    count = t.world.directory.customers if records is None else len(records)

    def render(r: int) -> Record:
        return rdk.customer_json(t, r) if records is None else records[r]

    every: list[Record] = []

    def field(name: str) -> mongo.Getter:
        def get(r: int) -> Any:
            value = every[r].get(name)
            if isinstance(value, dict):
                return value.get("id")
            if name.endswith("At") and isinstance(value, str):
                return parse_time(value, name, "desk")
            return value

        return get

    test = mongo.compile_filter(spec or {}, field)

    def select() -> list[int]:
        every.extend(render(r) for r in range(count))
        return [r for r in range(count) if test(r)]

    rows = t.index.cached(("desk", kind, repr(spec)), select) if spec else range(count)
    body, _ = _page(call, kind, rows, render)
    return json_response(body)


def route(call: Call) -> Response:
    """Answer a Desk path (already authenticated and counted)."""
    p = call.parts
    spec = mongo.parse(call.param("filter"))
    if p == ["tickets"]:
        return tickets(call, spec)
    if p == ["search", "tickets"]:
        return tickets(call, spec, search=True)
    if len(p) == 2 and p[0] == "tickets":
        return ticket(call, call.ident(p[1]))
    if len(p) == 3 and p[0] == "tickets" and p[2] == "messages":
        return messages(call, call.ident(p[1]))
    kinds = (*rdk.REFERENCE, "customers")
    if len(p) == 1 and p[0] in kinds:
        return small(call, p[0], spec)
    if len(p) == 2 and p[0] in kinds:
        return _one(call, p[0], call.ident(p[1]))
    raise ApiError(404, "Not found", "desk")


def _one(call: Call, kind: str, ident: int) -> Response:
    t = call.tenant
    if kind == "customers":
        c = ident - CUSTOMER_BASE
        if not 0 <= c < t.world.directory.customers:
            raise ApiError(404, "customer not found", "desk")
        return json_response({"customer": rdk.customer_json(t, c)})
    found = next((r for r in rdk.reference(t, kind) if r["id"] == ident), None)
    if found is None:
        raise ApiError(404, "not found", "desk")
    return json_response({SINGULAR[kind]: found})
