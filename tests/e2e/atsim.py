"""The simulated Autotask tenant for the sync's end-to-end tests: in-process (ASGI) or served on
127.0.0.1 by uvicorn in a thread, and an Autotask sync run against it."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import httpx

from tests.e2e.simtenant import Sim
from tests.pinned import AS_OF, CLOCK_START
from ticketlake.connectors.autotask.zone import forget_zones
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.secret import Secret
from ticketlake.sim.autotask import (
    DEFAULT_INTEGRATION_CODE,
    DEFAULT_SECRET,
    DEFAULT_USERNAME,
    SimConfig,
    create_app,
)
from ticketlake.sim.clock import ScaledClock as SimClock
from ticketlake.store.base import Store
from ticketlake.sync.run import run_sync
from ticketlake.sync.summary import SyncSummary
from ticketlake.transport import ScaledClock

DISCOVERY = "http://127.0.0.1/ATServicesRest"
"""The discovery root of the in-process simulator (its bootstrap host)."""


def ours(sim: Sim) -> list[Any]:
    """The requests the tenant counted against its threshold (zone lookups are not)."""
    return [r for r in sim.tenant.requests if "zoneinformation" not in r.path.lower()]


def make_at_sim(tickets: int, *, seed: int = 5, scale: float = 1000.0, **config: Any) -> Sim:
    """A tenant as of ``AS_OF`` whose clock starts nine hours later (as the TDX tests')."""
    config.setdefault("as_of", AS_OF)
    config.setdefault("clock", SimClock(scale, start=CLOCK_START))
    settings = SimConfig(tickets=tickets, seed=seed, time_scale=scale, **config)
    return Sim(create_app(settings), scale)


def at_connection(
    discovery: str = DISCOVERY, name: str = "at", **values: Any
) -> ConnectionSettings:
    """An Autotask connection to the simulator's default API user."""
    fields = {"api_username": DEFAULT_USERNAME, "discovery_url": discovery} | values
    secrets = {"api_secret": Secret(DEFAULT_SECRET),
               "api_tracking_identifier": Secret(DEFAULT_INTEGRATION_CODE)}  # fmt: skip
    return ConnectionSettings(name, "autotask", fields, secrets)


def sync_at(sim: Sim, store: Store, *, name: str = "at", **kw: Any) -> SyncSummary:
    """``run_sync`` against the app through ``httpx.ASGITransport``, from a fresh zone cache
    (as a new process starts)."""
    values = kw.pop("values", {})
    clock = kw.pop("clock", None) or ScaledClock(sim.scale, start=sim.start)
    forget_zones()

    async def go() -> SyncSummary:
        conn = dataclasses.replace(at_connection(name=name, **values))
        return await run_sync(conn, store, clock=clock,
                              http_transport=httpx.ASGITransport(app=sim.app), **kw)  # fmt: skip

    return asyncio.run(go())
