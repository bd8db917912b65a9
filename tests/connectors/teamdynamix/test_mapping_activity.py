"""Feed entries, ticket tasks and time entries to canonical rows (reference §3.3, §3.4, §4)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ticketlake.connectors.teamdynamix.mapping import events, tasks, time_entries

EASTERN = ZoneInfo("America/New_York")
AUTHOR = "4c1e2b3a-1111-4000-8000-000000000002"


def entry(**changes: Any) -> dict[str, Any]:
    """A feed entry (``ItemUpdate``) on ticket 5521."""
    row: dict[str, Any] = {
        "ID": 90001,
        "ItemID": 5521,
        "ItemType": 9,
        "PlanID": 0,
        "CreatedUid": AUTHOR,
        "CreatedFullName": "Pat Tech",
        "CreatedDate": "2026-01-06T08:00:00.12Z",
        "LastUpdatedDate": "2026-01-06T08:00:00.12Z",
        "Body": "Please try again.",
        "UpdateType": 1,
        "IsPrivate": False,
        "Replies": [],
    }
    row.update(changes)
    return row


def status_change(body: str) -> dict[str, Any]:
    return entry(UpdateType=2, Body=body)


def test_comment_entry_maps_to_a_comment_event() -> None:
    [row] = events([entry()], connection="c1", tz=EASTERN).to_pylist()
    assert (row["id"], row["ticket_id"], row["kind"], row["origin"]) == (
        "90001", 5521, "comment", "feed"
    )  # fmt: skip
    assert row["created_at"] == datetime(2026, 1, 6, 8, 0, 0, 120000, tzinfo=UTC)
    assert (row["author_id"], row["is_private"]) == (AUTHOR, False)
    assert (row["body_html"], row["body_text"]) == ("Please try again.", "Please try again.")
    assert (row["from_status"], row["to_status"]) == (None, None)
    assert json.loads(row["raw"]) == entry()


def test_replies_to_an_entry_are_comments_on_its_ticket_with_its_privacy() -> None:
    reply = {"ID": 7, "Body": "<p>Done &amp; dusted</p>", "CreatedUid": AUTHOR,
             "CreatedFullName": "Sam", "CreatedDate": "2026-01-06T09:30:00Z"}  # fmt: skip
    table = events([entry(IsPrivate=True, Replies=[reply])], connection="c", tz=EASTERN)
    rows = {r["id"]: r for r in table.to_pylist()}
    assert set(rows) == {"90001", "reply:7"}
    answer = rows["reply:7"]
    assert answer["ticket_id"] == 5521
    assert answer["kind"] == "comment"
    assert answer["body_text"] == "Done & dusted"
    assert answer["is_private"] is True
    assert answer["created_at"] == datetime(2026, 1, 6, 9, 30, tzinfo=UTC)
    assert json.loads(answer["raw"]) == reply


def test_update_types_map_to_event_kinds() -> None:
    rows = [entry(ID=i, UpdateType=u) for i, u in enumerate([0, 1, 2, 3, 4, 5, 6, 7, 42])]
    kinds = events(rows, connection="c1", tz=EASTERN).column("kind").to_pylist()
    assert kinds == [
        "other", "comment", "status_change", "edit", "created", "other", "merge",
        "moved_comment", "other",
    ]  # fmt: skip


def test_status_change_body_gives_from_and_to_and_is_kept() -> None:
    body = 'Changed Status from "In Process" to "Resolved".<br/>Fixed the tray.'
    [row] = events([status_change(body)], connection="c1", tz=EASTERN).to_pylist()
    assert (row["from_status"], row["to_status"]) == ("In Process", "Resolved")
    assert row["body_html"] == body
    assert row["body_text"] == 'Changed Status from "In Process" to "Resolved".\nFixed the tray.'


def test_status_names_in_html_entities_or_curly_quotes_are_parsed() -> None:
    bodies = [
        "Changed Status from &quot;New&quot; to &quot;On Hold&quot;.",
        "Status changed from “On Hold” to “In Process”",
    ]
    table = events([status_change(b) for b in bodies], connection="c1", tz=EASTERN)
    assert table.column("from_status").to_pylist() == ["New", "On Hold"]
    assert table.column("to_status").to_pylist() == ["On Hold", "In Process"]


def test_unquoted_names_are_recognised_from_the_tenant_statuses() -> None:
    body = "changed status from in process to Resolved - Pending Review."
    statuses = ["New", "In Process", "Resolved", "Resolved - Pending Review"]
    [row] = events(
        [status_change(body)], connection="c1", tz=EASTERN, statuses=statuses
    ).to_pylist()
    assert (row["from_status"], row["to_status"]) == ("In Process", "Resolved - Pending Review")


def test_unknown_wording_leaves_from_and_to_null_and_keeps_the_body() -> None:
    body = "Moved this ticket along to the next stage."
    [row] = events([status_change(body)], connection="c1", tz=EASTERN).to_pylist()
    assert (row["from_status"], row["to_status"]) == (None, None)
    assert (row["kind"], row["body_text"]) == ("status_change", body)


def test_body_text_drops_tags_and_decodes_entities() -> None:
    body = "<div><p>Hello&nbsp;<b>team</b>,</p><p>A &amp; B &lt;3</p></div>"
    [row] = events([entry(Body=body)], connection="c1", tz=EASTERN).to_pylist()
    assert row["body_text"] == "Hello team,\nA & B <3"


def test_task_feed_entries_belong_to_the_parent_ticket() -> None:
    rows = [entry(ID=1, ItemType=25, ItemID=777, PlanID=5521), entry(ID=2, ItemType=25, ItemID=7)]
    table = events(rows, connection="c1", tz=EASTERN)
    assert table.column("ticket_id").to_pylist() == [5521, None]


def task(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "ID": 777,
        "TicketID": 5521,
        "Title": "Order toner",
        "ResponsibleUid": AUTHOR,
        "ResponsibleGroupID": 0,
        "CreatedDate": "2026-01-06T09:00:00Z",
        "ModifiedDate": "2026-01-06T10:00:00Z",
        "StartDate": "0001-01-01T05:00:00Z",
        "EndDate": "2026-01-09T00:00:00Z",
        "CompletedDate": "0001-01-01T05:00:00Z",
        "EstimatedMinutes": 30,
        "ActualMinutes": 0,
        "PercentComplete": 50,
    }
    row.update(changes)
    return row


def test_tasks_map_with_their_ticket() -> None:
    [row] = tasks([task()], connection="c1", tz=EASTERN).to_pylist()
    assert (row["id"], row["ticket_id"], row["title"]) == (777, 5521, "Order toner")
    assert (row["responsible_person_id"], row["responsible_group_id"]) == (AUTHOR, None)
    assert (row["start_at"], row["completed_at"]) == (None, None)
    assert row["end_at"] == datetime(2026, 1, 9, tzinfo=UTC)
    assert (row["estimated_minutes"], row["percent_complete"]) == (30.0, 50.0)


def time_entry(**changes: Any) -> dict[str, Any]:
    """A time entry as time/search returns it: system dates without a zone (UFL, live)."""
    row: dict[str, Any] = {
        "TimeID": 987654,
        "ItemID": 5521,
        "Component": 9,
        "TicketID": 5521,
        "TimeDate": "2026-04-06T00:00:00Z",
        "Minutes": 120,
        "Description": "Investigating",
        "TimeTypeID": 1,
        "TimeTypeName": "Development",
        "Billable": False,
        "Uid": AUTHOR,
        "CreatedDate": "2026-04-06T15:30:00.607",
        "ModifiedDate": "2026-04-06T15:30:00Z",
    }
    row.update(changes)
    return row


def test_ticket_time_links_to_the_ticket() -> None:
    [row] = time_entries([time_entry()], connection="c1", tz=EASTERN).to_pylist()
    assert (row["id"], row["ticket_id"], row["task_id"]) == (987654, 5521, None)
    assert (row["work_date"], row["minutes"], row["billable"]) == (date(2026, 4, 6), 120.0, False)
    assert (row["time_type_id"], row["time_type"], row["person_id"]) == (1, "Development", AUTHOR)


def test_zone_less_system_dates_are_tenant_local() -> None:
    [row] = time_entries([time_entry()], connection="c1", tz=EASTERN).to_pylist()
    assert row["created_at"] == datetime(2026, 4, 6, 19, 30, 0, 607000, tzinfo=UTC)
    assert row["modified_at"] == datetime(2026, 4, 6, 15, 30, tzinfo=UTC)


def test_task_time_links_to_the_ticket_and_the_task() -> None:
    rows = [time_entry(Component=25, TicketID=5521, ItemID=777)]
    [row] = time_entries(rows, connection="c1", tz=EASTERN).to_pylist()
    assert (row["ticket_id"], row["task_id"]) == (5521, 777)


def test_project_time_has_no_ticket_link() -> None:
    rows = [time_entry(Component=1, TicketID=0, ItemID=9999)]
    [row] = time_entries(rows, connection="c1", tz=EASTERN).to_pylist()
    assert (row["ticket_id"], row["task_id"]) == (None, None)
