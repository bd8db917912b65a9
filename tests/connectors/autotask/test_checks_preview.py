"""The preview an Autotask check run ends with: what the checks counted, the first sync's plan
(the sync's own streams, estimated through the checks' recorded transport) and the tenant
budget it needs at the connection's share, or at what a busy tenant's other integrations
leave."""

from __future__ import annotations

from tests.checks.scenario import Run
from ticketlake.checks.report import preview_rows

from .checksim import assert_safe, check_run


def visible_tickets(run: Run) -> int:
    """The tickets the tenant holds (deleted ones are only in its deletion log)."""
    return sum(1 for _ in run.tenant.iter_truth("tickets"))


def test_the_preview_counts_what_the_checks_saw_and_prices_the_plan_at_the_share() -> None:
    run = check_run("healthy")
    preview = run.report.preview
    assert preview["available"] is True
    assert preview["tickets"]["count"] == visible_tickets(run)
    assert preview["tickets"]["exact"] is True
    plan = preview["eta"]
    pool = plan["pools"]["the tenant's budget"]
    assert pool["limit"] == 5_000  # 50 % of the tenant's 10,000 an hour
    assert preview["budget"] == {
        "threshold": 10_000, "allowance": 5_000, "rate": 5_000, "others": 1_200,
        "calls": plan["calls"],
    }  # fmt: skip
    rows = dict(preview_rows(preview))
    assert rows["tenant budget"].startswith(
        f"5,000 calls an hour (50 % of the tenant's 10,000): the backfill's {plan['calls']:,} "
        "calls are "
    )
    assert_safe(run)


def test_a_busy_tenant_prices_the_plan_at_what_the_others_leave() -> None:
    run = check_run("busy_tenant")
    preview = run.report.preview
    assert preview["eta"]["pools"]["the tenant's budget"]["limit"] == 500
    assert (preview["budget"]["rate"], preview["budget"]["others"]) == (500, 8_500)
    calls = preview["budget"]["calls"]
    impact = run.check("threshold").impact
    assert impact.startswith(f"the data will be complete, but the backfill's {calls:,} calls")
    assert "at 500 an hour instead of" in impact
    assert (
        "other integrations used 8,500 in the last hour, leaving 500 an hour"
        in dict(preview_rows(preview))["tenant budget"]
    )


def test_no_plan_is_made_when_the_checks_it_needs_failed() -> None:
    preview = check_run("no_service_desk").report.preview
    assert preview == {
        "available": False,
        "reason": "not estimated: Service Desk: tickets, notes, categories, SLA results, "
        "deletions did not pass",
    }
