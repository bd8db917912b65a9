"""Transport retries: 429 waits for the announced reset, transient failures back off, other
4xx fail at once with a typed error. Every loop is bounded."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from ticketlake.errors import NotFound, PermissionDenied, RateLimited, SourceError
from ticketlake.transport import Backoff, FakeClock, RetryPolicy, Transport
from ticketlake.transport.clock import FAKE_EPOCH as T0

from .scripted import TICKET, Server, rate_headers

pytestmark = pytest.mark.anyio

MakeTransport = Callable[..., Transport]
PATH = {"appId": 627, "id": 5}
OK = httpx.Response(200, json={"ID": 5})
# Half the jitter every time: delays are exactly 0.75 x the exponential ceiling.
STEADY = RetryPolicy(backoff=Backoff(base=1.0, cap=8.0, jitter=0.5), random=lambda: 0.5)


async def get(t: Transport) -> httpx.Response:
    return await t.call("GET", TICKET.template, path=PATH)


async def test_429_waits_until_the_announced_reset_plus_margin_then_succeeds(
    make_transport: MakeTransport, server: Server
) -> None:
    server.script = [httpx.Response(429, headers=rate_headers(60, 0, T0 + 30, T0)), OK]
    async with make_transport() as t:
        assert (await get(t)).json() == {"ID": 5}
        s = t.stats[TICKET.key]
        assert (s.throttled, s.retries, s.wait_seconds) == (1, 1, 35.0)
    assert [x - T0 for x in server.times] == [0, 35]


async def test_429_without_a_reset_header_waits_for_the_documented_window(
    make_transport: MakeTransport, server: Server
) -> None:
    server.script = [httpx.Response(429), OK]
    async with make_transport() as t:
        await get(t)
    assert [x - T0 for x in server.times] == [0, 65]


async def test_429_that_never_ends_raises_rate_limited_after_the_bounded_attempts(
    make_transport: MakeTransport, server: Server
) -> None:
    server.script = [httpx.Response(429, text='{"Message":"slow down"}')]
    async with make_transport(retry=RetryPolicy(throttle_attempts=3)) as t:
        with pytest.raises(RateLimited, match="slow down") as caught:
            await get(t)
        assert t.stats[TICKET.key].throttled == 3
    assert caught.value.status == 429
    assert len(server.requests) == 3


async def test_5xx_backs_off_exponentially_then_succeeds(
    make_transport: MakeTransport, server: Server, clock: FakeClock
) -> None:
    server.script = [httpx.Response(503), httpx.Response(502), httpx.Response(500), OK]
    async with make_transport(retry=STEADY) as t:
        await get(t)
        assert t.stats[TICKET.key].backoff_seconds == 0.75 + 1.5 + 3.0
    assert clock.sleeps == [0.75, 1.5, 3.0]


async def test_5xx_that_persists_fails_after_the_bounded_attempts_with_an_excerpt(
    make_transport: MakeTransport, server: Server, clock: FakeClock
) -> None:
    server.script = [httpx.Response(500, text="<html>\n  Server Error in '/TDWebApi'\n</html>")]
    policy = RetryPolicy(transient_attempts=6, backoff=Backoff(base=1.0, cap=8.0))
    async with make_transport(retry=policy) as t:
        with pytest.raises(SourceError) as caught:
            await get(t)
    assert type(caught.value) is SourceError
    assert "HTTP 500: <html> Server Error in '/TDWebApi' </html>" in str(caught.value)
    assert len(server.requests) == 6
    assert len(clock.sleeps) == 5
    assert all(0.5 * min(8.0, 2.0**n) <= d <= min(8.0, 2.0**n) for n, d in enumerate(clock.sleeps))


@pytest.mark.parametrize(
    "dropped",
    [
        httpx.ReadTimeout("timed out"),
        httpx.ConnectError("connection refused"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
)
async def test_timeouts_and_dropped_connections_are_retried(
    make_transport: MakeTransport, server: Server, clock: FakeClock, dropped: Exception
) -> None:
    server.script = [dropped, OK]
    async with make_transport(retry=STEADY) as t:
        assert (await get(t)).status_code == 200
        assert (t.stats[TICKET.key].calls, t.stats[TICKET.key].retries) == (2, 1)
    assert clock.sleeps == [0.75]


async def test_a_connection_that_keeps_dropping_fails_after_the_bounded_attempts(
    make_transport: MakeTransport, server: Server
) -> None:
    server.script = [httpx.RemoteProtocolError("Server disconnected")]
    async with make_transport(retry=STEADY) as t:
        with pytest.raises(SourceError, match="lost the connection 5 times") as caught:
            await get(t)
        assert t.stats[TICKET.key].errors == 1
    assert caught.value.endpoint == TICKET.template
    assert len(server.requests) == 5


@pytest.mark.parametrize(
    ("status", "kind"),
    [(404, NotFound), (403, PermissionDenied), (400, SourceError), (409, SourceError)],
)
async def test_other_4xx_are_not_retried_and_are_typed(
    make_transport: MakeTransport,
    server: Server,
    clock: FakeClock,
    status: int,
    kind: type[SourceError],
) -> None:
    server.script = [httpx.Response(status, json={"Message": "nope"})]
    async with make_transport() as t:
        with pytest.raises(SourceError) as caught:
            await get(t)
    assert type(caught.value) is kind
    assert (caught.value.status, caught.value.method) == (status, "GET")
    assert caught.value.endpoint == "api/{appId}/tickets/{id}"
    assert len(server.requests) == 1
    assert clock.sleeps == []


async def test_429_with_retry_after_waits_that_long(
    make_transport: MakeTransport, server: Server
) -> None:
    server.script = [httpx.Response(429, headers={"Retry-After": "12"}), OK]
    async with make_transport() as t:
        await get(t)
    assert [x - T0 for x in server.times] == [0, 17]
