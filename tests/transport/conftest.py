"""Fixtures for the transport tests: a fake clock, a scripted server, a transport on both."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from ticketlake.transport import FakeClock, Transport

from .scripted import BASE, ENDPOINTS, Server


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
