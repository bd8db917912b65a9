"""The TeamDynamix spec: fields from the integration guide, validated."""

from __future__ import annotations

import pytest

from ticketlake.connectors.fieldcheck import validate
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.spec import spec_for
from ticketlake.connectors.teamdynamix.spec import SPEC, is_sandbox, step
from ticketlake.errors import ValidationError
from ticketlake.secret import Secret

POLICY = NetworkPolicy(resolver=lambda host, port: ["93.184.216.34"])
BEID = "8d4fc0e4-1b5e-4a3e-9d8c-2f1a6b7c9e01"
KEY = "5c0a1f7e-3b2d-4c6e-8f9a-0e1d2c3b4a50"


def good(**over: object) -> dict[str, object]:
    values: dict[str, object] = {
        "base_url": "https://acme.teamdynamix.com/TDWebApi",
        "app_id": "627",
        "username": "cioanalytics",
        "password": "pw-1",
        "timezone": "America/Chicago",
    }
    values.update(over)
    return {k: v for k, v in values.items() if v is not None}


def errors_of(values: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        validate(SPEC, values, policy=POLICY)
    return info.value.errors


def test_registered_under_its_source() -> None:
    assert spec_for("teamdynamix") is SPEC


def test_password_mode_keeps_settings_and_secrets_apart_with_defaults() -> None:
    sub = validate(SPEC, good(), policy=POLICY)
    assert sub.settings == {
        "base_url": "https://acme.teamdynamix.com/TDWebApi",
        "app_id": 627,
        "auth_mode": "password",
        "username": "cioanalytics",
        "time_entries": True,
        "time_reconcile_days": 7,
        "ticket_tasks": False,
        "timezone": "America/Chicago",
    }
    assert sub.secrets == {"password": Secret("pw-1")}


def test_admin_mode_takes_beid_and_key_as_normalized_guid_secrets() -> None:
    values = good(auth_mode="admin", username=None, password=None)
    values.update(beid=BEID.upper(), web_services_key=KEY)
    sub = validate(SPEC, values, policy=POLICY)
    assert sub.secrets == {"beid": Secret(BEID), "web_services_key": Secret(KEY)}
    assert "username" not in sub.settings


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://acme.teamdynamix.com/SBTDWebApi", "https://acme.teamdynamix.com/SBTDWebApi"),
        ("https://acme.teamdynamix.com/TDWebApi/", "https://acme.teamdynamix.com/TDWebApi"),
        ("https://acme.teamdynamix.com/TDWebApi/api", "https://acme.teamdynamix.com/TDWebApi"),
        ("https://tdx.cornell.edu/tdwebapi", "https://tdx.cornell.edu/TDWebApi"),
    ],
)
def test_base_url_is_normalized_to_the_web_api_root(url: str, stored: str) -> None:
    assert validate(SPEC, good(base_url=url), policy=POLICY).settings["base_url"] == stored


def test_sandbox_is_recognised_from_the_path() -> None:
    assert is_sandbox("https://acme.teamdynamix.com/SBTDWebApi")
    assert not is_sandbox("https://acme.teamdynamix.com/TDWebApi")


def test_base_url_without_the_web_api_path_is_refused() -> None:
    assert errors_of(good(base_url="https://acme.teamdynamix.com/TDNext")) == {
        "base_url": "must end with /TDWebApi or /SBTDWebApi"
    }


def test_plain_http_base_url_is_refused() -> None:
    assert (
        "https://" in errors_of(good(base_url="http://acme.teamdynamix.com/TDWebApi"))["base_url"]
    )


@pytest.mark.parametrize("app_id", ["abc", "62 7", "6.27", "٦٢٧"])
def test_non_numeric_application_id_is_refused(app_id: str) -> None:
    assert errors_of(good(app_id=app_id)) == {"app_id": "must be a whole number"}


def test_application_id_must_be_positive() -> None:
    assert errors_of(good(app_id="0")) == {"app_id": "must be at least 1"}


@pytest.mark.parametrize(
    "beid",
    ["not-a-guid", "00000000-0000-0000-0000-000000000000", "8d4fc0e41b5e4a3e9d8c2f1a6b7c9e01"],
)
def test_malformed_beid_is_refused_without_echoing_it(beid: str) -> None:
    values = good(auth_mode="admin", username=None, password=None)
    values.update(beid=beid, web_services_key=KEY)
    errors = errors_of(values)
    assert list(errors) == ["beid"]
    assert "must be a GUID" in errors["beid"]
    assert beid not in errors["beid"]


def test_password_fields_do_not_apply_in_admin_mode() -> None:
    values = good(auth_mode="admin")
    values.update(beid=BEID, web_services_key=KEY)
    errors = errors_of(values)
    assert errors == {
        "username": 'does not apply here (only when auth_mode == "password")',
        "password": 'does not apply here (only when auth_mode == "password")',
    }


def test_every_missing_required_field_is_reported_at_once() -> None:
    assert errors_of({}) == {
        "base_url": "required",
        "app_id": "required",
        "username": "required",
        "password": "required",
        "timezone": "required",
    }


def test_unknown_time_zone_is_refused() -> None:
    assert errors_of(good(timezone="Mars/Olympus")) == {
        "timezone": "must be an IANA time zone such as America/Chicago or UTC"
    }


def test_optional_report_id_is_a_number_when_given() -> None:
    assert validate(SPEC, good(report_id="42"), policy=POLICY).settings["report_id"] == 42
    assert errors_of(good(report_id="latest")) == {"report_id": "must be a whole number"}


def test_scope_switches_accept_yes_and_no() -> None:
    sub = validate(SPEC, good(time_entries="no", ticket_tasks="yes"), policy=POLICY)
    assert (sub.settings["time_entries"], sub.settings["ticket_tasks"]) == (False, True)


def test_fields_cite_the_guide_step_they_come_from() -> None:
    assert SPEC.field("base_url").step == "Step 5: Configure API authentication"
    assert SPEC.field("username").step == step(3) == "Step 3: Create the dedicated service account"
