"""What the TeamDynamix streams of one sync share: settings, the API, small lists, estimates."""

from __future__ import annotations

import asyncio
from typing import Any

from ticketlake.connectors.census import Census
from ticketlake.connectors.streambase import TenantStream
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.connectors.teamdynamix.api import TdxApi
from ticketlake.connectors.teamdynamix.components import definitions_query
from ticketlake.connectors.teamdynamix.settings import TdxSettings

TICKET_COMPONENT = 9

REF_LISTS: dict[str, str] = {
    "status": ep.TICKET_STATUSES,
    "type": ep.TICKET_TYPES,
    "priority": ep.TICKET_PRIORITIES,
    "impact": ep.TICKET_IMPACTS,
    "urgency": ep.TICKET_URGENCIES,
    "source": ep.TICKET_SOURCES,
    "form": ep.TICKET_FORMS,
}
"""ref_values kind -> the per-application list it comes from."""


class TdxTenant:
    """One sync's shared state for a TeamDynamix connection."""

    def __init__(self, settings: TdxSettings, api: TdxApi) -> None:
        self.settings = settings
        self.api = api
        self.tz = settings.time_zone
        self.connection = settings.name
        loop = asyncio.get_event_loop()
        self.ticket_estimate: asyncio.Future[int] = loop.create_future()
        """How many tickets the tickets stream expects to bring (set by its estimate)."""
        self.oldest_hint: float | None = None
        """The oldest ticket date the tickets probe saw (sizes the feed estimate)."""
        self.census: asyncio.Future[Census | None] = loop.create_future()
        """A backfill's census of the tenant (``teamdynamix/census.py``), set by the tickets
        stream's estimate; None for a pass that is not a backfill, or one resumed (what its
        census found is in the streams' cursors)."""
        self.people_uids: asyncio.Future[list[str] | None] = loop.create_future()
        """Everyone the people search found (set by the people stream's estimate; None when
        the search failed): sizes the reading of people's custom attributes."""

    def server_now(self) -> float:
        """The server's clock as the transport estimates it."""
        return self.api.server_now()

    async def server_clock(self) -> float:
        """The server's clock once an answer told it: where a pass starts its walk."""
        return await self.api.server_clock()

    async def ref_list(self, kind: str) -> list[Any]:
        """A reference list (read once per run, shared by streams)."""
        return await self.api.small_list(REF_LISTS[kind])

    async def attribute_defs(self) -> list[Any]:
        """The ticket application's custom attribute definitions, with Choices."""
        return await self.definitions(TICKET_COMPONENT)

    async def definitions(self, component: int) -> list[Any]:
        """One component's custom attribute definitions, with Choices (read once per run)."""
        params = definitions_query(component, self.settings.app_id)
        return await self.api.small_list(ep.CUSTOM_ATTRIBUTES, params)

    async def lookups(self) -> mapping.Lookups:
        """Names and status classes by id, for ticket rows that carry only ids."""
        statuses = await self.ref_list("status")
        return mapping.Lookups.from_tdx(statuses=statuses)

    async def status_names(self) -> list[str]:
        """The tenant's status names (lets the feed parser spot unquoted names)."""
        return [str(s.get("Name")) for s in await self.ref_list("status") if s.get("Name")]


class TdxStream(TenantStream[TdxTenant]):
    """Base of the TeamDynamix streams: a name, its tables, the shared tenant and its API."""

    @property
    def api(self) -> TdxApi:
        """The tenant's API client."""
        return self.tenant.api
