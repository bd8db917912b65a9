"""Running a person's SQL: which URL it goes through, and a connection's rows counted and
purged (``connections remove --purge-data``) on both engines."""

from __future__ import annotations

import pytest

from ticketlake.errors import ConfigError, StoreError
from ticketlake.records import Batch
from ticketlake.store.readonly import query_url, reader_role_sql
from ticketlake.store.sqlstore import SqlStore

PG = "postgresql://owner:pw@db.example:5433/desk?schema=acme"


def fill(store: SqlStore, connection: str, tickets: int) -> None:
    rows = [{"id": i, "title": f"t{i}"} for i in range(tickets)]
    events = [{"id": f"e{i}", "ticket_id": i, "kind": "comment"} for i in range(tickets)]
    store.write(
        Batch(
            connection,
            rows={"tickets": rows, "ticket_events": events},
            cursors={"tickets": {"at": 1}},
        )
    )


def test_row_counts_and_purge_touch_one_connection_only(store: SqlStore) -> None:
    fill(store, "acme", 3)
    fill(store, "globex", 2)
    assert store.row_counts("acme") == {"tickets": 3, "ticket_events": 3, "sync_state": 1}
    assert store.purge("acme") == {"tickets": 3, "ticket_events": 3, "sync_state": 1}
    assert store.row_counts("acme") == {}
    assert store.cursor("acme", "tickets") is None
    assert store.row_counts("globex") == {"tickets": 2, "ticket_events": 2, "sync_state": 1}


def test_a_store_opened_for_writing_refuses_to_run_a_person_s_sql(
    duckdb_store: SqlStore,
) -> None:
    with pytest.raises(StoreError, match="was not opened read-only"):
        duckdb_store.user_query("SELECT 1")


def test_without_a_reader_url_queries_use_the_store_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TICKETLAKE_QUERY_DATABASE_URL", raising=False)
    assert query_url(PG) == PG
    assert query_url(None) is None


def test_the_reader_url_reads_the_store_s_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "TICKETLAKE_QUERY_DATABASE_URL", "postgresql://reader@db.example:5433/desk?schema=x"
    )
    assert query_url(PG) == "postgresql://reader@db.example:5433/desk?schema=acme"


def test_a_reader_url_beside_the_embedded_store_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TICKETLAKE_QUERY_DATABASE_URL", "postgresql://reader@db/desk")
    with pytest.raises(ConfigError, match="is set but the store is not Postgres"):
        query_url(None)


def test_reader_sql_lets_the_role_log_in_and_no_more_and_names_no_password() -> None:
    script = reader_role_sql(PG)
    statements = [line for line in script.splitlines() if not line.startswith("--")]
    assert statements == [
        'CREATE ROLE "ticketlake_reader" LOGIN;',
        'GRANT CONNECT ON DATABASE "desk" TO "ticketlake_reader";',
        'GRANT USAGE ON SCHEMA "acme" TO "ticketlake_reader";',
    ]
    assert ":pw@" not in script
    assert "psql: \\password ticketlake_reader" in script
    assert "postgresql://ticketlake_reader@db.example:5433/desk?schema=acme" in script
