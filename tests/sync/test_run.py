"""run_sync against a small fake TeamDynamix: what lands in the store, what calls it costs."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from ticketlake.connectors.base import ConnectionSettings
from ticketlake.secret import Secret
from ticketlake.store import open_store
from ticketlake.store.base import Store
from ticketlake.sync.run import run_sync
from ticketlake.sync.summary import SyncSummary
from ticketlake.transport import FakeClock

from .tdxfake import NOW, FakeTdx, stamp

CONNECTION = ConnectionSettings(
    "fake",
    "teamdynamix",
    {"base_url": "http://tdx.test/TDWebApi", "app_id": 627, "username": "svc"},
    {"password": Secret("pw")},
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    yield s  # type: ignore[misc]
    s.close()


def sync(
    tdx: FakeTdx,
    store: Store,
    clock: FakeClock | None = None,
    connection: ConnectionSettings = CONNECTION,
    **kw: Any,
) -> SyncSummary:
    async def go() -> SyncSummary:
        return await run_sync(
            connection, store, clock=clock or FakeClock(NOW), http_transport=tdx.transport(), **kw
        )

    return asyncio.run(go())


def column(store: Store, sql: str) -> list[Any]:
    return [r[0] for r in store.query(sql).rows]


def test_a_full_sync_brings_every_ticket_with_its_details(store: Store) -> None:
    tdx = FakeTdx(tickets=120)
    summary = sync(tdx, store)
    assert summary.ok, summary.error
    assert column(store, "SELECT id FROM tickets ORDER BY id") == sorted(tdx.data)
    descriptions = column(store, "SELECT description FROM tickets WHERE id = 1001")
    assert descriptions == [tdx.data[1001]["Description"]]
    attributes = column(store, "SELECT attributes FROM tickets WHERE id = 1001")
    assert json.loads(attributes[0]) == {"Tier": "Tier 2"}
    assert column(store, "SELECT count(*) FROM tickets WHERE details_at IS NULL") == [0]


def test_a_full_sync_brings_every_feed_entry_once(store: Store) -> None:
    tdx = FakeTdx(tickets=150)
    sync(tdx, store)
    ids = column(store, "SELECT id FROM ticket_events WHERE origin = 'feed' ORDER BY id")
    assert ids == sorted(str(e["ID"]) for e in tdx.feed)


def test_a_full_sync_uses_the_bulk_paths(store: Store) -> None:
    tdx = FakeTdx(tickets=150)
    sync(tdx, store)
    # 150 < MaxResults: one window, and its two halves to prove no server cap cut it short
    assert tdx.calls("POST", "tickets/search") == 3
    assert tdx.calls("GET", "tickets/feed") <= len(tdx.feed) // 100 + 3
    assert tdx.calls("POST", "api/auth") == 1


def test_a_second_sync_with_nothing_changed_costs_one_call_per_list(store: Store) -> None:
    tdx = FakeTdx(tickets=80)
    sync(tdx, store)
    tdx.requests.clear()
    summary = sync(tdx, store)
    assert summary.ok, summary.error
    assert tdx.calls("POST", "tickets/search") == 1
    assert tdx.calls("GET", "tickets/feed") == 1
    details = [p for m, p in tdx.requests if m == "GET" and p.split("/")[-1].isdigit()]
    assert details == []


def test_a_status_change_between_syncs_is_an_observed_event(store: Store) -> None:
    tdx = FakeTdx(tickets=40)
    sync(tdx, store)
    before = tdx.data[1005]["StatusName"]
    after = 3 if before != "Resolved" else 1
    tdx.touch(1005, NOW + 3600, status=after)
    sync(tdx, store, clock=FakeClock(NOW + 7200))
    observed = store.query(
        "SELECT ticket_id, from_status, to_status FROM ticket_events WHERE origin = 'observed'"
    ).rows
    now = tdx.data[1005]["StatusName"]
    assert observed == [(1005, before, now)]
    assert column(store, "SELECT status FROM tickets WHERE id = 1005") == [now]
    assert column(store, "SELECT count(*) FROM tickets WHERE details_at < modified_at") == [0]


def test_a_refused_application_feed_falls_back_to_per_ticket_feeds(store: Store) -> None:
    tdx = FakeTdx(tickets=30, feed_forbidden=True)
    summary = sync(tdx, store)
    assert summary.ok, summary.error
    ids = column(store, "SELECT id FROM ticket_events ORDER BY id")
    assert ids == sorted(str(e["ID"]) for e in tdx.feed)
    assert tdx.calls("GET", "/feed") - tdx.calls("GET", "tickets/feed") == 30


def test_replies_the_feed_counts_but_does_not_list_are_said_to_be_missing(store: Store) -> None:
    tdx = FakeTdx(tickets=10)
    entry = tdx.feed[0]
    replies = [
        {"ID": 70 + k, "Body": f"reply {k}", "CreatedUid": "u-2",
         "CreatedDate": stamp(NOW - 600 + k)}
        for k in range(2)
    ]  # fmt: skip
    entry |= {"Replies": replies, "RepliesCount": 5, "LastUpdatedDate": stamp(NOW - 598)}
    summary = sync(tdx, store)
    assert summary.ok, summary.error
    rows = store.query(
        "SELECT id, ticket_id, kind, body_text FROM ticket_events WHERE id LIKE 'reply:%' "
        "ORDER BY id"
    ).rows
    assert rows == [
        ("reply:70", entry["ItemID"], "comment", "reply 0"),
        ("reply:71", entry["ItemID"], "comment", "reply 1"),
    ]
    notes = {s.name: s.note for s in summary.streams}
    assert notes["ticket_events"] == "3 replies not read: the feed lists at most 100 per entry"


def test_streams_can_be_chosen(store: Store) -> None:
    tdx = FakeTdx(tickets=20)
    summary = sync(tdx, store, streams=["people", "reference"])
    assert [s.name for s in summary.streams] == ["people", "reference"]
    assert tdx.calls("POST", "tickets/search") == 0
    assert column(store, "SELECT full_name FROM people") == ["Ann Tech"]


def test_the_summary_counts_rows_and_calls(store: Store) -> None:
    tdx = FakeTdx(tickets=60)
    summary = sync(tdx, store)
    data = summary.to_json()
    assert data["rows"]["tickets"] >= 60
    assert data["endpoints"]["POST api/{appId}/tickets/search"]["calls"] == 1
    assert data["throttled"] == 0
    assert data["calls"] == len(tdx.requests)


def test_refused_credentials_stop_every_stream_with_a_clear_message(store: Store) -> None:
    tdx = FakeTdx(tickets=10)
    wrong = ConnectionSettings(CONNECTION.name, "teamdynamix", CONNECTION.values,
                               {"password": Secret("not-it")})  # fmt: skip
    summary = sync(tdx, store, connection=wrong)
    assert not summary.ok
    # The login's failure stops every stream: said once for the sync, not once per stream.
    assert {s.status for s in summary.streams} <= {"not run", "ok"}
    assert "not run" in {s.status for s in summary.streams}
    assert [s.error for s in summary.streams if s.error] == []
    assert tdx.calls("POST", "api/auth") == 1  # refused once, not asked again per call
    assert summary.stopped is not None
    assert summary.stopped.startswith("could not log in, so no stream can run")
    assert "POST api/auth -> HTTP 401" in summary.stopped
    assert summary.error == summary.stopped
    assert "not-it" not in json.dumps(summary.to_json())
    assert column(store, "SELECT count(*) FROM tickets") == [0]


def test_a_stream_refused_stops_alone_and_the_next_run_resumes(store: Store) -> None:
    tdx = FakeTdx(tickets=50, time_forbidden=True)
    first = sync(tdx, store)
    statuses = {s.name: s.status for s in first.streams}
    assert statuses["time_entries"] == "failed"
    assert {k for k, v in statuses.items() if v != "ok"} == {"time_entries"}
    assert "403" in (first.error or "")
    tdx.time_forbidden = False
    tdx.requests.clear()
    second = sync(tdx, store)
    assert second.ok, second.error
    assert column(store, "SELECT count(*) FROM time_entries") == [len(tdx.time)]
    assert tdx.calls("POST", "tickets/search") == 1  # tickets were done: incremental now


def test_details_alone_fetch_what_the_store_says_is_missing(store: Store) -> None:
    tdx = FakeTdx(tickets=73)
    sync(tdx, store, streams=["tickets"])
    assert column(store, "SELECT count(*) FROM tickets WHERE details_at IS NULL") == [73]
    tdx.requests.clear()
    summary = sync(tdx, store, streams=["ticket_details"])
    assert summary.ok, summary.error
    assert column(store, "SELECT count(*) FROM tickets WHERE details_at IS NULL") == [0]
    singles = [p for m, p in tdx.requests if m == "GET" and p.split("/")[-1].isdigit()]
    assert len(singles) == 73  # one GET per ticket, none twice


def test_open_tickets_get_their_details_first(store: Store) -> None:
    tdx = FakeTdx(tickets=60)
    sync(tdx, store, streams=["tickets"])
    tdx.requests.clear()
    sync(tdx, store, streams=["ticket_details"])
    order = [
        int(p.split("/")[-1]) for m, p in tdx.requests if m == "GET" and p.split("/")[-1].isdigit()
    ]
    closed = {i for i, t in tdx.data.items() if t["StatusClass"] == 3}
    first_closed = min(k for k, i in enumerate(order) if i in closed)
    assert all(i not in closed for i in order[:first_closed])
    assert all(i in closed for i in order[first_closed:])


def test_a_ticket_the_account_may_not_read_is_skipped_counted_and_not_asked_again(
    store: Store,
) -> None:
    tdx = FakeTdx(tickets=60, feed_forbidden=True)
    refused = sorted(tdx.data)[5]
    tdx.restricted = {refused}
    summary = sync(tdx, store)
    assert summary.ok, summary.error
    notes = {s.name: s.note for s in summary.streams}
    assert notes["ticket_details"] == (
        "1 ticket(s) refused to this account (HTTP 401/403): their details are missing "
        "until they change"
    )
    assert notes["ticket_events"] == (
        "application-wide feed refused (403): reading feeds per ticket; 1 ticket(s) refused "
        "to this account (HTTP 401/403): skipped until they change"
    )
    described = column(store, "SELECT id FROM tickets WHERE description IS NOT NULL ORDER BY id")
    assert described == [t for t in sorted(tdx.data) if t != refused]
    before = tdx.calls("GET", f"tickets/{refused}")
    again = sync(tdx, store)
    assert again.ok, again.error
    assert tdx.calls("GET", f"tickets/{refused}") == before  # not asked again: unchanged


def test_an_account_that_may_read_no_ticket_fails_the_stream_with_the_refusal(
    store: Store,
) -> None:
    tdx = FakeTdx(tickets=40)
    tdx.restricted = set(tdx.data)
    summary = sync(tdx, store)
    failed = {s.name: s.error for s in summary.streams if s.status == "failed"}
    assert list(failed) == ["ticket_details"]
    assert "403" in (failed["ticket_details"] or "")


def test_a_report_cut_at_its_own_max_results_is_said_in_the_summary(store: Store) -> None:
    tdx = FakeTdx(tickets=30, report_max=25)
    with_report = ConnectionSettings(
        CONNECTION.name, CONNECTION.source, {**CONNECTION.values, "report_id": 77},
        CONNECTION.secrets,
    )  # fmt: skip
    summary = sync(tdx, store, connection=with_report)
    assert summary.ok, summary.error
    notes = {s.name: s.note for s in summary.streams}
    assert notes["ticket_details"] == (
        "none of the 25 tickets has a description: report 77 has no Description column; add it "
        "in Report Builder, or read details one ticket per call (slower) with `ticketlake "
        f"connections edit {CONNECTION.name} --set report_id=`; the report stops at its "
        "MaxResults (25 rows): tickets past it have no details; raise the report's maximum in "
        "Report Builder"
    )
    assert column(store, "SELECT count(*) FROM tickets WHERE attributes IS NOT NULL") == [25]
