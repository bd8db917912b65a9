"""What the Teamwork.com streams of one sync share: the settings, the API, the small lists
(read at most once per run) and when the run started on the server's clock."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from ticketlake.connectors.base import StreamContext
from ticketlake.connectors.streambase import TenantStream
from ticketlake.connectors.teamwork.api import TeamworkApi
from ticketlake.connectors.teamwork.settings import TeamworkSettings

Records = list[dict[str, Any]]


class TwTenant:
    """One sync's shared state for a Teamwork.com connection."""

    def __init__(
        self, settings: TeamworkSettings, api: TeamworkApi, now: Callable[[], float]
    ) -> None:
        self.settings = settings
        self.api = api
        self.connection = settings.name
        self.started = now()
        """When the sync started (the server's clock as the transport knows it)."""
        self.counts: dict[str, int] = {}
        """What each paged list's first page counted, by stream (its estimate fills it)."""
        self._once: dict[str, asyncio.Task[Records]] = {}

    async def once(self, key: str, read: Callable[[], Awaitable[Records]]) -> Records:
        """``read()``'s records, read at most once per run and shared by the streams."""
        if key not in self._once:
            task = asyncio.ensure_future(read())
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
            self._once[key] = task
        return await asyncio.shield(self._once[key])

    async def desk_list(self, resource: str) -> Records:
        """Every record of a small Desk list, once per run."""
        return await self.once(f"desk {resource}", lambda: self.api.every_desk(resource))

    async def stages(self, workflow: int) -> Records:
        """A workflow's stages, once per run."""
        return await self.once(
            f"stages {workflow}",
            lambda: self.api.every_v3("workflows/{id}/stages", path={"id": workflow}),
        )


class TwStream(TenantStream[TwTenant]):
    """Base of the Teamwork.com streams."""

    @property
    def api(self) -> TeamworkApi:
        """The site's API client."""
        return self.tenant.api


async def after(ctx: StreamContext, *streams: str) -> None:
    """Wait until each of ``streams`` in this run has finished (those not in it: at once)."""
    for name in streams:
        if name in ctx.streams:
            await ctx.signals.finished(name)
