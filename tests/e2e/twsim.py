"""The simulated Teamwork.com site for the sync's end-to-end tests: in-process (ASGI) or served
on 127.0.0.1, and a Teamwork sync run against it (Basic auth with the site's API key)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.e2e.simtenant import Sim
from tests.pinned import AS_OF, CLOCK_START
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.secret import Secret
from ticketlake.sim.clock import ScaledClock as SimClock
from ticketlake.sim.teamwork import DEFAULT_API_KEY, SimConfig, create_app
from ticketlake.store.base import Store
from ticketlake.sync.run import run_sync
from ticketlake.sync.summary import SyncSummary
from ticketlake.transport import ScaledClock

SITE = "http://127.0.0.1/us/acme"
"""The simulated site's root in-process (its US site by path prefix)."""


def make_tw_sim(
    tasks: int, tickets: int, *, seed: int = 5, scale: float = 1000.0, **config: Any
) -> Sim:
    """A site as of ``AS_OF`` whose clock starts nine hours later (as the other tests')."""
    config.setdefault("as_of", AS_OF)
    config.setdefault("clock", SimClock(scale, start=CLOCK_START))
    settings = SimConfig(tasks=tasks, tickets=tickets, seed=seed, time_scale=scale, **config)
    return Sim(create_app(settings), scale)


def tw_connection(
    api_type: str, site: str = SITE, name: str = "tw", key: str = DEFAULT_API_KEY
) -> ConnectionSettings:
    """A Basic-auth connection to the simulated site."""
    values = {
        "api_type": api_type,
        "api_version": "v3" if api_type == "projects" else "v2",
        "region": "us",
        "site_name": "acme",
        "auth_type": "basic",
        "site_url": site,
    }
    return ConnectionSettings(name, "teamwork", values, {"api_key": Secret(key)})


def sync_tw(sim: Sim, store: Store, api_type: str, *, name: str = "tw", **kw: Any) -> SyncSummary:
    """``run_sync`` against the app through ``httpx.ASGITransport``."""
    clock = kw.pop("clock", None) or ScaledClock(sim.scale, start=sim.start)

    async def go() -> SyncSummary:
        conn = tw_connection(api_type, name=name)
        return await run_sync(
            conn, store, clock=clock, http_transport=httpx.ASGITransport(app=sim.app), **kw
        )

    return asyncio.run(go())
