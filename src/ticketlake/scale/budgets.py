"""The shared budgets a worker's slice syncs with: ``RedisBudgets`` keyed by what the catalog
says of the connection (its address and user name: the tenant; its host: what an IP-scoped
limit is counted against, with the egress identity)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import redis.asyncio as aioredis

from ticketlake.catalog import Catalog
from ticketlake.transport.shared import RedisBudgets

BudgetFactory = Callable[[Catalog, str], RedisBudgets | None]


def tenant_of(catalog: Catalog, name: str) -> tuple[str, str]:
    """``(tenant identity, host)`` of a saved connection: the identity is its source, address
    and user (two connections to one tenant through one user share budgets); the host is the
    address's host and port (or the identity, for a source whose host is discovered at run time)."""
    conn = catalog.get(name)
    address = conn.spec.address(conn.settings)
    user = str(conn.settings.get("username") or "")
    identity = f"{conn.source}:{address or name}:{user}"
    return identity, urlsplit(address).netloc or identity


def shared_budgets(url: str, egress: str) -> BudgetFactory:
    """A factory of Redis budgets at ``url`` for each slice (each on its own event loop)."""

    def make(catalog: Catalog, name: str) -> RedisBudgets:
        identity, host = tenant_of(catalog, name)
        return RedisBudgets(
            aioredis.Redis.from_url(url),
            identity=lambda _: identity,
            host=lambda _: host,
            egress=egress,
        )

    return make
