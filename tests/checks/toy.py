"""A source with no TDX knowledge, to test the checks' shared machinery: a two-step guide, a
transport on a scripted server, and a context that is a ``CallRecorder``."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from ticketlake.checks.guide import Guide
from ticketlake.checks.recorder import CallRecorder
from ticketlake.secret import Secret
from ticketlake.transport import FakeClock, Transport
from ticketlake.transport.endpoint import Endpoint, Limit

SECRET = "toy-Secret-7781"
GUIDE = Guide(
    "Toy setup",
    {1: "Create the API user", 2: "Give it read access"},
    rate_limit_fix="Other integrations use the hour's budget: run the checks later.",
    rate_limit_step=2,
)
ENDPOINTS = (
    Endpoint("GET", "v1/{zone}/tickets/{id}", Limit(60, 60.0)),
    Endpoint("GET", "v1/{zone}/whoami", Limit(60, 60.0)),
)


def transport(answer: Callable[[httpx.Request], httpx.Response]) -> Transport:
    """A transport whose every call ``answer`` answers."""
    return Transport(
        "https://toy.example.com/api",
        ENDPOINTS,
        connection="acme",
        clock=FakeClock(),
        http_transport=httpx.MockTransport(answer),
        redact=[Secret(SECRET)],
    )


class ToyContext(CallRecorder):
    """A toy source's check context: its guide, its connection, its zone in every path."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        token = re.compile(r'("token"\s*:\s*")[^"]*(")')
        super().__init__(transport(answer), path={"zone": "eu"}, masks=(token,))

    @property
    def connection(self) -> str:
        """The connection's name."""
        return "acme"

    @property
    def guide(self) -> Guide:
        """The toy guide."""
        return GUIDE
