"""One run of the Autotask checks against a simulated tenant, in-process.

``httpx.ASGITransport`` carries every call; the transport's fake clock is the simulator's clock
too (a call's latency and the rolling hour pass in fake time, never in real time). The data is
as of the tests' pinned date.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from typing import Any

import httpx

from tests.checks.scenario import Run
from tests.pinned import AS_OF, CLOCK_START
from ticketlake.checks import CheckOptions
from ticketlake.connectors.autotask.checks import run_settings
from ticketlake.connectors.autotask.zone import forget_zones
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.secret import Secret
from ticketlake.sim import autotask as sim
from ticketlake.transport import FakeClock

TICKETS = 150
ORIGIN = "http://127.0.0.1"
DISCOVERY = f"{ORIGIN}/ATServicesRest"


def settings(name: str = "msp", **values: Any) -> ConnectionSettings:
    """An Autotask connection to the simulator's defaults, discovered on its bootstrap path."""
    fields = {"api_username": sim.DEFAULT_USERNAME, "discovery_url": DISCOVERY,
              "budget_share": 50} | values  # fmt: skip
    secrets = {"api_secret": Secret(sim.DEFAULT_SECRET),
               "api_tracking_identifier": Secret(sim.DEFAULT_INTEGRATION_CODE)}  # fmt: skip
    return ConnectionSettings(name, "autotask", fields, secrets)


def check_run(
    scenario: str = "healthy",
    *,
    readings: sim.Readings | None = None,
    values: dict[str, Any] | None = None,
    pin: bool = False,
    **config: Any,
) -> Run:
    """The checks of a connection to a fresh simulated tenant set up as ``scenario``;
    ``pin``: the connection pins the zone the customer wrote down (``zone_url``)."""
    forget_zones()
    clock = FakeClock(CLOCK_START)
    tenant = sim.Tenant(sim.SimConfig(
        tickets=TICKETS, seed=11, scenario=scenario, as_of=AS_OF, clock=clock,
        sleep=clock.sleep, readings=readings or sim.Readings(), **config,
    ))  # fmt: skip
    values = dict(values or {})
    if pin:
        values["zone_url"] = f"{ORIGIN}/{tenant.world.setup.advertised_zone}/ATServicesRest"
    app = sim.create_app(tenant=tenant)
    options = CheckOptions(http_transport=httpx.ASGITransport(app=app), clock=clock)
    report = asyncio.run(run_settings(settings(**values), options, lambda r: None))
    return Run(report, tenant)


SECRETS = (sim.DEFAULT_SECRET, sim.DEFAULT_INTEGRATION_CODE)
MAX_CALLS_PER_ENDPOINT = 3
"""Measured: 2 at most (a count and a first record; the zone looked up by the check and by the
transport; ThresholdInformation read by the check and by the budget)."""


def assert_safe(run: Run) -> None:
    """Nothing written, no secret in the report, a handful of calls per endpoint."""
    assert run.tenant.writes == []
    assert not any(r.write for r in run.tenant.requests)
    text = json.dumps(run.report.to_dict())
    for secret in SECRETS:
        assert secret not in text
    per_endpoint = Counter(
        (r.method, re.sub(r"/\d+(?=/|$)", "/{n}", r.path.lower())) for r in run.tenant.requests
    )
    assert max(per_endpoint.values()) <= MAX_CALLS_PER_ENDPOINT, per_endpoint.most_common(3)
    assert run.tenant.budget.emails == []  # never a suspension
