"""One run of a source's checks against one simulated scenario, as the scenario tests of every
source read it: which checks did not pass, and the one a scenario must fail (or warn) with
the setup step that fixes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ticketlake.checks import CheckReport, CheckResult, CheckStatus

FAIL, WARN = CheckStatus.FAIL, CheckStatus.WARN


@dataclass
class Run:
    """One check run against one simulated tenant."""

    report: CheckReport
    tenant: Any

    def check(self, check_id: str) -> CheckResult:
        return next(c for c in self.report.checks if c.id == check_id)

    def status(self, check_id: str) -> CheckStatus:
        return self.check(check_id).status

    def not_passing(self) -> dict[str, CheckStatus]:
        """Checks that failed or warned (skips follow from these)."""
        return {c.id: c.status for c in self.report.checks if c.status in (FAIL, WARN)}


def only(run: Run, check_id: str, status: CheckStatus, cited: str) -> CheckResult:
    """The run's one failing (or warning) check, citing ``cited``, with its fix and the
    calls behind its verdict; returns it."""
    assert run.not_passing() == {check_id: status}, run.not_passing()
    found = run.check(check_id)
    assert found.step == cited
    assert found.remediation
    assert found.evidence, "a check that does not pass shows the calls behind its verdict"
    return found
