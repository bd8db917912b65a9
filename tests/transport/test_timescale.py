"""TICKETLAKE_TIME_SCALE speeds the client up for a simulator on loopback, and nowhere else."""

from __future__ import annotations

import httpx
import pytest

from ticketlake.errors import RateLimited
from ticketlake.transport import FakeClock, RetryPolicy, ScaledClock, Transport
from ticketlake.transport.clock import FAKE_EPOCH
from ticketlake.transport.timescale import TimeScale, is_loopback_url, mismatch

from .scripted import BASE, ENDPOINTS, TICKET, rate_headers


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8750/TDWebApi",
        "http://127.9.9.9/TDWebApi",
        "http://[::1]:8750/TDWebApi",
        "http://localhost:8750/TDWebApi",
        "http://LOCALHOST/TDWebApi",
    ],
)
def test_a_loopback_simulator_gets_a_scaled_clock(url: str) -> None:
    warnings: list[str] = []
    clock = TimeScale(60, warn=warnings.append).clock_for(url)
    assert isinstance(clock, ScaledClock)
    assert clock.scale == 60
    assert warnings == []


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.teamdynamix.com/TDWebApi",
        "https://10.0.0.5/TDWebApi",
        "https://127.0.0.1.nip.io/TDWebApi",  # a public name that merely looks local
        "https://localhost.acme.com/TDWebApi",
        "not a url",
    ],
)
def test_any_other_url_runs_in_real_time_with_one_warning(url: str) -> None:
    warnings: list[str] = []
    scale = TimeScale(60, warn=warnings.append)
    assert scale.clock_for(url) is None
    assert scale.clock_for(url) is None
    assert len(warnings) == 1  # said once, not on every call
    assert "TICKETLAKE_TIME_SCALE=60 is ignored for" in warnings[0]
    assert "60 times faster than its rate limits allow" in warnings[0]
    assert "`unset TICKETLAKE_TIME_SCALE`" in warnings[0]


def test_a_scale_of_one_is_real_time_everywhere() -> None:
    warnings: list[str] = []
    assert TimeScale(1, warn=warnings.append).clock_for("https://acme.example") is None
    assert warnings == []


def test_loopback_urls() -> None:
    assert is_loopback_url("http://127.0.0.1/x")
    assert not is_loopback_url("http://[::2]/x")
    assert not is_loopback_url("http://0.0.0.0/x")


def test_matching_clocks_are_no_mismatch() -> None:
    assert mismatch(None, 60) is None  # not known yet
    assert mismatch(1.0, 1) is None
    assert mismatch(1.3, 60) is None


def test_a_simulator_faster_than_the_client_is_named_with_its_speed() -> None:
    found = mismatch(59.6, 1)
    assert found is not None
    what, fix = found
    assert what.startswith("the tenant's clock runs 59.6 times faster than ticketlake's")
    assert fix.startswith("`export TICKETLAKE_TIME_SCALE=60` (the simulator's --time-scale)")


def test_a_client_faster_than_a_real_time_simulator_is_told_to_unset_its_scale() -> None:
    found = mismatch(1 / 60, 60)
    assert found is not None
    assert "60 times slower than ticketlake's" in found[0]
    assert found[1].startswith("`unset TICKETLAKE_TIME_SCALE`")


@pytest.mark.anyio
async def test_429s_from_a_server_at_another_speed_are_diagnosed_so() -> None:
    class Fast(FakeClock):
        scale = 60.0  # ticketlake run at TICKETLAKE_TIME_SCALE=60

    clock = Fast()

    def slow_server(request: httpx.Request) -> httpx.Response:
        server_now = FAKE_EPOCH + (clock.now() - FAKE_EPOCH) / 60  # a simulator in real time
        return httpx.Response(429, headers=rate_headers(60, 0, server_now + 60, server_now))

    transport = Transport(BASE, ENDPOINTS, connection="sim", clock=clock,
                          http_transport=httpx.MockTransport(slow_server),
                          retry=RetryPolicy(throttle_attempts=20))  # fmt: skip
    async with transport:
        with pytest.raises(RateLimited) as caught:
            await transport.call("GET", TICKET.template, path={"appId": 627, "id": 5})
    message = caught.value.message
    assert "times slower than ticketlake's: a simulator at another time scale" in message
    assert "another client" not in str(caught.value)
    assert caught.value.fix is not None
    assert caught.value.fix.startswith("`unset TICKETLAKE_TIME_SCALE`")
