"""The Teamwork check report ends with a preview of the first sync, made by the sync's own
streams through the connector's API: the tickets (Desk) or tasks (Projects) and time logs the
site holds, the plan's calls and ETA; a Spaces connection is said to be verified, not
extracted. Every call is the connector's, recorded as evidence."""

from __future__ import annotations

from ticketlake.checks.report import preview_rows

from .checking import checked
from .launchpad import site


def test_a_projects_site_previews_its_tasks_and_time_logs() -> None:
    sim = site("healthy", tasks=60)
    report = checked("healthy", sim)
    tasks = sum(1 for t in sim.tenant.iter_truth("tasks") if not t.get("deleted"))
    logs = sum(1 for _ in sim.tenant.iter_truth("timelogs"))  # the sync reads deleted ones too
    preview = report.preview
    assert preview["available"] is True
    assert preview["tickets"]["count"] == tasks
    assert preview["time_entries"] == f"{logs:,} time logs, deleted ones counted"
    assert preview["eta"]["calls"] >= 4
    assert dict(preview_rows(preview))["tickets"] == f"{tasks:,}"


def test_a_desk_site_previews_its_tickets() -> None:
    sim = site("healthy", tickets=30)
    report = checked("healthy", sim, api_type="desk", api_version="v2")
    tickets = sum(1 for _ in sim.tenant.iter_truth("desk_tickets"))
    assert report.preview["tickets"]["count"] == tickets
    assert report.preview["not_estimated"] == {}


def test_a_spaces_connection_is_verified_but_not_extracted() -> None:
    report = checked("healthy", api_type="spaces", api_version="v2", auth_type="oauth2")
    assert report.ok
    assert report.preview == {"available": False, "reason": report.preview["reason"]}
    assert "verified but not extracted" in report.preview["reason"]


def test_no_preview_when_signing_in_failed() -> None:
    report = checked("wrong_api_key")
    assert report.preview["available"] is False
    assert report.preview["reason"].startswith("not estimated: Site name, region and credentials")


def test_every_call_is_the_connectors_own_on_its_allow_list() -> None:
    report = checked("healthy")
    paths = [e.path for c in report.checks for e in c.evidence]
    assert paths[0] == "projects/api/v3/me.json"
    assert all(p.startswith(("projects/api/v3/", "tasks.json")) for p in paths), paths
