"""The streams of a Desk connection: tickets with their messages and time logs, the time logs
edited or deleted since (through Projects v3), customers, users, companies, inboxes and the
reference lists."""

from __future__ import annotations

import math
from typing import Any

import orjson
import pyarrow as pa

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.instants import format_floor
from ticketlake.connectors.observed import observed_changes
from ticketlake.connectors.teamwork import endpoints as ep
from ticketlake.connectors.teamwork import mapping_desk as md
from ticketlake.connectors.teamwork.api import DESK_PAGE_SIZE, Page
from ticketlake.connectors.teamwork.chain import OVERLAP, Chain, newest_of
from ticketlake.connectors.teamwork.mapping_projects import time_row
from ticketlake.connectors.teamwork.rows import table, tables
from ticketlake.connectors.teamwork.streams.chained import ChainedStream, Deletes, small_lists
from ticketlake.connectors.teamwork.streams.projects import v3_params
from ticketlake.connectors.teamwork.streams.tenant import TwStream, after
from ticketlake.errors import NotFound, PermissionDenied
from ticketlake.records import Batch

LOOKUPS = (
    "ticketstatuses",
    "ticketpriorities",
    "tickettypes",
    "ticketsources",
    "inboxes",
    "slas",
    "companies",
)
STATES = {"state": {"$in": ["active", "deleted"]}}
"""Deleted tickets are listed only when the filter names ``state`` (the Desk filter guide)."""
KNOWN = "SELECT id FROM time_entries WHERE connection = $1 AND id IN"


def desk_filter(chain: Chain) -> str:
    """Tickets updated at or after ``chain.after``, deleted ones included."""
    if chain.after is None:
        return orjson.dumps(STATES).decode()
    since = {"updatedAt": {"$gte": _iso(chain.after)}}
    return orjson.dumps({"$and": [since, STATES]}).decode()


def _iso(seconds: int) -> str:
    return format_floor(seconds)


class DeskTicketsStream(ChainedStream):
    """Every ticket, deleted ones included, with its messages and time logs."""

    name = "tickets"
    tables = ("tickets", "ticket_events", "time_entries")
    template = ep.desk("tickets")
    page_size = DESK_PAGE_SIZE

    async def ask(self, chain: Chain, first: bool, prime: bool = False) -> Page:
        """A page of tickets in update order with their messages and time logs."""
        params = {
            "filter": desk_filter(chain),
            "orderBy": "updatedAt",
            "orderMode": "asc",
            "page": chain.page,
            "pageSize": DESK_PAGE_SIZE,
            "includes": "messages,timelogs",
        }
        return await self.api.desk("tickets", params, prime=prime)

    async def map(
        self, ctx: StreamContext, rows: list[dict[str, Any]], page: Page
    ) -> tuple[dict[str, pa.Table], Deletes]:
        """Tickets, messages, time logs, and status changes seen since the last sync."""
        lists = {r: await self.tenant.desk_list(r) for r in LOOKUPS}
        look = md.lookups(lists)
        tickets = table("tickets", [md.ticket_row(t, look) for t in rows])
        ids = {t["id"] for t in rows}
        messages = [
            md.message_row(m)
            for m in _included(page, "messages")
            if ((m.get("ticket") or {}).get("id")) in ids
        ]
        logs = [
            md.timelog_row(x)
            for x in _included(page, "timelogs")
            if x.get("state", "active") == "active" and ((x.get("ticket") or {}).get("id")) in ids
        ]
        events = messages + await observed_changes(ctx.sink, ctx.connection, tickets)
        return tables(
            {"tickets": tickets.to_pylist(), "ticket_events": events, "time_entries": logs}
        ), {}


def _included(page: Page, kind: str) -> list[dict[str, Any]]:
    found = page.included.get(kind) or []
    if isinstance(found, dict):  # keyed by id, as Projects sideloads
        found = list(found.values())
    return [x for x in found if isinstance(x, dict)]


