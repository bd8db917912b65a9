"""TICKETLAKE_TIME_SCALE speeds the client up for a simulator on loopback, and nowhere else."""

from __future__ import annotations

import pytest

from ticketlake.transport import ScaledClock
from ticketlake.transport.timescale import TimeScale, is_loopback_url


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
