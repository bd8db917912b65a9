"""A simulated Autotask tenant in-process on a manual clock, and a client with its headers."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.pinned import AS_OF
from tests.pinned import CLOCK_START as START
from tests.sim.inprocess import run_in_process
from ticketlake.sim.autotask import (
    DEFAULT_INTEGRATION_CODE,
    DEFAULT_SECRET,
    DEFAULT_USERNAME,
    Readings,
    SimConfig,
    Tenant,
    create_app,
)
from ticketlake.sim.clock import ManualClock

ORIGIN = "http://sim.test"
ZONE = f"{ORIGIN}/webservices5/ATServicesRest/V1.0/"
DISCOVERY = f"{ORIGIN}/ATServicesRest/"
HEADERS = {"UserName": DEFAULT_USERNAME, "Secret": DEFAULT_SECRET,
           "ApiIntegrationCode": DEFAULT_INTEGRATION_CODE}  # fmt: skip
ALL = [{"op": "gt", "field": "id", "value": 0}]


def make_tenant(tickets: int = 400, seed: int = 11, **kw: Any) -> tuple[Tenant, ManualClock]:
    """A tenant on a manual clock whose calls take no time (unless ``readings`` say so)."""
    clock = ManualClock(START)
    kw.setdefault("readings", Readings(call_seconds=0.0))

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    kw.setdefault("sleep", sleep)
    return Tenant(SimConfig(tickets=tickets, seed=seed, as_of=AS_OF, clock=clock, **kw)), clock


@dataclass
class Sim:
    """A tenant, its clock and an HTTP client bound to it."""

    tenant: Tenant
    clock: ManualClock
    client: httpx.AsyncClient

    async def query(self, entity: str, body: Any, **kw: Any) -> httpx.Response:
        """``POST {Entity}/query`` in the tenant's zone with the API user's headers."""
        return await self.client.post(f"{ZONE}{entity}/query", json=body,
                                      headers=kw.pop("headers", HEADERS), **kw)  # fmt: skip

    async def get(self, path: str, **kw: Any) -> httpx.Response:
        """``GET`` a path below the zone's ``V1.0/``."""
        return await self.client.get(f"{ZONE}{path}", headers=kw.pop("headers", HEADERS), **kw)

    async def all_items(self, entity: str, filters: list[Any]) -> list[dict[str, Any]]:
        """Every record a query matches, following nextPageUrl by POST with the same body."""
        body = {"filter": filters}
        r = await self.query(entity, body)
        items = list(r.json()["items"])
        while url := r.json()["pageDetails"]["nextPageUrl"]:
            r = await self.client.post(url, json=body, headers=HEADERS)
            assert r.status_code == 200, r.text
            items += r.json()["items"]
        return items


Body = Callable[[Sim], Coroutine[Any, Any, Any]]
Run = Callable[[Body], Any]


def run_with(tenant: Tenant, clock: ManualClock, body: Body) -> Any:
    """Run ``body(sim)`` against the tenant in-process."""
    app = create_app(tenant=tenant)
    return run_in_process(app, ORIGIN, lambda client: Sim(tenant, clock, client), body)


@pytest.fixture(scope="module")
def shared() -> tuple[Tenant, ManualClock]:
    """One healthy tenant per test module (tests that only read share it)."""
    return make_tenant()


@pytest.fixture
def run(shared: tuple[Tenant, ManualClock]) -> Run:
    """Run a coroutine against the module's shared tenant, a fresh hour later (so the
    tenant's rolling window holds none of the previous test's calls)."""
    tenant, clock = shared
    clock.advance(3601)
    return lambda body: run_with(tenant, clock, body)


def errors(r: httpx.Response) -> list[str]:
    """The ``errors`` of an Autotask error body."""
    body = r.json()
    assert set(body) == {"errors"}, body
    return list(body["errors"])
