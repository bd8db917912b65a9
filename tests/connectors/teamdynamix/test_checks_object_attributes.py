"""The onboarding checks of seed 000's remaining data areas: custom attributes of people,
accounts and locations (defined? readable the way the sync reads them? at what cost?) and
survey responses (not configured, and what enables it; or the named report's columns)."""

from __future__ import annotations

from typing import Any

import httpx

from ticketlake.checks import CheckStatus
from ticketlake.connectors.teamdynamix.spec import step

from .test_checks_scenarios import Run, assert_safe, check_run

PASS, WARN, FAIL = CheckStatus.PASS, CheckStatus.WARN, CheckStatus.FAIL


class Rewriting(httpx.AsyncBaseTransport):
    """The simulator, with the answers of paths containing ``match`` replaced."""

    def __init__(self, app: Any, match: str, status: int, body: Any) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.match, self.status, self.body = match, status, body

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.match in str(request.url):
            return httpx.Response(self.status, json=self.body)
        return await self.inner.handle_async_request(request)


def rewriting(match: str, status: int, body: Any) -> Any:
    return lambda app: Rewriting(app, match, status, body)


def paths(run: Run, check_id: str) -> list[str]:
    return [e.path for e in run.check(check_id).evidence]


def test_attributes_of_every_component_are_read_once_and_priced() -> None:
    run = check_run("healthy")
    found = run.check("object-attributes")
    assert found.status is PASS
    people = len(run.tenant.world.directory.people)
    assert (
        f"people: Campus, Support Tier, VIP, Employee ID (one call per person: {people} calls"
        in (found.summary)
    )
    assert "accounts: Division, Cost Center (one call per account: 24 calls" in found.summary
    assert "locations: Campus Zone, Network Closet (one call per location: 12 calls" in (
        found.summary
    )
    assert f"api/people/{run.tenant.account.uid}" in paths(run, "object-attributes")
    assert "api/accounts/30101" in paths(run, "object-attributes")
    assert_safe(run)


def test_a_component_without_definitions_costs_no_call() -> None:
    run = check_run("healthy", http=rewriting("componentId=31", 200, []))
    found = run.check("object-attributes")
    assert found.status is PASS
    assert found.summary.startswith("people: no custom attributes defined (nothing to read); ")
    assert not [p for p in paths(run, "object-attributes") if p.startswith("api/people/")]
    # The plan of the first sync counts no person read either.
    assert "GET api/people/{uid}" not in run.report.preview["eta"]["endpoints"]


def test_accounts_read_one_at_a_time_refused_fail_with_the_permission_to_add() -> None:
    refused = {"Message": "You do not have permission to view this account/department."}
    run = check_run("healthy", http=rewriting("/api/accounts/", 401, refused))
    found = run.check("object-attributes")
    assert found.status is FAIL
    assert found.summary == (
        "GET api/accounts/{id} refused (HTTP 401): the custom attributes of accounts cannot be read"
    )
    assert "View All Accts/Depts" in found.remediation
    assert found.step == step(2)
    assert run.not_passing() == {"object-attributes": FAIL}


def test_without_people_access_the_attributes_check_waits_for_the_people_check() -> None:
    run = check_run("no_people_access")
    assert run.status("object-attributes") is CheckStatus.SKIPPED
    assert run.not_passing() == {"people": FAIL}


def test_no_survey_report_is_not_configured_and_says_what_enables_it() -> None:
    run = check_run("healthy")
    found = run.check("survey-report")
    assert found.status is PASS
    assert found.summary.startswith("not configured: survey responses are not read; ")
    assert "that look like surveys: 3 (CIO Analytics - Ticket Surveys)" in found.summary
    assert "`ticketlake connections edit sim --set survey_report_id=REPORT_ID`" in found.summary


def test_a_named_survey_report_shows_the_columns_the_sync_will_use() -> None:
    run = check_run("healthy", values={"survey_report_id": 3})
    found = run.check("survey-report")
    assert found.status is PASS
    assert found.summary == (
        "survey report 3 (CIO Analytics - Ticket Surveys): response ID, ticket ID, respondent, "
        "date completed, survey name and 3 answer column(s)"
    )
    assert paths(run, "survey-report") == ["api/reports/3?withData=false"]  # no rows read


def test_a_ticket_report_named_as_the_survey_report_fails() -> None:
    run = check_run("healthy", values={"survey_report_id": 1})
    found = run.check("survey-report")
    assert found.status is FAIL
    assert "report 1 has no column that identifies a survey response" in found.summary
    assert "`ticketlake connections edit sim --set survey_report_id=`" in found.remediation
    assert found.step == step(6)


def test_a_survey_report_the_account_cannot_read_fails() -> None:
    run = check_run("healthy", values={"survey_report_id": 9})
    found = run.check("survey-report")
    assert found.status is FAIL
    assert found.summary == "survey report 9 is not readable by the service account (HTTP 404)"


def test_a_survey_report_without_tickets_warns_what_that_means() -> None:
    columns = [
        {"ColumnName": "ResponseID", "HeaderText": "Response ID"},
        {"ColumnName": "Rating", "HeaderText": "Rating"},
    ]
    body = {"ID": 5, "Name": "Survey answers", "DisplayedColumns": columns, "DataRows": None}
    run = check_run(
        "healthy", values={"survey_report_id": 5}, http=rewriting("/api/reports/5", 200, body)
    )
    found = run.check("survey-report")
    assert found.status is WARN
    assert "cannot be joined to tickets" in found.summary
