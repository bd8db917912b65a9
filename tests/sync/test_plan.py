"""The plan: calls per endpoint, the floor of the performance model, the ETA."""

from __future__ import annotations

import pytest

from ticketlake.connectors.base import CallEstimate
from ticketlake.connectors.teamdynamix.endpoints import ENDPOINTS
from ticketlake.sync.plan import RESET_MARGIN, build_plan, plan_of_calls

FEED = "GET api/{appId}/tickets/feed"
SEARCH = "POST api/{appId}/tickets/search"
TICKET = "GET api/{appId}/tickets/{id}"


def test_the_floor_is_the_busiest_endpoint_not_the_sum() -> None:
    plan = build_plan(
        [CallEstimate(FEED, 6000), CallEstimate(SEARCH, 40), CallEstimate(TICKET, 600)], ENDPOINTS
    )
    # 6000 feed calls at 60 per 60 s: the 100th window opens after 99 minutes; the others
    # run beside it.
    assert plan.floor == pytest.approx(5940.0)
    assert plan.bottleneck == FEED
    assert plan.calls == 6640


def test_search_is_priced_at_its_own_lower_limit() -> None:
    plan = build_plan([CallEstimate(SEARCH, 300)], ENDPOINTS)
    assert plan.floor == pytest.approx(540.0)  # 30 per 60 s: ten windows, nine waits


def test_estimates_of_one_endpoint_from_two_streams_add_up() -> None:
    plan = build_plan([CallEstimate(TICKET, 60, exact=True), CallEstimate(TICKET, 60)], ENDPOINTS)
    (only,) = plan.endpoints
    assert only.calls == 120
    assert only.exact is False


def test_the_eta_counts_whole_windows_and_the_reset_margin() -> None:
    plan = plan_of_calls({TICKET: 121}, ENDPOINTS)
    # 121 calls: two full windows then one call in the third.
    assert plan.eta == pytest.approx(2 * (60 + RESET_MARGIN))


def test_a_sync_that_fits_in_one_window_has_no_wait() -> None:
    plan = plan_of_calls({TICKET: 60, SEARCH: 30}, ENDPOINTS)
    assert (plan.eta, plan.floor) == (0.0, 0.0)
    assert plan_of_calls({TICKET: 61}, ENDPOINTS).floor == 60.0


def test_an_endpoint_without_a_known_limit_sets_no_floor() -> None:
    plan = plan_of_calls({"GET api/unknown": 1000}, ENDPOINTS)
    assert plan.floor == 0.0
    assert plan.bottleneck is None
