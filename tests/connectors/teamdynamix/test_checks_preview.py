"""What the report adds beyond pass/fail: a confirmed ticket count, the feed verdict the sync
reads, the admin login, and the preview of a first sync checked against the tenant's truth."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from ticketlake.checks import CheckStatus
from ticketlake.connectors.teamdynamix.checks import feed_verdict
from ticketlake.connectors.teamdynamix.spec import step

from .test_checks_scenarios import TICKETS, WARN, assert_safe, check_run


def test_a_confirmed_count_passes_when_the_account_sees_it_all() -> None:
    run = check_run("healthy", expected_tickets=TICKETS)
    assert run.status("visibility") is CheckStatus.PASS
    assert (
        f"the account sees {TICKETS} tickets (you expect {TICKETS})"
        in run.check("visibility").summary
    )


def test_a_confirmed_count_the_account_cannot_see_fails_visibility() -> None:
    # The count may also come with the connection (``expected_ticket_count``).
    run = check_run("partial_visibility", values={"expected_ticket_count": TICKETS})
    assert run.not_passing() == {"visibility": CheckStatus.FAIL}
    found = run.check("visibility")
    assert found.summary == f"the account sees 49 tickets; you confirmed {TICKETS}"
    # What it means for the data, in words: 49 of 150 is about a third.
    assert found.impact == f"you will get 49 of the {TICKETS} tickets you expect (about a third)"
    assert found.step == step(2)
    assert not run.report.ok


def test_the_admin_login_works_and_is_flagged_as_more_than_needed() -> None:
    run = check_run("healthy", mode="admin")
    assert run.not_passing() == {"least-privilege": WARN}
    assert run.check("least-privilege").step == step(5)
    assert_safe(run)


def test_the_preview_matches_the_tenant(tmp_path: Path) -> None:
    run = check_run("healthy")
    preview = run.report.preview
    tickets = list(run.tenant.iter_truth("tickets"))
    created = min(datetime.fromisoformat(t["CreatedDate"]) for t in tickets)
    modified = max(datetime.fromisoformat(t["ModifiedDate"]) for t in tickets)
    assert preview["tickets"]["count"] == len(tickets)
    assert preview["tickets"]["exact"] is True
    assert datetime.fromisoformat(preview["tickets"]["oldest_created"]) == created
    assert datetime.fromisoformat(preview["tickets"]["newest_modified"]) == modified
    assert preview["people"] == len(list(run.tenant.iter_truth("people")))
    assert preview["groups"] == len(list(run.tenant.iter_truth("groups")))
    eta = preview["eta"]
    # Without a report every ticket needs its own read: 60 per minute sets the pace.
    assert eta["bottleneck"] == "GET api/{appId}/tickets/{id}"
    assert eta["endpoints"]["GET api/{appId}/tickets/{id}"]["calls"] == len(tickets)
    assert eta["floor_seconds"] == 120  # 150 reads at 60 per 60 s: the third window
    assert feed_verdict(run.report.to_dict()) is True


class DroppingFeed(httpx.AsyncBaseTransport):
    """The simulator, except that the application-wide feed loses every other entry."""

    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if not request.url.path.endswith("/tickets/feed"):
            return response
        page = json.loads(await response.aread())
        page["Entries"] = page["Entries"][::2]
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return httpx.Response(response.status_code, headers=headers, json=page)


def test_a_bulk_feed_that_disagrees_keeps_the_sync_on_per_ticket_feeds() -> None:
    run = check_run("healthy", http=DroppingFeed)
    found = run.check("feed-agreement")
    assert run.not_passing() == {"feed-agreement": WARN}
    assert "missing from the bulk feed" in found.summary
    assert run.report.preview["feed"] == {"bulk": False, "mode": "per ticket"}
    assert feed_verdict(run.report.to_dict()) is False
    # The ETA prices what the sync will do instead: one feed read per ticket.
    per_ticket = run.report.preview["eta"]["endpoints"]["GET api/{appId}/tickets/{id}/feed"]
    assert per_ticket["calls"] == TICKETS
