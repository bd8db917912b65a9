"""The checks and the tenant's rate limits: another client spending the budget is waited out
and reported; the configured report is verified without reading its rows."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from ticketlake.checks import CheckStatus
from ticketlake.connectors.teamdynamix.spec import step

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


def test_a_configured_report_with_the_attributes_passes() -> None:
    run = check_run("healthy", values={"report_id": 1})
    found = run.check("report")
    assert found.status is CheckStatus.PASS
    assert found.summary == "report 1 carries the ticket id and 5 attribute(s)"
    [call] = found.evidence
    assert call.path == "api/reports/1?withData=false"  # the definition, not every row
    assert run.report.preview["ticket_details"] == "report 1"


def test_a_configured_report_that_does_not_exist_fails_with_step_6() -> None:
    run = check_run("healthy", values={"report_id": 99})
    assert run.not_passing() == {"report": CheckStatus.FAIL}
    found = run.check("report")
    assert "HTTP 404" in found.summary
    assert found.step == step(6)
    assert "Report Builder" in found.remediation
