"""The plan: calls per endpoint, the floor of the performance model, the ETA."""

from __future__ import annotations

import pytest

from ticketlake.connectors.base import CallEstimate
from ticketlake.connectors.teamdynamix.endpoints import ENDPOINTS
from ticketlake.sync.plan import CYCLE_EXTRA, build_plan, plan_of_calls

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
    assert plan.eta == pytest.approx(2 * (60 + CYCLE_EXTRA))


def test_a_sync_that_fits_in_one_window_has_no_wait() -> None:
    plan = plan_of_calls({TICKET: 60, SEARCH: 30}, ENDPOINTS)
    assert (plan.eta, plan.floor) == (0.0, 0.0)
    assert plan_of_calls({TICKET: 61}, ENDPOINTS).floor == 60.0


def test_an_endpoint_without_a_known_limit_sets_no_floor() -> None:
    plan = plan_of_calls({"GET api/unknown": 1000}, ENDPOINTS)
    assert plan.floor == 0.0
    assert plan.bottleneck is None


def test_a_sampled_count_gives_an_eta_range_and_its_json() -> None:
    plan = build_plan(
        [CallEstimate(FEED, 4200, low=3900, high=4500), CallEstimate(SEARCH, 100, exact=True)],
        ENDPOINTS,
    )
    low, high = plan.eta_range
    assert low == pytest.approx(64 * (60 + CYCLE_EXTRA))  # 3,900 calls: 65 windows
    assert high == pytest.approx(74 * (60 + CYCLE_EXTRA))  # 4,500 calls: 75 windows
    assert plan.eta == pytest.approx(69 * (60 + CYCLE_EXTRA))
    data = plan.to_json()
    assert data["endpoints"][FEED]["range"] == [3900, 4500]
    assert "range" not in data["endpoints"][SEARCH]
    assert data["eta_range_seconds"] == [round(low, 1), round(high, 1)]


def test_the_cli_shows_the_range_of_a_sampled_count_and_of_the_eta() -> None:
    from rich.console import Console

    from ticketlake.cli.sync import eta_text, plan_table

    plan = build_plan([CallEstimate(FEED, 4200, low=3900, high=4500)], ENDPOINTS)
    console = Console(width=120, record=True)
    console.print(plan_table(plan))
    shown = console.export_text()
    assert "~4,200 (3,900-4,500)" in shown
    assert eta_text(plan) == "1 h 12 min (between 1 h 07 min and 1 h 17 min)"
    assert eta_text(build_plan([CallEstimate(FEED, 10, exact=True)], ENDPOINTS)) == (
        "no rate-limit wait"
    )


def test_an_endpoint_answering_slower_than_its_budget_lets_calls_go_is_bound_by_that() -> None:
    # 600 ticket reads, 12 in flight: at 5 s an answer the 60-a-minute budget binds (ten
    # windows); at 20 s an answer sending them takes 50 rounds of 20 s, longer than the budget.
    quick = build_plan([CallEstimate(TICKET, 600, concurrency=12)], ENDPOINTS, {TICKET: 5.0})
    slow = build_plan([CallEstimate(TICKET, 600, concurrency=12)], ENDPOINTS, {"": 20.0})
    assert quick.eta == pytest.approx(9 * (60 + CYCLE_EXTRA))
    assert slow.eta == pytest.approx(50 * 20.0)
    unsaid = build_plan([CallEstimate(TICKET, 600)], ENDPOINTS, {TICKET: 20.0})
    assert unsaid.eta == quick.eta  # a stream that says nothing of its concurrency: as before


def test_an_endpoint_under_way_when_the_plan_is_made_is_that_much_closer_to_its_end() -> None:
    # 518 person reads (9 windows): 60 sent, the first 19 s ago, when the plan is made.
    PERSON = "GET api/people/{uid}"
    plan = build_plan(
        [CallEstimate(PERSON, 518, exact=True), CallEstimate(FEED, 119)],
        ENDPOINTS,
        under_way={PERSON: (60, 19.0), FEED: (1, 21.0)},
    )
    person, feed = (e for e in plan.endpoints if e.endpoint in (PERSON, FEED))
    assert person.eta == pytest.approx(8 * (60 + CYCLE_EXTRA) - 19.0)
    # the feed sent one probe and waited for the plan: one call's share of a window is behind it
    assert feed.eta == pytest.approx(60 + CYCLE_EXTRA - (60 + CYCLE_EXTRA) / 60)
    assert plan.under_way == pytest.approx(19.0)
    assert plan.floor == pytest.approx(8 * 60.0)  # the floor still counts from the first call


def test_the_plan_table_says_the_eta_counts_from_now_when_work_was_under_way() -> None:
    from ticketlake.cli.sync import plan_table

    plan = build_plan(
        [CallEstimate(FEED, 121, exact=True)], ENDPOINTS, under_way={FEED: (60, 30.0)}
    )
    assert plan_table(plan).caption == (
        f"floor 2 min 00 s (busiest: {FEED}), ETA 1 min 36 s from now (30 s of windows already "
        "behind)"
    )
