"""The check runner for any source: order, skips, fixes with the connection's name and the
source's guide step, evidence per check, and errors no check planned for."""

from __future__ import annotations

import asyncio

import httpx

from ticketlake.checks import CheckResult, CheckStatus
from ticketlake.checks.commands import recheck
from ticketlake.checks.outcome import Outcome, failed, passed, warned
from ticketlake.checks.runner import Check, run_all
from ticketlake.errors import RateLimited

from .toy import ToyContext


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"id": 1})


def run(checks: list[Check[ToyContext]], ctx: ToyContext | None = None) -> list[CheckResult]:
    heard: list[CheckResult] = []
    results = asyncio.run(run_all(checks, ctx or ToyContext(ok), heard.append))
    assert heard == results
    return results


def test_a_fix_names_the_real_connection_and_cites_the_source_s_own_guide() -> None:
    async def refused(ctx: ToyContext) -> Outcome:
        return failed("the user cannot read tickets", f"grant it, then run {recheck()}", 2)

    [result] = run([Check("read", "Ticket read", refused)])
    assert result.remediation == "grant it, then run `ticketlake check acme`"
    assert result.step == "Step 2: Give it read access"


def test_a_warning_keeps_its_impact_and_a_pass_cites_no_step() -> None:
    async def partial(ctx: ToyContext) -> Outcome:
        return warned("some queues hidden", "share them", 1, impact=f"see {recheck()}")

    async def fine(ctx: ToyContext) -> Outcome:
        return passed("all readable")

    warning, good = run([Check("w", "W", partial), Check("p", "P", fine)])
    assert (warning.status, warning.impact) == (CheckStatus.WARN, "see `ticketlake check acme`")
    assert warning.step == "Step 1: Create the API user"
    assert (good.status, good.step, good.remediation) == (CheckStatus.PASS, "", "")


def test_each_result_carries_the_calls_its_own_check_made() -> None:
    async def reads(ctx: ToyContext) -> Outcome:
        await ctx.call("GET", "v1/{zone}/tickets/{id}", path={"id": 7})
        return passed("read")

    async def idle(ctx: ToyContext) -> Outcome:
        return passed("nothing to call")

    first, second = run([Check("a", "A", reads), Check("b", "B", idle)])
    assert [(e.method, e.path, e.status) for e in first.evidence] == [
        ("GET", "v1/eu/tickets/7", 200)
    ]
    assert second.evidence == ()


def test_still_rate_limited_fails_with_the_guide_s_rate_limit_fix() -> None:
    async def throttled(ctx: ToyContext) -> Outcome:
        raise RateLimited("too many requests", method="GET", status=429)

    [result] = run([Check("t", "T", throttled, fix="not this one", step=1)])
    assert result.status is CheckStatus.FAIL
    assert result.summary == "still rate limited (HTTP 429) after retries"
    assert result.remediation == "Other integrations use the hour's budget: run the checks later."
    assert result.step == "Step 2: Give it read access"


def test_a_call_its_budget_held_back_fails_saying_why_it_was_not_sent() -> None:
    async def held(ctx: ToyContext) -> Outcome:
        raise RateLimited("the tenant's other integrations leave ticketlake 0 calls")

    [result] = run([Check("t", "T", held)])
    assert result.summary == "not sent: the tenant's other integrations leave ticketlake 0 calls"
    assert result.remediation == "Other integrations use the hour's budget: run the checks later."


def test_an_answer_nobody_planned_for_fails_the_check_and_the_next_still_runs() -> None:
    async def surprised(ctx: ToyContext) -> Outcome:
        raise KeyError("items")

    async def fine(ctx: ToyContext) -> Outcome:
        return passed("fine")

    broken, after = run(
        [Check("s", "S", surprised, fix="report it", step=1), Check("n", "N", fine)]
    )
    assert broken.summary == "unexpected answer (KeyError); see the evidence"
    assert (broken.remediation, broken.step) == ("report it", "Step 1: Create the API user")
    assert after.status is CheckStatus.PASS


def test_a_skipped_check_names_the_one_that_did_not_pass() -> None:
    async def no(ctx: ToyContext) -> Outcome:
        return failed("no", "fix it", 1)

    async def yes(ctx: ToyContext) -> Outcome:
        return passed("yes")

    _, skipped = run([Check("a", "Zone", no), Check("b", "Auth", yes, ("a",))])
    assert skipped.status is CheckStatus.SKIPPED
    assert (skipped.summary, skipped.remediation) == (
        "not run: 'Zone' did not pass",
        "Fix 'Zone' first.",
    )
