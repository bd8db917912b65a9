"""A warning is not a pass on the web either: the customer's headline, the API, the operator's
list and the connection page all say "passed with warnings" and what it means for the data."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from ticketlake.catalog import Connection
from ticketlake.checks import CheckOptions, CheckReport, CheckResult, CheckStatus, OnResult

from .fakes import GOOD_PASSWORD
from .flow import customer_for, finish
from .harness import Browser, run_id, tdx_form

pytestmark = pytest.mark.anyio

IMPACT = "you will get 808 of the 3,000 tickets you expect (about a quarter)"
CONSEQUENCE = f"Accts/Depts visibility — {IMPACT}."


async def partly_visible(
    connection: Connection, options: CheckOptions, on_result: OnResult
) -> CheckReport:
    """Every check passes but the Accts/Depts one, which warns."""
    plan = (
        CheckResult("auth", "Authentication", CheckStatus.PASS),
        CheckResult(
            "visibility",
            "Accts/Depts visibility",
            CheckStatus.WARN,
            "the account sees 808 tickets, but its security role lacks View All Accts/Depts",
            remediation="Give the service account's security role View All Accts/Depts.",
            step="Step 2: Create the read-only user security role",
            impact=IMPACT,
        ),
    )
    for result in plan:
        on_result(result)
    now = datetime.now(UTC)
    return CheckReport(connection.name, connection.source, plan, started_at=now, finished_at=now)


@pytest.fixture
def runner() -> Callable[..., object]:
    return partly_visible


async def verified(browsers: Callable[[], Browser]) -> tuple[Browser, Browser, str]:
    """An operator, and a customer whose connection's checks finished; the run's id."""
    operator, customer = await customer_for(browsers)
    run = run_id(await customer.post_form("/connect", tdx_form(GOOD_PASSWORD)))
    await finish(customer, run)
    return operator, customer, run


async def test_the_customer_page_says_passed_with_a_warning_and_what_it_means(
    browsers: Callable[[], Browser],
) -> None:
    _, customer, run = await verified(browsers)
    page = (await customer.get(f"/connect/checks/{run}")).text
    status = re.search(r'<p id="run-status" class="run-status (\w+)"[^>]*>(.*?)</p>', page, re.S)
    assert status is not None
    assert status.group(1) == "warning"
    assert " ".join(status.group(2).split()) == (
        "Passed with 1 warning. A sync can run now, but its data will be as the warnings say. "
        "Fix what it says, then save and test again."
    )
    assert "All checks passed" not in page
    assert f"<li>{CONSEQUENCE}</li>" in page


async def test_the_api_gives_the_verdict_the_headline_and_the_consequences(
    browsers: Callable[[], Browser],
) -> None:
    _, customer, run = await verified(browsers)
    body = (await customer.get(f"/api/check-runs/{run}?after=2&wait=1")).json()
    assert (body["ok"], body["verdict"], body["headline"]) == (
        True,
        "passed_with_warnings",
        "Passed with 1 warning.",
    )
    assert body["consequences"] == [CONSEQUENCE]


async def test_the_operator_sees_warnings_in_the_list_and_on_the_connection_page(
    browsers: Callable[[], Browser],
) -> None:
    operator, _, _ = await verified(browsers)
    listed = (await operator.get("/connections")).text
    row = re.search(r'<tr data-connection="acme">.*?</tr>', listed, flags=re.S)
    assert row is not None
    badge = '<span class="badge warn" data-verdict="passed_with_warnings">passed with 1 warning'
    assert badge in row.group(0)
    assert "verified" not in row.group(0)
    page = (await operator.get("/connections/acme")).text
    assert '<p class="report-summary warning">' in page
    assert "Passed with 1 warning." in page
    assert f"<li>{CONSEQUENCE}</li>" in page
    stored = (await operator.api("GET", "/api/connections/acme")).json()["last_report"]
    assert (stored["verdict"], stored["consequences"]) == ("passed_with_warnings", [CONSEQUENCE])
