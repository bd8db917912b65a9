"""The check runner and its small rules: order, skips, unhandled refusals, evidence, verdicts."""

from __future__ import annotations

import asyncio

import httpx

from ticketlake.checks import CheckResult, CheckStatus
from ticketlake.checks.outcome import Outcome, failed, passed
from ticketlake.checks.runner import Check, CheckFn, run_all
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.auth import TdxAuth
from ticketlake.connectors.teamdynamix.checks import CHECK_IDS, feed_verdict
from ticketlake.connectors.teamdynamix.checks.backfill import Backfill
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.checks.tickets import _gaps, _hidden_ids
from ticketlake.connectors.teamdynamix.endpoints import ENDPOINTS
from ticketlake.connectors.teamdynamix.settings import TdxSettings
from ticketlake.errors import PermissionDenied
from ticketlake.secret import Secret
from ticketlake.sync.plan import Plan
from ticketlake.transport import FakeClock, Transport

PASSWORD = "unit-Passw0rd-9"


def context(handler: httpx.MockTransport | None = None) -> CheckContext:
    values = {"base_url": "https://tdx.example.edu/TDWebApi", "app_id": 627, "username": "svc"}
    conn = ConnectionSettings("unit", "teamdynamix", values, {"password": Secret(PASSWORD)})
    tdx = TdxSettings.from_connection(conn)
    transport = Transport(
        tdx.base_url,
        ENDPOINTS,
        connection="unit",
        clock=FakeClock(),
        http_transport=handler or httpx.MockTransport(lambda r: httpx.Response(500)),
        redact=[Secret(PASSWORD)],
    )
    return CheckContext(tdx, transport, TdxAuth(tdx))


def fixed(outcome: Outcome) -> CheckFn:
    async def run(ctx: CheckContext) -> Outcome:
        return outcome

    return run


def run(checks: list[Check], ctx: CheckContext | None = None) -> list[CheckResult]:
    seen: list[CheckResult] = []
    results = asyncio.run(run_all(checks, ctx or context(), seen.append))
    assert seen == results  # each result was reported as it finished, in order
    return results


def test_a_check_whose_prerequisite_failed_is_skipped_and_says_which() -> None:
    checks = [
        Check("a", "First", fixed(failed("no", "fix a", 5))),
        Check("b", "Second", fixed(passed("yes")), ("a",)),
        Check("c", "Third", fixed(passed("yes")), ("b",)),
        Check("d", "Independent", fixed(passed("yes"))),
    ]
    results = run(checks)
    assert [r.status for r in results] == [
        CheckStatus.FAIL,
        CheckStatus.SKIPPED,
        CheckStatus.SKIPPED,
        CheckStatus.PASS,
    ]
    assert results[1].summary == "not run: 'First' did not pass"
    assert results[2].summary == "not run: 'Second' did not pass"
    assert results[0].step == "Step 5: Configure API authentication"


def test_a_refusal_the_check_does_not_handle_fails_it_with_its_own_step() -> None:
    async def refused(ctx: CheckContext) -> Outcome:
        raise PermissionDenied("the account may not make this call", method="GET", status=401)

    [result] = run([Check("x", "X", refused, fix="assign it", step=4)])
    assert result.status is CheckStatus.FAIL
    assert result.remediation == "assign it"
    assert result.step == "Step 4: Assign the service account to the IT Tickets application"
    assert "HTTP 401" in result.summary


def test_evidence_masks_the_beid_and_registered_secrets() -> None:
    body = f'{{"UID": "u", "BEID": "8d4fc0e4-1b5e", "Note": "{PASSWORD}"}}'
    handler = httpx.MockTransport(lambda r: httpx.Response(200, text=body))
    ctx = context(handler)

    async def read(ctx: CheckContext) -> Outcome:
        await ctx.call("GET", ep.GET_USER, authenticate=False)
        return passed("read")

    [result] = run([Check("x", "X", read)], ctx)
    [evidence] = result.evidence
    assert (evidence.method, evidence.path, evidence.status) == ("GET", "api/auth/getuser", 200)
    assert "8d4fc0e4" not in evidence.excerpt
    assert PASSWORD not in evidence.excerpt
    assert '"UID": "u"' in evidence.excerpt


def test_gap_probes_are_spread_over_the_missing_ids() -> None:
    assert _gaps([1, 2, 3]) == []
    assert _gaps([1, 3, 4]) == [2]
    assert _gaps([10, 20, 30, 40]) == [15, 21, 25, 31, 35]


def test_ids_between_visible_tickets_that_are_refused_count_as_hidden() -> None:
    asked: list[str] = []

    def tenant(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path.rsplit("/", 1)[-1])
        if request.url.path.endswith("/tickets/25"):
            return httpx.Response(403, json={"Message": "You may not view this ticket."})
        return httpx.Response(404, json={"Message": "not found"})

    ctx = context(httpx.MockTransport(tenant))
    ctx.found.searches.append(({}, [{"ID": i} for i in (10, 20, 30, 40)]))
    backfill = Backfill(Plan(), 4, True, None, None)
    hidden, unsearched = asyncio.run(_hidden_ids(ctx, backfill))
    assert (hidden, unsearched) == ([25], [])
    assert asked == ["15", "21", "25"]  # probing stops at the first refused id


def test_the_feed_verdict_is_read_back_from_a_stored_report() -> None:
    assert feed_verdict({"preview": {"feed": {"bulk": True}}}) is True
    assert feed_verdict({"preview": {"feed": {"bulk": False}}}) is False
    assert feed_verdict({"preview": {"available": False}}) is None


def test_the_checks_cover_the_guide_in_order() -> None:
    assert CHECK_IDS[:3] == ("base-url", "auth", "identity")
    assert CHECK_IDS.index("ticket-search") < CHECK_IDS.index("ticket-read")
    assert CHECK_IDS.index("ticket-feed") < CHECK_IDS.index("feed-agreement")
    assert len(set(CHECK_IDS)) == len(CHECK_IDS)
