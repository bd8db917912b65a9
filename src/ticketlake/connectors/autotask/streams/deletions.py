"""Deletions: ``DeletedTicketLogs`` and ``DeletedTicketActivityLogs`` (reference A5, 2026).

Both logs are read after the last ID the stream committed (their IDs grow with the time of
deletion), once the streams that store tickets, notes and time entries have finished this run,
so a record read before its deletion is never written back after it.

- A deleted ticket stored is marked ``deleted_at`` (the log's ``deletedDateTime``); its events
  and time entries go (Autotask deletes them with it, logging nothing of their own).
- A deleted note or time entry is logged with its ticket, not its own ID: the notes and time
  entries of the tickets named are read again (``ticketID in [...]``, 400 tickets a query), and
  the stored ones Autotask no longer has are deleted, in the transaction that writes the ones
  it has. The tickets are read again too: a ticket's ``lastActivityDate`` may move back to its
  last remaining activity (the simulator's reading; UNCONFIRMED), which no ``gte`` filter
  on it would ever bring.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC
from typing import Any

import pyarrow as pa

from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask import mapping_activity as mapping
from ticketlake.connectors.autotask import mapping_tickets as tickets_mapping
from ticketlake.connectors.autotask.api import Page
from ticketlake.connectors.autotask.filters import ALL, IN_BATCH, among, batches, gt
from ticketlake.connectors.autotask.streams.activity import TIME_FILTER
from ticketlake.connectors.autotask.streams.tenant import AtStream, after
from ticketlake.connectors.autotask.streams.tickets import COMPANY_NAMES
from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.rows import Rows
from ticketlake.connectors.timestamps import timestamps
from ticketlake.records import Batch

BEFORE = ("tickets", "ticket_notes", "time_entries", "ticket_history", "sla_results")
"""The streams whose writes a deletion must come after."""
NOTE, TIME = 1, 2
"""``typeID`` of a deleted note and a deleted time entry (the simulator's reading:
DeletedTicketActivityLogModel is in no reference)."""
STORED = "SELECT id FROM tickets WHERE connection = $1 AND id IN"
EVENTS_OF = "SELECT id FROM ticket_events WHERE connection = $1 AND ticket_id IN"
NOTES_OF = (
    "SELECT id FROM ticket_events WHERE connection = $1 AND id LIKE 'note:%' AND ticket_id IN"
)
TIME_OF = "SELECT id FROM time_entries WHERE connection = $1 AND ticket_id IN"


class DeletionsStream(AtStream):
    """tickets.deleted_at; deleted notes (events) and time entries."""

    name = "deletions"
    tables = ("tickets", "ticket_events", "time_entries")

    def _cursor(self, ctx: StreamContext) -> dict[str, int]:
        found = (None if ctx.full else ctx.sink.cursor(self.name)) or {}
        return {"tickets_after": int(found.get("tickets_after") or 0),
                "activity_after": int(found.get("activity_after") or 0)}  # fmt: skip

    def _filters(self, after_id: int) -> list[Any]:
        return [gt("id", after_id)] if after_id else list(ALL)

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """Each log's first page, asked now and kept for the run; and the queries that read
        again the tickets, notes and time entries of the tickets the activity log names."""
        state = self._cursor(ctx)
        await self.api.first_page(
            ep.DELETED_TICKETS, self._filters(state["tickets_after"]), prime=True
        )
        activity = await self.api.first_page(
            ep.DELETED_ACTIVITY, self._filters(state["activity_after"]), prime=True
        )
        found = Rows(activity.items).values(("ticketID", "typeID"))
        pairs = set(zip(found["ticketID"], found["typeID"], strict=True))
        notes = len({t for t, k in pairs if k == NOTE})
        time = len({t for t, k in pairs if k == TIME})
        again = len({t for t, _ in pairs})
        return [
            CallEstimate(ep.key("POST", ep.query(ep.DELETED_TICKETS)), 1, exact=True),
            CallEstimate(ep.key("POST", ep.query(ep.DELETED_ACTIVITY)), 1, exact=True),
            CallEstimate(ep.key("POST", ep.query(ep.TICKETS)), math.ceil(again / IN_BATCH)),
            CallEstimate(ep.key("POST", ep.query(ep.NOTES)), math.ceil(notes / IN_BATCH)),
            CallEstimate(ep.key("POST", ep.query(ep.TIME)), math.ceil(time / IN_BATCH)),
        ]

    async def run(self, ctx: StreamContext) -> None:
        """Apply what both logs say happened since the last pass."""
        state = self._cursor(ctx)
        await after(ctx, *BEFORE)
        async for page in self.api.pages(ep.DELETED_TICKETS, self._filters(state["tickets_after"])):
            state["tickets_after"] = max(state["tickets_after"], page.last_id() or 0)
            await self._tickets(ctx, page, dict(state))
        async for page in self.api.pages(
            ep.DELETED_ACTIVITY, self._filters(state["activity_after"])
        ):
            state["activity_after"] = max(state["activity_after"], page.last_id() or 0)
            await self._activity(ctx, page, dict(state))
        ctx.reporter.update(remaining={})

    async def _tickets(self, ctx: StreamContext, page: Page, cursor: dict[str, int]) -> None:
        found = Rows(page.items).values(("ticketID", "deletedDateTime"))
        when = dict(
            zip(
                found["ticketID"],
                timestamps(found["deletedDateTime"], UTC).to_pylist(),
                strict=True,
            )
        )
        stored = await _stored(ctx, STORED, list(when))
        rows = [{"id": t, "deleted_at": when[t]} for t in stored]
        events = await _stored(ctx, EVENTS_OF, stored)
        entries = await _stored(ctx, TIME_OF, stored)
        deletes: dict[str, Sequence[Mapping[str, object]]] = {
            "ticket_events": [{"id": e} for e in events],
            "time_entries": [{"id": e} for e in entries],
        }
        marked: dict[str, Any] = {"tickets": rows} if rows else {}
        await ctx.sink.write(Batch(ctx.connection, marked, {self.name: cursor}, deletes))
        ctx.reporter.update(
            rows=len(rows), note=f"{len(rows):,} deleted tickets marked" if rows else None
        )

    async def _activity(self, ctx: StreamContext, page: Page, cursor: dict[str, int]) -> None:
        found = Rows(page.items).values(("ticketID", "typeID"))
        pairs = list(zip(found["ticketID"], found["typeID"], strict=True))
        note_tickets = await _stored(ctx, STORED, sorted({t for t, k in pairs if k == NOTE}))
        time_tickets = await _stored(ctx, STORED, sorted({t for t, k in pairs if k == TIME}))
        rows: dict[str, Any] = {}
        touched = sorted(set(note_tickets) | set(time_tickets))
        if touched:
            rows["tickets"] = await self._tickets_again(ctx, touched)
        gone_events: list[dict[str, object]] = []
        gone_time: list[dict[str, object]] = []
        for batch in batches(note_tickets, IN_BATCH):
            notes = mapping.notes(await self._read(ep.NOTES, batch), connection=ctx.connection)
            rows["ticket_events"] = _concat(rows.get("ticket_events"), notes)
            gone = set(await _stored(ctx, NOTES_OF, batch)) - set(notes.column("id").to_pylist())
            gone_events += [{"id": e} for e in sorted(gone)]
        types = (await self.tenant.labels(ep.TIME)).get("timeEntryType", {})
        for batch in batches(time_tickets, IN_BATCH):
            rows_ = await self._read(ep.TIME, batch, TIME_FILTER)
            entries = mapping.time_entries(rows_, connection=ctx.connection, types=types)
            rows["time_entries"] = _concat(rows.get("time_entries"), entries)
            gone = set(await _stored(ctx, TIME_OF, batch)) - set(entries.column("id").to_pylist())
            gone_time += [{"id": e} for e in sorted(gone)]
        deletes: dict[str, Sequence[Mapping[str, object]]] = {
            "ticket_events": gone_events,
            "time_entries": gone_time,
        }
        await ctx.sink.write(
            Batch(ctx.connection, rows=rows, deletes=deletes, cursors={self.name: cursor})
        )
        ctx.reporter.update(rows=len(gone_events) + len(gone_time))

    async def _tickets_again(self, ctx: StreamContext, ids: list[int]) -> pa.Table:
        """The tickets ``ids`` as Autotask has them now."""
        companies = await ctx.sink.query(COMPANY_NAMES, [ctx.connection])
        lookups = await self.tenant.ticket_lookups({i: n for i, n in companies.rows if n})
        tables = [
            tickets_mapping.tickets(await self.api.records(ep.TICKETS, [among("id", batch)]),
                                    connection=ctx.connection, lookups=lookups)
            for batch in batches(ids, IN_BATCH)
        ]  # fmt: skip
        return pa.concat_tables(tables)

    async def _read(
        self, entity: str, tickets: list[int], extra: Sequence[Any] = ()
    ) -> list[dict[str, Any]]:
        return await self.api.records(entity, [*extra, among("ticketID", tickets)])


async def _stored(ctx: StreamContext, sql: str, ids: Sequence[object]) -> list[Any]:
    """The values ``sql`` (ending in ``IN``) finds for ``ids``, 500 at a time."""
    found: list[Any] = []
    listed = list(ids)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        marks = ", ".join(f"${i + 2}" for i in range(len(chunk)))
        found += [
            r[0] for r in (await ctx.sink.query(f"{sql} ({marks})", [ctx.connection, *chunk])).rows
        ]
    return found


def _concat(first: pa.Table | None, second: pa.Table) -> pa.Table:
    return second if first is None else pa.concat_tables([first, second])
