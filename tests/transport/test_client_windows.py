"""Against a server enforcing fixed windows: documented limits give zero 429s; a wrong limit
is learnt from the headers and recovered from."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from ticketlake.transport import Endpoint, FakeClock, Limit, Transport
from ticketlake.transport.clock import FAKE_EPOCH as T0

from .window_server import WindowServer

pytestmark = pytest.mark.anyio

TICKET = Endpoint("GET", "api/{appId}/tickets/{id}", Limit(5, 60))
SEARCH = Endpoint("POST", "api/{appId}/tickets/search", Limit(3, 60))
FEED = Endpoint("GET", "api/feed/{id}")  # undocumented and unlimited
TICKET_ROUTE = "GET /TDWebApi/api/{n}/tickets/{n}"
SEARCH_ROUTE = "POST /TDWebApi/api/{n}/tickets/search"


def transport(clock: FakeClock, server: WindowServer, *endpoints: Endpoint) -> Transport:
    return Transport(
        "http://127.0.0.1/TDWebApi/",
        endpoints,
        connection="tenant-a",
        clock=clock,
        http_transport=httpx.ASGITransport(app=server),
    )


async def test_documented_limits_are_kept_without_a_single_429() -> None:
    clock = FakeClock()
    limits = {TICKET_ROUTE: (5, 60.0), SEARCH_ROUTE: (3, 60.0)}
    server = WindowServer(clock, limits, skew=37.4)  # the server's clock runs ahead
    async with transport(clock, server, TICKET, SEARCH, FEED) as t:
        calls = [t.call("GET", TICKET.template, path={"appId": 1, "id": i}) for i in range(20)]
        calls += [t.call("POST", SEARCH.template, path={"appId": 1}, json={}) for _ in range(9)]
        calls += [t.call("GET", FEED.template, path={"id": i}) for i in range(7)]
        await asyncio.gather(*calls)
        assert t.stats.total().throttled == 0
        assert t.server_offset == pytest.approx(37.4, abs=1.0)
    assert [status for _, status in server.log].count(429) == 0
    assert len(server.log) == 36
    # 20 ticket calls at 5 a window need 4 windows: at most (period + margin + 1 s rounding)
    # between the starts of consecutive windows.
    assert 3 * 60 <= clock.now() - T0 <= 3 * 66


async def test_an_unconfirmed_limit_that_is_wrong_is_learnt_without_429s() -> None:
    clock = FakeClock()
    search = Endpoint("POST", "api/{appId}/tickets/search", Limit(30, 60), confirmed=False)
    server = WindowServer(clock, {SEARCH_ROUTE: (4, 60.0)})
    async with transport(clock, server, search) as t:
        await asyncio.gather(
            *(t.call("POST", search.template, path={"appId": 1}, json={}) for _ in range(12))
        )
    assert server.statuses(SEARCH_ROUTE) == [200] * 12


async def test_a_confirmed_limit_that_is_wrong_is_recovered_from() -> None:
    clock = FakeClock()
    search = Endpoint("POST", "api/{appId}/tickets/search", Limit(10, 60))
    server = WindowServer(clock, {SEARCH_ROUTE: (4, 60.0)})
    async with transport(clock, server, search) as t:
        await asyncio.gather(
            *(t.call("POST", search.template, path={"appId": 1}, json={}) for _ in range(12))
        )
        stats = t.stats[search.key]
    # The first burst overshoots once; from then on the server's headers set the pace.
    assert server.statuses(SEARCH_ROUTE).count(200) == 12
    assert stats.throttled == 6
    assert server.statuses(SEARCH_ROUTE)[10:].count(429) == 0
