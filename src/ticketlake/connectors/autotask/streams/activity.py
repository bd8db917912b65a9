"""Ticket notes and time entries: each entity's own root queried by its date (reference A3:
the child routes under ``Tickets/{id}`` are for writes; A5: notes by ``lastActivityDate``, time
entries by ``lastModifiedDateTime``). Only time entries on a ticket are read (``ticketID``
set): regular and project time belong to data areas this release leaves out."""

from __future__ import annotations

from typing import Any

from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask import mapping_activity as mapping
from ticketlake.connectors.autotask.api import Page
from ticketlake.connectors.autotask.filters import exist
from ticketlake.connectors.autotask.streams.query import QueryStream
from ticketlake.connectors.base import StreamContext


class NotesStream(QueryStream):
    """ticket_events: the tickets' notes."""

    name = "ticket_notes"
    tables = ("ticket_events",)
    entity = ep.NOTES
    date_field = "lastActivityDate"

    async def map(self, ctx: StreamContext, page: Page) -> dict[str, Any]:
        """Notes as comment events."""
        return {"ticket_events": mapping.notes(page.items, connection=ctx.connection)}


TIME_FILTER = (exist("ticketID"),)


class TimeEntriesStream(QueryStream):
    """time_entries: hours logged on tickets."""

    name = "time_entries"
    tables = ("time_entries",)
    entity = ep.TIME
    date_field = "lastModifiedDateTime"
    extra = TIME_FILTER
    _types: dict[int, str] | None = None

    async def before(self, ctx: StreamContext) -> None:
        """The time entry types' labels."""
        self._types = (await self.tenant.labels(ep.TIME)).get("timeEntryType", {})

    async def map(self, ctx: StreamContext, page: Page) -> dict[str, Any]:
        """Time entries."""
        table = mapping.time_entries(page.items, connection=ctx.connection, types=self._types or {})
        return {"time_entries": table}
