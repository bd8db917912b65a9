"""``connections list`` and ``show`` tell a pass from a pass with warnings, and say what the
warnings mean for the data; the audit trail records the same verdict."""

from __future__ import annotations

import re

import pytest

from ticketlake.catalog import Action, open_catalog
from ticketlake.checks import CheckReport, CheckResult, CheckStatus
from ticketlake.checks.verdict import save_report

from .test_connections import PASSWORD, TDX

IMPACT = "the sync will store only the 768 tickets the account sees"


@pytest.fixture
def acme(cli) -> None:
    assert cli(*TDX, env={"TICKETLAKE_PASSWORD": PASSWORD}).exit_code == 0


def checked(*results: CheckResult) -> None:
    with open_catalog(actor="test:checks") as catalog:
        save_report(catalog, CheckReport("acme", "teamdynamix", results))


def visibility_warning() -> CheckResult:
    return CheckResult(
        "visibility", "Accts/Depts visibility", CheckStatus.WARN, "sees 768", impact=IMPACT
    )


def test_list_says_passed_with_warnings_not_ok(cli, acme) -> None:
    checked(CheckResult("auth", "Authentication", CheckStatus.PASS), visibility_warning())
    result = cli("connections", "list")
    assert re.search(r"│ passed with 1 warning \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)", result.stdout)
    assert "│ ok" not in result.stdout


def test_list_says_how_many_checks_failed(cli, acme) -> None:
    checked(CheckResult("auth", "Authentication", CheckStatus.FAIL), visibility_warning())
    assert "│ 1 check failed (" in cli("connections", "list").stdout


def test_show_gives_the_verdict_and_what_it_means_for_the_data(cli, acme) -> None:
    checked(visibility_warning())
    result = cli("connections", "show", "acme")
    assert re.search(r"Last check .* UTC: passed with 1 warning\n", result.stdout)
    assert f"  - Accts/Depts visibility — {IMPACT}." in result.stdout


def test_the_audit_trail_records_the_verdict(cli, acme) -> None:
    checked(visibility_warning())
    with open_catalog() as catalog:
        log = [(e.action, e.detail) for e in catalog.audit_log("acme")]
    assert (Action.TESTED, "passed with 1 warning") in log
