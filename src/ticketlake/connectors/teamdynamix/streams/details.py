"""Ticket details: custom attributes and description, which searches leave out (reference §3.1).

- With a report (the connection names one): ``GET reports/{id}?withData=true`` returns every
  ticket's attribute columns in one call. It takes no filter, so after the first pass it is
  read only when more tickets changed than one window of ``GET tickets/{id}`` holds; fewer
  are read one by one (none when nothing changed).
- Without: one ``GET tickets/{id}`` per ticket that needs details (never fetched, or modified
  since: ``modified_at > details_at``), open tickets and the newest first. The work list is the
  store itself, so a killed sync resumes where it stopped; workers keep the endpoint's budget
  busy while the tickets stream is still landing rows.

Only ``description``, ``attributes`` and ``details_at`` are written: the tickets stream owns the
other columns.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.connectors.teamdynamix.streams.refusals import Refusals
from ticketlake.connectors.teamdynamix.streams.tenant import TdxStream, TdxTenant
from ticketlake.connectors.together import together
from ticketlake.errors import AuthError, NotFound, PermissionDenied
from ticketlake.records import Batch

GET_TICKET = f"GET {ep.TICKET}"
GET_REPORT = f"GET {ep.REPORT}"
DETAIL_COLUMNS = ["connection", "id", "description", "attributes", "details_at"]
WORKERS = 12
FLUSH = 50
PICK = 500

NEEDS_DETAILS = """
SELECT id, modified_at FROM tickets
WHERE connection = $1 AND deleted_at IS NULL
  AND (details_at IS NULL OR (modified_at IS NOT NULL AND modified_at > details_at))
ORDER BY CASE WHEN status_class IN ('completed', 'cancelled') THEN 1 ELSE 0 END,
         modified_at DESC NULLS LAST, id DESC
LIMIT {limit}
"""
COUNT_NEEDS = """
SELECT count(*) FROM tickets
WHERE connection = $1 AND deleted_at IS NULL
  AND (details_at IS NULL OR (modified_at IS NOT NULL AND modified_at > details_at))
