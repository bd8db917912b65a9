"""Transport: the guarded, budgeted call path end to end against an in-process server."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import httpx
import pytest

from ticketlake.errors import NotFound, ReadOnlyViolation
from ticketlake.transport import Endpoint, FakeClock, Limit, Transport
from ticketlake.transport.client import LATENCY_SAMPLES
from ticketlake.transport.clock import FAKE_EPOCH as T0

from .scripted import BASE, ENDPOINTS, SEARCH, TICKET, Server, rate_headers

pytestmark = pytest.mark.anyio

MakeTransport = Callable[..., Transport]
TICKET_PATH = {"appId": 627, "id": 5}


async def test_call_sends_the_filled_path_and_returns_parsed_json(
    make_transport: MakeTransport, server: Server
) -> None:
    server.script = [httpx.Response(200, json={"ID": 5, "Title": "Printer"})]
    async with make_transport() as t:
        body = await t.json("GET", TICKET.template, path=TICKET_PATH)
    assert body == {"ID": 5, "Title": "Printer"}
    assert str(server.requests[0].url) == BASE + "api/627/tickets/5"


@pytest.mark.parametrize(
    ("content", "parsed"),
    [(b'"eyJ.token"', "eyJ.token"), (b"  eyJ.raw-token\r\n", "eyJ.raw-token"), (b"", None)],
)
async def test_json_tolerates_a_quoted_string_raw_text_and_empty(
    make_transport: MakeTransport, server: Server, content: bytes, parsed: object
) -> None:
    server.script = [httpx.Response(200, content=content)]
    async with make_transport() as t:
        assert await t.json("POST", "api/auth", json={}, authenticate=False) == parsed


async def test_the_guard_refuses_a_write_before_the_network(
    make_transport: MakeTransport, server: Server
) -> None:
    async with make_transport() as t:
        with pytest.raises(ReadOnlyViolation):
            await t.call("PUT", TICKET.template, path=TICKET_PATH, json={"StatusID": 1})
        with pytest.raises(ReadOnlyViolation):
            await t.call("POST", "api/{appId}/tickets", path={"appId": 627}, json={})
        assert server.requests == []
        assert t.stats.total().calls == 0


async def test_server_offset_comes_from_the_date_header(
    make_transport: MakeTransport, server: Server, clock: FakeClock
) -> None:
    server.script = [httpx.Response(200, json={}, headers=rate_headers(60, 59, T0 + 60, T0 + 90))]
    async with make_transport() as t:
        await t.call("GET", TICKET.template, path=TICKET_PATH)
        assert t.server_offset == 90.0
        assert t.server_now() == clock.now() + 90.0


async def test_calls_wait_for_the_documented_limit_before_they_are_sent(
    make_transport: MakeTransport, server: Server
) -> None:
    lookup = Endpoint("GET", "api/{appId}/tickets/{id}", Limit(2, 60))
    async with make_transport(endpoints=[lookup]) as t:
        await asyncio.gather(
            *(t.call("GET", lookup.template, path={"appId": 627, "id": i}) for i in range(5))
        )
        assert [round(x - T0) for x in server.times] == [0, 0, 62, 62, 124]
        assert t.stats[lookup.key].wait_seconds == 62 + 62 + 124
        assert t.stats[lookup.key].throttled == 0


async def test_a_lower_limit_announced_by_the_server_paces_the_next_calls(
    make_transport: MakeTransport, server: Server
) -> None:
    server.script = [
        httpx.Response(200, json={}, headers=rate_headers(2, 1, T0 + 30, T0)),
        httpx.Response(200, json={}, headers=rate_headers(2, 0, T0 + 30, T0)),
        httpx.Response(200, json={}),
    ]
    async with make_transport() as t:
        for _ in range(3):
            await t.call("GET", TICKET.template, path=TICKET_PATH)
    assert [x - T0 for x in server.times] == [0, 0, 32]


async def test_remaining_zero_waits_until_reset_plus_margin_on_the_servers_clock(
    make_transport: MakeTransport, server: Server
) -> None:
    # The client's clock is an hour behind the server: the reset must be read against Date.
    server.script = [
        httpx.Response(200, json={}, headers=rate_headers(30, 0, T0 + 3600 + 20, T0 + 3600)),
        httpx.Response(200, json={}),
    ]
    async with make_transport() as t:
        for _ in range(2):
            await t.call("POST", SEARCH.template, path={"appId": 627}, json={})
    assert [x - T0 for x in server.times] == [0, 22]


async def test_callers_of_different_endpoints_do_not_wait_for_each_other(
    make_transport: MakeTransport, server: Server, clock: FakeClock
) -> None:
    server.script = [
        httpx.Response(200, json={}, headers=rate_headers(30, 0, T0 + 50, T0)),
        httpx.Response(200, json={}),
    ]
    async with make_transport() as t:
        await t.call("POST", SEARCH.template, path={"appId": 627}, json={})
        waiting = asyncio.ensure_future(
            t.call("POST", SEARCH.template, path={"appId": 627}, json={})
        )
        await asyncio.sleep(0)
        await t.call("GET", TICKET.template, path=TICKET_PATH)
        assert (clock.now(), waiting.done()) == (T0, False)
        await waiting
    assert [x - T0 for x in server.times] == [0, 0, 52]


async def test_stats_count_calls_throttles_retries_and_errors(
    make_transport: MakeTransport, server: Server
) -> None:
    server.script = [
        httpx.Response(200, json={}),
        httpx.Response(429, headers=rate_headers(60, 0, T0 + 10, T0)),
        httpx.Response(200, json={}),
        httpx.Response(404, json={"Message": "no ticket"}),
    ]
    async with make_transport() as t:
        await t.call("GET", TICKET.template, path=TICKET_PATH)
        await t.call("GET", TICKET.template, path=TICKET_PATH)
        with pytest.raises(NotFound):
            await t.call("GET", TICKET.template, path=TICKET_PATH)
        s = t.stats[TICKET.key]
        assert (s.calls, s.throttled, s.retries, s.errors, s.wait_seconds) == (4, 1, 1, 1, 15.0)
        assert t.stats[SEARCH.key].calls == 0


async def test_an_endpoint_that_takes_long_gets_its_own_timeout(
    make_transport: MakeTransport, server: Server
) -> None:
    slow = Endpoint("GET", "api/reports/{id}", Limit(60, 60), timeout=120.0)
    async with make_transport(endpoints=(TICKET, slow)) as t:
        await t.call("GET", slow.template, path={"id": 1})
        await t.call("GET", TICKET.template, path=TICKET_PATH)
    report, ticket = (r.extensions["timeout"]["read"] for r in server.requests)
    assert (report, ticket) == (120.0, 30.0)


async def test_the_mean_answer_time_counts_only_the_calls_answered(clock: FakeClock) -> None:
    """A call still in flight has no answer time yet: it does not pull the mean down (the
    plan prices an endpoint's calls at it)."""
    arrived, release = asyncio.Event(), asyncio.Event()
    sent: list[httpx.Request] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if len(sent) == 1:
            clock.advance(2.0)
        elif len(sent) > LATENCY_SAMPLES:
            arrived.set()
            await release.wait()
        return httpx.Response(200, json={})

    http = httpx.MockTransport(answer)
    async with Transport(BASE, ENDPOINTS, connection="tenant-a", clock=clock,
                         http_transport=http) as t:  # fmt: skip
        for _ in range(LATENCY_SAMPLES):
            await t.call("GET", TICKET.template, path=TICKET_PATH)
        waiting = asyncio.create_task(t.call("GET", TICKET.template, path=TICKET_PATH))
        await arrived.wait()
        assert t.latencies() == {TICKET.key: 2.0 / LATENCY_SAMPLES, "": 0.0}
        release.set()
        await waiting


async def test_an_endpoint_answered_only_a_few_times_has_no_answer_time_yet(
    clock: FakeClock,
) -> None:
    """One slow first answer (a cold server) prices neither its endpoint's calls nor any
    other's: an endpoint answered fewer times gets the fastest answer of any call."""
    slow = Endpoint("GET", "api/reports/{id}", Limit(60, 60))
    times = iter([25.0, 1.5, 1.0, 0.5, 1.0, 1.0])

    async def answer(request: httpx.Request) -> httpx.Response:
        clock.advance(next(times))
        return httpx.Response(200, json={})

    async with Transport(BASE, (TICKET, slow), connection="tenant-a", clock=clock,
                         http_transport=httpx.MockTransport(answer)) as t:  # fmt: skip
        await t.call("GET", slow.template, path={"id": 1})
        for _ in range(LATENCY_SAMPLES):
            await t.call("GET", TICKET.template, path=TICKET_PATH)
        assert t.latencies() == {TICKET.key: 1.0, "": 0.5}


async def test_a_task_whose_cancellation_the_http_stack_lost_sends_nothing_more(
    clock: FakeClock,
) -> None:
    """The stack caught the cancellation mid-call and answered anyway: the task's next call
    ends it, before the network."""
    sent: list[str] = []
    reached = asyncio.Event()

    async def stubborn(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        if len(sent) == 1:
            reached.set()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.Event().wait()
        return httpx.Response(200, json={})

    async def two_calls(t: Transport) -> None:
        await t.call("GET", TICKET.template, path=TICKET_PATH)
        await t.call("GET", TICKET.template, path={"appId": 627, "id": 6})

    http = httpx.MockTransport(stubborn)
    async with Transport(BASE, ENDPOINTS, connection="a", clock=clock, http_transport=http) as t:
        task = asyncio.ensure_future(two_calls(t))
        await reached.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert sent == ["/TDWebApi/api/627/tickets/5"]
