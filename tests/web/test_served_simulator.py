"""A simulator served for the web's end-to-end tests speaks its own time only.

The client reads the server's clock from ``Date`` and its rate-limit resets on that clock.
Served by uvicorn's defaults, each answer carried uvicorn's wall-clock ``Date`` beside the
simulator's virtual one; at 60x time the client then misjudged the server's clock by minutes
per real second, took the resets for misreadings, and web-started syncs of the simulator got
429s (about half of the runs) that ``ticketlake sim`` (which serves without uvicorn's Date)
never gave.
"""

from __future__ import annotations

import httpx

from tests.pinned import AS_OF, CLOCK_START
from ticketlake.sim import teamdynamix as simulator
from ticketlake.sim.clock import ScaledClock
from ticketlake.transport.quota import parse_http_date

from .live import listening_socket, serving


def test_a_served_simulator_dates_its_answers_with_its_virtual_clock_only() -> None:
    config = simulator.SimConfig(
        tickets=5, time_scale=60.0, as_of=AS_OF, clock=ScaledClock(60.0, start=CLOCK_START)
    )
    with serving(simulator.create_app(config), listening_socket()) as base:
        answer = httpx.post(f"{base}/TDWebApi/api/auth", json={})
    dates = answer.headers.get_list("date")
    assert len(dates) == 1, dates
    served_at = parse_http_date(dates[0])
    assert served_at is not None
    # The simulator's clock started at CLOCK_START; an hour of its time is a minute of ours.
    assert CLOCK_START <= served_at < CLOCK_START + 3600
    assert "server" not in answer.headers
