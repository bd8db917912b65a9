"""Ticket tasks, when they are in scope.

Without a report, details come from ``GET tickets/{id}``, whose ``Tasks`` the details stream
keeps (no extra call). With a report, tasks need one ``GET tickets/{id}/tasks`` per ticket
modified since the last pass, on their own budget beside the feed.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.connectors.teamdynamix.streams.perticket import PerTicketWalk
from ticketlake.connectors.teamdynamix.streams.tenant import TdxStream, TdxTenant


class TasksStream(TdxStream):
    """ticket_tasks, one call per changed ticket (report mode)."""

    name = "ticket_tasks"
    tables = ("ticket_tasks",)

    def __init__(self, tenant: TdxTenant) -> None:
        super().__init__(tenant)
        self.walk = PerTicketWalk(
            tenant,
            self.name,
            endpoint=f"GET {ep.TICKET_TASKS}",
            table="ticket_tasks",
            fetch=self.api.ticket_tasks,
            to_table=self._tasks,
            mode="tasks",
        )

    async def _tasks(self, rows: list[Any]) -> pa.Table:
        return mapping.tasks(rows, connection=self.tenant.connection, tz=self.tenant.tz)

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """One call per ticket modified since the last pass."""
        return await self.walk.estimate(ctx)

    async def run(self, ctx: StreamContext) -> None:
        """Walk the changed tickets."""
        await self.walk.run(ctx)
