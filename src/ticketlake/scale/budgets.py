"""The shared budgets a worker's slice syncs with, keyed by what the catalog says of the
connection (its address and user name: the tenant; its host: what an IP-scoped limit is counted
against, with the egress identity), in Redis or Postgres as ``TICKETLAKE_BUDGETS`` says."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from ticketlake.catalog import Catalog
from ticketlake.scale.settings import ScaleSettings
from ticketlake.transport.shared import SharedBudgets, SharedOptions

BudgetFactory = Callable[[Catalog, str], SharedBudgets | None]


def tenant_of(catalog: Catalog, name: str) -> tuple[str, str]:
    """``(tenant identity, host)`` of a saved connection: the identity is its source, address
    and user (two connections to one tenant through one user share budgets); the host is the
    address's host and port (or the identity, for a source whose host is discovered at run time)."""
    conn = catalog.get(name)
    address = conn.spec.address(conn.settings)
    user = str(conn.settings.get("username") or "")
    identity = f"{conn.source}:{address or name}:{user}"
    return identity, urlsplit(address).netloc or identity


def shared_budgets(settings: ScaleSettings) -> BudgetFactory:
    """A factory of shared budgets for each slice (each on its own event loop), in the store
    ``settings.budgets`` names."""
    url = settings.budgets_url()

    def make(catalog: Catalog, name: str) -> SharedBudgets:
        identity, host = tenant_of(catalog, name)
        keys: SharedOptions = {
            "identity": lambda _: identity,
            "host": lambda _: host,
            "egress": settings.egress,
        }
        if settings.budgets == "postgres":
            from ticketlake.transport.pgbudgets import PostgresBudgets

            return PostgresBudgets(url, **keys)
        import redis.asyncio as aioredis

        from ticketlake.transport.redisbudgets import RedisBudgets

        return RedisBudgets(aioredis.Redis.from_url(url), **keys)

    return make
