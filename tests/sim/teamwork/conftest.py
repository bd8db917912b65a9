"""A simulated Teamwork.com site in-process on a manual clock, and a client for it."""

from __future__ import annotations

import base64
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.pinned import AS_OF
from tests.pinned import CLOCK_START as START
from tests.sim.inprocess import run_in_process
from ticketlake.sim.clock import ManualClock
from ticketlake.sim.teamwork import DEFAULT_API_KEY, SimConfig, Tenant, create_app

ORIGIN = "http://127.0.0.1:8770"
SITE = f"{ORIGIN}/us/acme"
V3 = f"{SITE}/projects/api/v3/"
DESK = f"{SITE}/desk/api/v2/"
BEARER = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}
BASIC = {"Authorization": "Basic " + base64.b64encode(f"{DEFAULT_API_KEY}:x".encode()).decode()}
EVERYTHING = {"includeCompletedTasks": "true", "showCompletedLists": "true",
              "includeArchivedProjects": "true"}  # fmt: skip


def make_tenant(tasks: int = 600, tickets: int = 300, seed: int = 5,
                **kw: Any) -> tuple[Tenant, ManualClock]:  # fmt: skip
    """A site on a manual clock."""
    clock = ManualClock(START)
    return Tenant(SimConfig(tasks=tasks, tickets=tickets, seed=seed, as_of=AS_OF, clock=clock,
                            **kw)), clock  # fmt: skip


@dataclass
class Sim:
    """A site, its clock and an HTTP client bound to it."""

    tenant: Tenant
    clock: ManualClock
    client: httpx.AsyncClient

    async def get(self, url: str, **kw: Any) -> httpx.Response:
        """GET with the form's API key as a Bearer token (unless headers are given)."""
        return await self.client.get(url, headers=kw.pop("headers", BEARER), **kw)

    async def every(self, url: str, key: str, params: dict[str, str]) -> list[dict[str, Any]]:
        """Every record of a v3 list, page by page while ``hasMore``."""
        out: list[dict[str, Any]] = []
        page = 1
        while True:
            r = await self.get(url, params={**params, "page": str(page)})
            assert r.status_code == 200, r.text
            out += r.json()[key]
            if not r.json()["meta"]["page"]["hasMore"]:
                return out
            page += 1

    async def desk_every(self, params: dict[str, str]) -> list[dict[str, Any]]:
        """Every Desk ticket a list selects, page by page while ``hasMorePages``."""
        out: list[dict[str, Any]] = []
        page = 1
        while True:
            r = await self.get(f"{DESK}tickets.json", params={**params, "page": str(page)})
            assert r.status_code == 200, r.text
            out += r.json()["tickets"]
            if not r.json()["pagination"]["hasMorePages"]:
                return out
            page += 1
            if page % 100 == 0:
                self.clock.advance(60)  # stay within Desk's 120 a minute


Body = Callable[[Sim], Coroutine[Any, Any, Any]]
Run = Callable[[Body], Any]


def run_with(tenant: Tenant, clock: ManualClock, body: Body) -> Any:
    """Run ``body(sim)`` against the site in-process."""
    app = create_app(tenant=tenant)
    return run_in_process(app, ORIGIN, lambda client: Sim(tenant, clock, client), body)


@pytest.fixture(scope="module")
def shared() -> tuple[Tenant, ManualClock]:
    """One healthy site per test module (tests that only read share it)."""
    return make_tenant()


@pytest.fixture
def run(shared: tuple[Tenant, ManualClock]) -> Run:
    """Run a coroutine against the module's shared site, a fresh minute later (so the rate
    windows hold none of the previous test's calls)."""
    tenant, clock = shared
    clock.advance(61)
    return lambda body: run_with(tenant, clock, body)


def error_detail(r: httpx.Response) -> str:
    """The ``detail`` of a v3 error body (which has exactly the documented keys)."""
    body = r.json()
    assert set(body) == {"errors"}
    assert set(body["errors"][0]) == {"id", "title", "detail"}
    return str(body["errors"][0]["detail"])
