"""The verdict of a verification: passed, passed with warnings, failed, or not verified.

A warning is not a pass: the sync can run, but the data will not be what the customer expects
(part of the tickets, no descriptions, no hours) or the account can do more than read. Every
surface that shows a verdict reads it from here, so they cannot disagree: ``ticketlake check``
and ``connect``, ``--json``, ``connections list`` and ``show``, the web page's headline and the
operator's connection list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ticketlake.checks.report import CheckReport, CheckResult, CheckStatus

if TYPE_CHECKING:
    from ticketlake.catalog import Catalog


class Verdict(StrEnum):
    """What a verification concluded, as a whole."""

    PASSED = "passed"
    WARNED = "passed_with_warnings"
    FAILED = "failed"
    NOT_VERIFIED = "not_verified"


LABELS = {
    Verdict.PASSED: "passed",
    Verdict.WARNED: "passed with warnings",
    Verdict.FAILED: "failed",
    Verdict.NOT_VERIFIED: "not verified",
}
TONES = {
    Verdict.PASSED: "ok",
    Verdict.WARNED: "warning",
    Verdict.FAILED: "failing",
    Verdict.NOT_VERIFIED: "failing",
}
"""The style of each verdict (CSS class on the web, colour on a terminal)."""


@dataclass(frozen=True)
class Judgement:
    """A verdict with what it rests on: the counts and what the checks mean for the data."""

    verdict: Verdict
    failed: int = 0
    warned: int = 0
    consequences: tuple[str, ...] = ()
    """One sentence per check that did not pass: what it means for the data."""
    note: str = ""
    """Why nothing was verified (``NOT_VERIFIED`` only)."""

    @property
    def label(self) -> str:
        """A few words: ``passed with warnings``."""
        return LABELS[self.verdict]

    @property
    def tone(self) -> str:
        """``ok``, ``warning`` or ``failing``."""
        return TONES[self.verdict]

    @property
    def counted(self) -> str:
        """The label with what it counts: ``passed with 2 warnings``, ``1 check failed``."""
        if self.verdict is Verdict.FAILED:
            return f"{_count(self.failed, 'check')} failed"
        if self.verdict is Verdict.WARNED:
            return f"passed with {_count(self.warned, 'warning')}"
        return self.label

    @property
    def headline(self) -> str:
        """One sentence: ``All checks passed.``, ``Passed with 2 warnings.``"""
        if self.verdict is Verdict.NOT_VERIFIED:
            return f"Not verified: {self.note}."
        if self.verdict is Verdict.PASSED:
            return "All checks passed."
        return self.counted[:1].upper() + self.counted[1:] + "."

    def next_step(self, retest: str) -> str:
        """What to do now, ``retest`` being how this surface runs the checks again (``save and
        test again``); empty when there is nothing to do."""
        if self.verdict is Verdict.FAILED:
            which = "it" if self.failed == 1 else "each one"
            return f"Fix what {which} says, then {retest}."
        if self.verdict is Verdict.WARNED:
            which = "it" if self.warned == 1 else "each warning"
            return (
                "A sync can run now, but its data will be as the warnings say. Fix what "
                f"{which} says, then {retest}."
            )
        return ""


def judge(results: Sequence[CheckResult], *, available: bool = True, note: str = "") -> Judgement:
    """The verdict of ``results``; ``available`` false: the source has no checks (``note``
    says so), and nothing was verified."""
    if not available:
        return Judgement(Verdict.NOT_VERIFIED, note=note.rstrip(".") or "no checks ran")
    failed = [r for r in results if r.status is CheckStatus.FAIL]
    warned = [r for r in results if r.status is CheckStatus.WARN]
    if failed:
        verdict = Verdict.FAILED
    elif warned:
        verdict = Verdict.WARNED
    else:
        verdict = Verdict.PASSED
    return Judgement(verdict, len(failed), len(warned), tuple(_consequence(r) for r in warned))


def judge_report(report: CheckReport) -> Judgement:
    """The verdict of a whole report."""
    return judge(report.checks, available=report.available, note=report.note)


def save_report(catalog: Catalog, report: CheckReport, *, actor: str | None = None) -> None:
    """Keep a report in the catalog, its audit entry saying its verdict (``passed with 1
    warning``); a report of a source without checks is not kept (nothing was verified)."""
    if not report.available:
        return
    judged = judge_report(report)
    catalog.history.save_report(
        report.connection, report.to_dict(), ok=report.ok, verdict=judged.counted, actor=actor
    )


def _consequence(result: CheckResult) -> str:
    said = result.impact or result.summary
    return f"{result.title} — {said.rstrip('.')}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
