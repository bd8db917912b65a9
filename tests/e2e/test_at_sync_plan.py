"""The plan of an Autotask backfill: calls per entity as the sync then makes them (Autotask
counts what a query holds, so nothing is sampled), the hours of the tenant's budget they take at
the connection's share, and the ETA."""

from __future__ import annotations

import math

from ticketlake.sim.autotask import Readings
from ticketlake.store.base import Store
from ticketlake.sync.plan import TENANT_POOL, pool_lines

from .atsim import make_at_sim, sync_at

GAUGE = "GET V1.0/ThresholdInformation"
HISTORY = "POST V1.0/TicketHistory/query"


def test_a_backfill_is_planned_call_for_call(duck: Store) -> None:
    sim = make_at_sim(1500, seed=8)
    summary = sync_at(sim, duck)
    assert summary.ok, summary.error
    planned = {e.endpoint: e.calls for e in summary.planned.endpoints}
    made = {k: int(v["calls"]) for k, v in summary.to_json()["endpoints"].items() if v["calls"]}
    # The tenant's usage is read once at the start, then every 15 minutes of a long run.
    assert planned.pop(GAUGE) == 1
    assert made.pop(GAUGE) >= 1
    assert planned == made
    assert planned["POST V1.0/TicketHistory/query"] > 1000  # a history call per ticket
    (pool,) = summary.planned.pools
    assert pool.endpoint == TENANT_POOL
    assert pool.calls == sum(planned.values()) + 1
    assert pool.limit == 5_000  # 50 % of the tenant's 10,000 an hour
    assert pool.hours == pool.calls / 5_000
    assert pool_lines(summary.planned) == (
        f"{pool.calls:,} calls on the tenant's budget: 0.3 h of it at 5,000 calls an hour",
    )
    assert summary.planned.floor == 0.0  # it fits in the hour: no wait for the budget


def test_a_backfill_within_the_hour_is_timed_by_the_answers_it_waits_for(duck: Store) -> None:
    """Within the hour of our share nothing waits for the budget, but the calls still wait for
    their answers: a query's next pages one after another (each ``nextPageUrl`` comes with the
    page before it), TicketHistory two at a time. Every answer of the simulated tenant takes
    at least its ``call_seconds``, so the ETA is at least that of the history's calls."""
    sim = make_at_sim(600, seed=8)
    summary = sync_at(sim, duck)
    assert summary.ok, summary.error
    flight = {e.endpoint: e.concurrency for e in summary.planned.endpoints if e.calls}
    assert flight["POST V1.0/TicketNotes/query/next"] == 1
    assert flight[HISTORY] == 2
    history = next(e for e in summary.planned.endpoints if e.endpoint == HISTORY)
    assert history.calls > 500
    assert summary.planned.eta >= math.ceil(history.calls / 2) * Readings().call_seconds
