"""Named checks, run in order: a check whose prerequisite did not pass is skipped, not run.

A check is an async function of its source's check context returning an ``Outcome``. A source
error it does not handle itself (a refused call, an exhausted rate limit, a dropped connection)
fails the check with the check's own remediation and step, so every check names what fixes it
even when the tenant answers in a way nobody planned for. Each result carries the calls the
check made (``CallRecorder``) and the guide step that fixes it, worded by the source's ``Guide``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from ticketlake.checks.commands import named
from ticketlake.checks.guide import Guide
from ticketlake.checks.outcome import Outcome, failed
from ticketlake.checks.report import CheckResult, CheckStatus, Evidence
from ticketlake.errors import RateLimited, SourceError

logger = logging.getLogger("ticketlake.checks")

OnResult = Callable[[CheckResult], None]


class Checked(Protocol):
    """What the runner needs of a source's check context."""

    @property
    def connection(self) -> str:
        """The connection's name (put in every command a remediation names)."""

    @property
    def guide(self) -> Guide:
        """The source's setup guide (cites the step that fixes a check)."""

    def take_evidence(self) -> tuple[Evidence, ...]:
        """The calls made since the last take: the finishing check's evidence."""


C = TypeVar("C", bound=Checked)
CheckFn = Callable[[C], Awaitable[Outcome]]


@dataclass(frozen=True)
class Check(Generic[C]):
    """One named check: what it verifies, what it needs first, what fixes it in general."""

    id: str
    title: str
    run: CheckFn[C]
    requires: tuple[str, ...] = ()
    fix: str = ""
    """The remediation when the check fails on an error it does not interpret itself."""
    step: int | None = None
    """The guide's step ``fix`` belongs to."""


async def run_all(checks: Sequence[Check[C]], ctx: C, on_result: OnResult) -> list[CheckResult]:
    """Run ``checks`` in order, skipping those whose prerequisites did not pass; ``on_result``
    hears each result as it finishes."""
    results: dict[str, CheckResult] = {}
    for check in checks:
        blocker = _blocker(check, results)
        if blocker is not None:
            result = CheckResult(
                check.id,
                check.title,
                CheckStatus.SKIPPED,
                f"not run: '{blocker.title}' did not pass",
                remediation=f"Fix '{blocker.title}' first.",
            )
        else:
            result = _result(check, await _outcome(check, ctx), ctx)
        results[check.id] = result
        on_result(result)
    return list(results.values())


def _result(check: Check[C], outcome: Outcome, ctx: C) -> CheckResult:
    return CheckResult(
        check.id,
        check.title,
        outcome.status,
        named(outcome.summary, ctx.connection),
        ctx.take_evidence(),
        named(outcome.remediation, ctx.connection),
        ctx.guide.cite(outcome.step),
        named(outcome.impact, ctx.connection),
    )


def _blocker(check: Check[C], results: dict[str, CheckResult]) -> CheckResult | None:
    for needed in check.requires:
        found = results.get(needed)
        if found is not None and found.status in (CheckStatus.FAIL, CheckStatus.SKIPPED):
            return found
    return None


async def _outcome(check: Check[C], ctx: C) -> Outcome:
    try:
        return await check.run(ctx)
    except RateLimited as exc:
        guide = ctx.guide
        # No status: our own budget held the call back (it would have waited too long).
        summary = (
            f"still rate limited (HTTP {exc.status}) after retries"
            if exc.status
            else (f"not sent: {exc.brief}")
        )
        return failed(summary, guide.rate_limit_fix, guide.rate_limit_step)
    except SourceError as exc:
        return failed(refusal(exc), check.fix, check.step)
    except Exception as exc:  # an answer shaped unlike anything documented: say so, go on
        logger.exception("check %s failed unexpectedly", check.id)
        return failed(
            f"unexpected answer ({type(exc).__name__}); see the evidence",
            check.fix,
            check.step,
        )


def refusal(exc: SourceError) -> str:
    """A one-line summary of a failed call (its excerpt is already in the evidence)."""
    where = f"{exc.method} {exc.endpoint}".strip()
    status = f"HTTP {exc.status}" if exc.status is not None else "no answer"
    return f"{where} -> {status}: {exc.brief}"
