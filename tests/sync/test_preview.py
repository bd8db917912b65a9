"""The plan of a first sync, made before anything is stored (what onboarding shows)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.errors import PermissionDenied
from ticketlake.sync.plan import lower_limits
from ticketlake.sync.preview import estimate_first_sync, priced
from ticketlake.transport import FakeClock, Transport
from ticketlake.transport.endpoint import Endpoint, Limit

LIST = Endpoint("GET", "v1/items", Limit(10, 60.0))
ONE = Endpoint("GET", "v1/items/{id}", Limit(5, 60.0))


def transport() -> Transport:
    return Transport(
        "https://src.example.com/api",
        (LIST, ONE),
        connection="acme",
        clock=FakeClock(),
        http_transport=httpx.MockTransport(lambda r: httpx.Response(200, json=[])),
    )


class Probe:
    """A stream that says what it saw of the context it was asked in."""

    name = "items"
    tables = ("tickets",)

    def __init__(self) -> None:
        self.seen: StreamContext | None = None

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        self.seen = ctx
        stored = await ctx.sink.query("SELECT count(*) FROM tickets")
        return [CallEstimate(LIST.key, 21 + len(stored.rows)), CallEstimate(ONE.key, 3)]

    async def run(self, ctx: StreamContext) -> None:  # pragma: no cover - previews never run
        raise AssertionError


class Refused(Probe):
    name = "details"

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        raise PermissionDenied("the account may not read details", method="GET", status=403)


class Broken(Probe):
    name = "broken"

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        raise ZeroDivisionError


def test_every_stream_estimates_a_first_sync_against_an_empty_store() -> None:
    probe = Probe()
    found = asyncio.run(estimate_first_sync("acme", transport(), [probe, Refused()]))
    assert probe.seen is not None
    assert probe.seen.preview
    assert probe.seen.sink.cursor("items") is None
    assert probe.seen.streams == frozenset({"items", "details"})
    assert found.by_stream == {"items": [CallEstimate(LIST.key, 21), CallEstimate(ONE.key, 3)]}
    assert found.skipped == {"details": "the account may not read details"}


def test_a_failure_that_is_not_the_source_s_answer_is_raised() -> None:
    with pytest.raises(ZeroDivisionError):
        asyncio.run(estimate_first_sync("acme", transport(), [Probe(), Broken()]))


def test_the_estimates_are_priced_at_each_endpoint_s_limit() -> None:
    found = asyncio.run(estimate_first_sync("acme", transport(), [Probe()]))
    plan = priced(transport(), found.by_stream)
    assert plan.calls == 24
    assert plan.floor == 120.0  # 21 calls at 10 a minute: the third window opens at 2 min
    assert plan.bottleneck == LIST.key


def test_limits_announced_below_the_documented_ones_are_listed_by_endpoint() -> None:
    announced = (Endpoint(LIST.method, LIST.template, Limit(4, 60.0)), ONE)
    assert lower_limits((LIST, ONE), announced) == [(LIST.key, 4, 10)]
    assert lower_limits((LIST, ONE), (LIST, ONE)) == []
