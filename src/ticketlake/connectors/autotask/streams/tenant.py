"""What the Autotask streams of one sync share: the settings, the API, the picklists and UDF
definitions (read once per run), and the estimates other streams size themselves by."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask import picklists
from ticketlake.connectors.autotask.api import AutotaskApi
from ticketlake.connectors.autotask.filters import ALL
from ticketlake.connectors.autotask.mapping_tickets import Lookups
from ticketlake.connectors.autotask.settings import AutotaskSettings
from ticketlake.connectors.base import StreamContext
from ticketlake.connectors.streambase import TenantStream
from ticketlake.transport.endpoint import Limit


class AtTenant:
    """One sync's shared state for an Autotask connection."""

    def __init__(self, settings: AutotaskSettings, api: AutotaskApi) -> None:
        self.settings = settings
        self.api = api
        self.connection = settings.name
        loop = asyncio.get_event_loop()
        self.ticket_estimate: asyncio.Future[int] = loop.create_future()
        """How many tickets the tickets stream expects to read (set by its estimate)."""
        self.budget = Limit(ep.THRESHOLD, ep.HOUR, "tenant", "rolling", settings.share)
        """The tenant's hourly threshold and our share of it."""
        self._small: dict[str, asyncio.Task[list[dict[str, Any]]]] = {}

    def server_now(self) -> float:
        """The server's clock as the transport estimates it."""
        return self.api.server_now()

    def server_time(self) -> datetime:
        """The server's clock as a UTC datetime."""
        return datetime.fromtimestamp(self.server_now(), UTC)

    async def labels(self, entity: str) -> dict[str, dict[int, str]]:
        """An entity's picklists: field -> value -> label."""
        return picklists.labels(await self.api.fields(entity))

    async def udf_labels(self, entity: str) -> dict[str, dict[str, str]]:
        """An entity's picklist UDFs: name -> value -> label."""
        return picklists.udf_labels(await self.api.udfs(entity))

    async def small(self, entity: str) -> list[dict[str, Any]]:
        """Every record of a small entity (roles, departments, ticket categories), read at most
        once per run and shared."""
        if entity not in self._small:
            task = asyncio.ensure_future(self.api.records(entity, ALL))
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
            self._small[entity] = task
        return await asyncio.shield(self._small[entity])

    async def ticket_lookups(self, companies: dict[int, str]) -> Lookups:
        """What ticket records carry as values only (``companies``: id -> name). Ticket
        categories are an entity of their own (reference A7), not a ticket picklist."""
        labels, udfs, categories = await asyncio.gather(
            self.labels(ep.TICKETS), self.udf_labels(ep.TICKETS), self.small(ep.CATEGORIES)
        )
        labels["ticketCategory"] = {
            int(c["id"]): str(c.get("name") or "")
            for c in categories
            if isinstance(c.get("id"), int)
        }
        statuses = labels.get("status", {})
        classes = {v: picklists.status_class(v, label) for v, label in statuses.items()}
        return Lookups(labels, classes, companies, udfs)


class AtStream(TenantStream[AtTenant]):
    """Base of the Autotask streams: a name, its tables, the shared tenant and its API."""

    @property
    def api(self) -> AutotaskApi:
        """The tenant's API client."""
        return self.tenant.api


async def after(ctx: StreamContext, *streams: str) -> None:
    """Wait until each of ``streams`` in this run has finished (those not in it: at once)."""
    for name in streams:
        if name in ctx.streams:
            await ctx.signals.finished(name)