"""


class DetailsStream(TdxStream):
    """tickets.description, tickets.attributes, tickets.details_at."""

    name = "ticket_details"
    tables = ("tickets", "ticket_tasks")

    def __init__(self, tenant: TdxTenant) -> None:
        super().__init__(tenant)
        self._by_report = tenant.settings.report_id is not None
        self._done = 0
        self._total = 0
        self.refusals = Refusals("their details are missing until they change")

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """One report call, or one GET per ticket needing details (stored + expected): with a
        report, per ticket when they fit one window of that budget (``_by_report``)."""
        waiting = await self._count(ctx)
        coming = 0
        if "tickets" in ctx.streams:
            coming = await self.tenant.ticket_estimate
        self._by_report = self._report_pays(ctx, waiting + coming)
        if self._by_report:
            return [CallEstimate(GET_REPORT, 1, exact=True)]
        self._total = waiting + coming
        ctx.reporter.update(total=self._total)
        return [CallEstimate(GET_TICKET, waiting + coming, exact=coming == 0, concurrency=WORKERS)]

    def _report_pays(self, ctx: StreamContext, needing: int) -> bool:
        """Whether to read the report: on a first or full pass, or when more tickets need
        details than one window of ``GET tickets/{id}`` holds. The report brings every ticket
        each time (it takes no filter), so a pass after a handful of changes reads just those
        (none at all when nothing changed)."""
        if self.tenant.settings.report_id is None:
            return False
        # A backfill: the tickets stream had read nothing when this run started.
        return ctx.full or needing > ep.PER_MINUTE.calls or ctx.sink.cursor("tickets") is None

    async def _count(self, ctx: StreamContext) -> int:
        found = await ctx.sink.query(COUNT_NEEDS, [ctx.connection])
        return int(found.rows[0][0]) if found.rows else 0

    async def run(self, ctx: StreamContext) -> None:
        """Details from the report, or ticket by ticket."""
        if self._by_report and self.tenant.settings.report_id is not None:
            await self._from_report(ctx, self.tenant.settings.report_id)
        else:
            await self._one_by_one(ctx)

    async def _from_report(self, ctx: StreamContext, report_id: int) -> None:
        report, defs = await asyncio.gather(
            self.api.report(report_id), self.tenant.attribute_defs()
        )
        table = await asyncio.to_thread(
            mapping.report_details,
            report,
            connection=ctx.connection,
            tz=self.tenant.tz,
            attribute_defs=defs,
        )
        if "details_at" not in table.column_names:
            # The report has no ModifiedDate column: the details are as of now.
            now = datetime.fromtimestamp(self.tenant.server_now(), UTC)
            stamp = pa.array([now] * table.num_rows, pa.timestamp("us", tz="UTC"))
            table = table.append_column("details_at", stamp)
        described = "description" in table.column_names
        notes = [] if described else [_no_descriptions(ctx, report_id, table.num_rows)]
        cut = _report_cut(report, table.num_rows)
        if cut:
            notes.append(cut)
        if notes:
            ctx.reporter.update(note="; ".join(notes))
        await ctx.sink.write(Batch(ctx.connection, rows={"tickets": table}))
        ctx.reporter.update(
            done=table.num_rows, total=table.num_rows, rows=table.num_rows, remaining={}
        )

    async def _one_by_one(self, ctx: StreamContext) -> None:
        queue: asyncio.Queue[tuple[int, Any] | None] = asyncio.Queue()
        low = asyncio.Event()
        fetched: list[Any] = []
        missing: list[dict[str, Any]] = []

        async def worker() -> None:
            while (item := await queue.get()) is not None:
                if queue.qsize() <= WORKERS:
                    low.set()
                ticket_id, modified_at = item
                try:
                    ticket = await self.api.ticket(ticket_id)
                    if not isinstance(ticket, dict):  # an empty answer: as good as gone
                        raise NotFound(f"tickets/{ticket_id} answered without a ticket")
                except NotFound:  # deleted since the search: stop asking for it
                    gone = {"id": ticket_id, "details_at": modified_at, "deleted_at": _now()}
                    missing.append(gone)
                except (PermissionDenied, AuthError) as exc:
                    self.refusals.refuse(exc)  # not asked again until the ticket changes
                    missing.append({"id": ticket_id, "details_at": modified_at})
                    ctx.reporter.update(note=self.refusals.note)
                else:
                    self.refusals.ok()
                    fetched.append(ticket)
                if len(fetched) + len(missing) >= FLUSH:
                    await self._flush(ctx, fetched, missing)

        async def producer() -> None:
            try:
                await self._produce(ctx, queue, low)
            finally:  # each worker ends on its None, even one whose cancellation got lost
                for _ in range(WORKERS):
                    queue.put_nowait(None)

        await together(producer(), *(worker() for _ in range(WORKERS)))
        await self._flush(ctx, fetched, missing)

    async def _produce(
        self, ctx: StreamContext, queue: asyncio.Queue[tuple[int, Any] | None], low: asyncio.Event
    ) -> None:
        """Feed the workers from the store until no ticket needs details and none will come."""
        attempted: set[int] = set()
        while True:
            landing = ctx.signals.next_landing()
            tickets_done = "tickets" not in ctx.streams or ctx.signals.is_finished("tickets")
            unwritten = len(attempted) - self._done
            picked = await ctx.sink.query(
                NEEDS_DETAILS.format(limit=PICK + unwritten), [ctx.connection]
            )
            fresh = [(i, m) for i, m in picked.rows if i not in attempted]
            for ticket_id, modified_at in fresh:
                attempted.add(ticket_id)
                queue.put_nowait((ticket_id, modified_at))
            if not fresh and tickets_done:
                return
            if tickets_done:
                continue  # nothing more will land: queue the rest now
            low.clear()
            if queue.qsize() > WORKERS:
                await low.wait()
            await landing.wait()

    async def _flush(
        self, ctx: StreamContext, fetched: list[Any], missing: list[dict[str, Any]]
    ) -> None:
        """Write what the workers fetched (the lists are emptied before the write awaits)."""
        tickets, gone = fetched[:], missing[:]
        fetched.clear()
        missing.clear()
        if tickets:
            await ctx.sink.write(Batch(ctx.connection, rows=self._rows(ctx, tickets)))
        if gone:
            await ctx.sink.write(Batch(ctx.connection, rows={"tickets": gone}))
        self._done += len(tickets) + len(gone)
        self._total = max(self._total, self._done)
        left = {GET_TICKET: self._total - self._done}
        ctx.reporter.update(done=self._done, total=self._total, rows=len(tickets), remaining=left)

    def _rows(self, ctx: StreamContext, tickets: list[Any]) -> dict[str, pa.Table]:
        """Detail columns of full tickets, and their embedded tasks when tasks are in scope."""
        tz = self.tenant.tz
        full = mapping.tickets(tickets, connection=ctx.connection, tz=tz, details_at=True)
        rows = {"tickets": full.select(DETAIL_COLUMNS)}
        if self.tenant.settings.ticket_tasks:
            tasks = [t | {"TicketID": t.get("TicketID") or ticket.get("ID")}
                     for ticket in tickets for t in ticket.get("Tasks") or ()]  # fmt: skip
            if tasks:
                rows["ticket_tasks"] = mapping.tasks(tasks, connection=ctx.connection, tz=tz)
        return rows


def _no_descriptions(ctx: StreamContext, report_id: int, rows: int) -> str:
    """What to say when the report has no Description column: none of its tickets gets a
    description (the summary says so rather than leaving them silently empty)."""
    return (
        f"none of the {rows:,} tickets has a description: report {report_id} has no "
        "Description column; add it in Report Builder, or read details one ticket per call "
        f"(slower) with `ticketlake connections edit {ctx.connection} --set report_id=`"
    )


def _report_cut(report: Any, rows: int) -> str | None:
    """What to say when the report stopped at its own MaxResults (tickets past it got none)."""
    most = report.get("MaxResults") if isinstance(report, dict) else None
    if isinstance(most, int) and 0 < most <= rows:
        return (
            f"the report stops at its MaxResults ({most:,} rows): tickets past it have no "
            "details; raise the report's maximum in Report Builder"
        )
    return None


def _now() -> datetime:
    return datetime.now(UTC)
