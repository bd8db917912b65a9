"""The preview of a first sync, as the CLI and the web page show it."""

from __future__ import annotations

from typing import Any

from ticketlake.checks.report import preview_rows

PREVIEW: dict[str, Any] = {
    "available": True,
    "tickets": {
        "count": 12345,
        "exact": False,
        "oldest_created": "2024-01-02T03:04:05+00:00",
        "newest_modified": "2026-11-22T10:00:00+00:00",
    },
    "people": 500,
    "people_capped": True,
    "groups": 8,
    "feed": {"bulk": True, "mode": "application-wide"},
    "eta": {
        "eta_seconds": 7380.0,
        "floor_seconds": 7200.0,
        "calls": 7300,
        "bottleneck": "GET api/{appId}/tickets/feed",
    },
}


def rows(**changes: Any) -> dict[str, str]:
    return dict(preview_rows(PREVIEW | changes))


def test_figures_read_as_sentences() -> None:
    shown = rows()
    assert shown["tickets"] == "about 12,345 (created from 2024-01-02, last modified 2026-11-22)"
    assert shown["people"] == "at least 500"
    assert shown["backfill ETA"] == (
        "2 h 03 min (floor 2 h 00 min, 7300 calls; busiest endpoint GET api/{appId}/tickets/feed)"
    )


def test_the_feed_line_says_what_the_sync_will_do_with_each_verdict() -> None:
    said = {
        verdict: rows(feed={"bulk": verdict})["comments, status changes"]
        for verdict in (True, False, None)
    }
    assert said[True].startswith("application-wide feed (it agrees")
    assert said[False].startswith("one feed call per ticket")
    assert said[None].endswith("(not verified)")


def test_a_floor_above_a_short_syncs_eta_is_not_shown() -> None:
    eta = {"eta_seconds": 124.0, "floor_seconds": 150.0, "calls": 150, "bottleneck": "GET x"}
    assert rows(eta=eta)["backfill ETA"] == "2 min 04 s (150 calls; busiest endpoint GET x)"


def test_an_unavailable_preview_says_why() -> None:
    assert preview_rows({"available": False, "reason": "authentication failed"}) == [
        ("not available", "authentication failed")
    ]


def test_figures_the_checks_could_not_read_say_why_never_none() -> None:
    shown = rows(people=None, people_capped=False, groups=None)
    assert shown["people"] == "not counted (the People check did not pass)"
    assert shown["groups"] == "not counted (the Groups check did not pass)"
    assert "None" not in " ".join(shown.values())


def test_a_ticket_count_without_dates_shows_no_placeholders() -> None:
    shown = rows(tickets={"count": 80, "exact": True, "oldest_created": None})
    assert shown["tickets"] == "80"


BUDGET = {"threshold": 10_000, "allowance": 5_000, "calls": 6_123, "others": 1_200,
          "rate": 5_000}  # fmt: skip


def test_a_shared_tenant_budget_says_what_the_backfill_is_of_the_share() -> None:
    assert rows(budget=BUDGET)["tenant budget"] == (
        "5,000 calls an hour (50 % of the tenant's 10,000): the backfill's 6,123 calls are "
        "1 h 13 min of it"
    )


def test_a_busy_tenant_budget_says_what_the_others_leave_and_what_that_costs() -> None:
    busy = BUDGET | {"others": 8_500, "rate": 500}
    assert rows(budget=busy)["tenant budget"] == (
        "5,000 calls an hour (50 % of the tenant's 10,000): the backfill's 6,123 calls are "
        "1 h 13 min of it; other integrations used 8,500 in the last hour, leaving 500 an hour: "
        "12 h 14 min at that rate"
    )
    assert "none left now" in rows(budget=busy | {"rate": 0})["tenant budget"]
