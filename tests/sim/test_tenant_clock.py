"""A simulated tenant's clock never runs before the date its data is as of."""

from __future__ import annotations

import time

from ticketlake.sim.clock import tenant_clock

DAY = 86_400.0


def test_a_tenant_dated_after_today_starts_its_clock_at_its_as_of() -> None:
    ahead = time.time() + 400 * DAY  # whatever today is, a year and more later
    clock = tenant_clock(60.0, ahead)
    assert ahead <= clock.now() < ahead + 60 * 60  # an hour of virtual time at most has passed


def test_a_tenant_dated_before_today_runs_at_the_real_time() -> None:
    before = time.time() - 400 * DAY
    clock = tenant_clock(1.0, before)
    assert abs(clock.now() - time.time()) < 60
