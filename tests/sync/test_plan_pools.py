"""A plan over a tenant's shared budget: the endpoints' calls summed into one pool, priced at
our share of the rolling hour, the hours of budget they take, and a note when the other
integrations leave less."""

from __future__ import annotations

from dataclasses import replace

from ticketlake.connectors.base import CallEstimate
from ticketlake.sync.plan import TENANT_POOL, announced_limits, build_plan, lower_limits
from ticketlake.transport.endpoint import Endpoint, Limit

SHARED = Limit(10_000, 3600.0, scope="tenant", window="rolling", share=0.5)
TICKETS = Endpoint("POST", "V1.0/Tickets/query", SHARED)
NOTES = Endpoint("POST", "V1.0/TicketNotes/query", SHARED)
HISTORY = Endpoint("POST", "V1.0/TicketHistory/query", SHARED)
OWN = Endpoint("GET", "api/things", Limit(60, 60.0))
ENDPOINTS = (TICKETS, NOTES, HISTORY, OWN)


def test_the_calls_of_every_tenant_endpoint_are_priced_together() -> None:
    plan = build_plan(
        [
            CallEstimate(TICKETS.key, 2_000, exact=True),
            CallEstimate(NOTES.key, 6_000, exact=True),
            CallEstimate(HISTORY.key, 4_000, exact=True),
            CallEstimate(OWN.key, 120, exact=True),
        ],
        ENDPOINTS,
    )
    (pool,) = plan.pools
    assert (pool.endpoint, pool.calls, pool.limit, pool.period) == (
        TENANT_POOL,
        12_000,
        5_000,
        3600,
    )
    assert pool.hours == 2.4  # of the tenant's budget, at a 50 % share
    assert pool.floor == 2 * 3600  # 5,000 now, 5,000 an hour later, 2,000 two hours later
    assert plan.floor == 7200
    assert plan.bottleneck == TENANT_POOL
    by_key = {e.endpoint: e for e in plan.endpoints}
    assert by_key[NOTES.key].floor == 0.0
    assert by_key[NOTES.key].pool == TENANT_POOL
    assert by_key[OWN.key].floor == 60.0  # an endpoint with its own limit is priced as before
    assert plan.to_json()["pools"] == {
        TENANT_POOL: {
            "calls": 12_000,
            "exact": True,
            "floor_seconds": 7200.0,
            "limit": 5_000,
            "period_seconds": 3600.0,
            "budget_hours": 2.4,
            "eta_seconds": plan.pools[0].eta,
        }
    }


def test_a_pass_that_fits_our_share_has_no_floor() -> None:
    plan = build_plan([CallEstimate(TICKETS.key, 4_999, exact=True)], ENDPOINTS)
    assert plan.floor == 0.0
    assert plan.bottleneck is None


def test_what_the_others_leave_is_priced_and_said() -> None:
    room = replace(SHARED, calls=500, share=1.0)
    in_force = tuple(replace(e, limit=room) if e.limit is SHARED else e for e in ENDPOINTS)
    plan = build_plan([CallEstimate(TICKETS.key, 1_200, exact=True)], in_force)
    assert plan.floor == 2 * 3600
    (note,) = announced_limits({TICKETS.key: 1_200}, ENDPOINTS, in_force)
    assert note == (
        "the tenant's other integrations were using its budget: ticketlake could use 500 calls "
        "per 60 minutes of its share of 5,000 (50% of 10,000); the floor counts that"
    )
    assert lower_limits(ENDPOINTS, in_force) == []


def test_each_pool_of_a_tenant_is_priced_on_its_own() -> None:
    # Teamwork.com: Projects 150 and Desk 120 a minute, each for the whole account.
    projects = Endpoint("GET", "projects/api/v3/time.json",
                        Limit(150, 60.0, scope="tenant", pool="projects"))  # fmt: skip
    desk = Endpoint("GET", "desk/api/v2/tickets.json",
                    Limit(120, 60.0, scope="tenant", pool="desk"))  # fmt: skip
    plan = build_plan(
        [CallEstimate(projects.key, 300, exact=True), CallEstimate(desk.key, 1_200, exact=True)],
        (projects, desk),
    )
    pools = {p.endpoint: (p.calls, p.limit, p.floor) for p in plan.pools}
    assert pools == {
        f"{TENANT_POOL} (projects)": (300, 150, 60.0),
        f"{TENANT_POOL} (desk)": (1_200, 120, 540.0),
    }
    assert plan.bottleneck == f"{TENANT_POOL} (desk)"
