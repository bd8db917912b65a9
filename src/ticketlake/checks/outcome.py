"""What one check concludes: pass, warn or fail, and for the last two what fixes it.

A check function returns an ``Outcome``; the runner (``runner.py``) adds its evidence, puts the
connection's name in the commands it names and cites the guide's step.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketlake.checks.report import CheckStatus


@dataclass(frozen=True)
class Outcome:
    """What one check concluded."""

    status: CheckStatus
    summary: str
    remediation: str = ""
    step: int | None = None
    """The number of the guide's step that fixes it (``Guide.cite`` words it); None: none."""
    impact: str = ""
    """What it means for the data (``CheckResult.impact``)."""


def passed(summary: str) -> Outcome:
    """A passing outcome."""
    return Outcome(CheckStatus.PASS, summary)


def warned(summary: str, fix: str, step: int | None, *, impact: str) -> Outcome:
    """A warning: the sync can run, but something is partial or more than needed; ``impact``
    says what that means for the data (a warning is not a pass)."""
    return Outcome(CheckStatus.WARN, summary, fix, step, impact)


def failed(summary: str, fix: str, step: int | None, *, impact: str = "") -> Outcome:
    """A failure: the sync cannot bring what it must until this is fixed."""
    return Outcome(CheckStatus.FAIL, summary, fix, step, impact)
