"""Submitting and editing connections: every problem reported, nothing saved on error."""

from __future__ import annotations

import pytest

from ticketlake.catalog import Catalog, apply_edit, plan_edit, submit_new
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.errors import ConfigError, ValidationError
from ticketlake.secret import Secret

from .samples import PASSWORD, PUBLIC, tdx_values

BEID = "8d4fc0e4-1b5e-4a3e-9d8c-2f1a6b7c9e01"
KEY = "5c0a1f7e-3b2d-4c6e-8f9a-0e1d2c3b4a50"


def saved(catalog: Catalog, name: str = "acme") -> None:
    submit_new(catalog, "teamdynamix", name, tdx_values(), policy=PUBLIC)


def test_name_and_field_errors_come_together_and_nothing_is_saved(catalog: Catalog) -> None:
    with pytest.raises(ValidationError) as info:
        submit_new(catalog, "teamdynamix", "bad name!", tdx_values(app_id="x"), policy=PUBLIC)
    assert set(info.value.errors) == {"name", "app_id"}
    assert catalog.summaries() == []


def test_duplicate_name_is_refused_before_saving(catalog: Catalog) -> None:
    saved(catalog)
    with pytest.raises(ValidationError) as info:
        submit_new(catalog, "teamdynamix", "acme", tdx_values(), policy=PUBLIC)
    assert info.value.errors == {"name": "a connection named 'acme' already exists"}


def test_private_host_is_refused_and_nothing_is_saved(catalog: Catalog) -> None:
    inner = NetworkPolicy(resolver=lambda host, port: ["10.0.0.7"])
    with pytest.raises(ValidationError) as info:
        submit_new(catalog, "teamdynamix", "acme", tdx_values(), policy=inner)
    assert "private, loopback or link-local" in info.value.errors["base_url"]
    assert not catalog.exists("acme")


def test_non_binding_change_keeps_the_stored_secret(catalog: Catalog) -> None:
    saved(catalog)
    edit = plan_edit(catalog, "acme", {"timezone": "Europe/London"}, policy=PUBLIC)
    assert (edit.changed, edit.reenter) == (("timezone",), {})
    conn = apply_edit(catalog, edit)
    assert conn.settings["timezone"] == "Europe/London"
    assert conn.secret("password") == Secret(PASSWORD)


def test_changing_the_base_url_requires_re_entering_the_password(catalog: Catalog) -> None:
    saved(catalog)
    changes = {"base_url": "https://evil.example.com/TDWebApi"}
    edit = plan_edit(catalog, "acme", changes, policy=PUBLIC)
    assert edit.reenter == {"password": "must be re-entered because base_url changed"}
    with pytest.raises(ValidationError):
        apply_edit(catalog, edit)
    assert catalog.get("acme").settings["base_url"] == "https://acme.teamdynamix.com/TDWebApi"


def test_base_url_change_with_the_password_re_entered_is_saved(catalog: Catalog) -> None:
    saved(catalog)
    changes = {"base_url": "https://acme.teamdynamix.com/SBTDWebApi", "password": "new-pw"}
    conn = apply_edit(catalog, plan_edit(catalog, "acme", changes, policy=PUBLIC))
    assert conn.settings["base_url"].endswith("/SBTDWebApi")
    assert conn.secret("password") == Secret("new-pw")
    assert "secrets re-entered: password" in catalog.audit_log("acme")[1].detail


def test_switching_auth_mode_asks_for_the_new_secrets_and_drops_the_old(
    catalog: Catalog,
) -> None:
    saved(catalog)
    with pytest.raises(ValidationError) as info:
        plan_edit(catalog, "acme", {"auth_mode": "admin"}, policy=PUBLIC)
    assert info.value.errors == {"beid": "required", "web_services_key": "required"}
    changes = {"auth_mode": "admin", "beid": BEID, "web_services_key": KEY}
    conn = apply_edit(catalog, plan_edit(catalog, "acme", changes, policy=PUBLIC))
    assert conn.secret_fields == frozenset({"beid", "web_services_key"})
    assert "username" not in conn.settings


def test_unchanged_url_is_not_looked_up_again(catalog: Catalog) -> None:
    saved(catalog)

    def no_dns(host: str, port: int) -> list[str]:
        raise AssertionError("the carried-over URL was resolved again")

    edit = plan_edit(catalog, "acme", {"app_id": "628"}, policy=NetworkPolicy(resolver=no_dns))
    assert apply_edit(catalog, edit).settings["app_id"] == 628


def test_clearing_an_optional_field_removes_it(catalog: Catalog) -> None:
    submit_new(catalog, "teamdynamix", "acme", tdx_values(report_id="42"), policy=PUBLIC)
    conn = apply_edit(catalog, plan_edit(catalog, "acme", {"report_id": ""}, policy=PUBLIC))
    assert "report_id" not in conn.settings


def test_edit_that_changes_nothing_is_refused(catalog: Catalog) -> None:
    saved(catalog)
    edit = plan_edit(catalog, "acme", {"app_id": "627"}, policy=PUBLIC)
    with pytest.raises(ConfigError, match="nothing to change"):
        apply_edit(catalog, edit)


def test_rename_to_a_taken_name_is_refused(catalog: Catalog) -> None:
    saved(catalog, "acme")
    saved(catalog, "other")
    with pytest.raises(ValidationError) as info:
        plan_edit(catalog, "acme", {}, policy=PUBLIC, new_name="other")
    assert info.value.errors == {"name": "a connection named 'other' already exists"}


def test_rename_keeps_secrets_bound_to_the_connection(catalog: Catalog) -> None:
    saved(catalog)
    conn = apply_edit(catalog, plan_edit(catalog, "acme", {}, policy=PUBLIC, new_name="acme2"))
    assert conn.name == "acme2"
    assert conn.secret("password") == Secret(PASSWORD)


def test_invalid_edit_saves_nothing(catalog: Catalog) -> None:
    saved(catalog)
    with pytest.raises(ValidationError) as info:
        plan_edit(catalog, "acme", {"app_id": "x", "timezone": "UTC"}, policy=PUBLIC)
    assert info.value.errors == {"app_id": "must be a whole number"}
    assert catalog.get("acme").settings["timezone"] == "America/Chicago"


def test_network_allowances_are_kept_with_the_connection(catalog: Catalog) -> None:
    local = NetworkPolicy(allow_insecure_localhost=True)
    values = tdx_values(base_url="http://127.0.0.1:8080/TDWebApi")
    conn = submit_new(catalog, "teamdynamix", "sim", values, policy=local)
    assert (conn.network.allow_insecure_localhost, conn.network.allow_private_network) == (
        True,
        False,
    )


def test_an_edit_without_url_changes_keeps_the_allowances(catalog: Catalog) -> None:
    local = NetworkPolicy(allow_insecure_localhost=True)
    values = tdx_values(base_url="http://127.0.0.1:8080/TDWebApi")
    submit_new(catalog, "teamdynamix", "sim", values, policy=local)
    conn = apply_edit(catalog, plan_edit(catalog, "sim", {"app_id": "5"}, policy=PUBLIC))
    assert conn.network.allow_insecure_localhost
