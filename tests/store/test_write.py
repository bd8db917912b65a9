"""Batches: upsert semantics, cursors and deletes, on every store."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pyarrow as pa
import pytest

from ticketlake.errors import StoreError
from ticketlake.records import Batch, arrow_schema
from ticketlake.store.sqlstore import SqlStore

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def tickets(**columns: list[object]) -> pa.Table:
    """An Arrow table of ticket columns typed as the model says."""
    schema = arrow_schema("tickets", columns)
    return pa.table({n: pa.array(columns[n], schema.field(n).type) for n in schema.names})


def rows(store: SqlStore, sql: str) -> list[tuple[object, ...]]:
    return store.query(sql).rows


def test_new_rows_get_null_for_columns_the_batch_does_not_carry(store: SqlStore) -> None:
    store.write(Batch("c1", rows={"tickets": tickets(id=[1, 2], title=["a", "b"])}))
    got = rows(store, 'SELECT id, title, status, "connection" FROM tickets ORDER BY id')
    assert got == [(1, "a", None, "c1"), (2, "b", None, "c1")]


def test_conflict_updates_only_the_given_columns(store: SqlStore) -> None:
    store.write(Batch("c1", rows={"tickets": tickets(id=[1], title=["old"], status=["New"])}))
    details = tickets(id=[1], description=["<p>hi</p>"], attributes=['{"Room": "101"}'])
    store.write(Batch("c1", rows={"tickets": details}))
    [(title, status, description, attributes)] = rows(
        store, "SELECT title, status, description, attributes FROM tickets"
    )
    assert (title, status, description) == ("old", "New", "<p>hi</p>")
    assert json.loads(str(attributes)) == {"Room": "101"}


def test_same_id_in_two_connections_is_two_rows(store: SqlStore) -> None:
    store.write(Batch("c1", rows={"tickets": tickets(id=[7], title=["one"])}))
    store.write(Batch("c2", rows={"tickets": tickets(id=[7], title=["two"])}))
    got = rows(store, 'SELECT "connection", title FROM tickets ORDER BY 1')
    assert got == [("c1", "one"), ("c2", "two")]


def test_last_row_wins_when_a_batch_repeats_a_key(store: SqlStore) -> None:
    store.write(Batch("c1", rows={"tickets": tickets(id=[1, 1, 2], title=["x", "y", "z"])}))
    assert rows(store, "SELECT id, title FROM tickets ORDER BY id") == [(1, "y"), (2, "z")]


def test_records_are_accepted_like_arrow_rows(store: SqlStore) -> None:
    entry = {
        "id": 10,
        "work_date": date(2026, 4, 6),
        "minutes": 90.0,
        "billable": False,
        "created_at": T0,
        "raw": {"TimeID": 10},
    }
    store.write(Batch("c1", rows={"time_entries": [entry]}))
    [row] = rows(
        store, "SELECT id, work_date, minutes, billable, created_at, raw FROM time_entries"
    )
    assert row[:5] == (10, date(2026, 4, 6), 90.0, False, T0)
    assert json.loads(str(row[5])) == {"TimeID": 10}


def test_cursor_is_committed_with_the_rows(store: SqlStore) -> None:
    assert store.cursor("c1", "tickets") is None
    cursor = {"modified_after": "2026-01-05T09:30:00Z", "ids": [1, 2]}
    store.write(
        Batch("c1", rows={"tickets": tickets(id=[1], title=["a"])}, cursors={"tickets": cursor})
    )
    assert store.cursor("c1", "tickets") == cursor
    assert store.cursor("c2", "tickets") is None


def test_a_failing_batch_commits_nothing(store: SqlStore) -> None:
    store.write(Batch("c1", rows={"tickets": tickets(id=[1], title=["kept"])}, cursors={"t": 1}))
    bad_event = pa.table({"id": pa.array([None], pa.string()), "ticket_id": [1]})
    batch = Batch(
        "c1",
        rows={"tickets": tickets(id=[1, 2], title=["changed", "new"]), "ticket_events": bad_event},
        cursors={"t": 2},
    )
    with pytest.raises(StoreError, match="nothing of it was committed"):
        store.write(batch)
    assert rows(store, "SELECT id, title FROM tickets") == [(1, "kept")]
    assert store.cursor("c1", "t") == 1


def test_deletes_run_before_the_upserts_of_the_same_batch(store: SqlStore) -> None:
    members = [
        {"group_id": 5, "person_id": "p1", "is_primary": True},
        {"group_id": 5, "person_id": "p2", "is_primary": False},
    ]
    store.write(Batch("c1", rows={"group_members": members}))
    batch = Batch(
        "c1",
        rows={"group_members": [{"group_id": 5, "person_id": "p2", "is_primary": True}]},
        deletes={
            "group_members": [
                {"group_id": 5, "person_id": "p1"},
                {"group_id": 5, "person_id": "p2"},
            ]
        },
    )
    store.write(batch)
    got = rows(store, "SELECT group_id, person_id, is_primary FROM group_members")
    assert got == [(5, "p2", True)]


def test_sync_runs_are_recorded_as_rows(store: SqlStore) -> None:
    run = {
        "run_id": "r1",
        "stream": "tickets",
        "started_at": T0,
        "status": "ok",
        "rows": 1200,
        "calls": 5,
        "throttled": 0,
    }
    store.write(Batch("c1", rows={"sync_runs": [run]}))
    got = rows(store, 'SELECT run_id, stream, status, "rows", calls, started_at FROM sync_runs')
    assert got == [("r1", "tickets", "ok", 1200, 5, T0)]


def test_query_parameters_use_dollar_numbers(store: SqlStore) -> None:
    store.write(Batch("c1", rows={"tickets": tickets(id=[1, 2, 3], title=["a", "b", "c"])}))
    got = store.query(
        "SELECT title FROM tickets WHERE id > $1 AND title <> $2 ORDER BY id", [1, "c"]
    )
    assert got.columns == ["title"]
    assert got.rows == [("b",)]


def test_arrow_results_carry_the_model_types(store: SqlStore) -> None:
    store.write(Batch("c1", rows={"tickets": tickets(id=[1], created_at=[T0])}))
    result = store.arrow("SELECT id, created_at FROM tickets")
    assert result.schema.field("id").type == pa.int64()
    assert result.column("created_at").to_pylist() == [T0]
    assert result.schema.field("created_at").type.tz in ("UTC", "Etc/UTC")


def test_json_text_with_quotes_newlines_and_unicode_round_trips(store: SqlStore) -> None:
    raw = {"Title": 'He said "no",\nthen\tleft', "Name": "Zoë 😀", "Path": "C:\\temp", "N": None}
    store.write(Batch("c1", rows={"tickets": [{"id": 1, "title": raw["Title"], "raw": raw}]}))
    [(title, text)] = rows(store, "SELECT title, raw FROM tickets")
    assert title == raw["Title"]
    assert json.loads(str(text)) == raw


def test_empty_strings_stay_distinct_from_null(store: SqlStore) -> None:
    store.write(Batch("c1", rows={"tickets": tickets(id=[1, 2], title=["", None])}))
    assert rows(store, "SELECT id, title FROM tickets ORDER BY id") == [(1, ""), (2, None)]
