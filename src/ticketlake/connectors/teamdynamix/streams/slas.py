"""The SLA dimension. TDX has no SLA list endpoint (reference §6), so SLAs are the ones tickets
name; ``ticket_count`` counts the stored tickets under each, recomputed from the store once the
tickets stream has landed (no API call)."""

from __future__ import annotations

from ticketlake.connectors.base import StreamContext
from ticketlake.connectors.teamdynamix.streams.tenant import TdxStream
from ticketlake.records import Batch

SLAS = """
SELECT sla_id AS id, max(sla) AS name, count(*) AS ticket_count
FROM tickets
WHERE connection = $1 AND sla_id IS NOT NULL
GROUP BY sla_id
ORDER BY sla_id
"""


class SlasStream(TdxStream):
    """slas."""

    name = "slas"
    tables = ("slas",)

    async def run(self, ctx: StreamContext) -> None:
        """Wait for the tickets, then count them per SLA."""
        if "tickets" in ctx.streams:
            await ctx.signals.finished("tickets")
        found = await ctx.sink.query(SLAS, [ctx.connection])
        rows = [dict(zip(found.columns, r, strict=True)) for r in found.rows]
        if rows:
            await ctx.sink.write(Batch(ctx.connection, rows={"slas": rows}))
        ctx.reporter.update(done=len(rows), total=len(rows), rows=len(rows), remaining={})
