"""Fixtures for the transport tests: a fake clock, a scripted server, a transport on both;
the stores shared budgets live in."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from ticketlake.transport import FakeClock, Transport

from ..scale.conftest import redis_client, redis_url
from .scripted import BASE, ENDPOINTS, Server
from .stores import Store, postgres_store, redis_store

__all__ = ["redis_client", "redis_url"]


@pytest.fixture
def clock() -> FakeClock:
    """Fake time starting at a whole second (HTTP dates have one-second resolution)."""
    return FakeClock()


@pytest.fixture
def server(clock: FakeClock) -> Server:
    """A server that answers 200 ``{}`` unless a test scripts otherwise."""
    return Server(clock, [httpx.Response(200, json={})])


@pytest.fixture
def make_transport(clock: FakeClock, server: Server) -> Callable[..., Transport]:
    """Build a Transport on the scripted server and the fake clock."""

    def make(**options: object) -> Transport:
        options.setdefault("connection", "tenant-a")
        options.setdefault("clock", clock)
        endpoints = options.pop("endpoints", ENDPOINTS)
        return Transport(
            BASE,
            endpoints,
            http_transport=httpx.MockTransport(server),
            **options,
        )

    return make


@pytest.fixture(params=["redis", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store of shared budgets: each contract test runs on Redis and on Postgres."""
    yield from (redis_store if request.param == "redis" else postgres_store)(request)
