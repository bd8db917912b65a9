"""Saving, reading, listing and removing connections (SQLite and Postgres)."""

from __future__ import annotations

import pytest

from ticketlake.catalog import Action, Catalog
from ticketlake.errors import ConfigError, ValidationError
from ticketlake.secret import Secret

from .samples import PASSWORD, tdx_submission


def test_saved_connection_comes_back_with_settings_and_secret_fields(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    conn = catalog.get("acme")
    assert (conn.name, conn.source) == ("acme", "teamdynamix")
    assert conn.settings["base_url"] == "https://acme.teamdynamix.com/TDWebApi"
    assert conn.settings["app_id"] == 627
    assert conn.secret_fields == frozenset({"password"})
    assert "password" not in conn.settings


def test_secret_decrypts_on_demand_as_a_secret(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    value = catalog.get("acme").secret("password", purpose="check")
    assert isinstance(value, Secret)
    assert value.reveal() == PASSWORD


def test_each_secret_use_is_audited_by_field_never_by_value(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    catalog.get("acme", actor="worker:7").secret("password", purpose="sync")
    entry = catalog.audit_log("acme")[0]
    assert (entry.action, entry.actor, entry.detail) == (
        Action.SECRET_USED,
        "worker:7",
        "password (sync)",
    )
    assert all(PASSWORD not in e.detail for e in catalog.audit_log())


def test_connector_settings_carry_every_secret(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    settings = catalog.get("acme").to_settings(purpose="sync")
    assert settings.secret("password") == Secret(PASSWORD)
    assert settings.value("username") == "cioanalytics"


def test_unset_secret_is_a_clear_error_not_an_empty_value(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    with pytest.raises(ConfigError, match="no secret 'beid' set") as info:
        catalog.get("acme").secret("beid")
    assert info.value.fix == "enter it with `ticketlake connections edit acme --secret beid`"


def test_duplicate_name_is_a_field_error(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    with pytest.raises(ValidationError) as info:
        catalog.create("acme", tdx_submission(app_id="9"))
    assert info.value.errors == {"name": "a connection named 'acme' already exists"}
    assert catalog.get("acme").settings["app_id"] == 627


def test_creation_is_audited_with_field_names(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    entry = catalog.audit_log("acme")[-1]
    assert (entry.action, entry.actor, entry.connection) == (Action.CREATED, "test:alice", "acme")
    assert "secrets set: password" in entry.detail


def test_summaries_list_connections_by_name(catalog: Catalog) -> None:
    catalog.create("zeta", tdx_submission())
    catalog.create("alpha", tdx_submission())
    assert [s.name for s in catalog.summaries()] == ["alpha", "zeta"]
    assert catalog.summaries()[0].last_check_ok is None


def test_remove_deletes_connection_and_secrets_but_keeps_the_audit_log(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    catalog.remove("acme", actor="test:bob")
    assert not catalog.exists("acme")
    with catalog.db.transaction() as tx:
        assert tx.rows("SELECT COUNT(*) FROM catalog_secrets")[0][0] == 0
    actions = [(e.action, e.connection, e.actor) for e in catalog.audit_log()]
    assert actions[0] == (Action.REMOVED, "acme", "test:bob")
    assert (Action.CREATED, "acme", "test:alice") in actions


def test_unknown_connection_is_a_config_error_with_a_fix(catalog: Catalog) -> None:
    with pytest.raises(ConfigError, match="no connection named 'ghost'") as info:
        catalog.get("ghost")
    assert info.value.fix == "see `ticketlake connections list`"


@pytest.mark.postgres
def test_a_schema_named_in_the_url_holds_the_catalog(postgres_url: str) -> None:
    # TICKETLAKE_DATABASE_URL=...?schema=x puts the catalog beside the data store's tables.
    import uuid

    import psycopg

    from ticketlake.catalog import open_catalog

    schema = f"tl_named_{uuid.uuid4().hex[:10]}"
    sep = "&" if "?" in postgres_url else "?"
    try:
        with open_catalog(f"{postgres_url}{sep}schema={schema}") as catalog:
            catalog.create("acme", tdx_submission())
        with psycopg.connect(postgres_url) as conn:
            [(count,)] = conn.execute(
                f'SELECT count(*) FROM "{schema}".catalog_connections'
            ).fetchall()
        assert count == 1
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
