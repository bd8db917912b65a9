"""The verdict of a verification: a warning is not a pass, and says what it means for the data."""

from __future__ import annotations

from ticketlake.checks import CheckReport, CheckResult, CheckStatus
from ticketlake.checks.verdict import Verdict, judge, judge_report

PASS, WARN, FAIL = CheckStatus.PASS, CheckStatus.WARN, CheckStatus.FAIL


def result(status: CheckStatus, title: str = "Authentication", impact: str = "") -> CheckResult:
    return CheckResult(title.lower(), title, status, f"{title} said so", impact=impact)


def test_all_passing_checks_pass() -> None:
    judged = judge([result(PASS), result(PASS)])
    assert (judged.verdict, judged.headline, judged.tone) == (
        Verdict.PASSED,
        "All checks passed.",
        "ok",
    )
    assert judged.consequences == ()


def test_a_warning_is_not_a_pass_and_says_what_it_means_for_the_data() -> None:
    visibility = result(
        WARN,
        "Accts/Depts visibility",
        impact="you will get 808 of the 3,000 tickets you expect (about a quarter)",
    )
    judged = judge([result(PASS), visibility])
    assert judged.verdict is Verdict.WARNED
    assert judged.headline == "Passed with 1 warning."
    assert (judged.label, judged.counted, judged.tone) == (
        "passed with warnings",
        "passed with 1 warning",
        "warning",
    )
    assert judged.consequences == (
        "Accts/Depts visibility — you will get 808 of the 3,000 tickets you expect "
        "(about a quarter).",
    )


def test_a_warning_without_an_impact_falls_back_on_its_summary() -> None:
    judged = judge([result(WARN, "Groups"), result(WARN, "People")])
    assert judged.headline == "Passed with 2 warnings."
    assert judged.consequences == ("Groups — Groups said so.", "People — People said so.")


def test_one_failure_fails_whatever_else_warns() -> None:
    judged = judge([result(WARN), result(FAIL), result(FAIL)])
    assert (judged.verdict, judged.headline, judged.counted) == (
        Verdict.FAILED,
        "2 checks failed.",
        "2 checks failed",
    )


def test_a_source_without_checks_is_not_verified() -> None:
    report = CheckReport(
        "tw",
        "teamwork",
        available=False,
        note="no checks exist for teamwork connections yet: nothing was verified",
    )
    judged = judge_report(report)
    assert judged.verdict is Verdict.NOT_VERIFIED
    assert judged.headline == (
        "Not verified: no checks exist for teamwork connections yet: nothing was verified."
    )
    assert judged.tone == "failing"
