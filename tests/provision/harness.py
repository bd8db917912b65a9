"""A simulated TDX tenant in-process on one fake clock, and provisioning wired to it."""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, replace
from typing import Any

import httpx

from tests.pinned import AS_OF
from ticketlake.catalog import open_catalog
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.provision import (
    AdminKey,
    Plan,
    Result,
    Target,
    Wiring,
    admin_transport,
    apply_and_check,
    plan,
)
from ticketlake.secret import Secret
from ticketlake.sim import teamdynamix as sim
from ticketlake.transport import FakeClock

TICKETS = 150


@dataclass
class Bed:
    """One tenant, the clock it shares with provisioning, and what to provision."""

    tenant: sim.Tenant
    clock: FakeClock
    wiring: Wiring
    target: Target
    key: AdminKey
    password: Secret

    def plan(self, **changes: Any) -> Plan:
        """A dry run."""
        target = replace(self.target, **changes)

        async def go() -> Plan:
            async with admin_transport(target, self.key, self.wiring) as transport:
                return await plan(target, transport)

        return asyncio.run(go())

    def apply(self, password: Secret | None = None, **changes: Any) -> Result:
        """Plan, apply, save the connection and check it."""
        target = replace(self.target, **changes)
        with open_catalog() as catalog:
            return asyncio.run(
                apply_and_check(target, self.key, catalog, self.wiring, password=password)
            )

    def people(self) -> dict[str, Any]:
        """A deep copy of every person, by UID."""
        return {p.uid: copy.deepcopy(p) for p in self.tenant.world.directory.people}

    def roles(self) -> dict[str, Any]:
        """A deep copy of every security role, by ID."""
        return copy.deepcopy(self.tenant.world.roles.by_id)


def bed(scenario: str = "healthy") -> Bed:
    """A fresh tenant in ``scenario``."""
    clock = FakeClock(AS_OF.timestamp() + 3600)
    config = sim.SimConfig(tickets=TICKETS, seed=11, scenario=scenario, clock=clock, as_of=AS_OF)
    app = sim.create_app(config)
    wiring = Wiring(
        clock, httpx.ASGITransport(app=app), NetworkPolicy(allow_insecure_localhost=True)
    )
    target = Target(
        "hvu",
        "http://127.0.0.1/TDWebApi",
        config.app_id,
        config.time_zone,
        username=config.username,
    )
    key = AdminKey(Secret(config.beid), Secret(config.web_services_key))
    return Bed(app.state.tenant, clock, wiring, target, key, Secret(config.password))
