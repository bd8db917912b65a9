"""The canonical schema, generated from the model, created and migrated on every store."""

from __future__ import annotations

from ticketlake.model import TABLES, TICKETS
from ticketlake.store import sql
from ticketlake.store.sqlstore import SqlStore


def stored_columns(store: SqlStore, table: str) -> set[str]:
    result = store.query(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = $1 AND table_schema = current_schema()",
        [table],
    )
    return {r[0] for r in result.rows}


def test_every_model_table_exists_with_every_model_column(store: SqlStore) -> None:
    for table in TABLES.values():
        assert stored_columns(store, table.name) == set(table.column_names), table.name


def test_migrate_adds_columns_an_older_schema_lacks(store: SqlStore) -> None:
    store.execute('ALTER TABLE tickets DROP COLUMN "details_at"')
    store.execute('ALTER TABLE tickets DROP COLUMN "sla_resolve_violated"')
    store.migrate()
    assert {"details_at", "sla_resolve_violated"} <= stored_columns(store, "tickets")


def test_migrate_is_idempotent_and_keeps_rows(store: SqlStore) -> None:
    store.execute("INSERT INTO accounts (\"connection\", id, name) VALUES ('c1', 1, 'Finance')")
    store.migrate()
    store.migrate()
    assert store.query("SELECT name FROM accounts").rows == [("Finance",)]


def test_ddl_maps_json_and_timestamps_per_dialect() -> None:
    duck = sql.create_table(TICKETS, "duckdb")
    pg = sql.create_table(TICKETS, "postgres")
    assert '"raw" JSON' in duck
    assert '"raw" JSONB' in pg
    assert '"created_at" TIMESTAMPTZ' in duck
    assert '"created_at" TIMESTAMPTZ' in pg
    assert 'PRIMARY KEY ("connection", "id")' in duck


def test_upsert_without_non_key_columns_does_nothing_on_conflict() -> None:
    statement = sql.upsert(TABLES["group_members"], ["connection", "group_id", "person_id"], "src")
    assert statement.endswith("DO NOTHING")
