"""The checks and the tenant's rate limits: another client spending the budget is waited out
and reported; the configured report is verified without reading its rows."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from ticketlake.checks import CheckStatus
from ticketlake.connectors.teamdynamix.spec import step
from ticketlake.readable import duration

from .test_checks_scenarios import WARN, check_run


class SharedAddress(httpx.AsyncBaseTransport):
    """The simulator, after another client on the same address spent the getuser budget."""

    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)
        asyncio.run(self._spend(app))

    @staticmethod
    async def _spend(app: Any) -> None:
        other = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=other, base_url="http://127.0.0.1/TDWebApi/") as c:
            for _ in range(60):  # the documented 60 per 60 s, all gone
                await c.get("api/auth/getuser")

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(request)


def test_a_budget_spent_by_another_client_is_waited_out_and_reported() -> None:
    run = check_run("healthy", http=SharedAddress)
    assert run.not_passing() == {"rate-limits": WARN}
    found = run.check("rate-limits")
    assert "throttled (HTTP 429): another client spends this address's budget" in found.summary
    [evidence] = found.evidence
    assert (evidence.method, evidence.path, evidence.status) == ("GET", "api/auth/getuser", 429)
    assert found.step == step(6)
    assert run.status("base-url") is CheckStatus.PASS  # the 429 was retried after the reset


def test_a_report_without_a_description_column_warns_that_none_will_be_stored() -> None:
    # The simulator's report 1 carries the ticket id and every attribute, but no Description:
    # a sync from it would leave every description empty.
    run = check_run("healthy", values={"report_id": 1})
    assert run.not_passing() == {"report": WARN}
    found = run.check("report")
    assert found.summary == "report 1 lacks a Description column"
    assert found.impact == "every ticket's description will be empty"
    assert "`ticketlake connections edit sim --set report_id=`" in found.remediation
    [call] = found.evidence
    assert call.path == "api/reports/1?withData=false"  # the definition, not every row
    assert run.report.preview["ticket_details"] == "report 1"


def test_no_report_says_what_one_would_save_and_which_the_account_can_read() -> None:
    run = check_run("healthy")
    found = run.check("report")
    assert found.status is CheckStatus.PASS
    # The two ETAs are the plan's: this run's (one GET per ticket) and a run with a report.
    per_ticket = run.report.preview["eta"]["eta_seconds"]
    with_report = check_run("healthy", values={"report_id": 1}).report.preview["eta"]
    bulk = (
        f"about {duration(with_report['eta_seconds'])}"
        if with_report["eta_seconds"]
        else "no rate-limit wait"
    )
    assert per_ticket > with_report["eta_seconds"]
    assert found.summary.startswith(
        "no report configured: ticket details are read one ticket per call, so a backfill "
        f"takes about {duration(per_ticket)} (with a report: {bulk}); ticket reports the "
        "account can read: 1 (CIO Analytics - Ticket Attributes), 2 (Open Tickets by Group). "
    )
    assert "`ticketlake connections edit sim --set report_id=REPORT_ID`" in found.summary
    assert "docs/onboarding.md" in found.summary
    # One call of its own: the ETAs come from the plan the visibility check already made.
    assert [(e.method, e.path) for e in found.evidence] == [("GET", "api/reports")]


def test_a_configured_report_that_does_not_exist_fails_with_step_6() -> None:
    run = check_run("healthy", values={"report_id": 99})
    assert run.not_passing() == {"report": CheckStatus.FAIL}
    found = run.check("report")
    assert "HTTP 404" in found.summary
    assert found.step == step(6)
    assert "Report Builder" in found.remediation
