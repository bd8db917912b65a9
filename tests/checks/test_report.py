"""The check seam: reports, their JSON, and sources without checks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ticketlake.catalog import Catalog, Connection, open_catalog, submit_new
from ticketlake.checks import (
    CheckOptions,
    CheckReport,
    CheckResult,
    CheckStatus,
    Evidence,
    OnResult,
    run_checks,
)
from ticketlake.connectors.netguard import NetworkPolicy

PUBLIC = NetworkPolicy(resolver=lambda host, port: ["93.184.216.34"])


@pytest.fixture
def catalog() -> Iterator[Catalog]:
    with open_catalog(actor="test:checks") as cat:
        yield cat


@pytest.fixture
def teamwork(catalog: Catalog) -> Connection:
    values = {
        "api_type": "desk",
        "region": "eu",
        "site_name": "acme",
        "auth_type": "basic",
        "api_key": "tw-api-key-0123456789",
    }
    return submit_new(catalog, "teamwork", "tw", values, policy=PUBLIC)


def result(status: CheckStatus, check_id: str = "auth") -> CheckResult:
    return CheckResult(check_id, "Authentication", status)


def test_source_without_checks_reports_that_nothing_was_verified(
    teamwork: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # whichever sources have checks today: the registry is shown one that has none
    monkeypatch.setattr("ticketlake.checks.find_runner", lambda source: None)
    report = run_checks(teamwork)
    assert (report.available, report.ok, report.checks) == (False, False, ())
    assert report.note == "no checks exist for teamwork connections yet: nothing was verified"


def test_a_failing_check_fails_the_report_and_a_warning_does_not() -> None:
    warn = CheckReport("c", "teamdynamix", (result(CheckStatus.PASS), result(CheckStatus.WARN)))
    fail = CheckReport("c", "teamdynamix", (result(CheckStatus.PASS), result(CheckStatus.FAIL)))
    assert (warn.ok, fail.ok) == (True, False)
    assert fail.counts() == {"pass": 1, "warn": 0, "fail": 1, "skipped": 0}


def test_json_form_has_the_documented_keys_and_reads_back() -> None:
    evidence = Evidence("GET", "api/auth/getuser", 200, '{"IsActive": true}', 12.5)
    check = CheckResult(
        "identity",
        "Identity",
        CheckStatus.FAIL,
        "the account is inactive",
        (evidence,),
        "Activate the service account.",
        "Step 3: Create the dedicated service account",
    )
    report = CheckReport("acme", "teamdynamix", (check,), {"tickets": 120})
    data = report.to_dict()
    assert {"connection", "ok", "checks", "preview"} <= set(data)
    assert set(data["checks"][0]) >= {"id", "title", "status", "evidence", "remediation", "step"}
    assert data["checks"][0]["evidence"][0]["elapsed_ms"] == 12.5
    assert CheckReport.from_dict(data) == report


def test_evidence_excerpt_is_capped() -> None:
    assert len(Evidence("GET", "x", 200, "a" * 1000).excerpt) == 300


def test_runner_reports_each_result_as_it_finishes(teamwork: Connection) -> None:
    seen: list[str] = []

    async def runner(conn: Connection, options: CheckOptions, on_result: OnResult) -> CheckReport:
        checks = (result(CheckStatus.PASS, "a"), result(CheckStatus.SKIPPED, "b"))
        for check in checks:
            on_result(check)
        return CheckReport(conn.name, conn.source, checks)

    report = run_checks(teamwork, on_result=lambda r: seen.append(r.id), runner=runner)
    assert seen == ["a", "b"]
    assert report.ok
