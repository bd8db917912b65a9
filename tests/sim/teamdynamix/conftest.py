"""A simulated tenant in-process on a manual clock, and a client that logs in to it."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.pinned import AS_OF
from tests.pinned import CLOCK_START as START
from tests.sim.inprocess import run_in_process
from ticketlake.sim.clock import ManualClock
from ticketlake.sim.teamdynamix import (
    DEFAULT_APP_ID,
    DEFAULT_BEID,
    DEFAULT_PASSWORD,
    DEFAULT_USERNAME,
    DEFAULT_WEB_SERVICES_KEY,
    SimConfig,
    Tenant,
    create_app,
)

APP = DEFAULT_APP_ID
BASE = "http://sim.test/TDWebApi/"


@dataclass
class Sim:
    """A tenant, its clock and an HTTP client bound to it."""

    tenant: Tenant
    clock: ManualClock
    client: httpx.AsyncClient

    async def login(self, username: str = DEFAULT_USERNAME,
                    password: str = DEFAULT_PASSWORD) -> dict[str, str]:  # fmt: skip
        """Log in and return the Authorization header."""
        r = await self.client.post("api/auth", json={"username": username, "password": password})
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.text}"}

    async def admin(self) -> dict[str, str]:
        """Log in with the admin key."""
        body = {"BEID": DEFAULT_BEID, "WebServicesKey": DEFAULT_WEB_SERVICES_KEY}
        r = await self.client.post("api/auth/loginadmin", json=body)
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.text}"}


def make_tenant(tickets: int = 600, seed: int = 11, **kw: Any) -> tuple[Tenant, ManualClock]:
    """A tenant on a manual clock."""
    clock = ManualClock(START)
    return Tenant(SimConfig(tickets=tickets, seed=seed, as_of=AS_OF, clock=clock, **kw)), clock


Run = Callable[[Callable[[Sim], Coroutine[Any, Any, Any]]], Any]


def run_with(tenant: Tenant, clock: ManualClock, body: Callable[[Sim], Coroutine[Any, Any, Any]],
             client_ip: str = "10.0.0.7") -> Any:  # fmt: skip
    """Run ``body(sim)`` against the tenant in-process."""
    app = create_app(tenant=tenant)
    return run_in_process(app, BASE, lambda client: Sim(tenant, clock, client), body, client_ip)


@pytest.fixture(scope="module")
def shared() -> tuple[Tenant, ManualClock]:
    """One healthy tenant per test module (tests that only read share it)."""
    return make_tenant()


@pytest.fixture
def run(shared: tuple[Tenant, ManualClock]) -> Iterator[Run]:
    """Run a coroutine against the module's shared tenant (rate-limit windows reset first)."""
    tenant, clock = shared
    clock.advance(3600)  # every test starts in fresh rate-limit windows
    return lambda body: run_with(tenant, clock, body)
