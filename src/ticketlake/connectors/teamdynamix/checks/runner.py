"""Named checks, run in order: a check whose prerequisite did not pass is skipped, not run.

A check is an async function of the ``CheckContext`` returning an ``Outcome``. A source error
it does not handle itself (a refused call, an exhausted rate limit, a dropped connection)
fails the check with the check's own remediation and step, so every check names what fixes it
even when the tenant answers in a way nobody planned for.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from ticketlake.checks import CheckResult, CheckStatus, OnResult
from ticketlake.connectors.teamdynamix.checks.commands import named
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.spec import step
from ticketlake.errors import RateLimited, SourceError

logger = logging.getLogger("ticketlake.checks")
_MESSAGE = re.compile(r'"Message"\s*:\s*"((?:[^"\\]|\\.)*)"')

RATE_LIMIT_FIX = (
    "TeamDynamix limits each API method per IP address and the limits cannot be raised: "
    "run ticketlake from an address no other integration shares, or when they are idle."
)


@dataclass(frozen=True)
class Outcome:
    """What one check concluded."""

    status: CheckStatus
    summary: str
    remediation: str = ""
    step: str = ""
    impact: str = ""
    """What it means for the data (``CheckResult.impact``)."""


def passed(summary: str) -> Outcome:
    """A passing outcome."""
    return Outcome(CheckStatus.PASS, summary)


def warned(summary: str, fix: str, step_number: int, *, impact: str) -> Outcome:
    """A warning: the sync can run, but something is partial or more than needed; ``impact``
    says what that means for the data (a warning is not a pass)."""
    return Outcome(CheckStatus.WARN, summary, fix, step(step_number), impact)


def failed(summary: str, fix: str, step_number: int, *, impact: str = "") -> Outcome:
    """A failure: the sync cannot bring what it must until this is fixed."""
    return Outcome(CheckStatus.FAIL, summary, fix, step(step_number), impact)


CheckFn = Callable[[CheckContext], Awaitable[Outcome]]


@dataclass(frozen=True)
class Check:
    """One named check: what it verifies, what it needs first, what fixes it in general."""

    id: str
    title: str
    run: CheckFn
    requires: tuple[str, ...] = ()
    fix: str = ""
    """The remediation when the check fails on an error it does not interpret itself."""
    step: int = 6


async def run_all(
    checks: Sequence[Check], ctx: CheckContext, on_result: OnResult
) -> list[CheckResult]:
    """Run ``checks`` in order, skipping those whose prerequisites did not pass."""
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
            outcome = await _outcome(check, ctx)
            result = CheckResult(
                check.id,
                check.title,
                outcome.status,
                named(outcome.summary, ctx.settings.name),
                ctx.take_evidence(),
                named(outcome.remediation, ctx.settings.name),
                outcome.step,
                named(outcome.impact, ctx.settings.name),
            )
        results[check.id] = result
        on_result(result)
    return list(results.values())


def _blocker(check: Check, results: dict[str, CheckResult]) -> CheckResult | None:
    for needed in check.requires:
        found = results.get(needed)
        if found is not None and found.status in (CheckStatus.FAIL, CheckStatus.SKIPPED):
            return found
    return None


async def _outcome(check: Check, ctx: CheckContext) -> Outcome:
    try:
        return await check.run(ctx)
    except RateLimited as exc:
        return failed(f"still rate limited (HTTP {exc.status}) after retries", RATE_LIMIT_FIX, 6)
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
    return f"{where} -> {status}: {brief(exc)}"


def message_of(excerpt: str) -> str:
    """The ``Message`` of a TDX error body (``{"Message": "..."}``), or ``""``."""
    found = _MESSAGE.search(excerpt)
    return found.group(1).strip() if found else ""


def brief(exc: SourceError) -> str:
    """An error's message without the bracketed call and excerpt (the evidence has them)."""
    return exc.message.split(" [", 1)[0]
