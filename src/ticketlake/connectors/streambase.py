"""The base every source's streams build on: a name, its tables, the state the streams of one
sync share (the source's "tenant": settings, API client, estimates), and no calls by default."""

from __future__ import annotations

from typing import Generic, TypeVar

from ticketlake.connectors.base import CallEstimate, StreamContext

TenantT = TypeVar("TenantT")


class TenantStream(Generic[TenantT]):
    """A stream over the shared state ``tenant`` of its sync."""

    name = ""
    tables: tuple[str, ...] = ()

    def __init__(self, tenant: TenantT) -> None:
        self.tenant = tenant

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """No calls by default."""
        return []

    async def run(self, ctx: StreamContext) -> None:  # pragma: no cover - every stream overrides
        raise NotImplementedError