class DeskTimeStream(ChainedStream):
    """Desk time logs edited or deleted since the last sync, read through Projects v3
    ``time.json`` (their ticket's ``updatedAt`` does not move; reference C: "Desk time in
    Projects"). Only logs already stored are touched: v3 names no ticket for them."""

    name = "desk_time"
    tables = ("time_entries",)
    template = ep.v3("time")

    def first_chain(self, ctx: StreamContext) -> Chain:
        """A first pass starts when this sync did (the tickets stream reads everything
        before)."""
        cursor = None if ctx.full else ctx.sink.cursor(self.name)
        if cursor:
            return Chain.of(cursor)
        return Chain(math.floor(self.tenant.started - OVERLAP))

    async def before(self, ctx: StreamContext) -> None:
        """The tickets come first: their time logs are what this stream corrects."""
        await after(ctx, "tickets")

    async def ask(self, chain: Chain, first: bool, prime: bool = False) -> Page:
        """A page of time logs (deleted ones included)."""
        params = v3_params(chain, first, showDeleted=True, includeArchivedProjects=True)
        return await self.api.v3("time", params, prime=prime)

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """Not probed (Projects may be out of the key's reach; the stream says so when it
        runs): a pass covers what changed since the last, one page as a rule."""
        return small_lists(self.template)

    async def run(self, ctx: StreamContext) -> None:
        """The pass, unless Projects refuses this key (then Desk time edits wait for their
        ticket to change)."""
        try:
            await super().run(ctx)
        except (PermissionDenied, NotFound) as exc:
            ctx.reporter.update(note=f"Desk time edits not read: {exc.message}")

    async def map(
        self, ctx: StreamContext, rows: list[dict[str, Any]], page: Page
    ) -> tuple[dict[str, pa.Table], Deletes]:
        """Stored Desk time logs updated (their ticket kept) or deleted."""
        desk = [r for r in rows if r.get("task") is None]
        marks = ", ".join(f"${i + 2}" for i in range(len(desk)))
        known = (
            {
                r[0]
                for r in (
                    await ctx.sink.query(
                        f"{KNOWN} ({marks})", [ctx.connection, *(r["id"] for r in desk)]
                    )
                ).rows
            }
            if desk
            else set()
        )
        mine = [r for r in desk if r["id"] in known]
        live = [
            {k: v for k, v in time_row(r).items() if k not in ("ticket_id", "raw")}
            for r in mine
            if not r.get("deleted")
        ]
        gone = [{"id": r["id"]} for r in mine if r.get("deleted")]
        return tables({"time_entries": live}), {"time_entries": gone} if gone else {}


class CustomersStream(ChainedStream):
    """Desk customers as people (``customer:{id}``), read by their update date."""

    name = "customers"
    tables = ("people",)
    template = ep.desk("customers")
    page_size = DESK_PAGE_SIZE

    async def ask(self, chain: Chain, first: bool, prime: bool = False) -> Page:
        """A page of customers updated at or after the pass's second, in ID order."""
        params: dict[str, Any] = {"page": chain.page, "pageSize": DESK_PAGE_SIZE}
        if chain.after is not None:
            params["filter"] = orjson.dumps({"updatedAt": {"$gte": _iso(chain.after)}}).decode()
        return await self.api.desk("customers", params, prime=prime)

    async def run(self, ctx: StreamContext) -> None:
        """Page by page (ID order: page numbers are stable under this filter)."""
        chain = self.first_chain(ctx)
        first, done = True, 0
        while True:
            page = await self.ask(chain, first)
            first = False
            rows = page.rows()
            top = newest_of(chain, rows, self.date)
            following = Chain(chain.after, chain.page + 1, top) if page.has_more else None
            cursor = following.to_json() if following else {"since": top}
            people = [md.user_row(r, md.CUSTOMER) for r in rows]
            await ctx.sink.write(
                Batch(
                    ctx.connection,
                    rows=dict(tables({"people": people})),
                    cursors={self.name: cursor},
                )
            )
            done += len(rows)
            ctx.reporter.update(done=done, rows=len(rows))
            if following is None:
                return
            chain = following


class DeskDirectoryStream(TwStream):
    """Users, companies, inboxes (groups), statuses, priorities, types, sources and SLAs:
    small lists, read whole each sync."""

    name = "directory"
    tables = ("people", "accounts", "groups", "ref_values", "slas")

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """A call for each list."""
        return small_lists(*(ep.desk(r) for r in ("users", *LOOKUPS)))

    async def run(self, ctx: StreamContext) -> None:
        """One batch with all of them."""
        users = await self.api.every_desk("users")
        lists = {r: await self.tenant.desk_list(r) for r in LOOKUPS}
        refs = [row for r in md.REFERENCE for row in md.reference_rows(r, lists[r])]
        slas = [{"id": s["id"], "name": s.get("name")} for s in lists["slas"]]
        rows = tables(
            {
                "people": [md.user_row(u, md.USER) for u in users],
                "accounts": [md.account_row(c) for c in lists["companies"]],
                "groups": [md.group_row(i) for i in lists["inboxes"]],
                "ref_values": refs,
                "slas": slas,
            }
        )
        await ctx.sink.write(Batch(ctx.connection, rows=dict(rows)))
        ctx.reporter.update(done=1, total=1, rows=sum(t.num_rows for t in rows.values()))
