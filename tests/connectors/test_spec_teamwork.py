"""The Teamwork.com spec: fields change with API type, version and auth type."""

from __future__ import annotations

import pytest

from ticketlake.connectors.fieldcheck import validate
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.teamwork.spec import SPEC
from ticketlake.errors import ValidationError
from ticketlake.secret import Secret

POLICY = NetworkPolicy(resolver=lambda host, port: ["93.184.216.34"])


OVERRIDES = ("site_url", "launchpad_url")
"""Ours, not the form's: optional host overrides, always last."""


def visible(**state: object) -> list[str]:
    """The form's fields shown for ``state`` (the overrides left out)."""
    return [f.name for f in SPEC.visible_fields(state) if f.name not in OVERRIDES]


def test_the_host_overrides_are_optional_urls_after_the_forms_fields() -> None:
    shown = [f.name for f in SPEC.visible_fields({"api_type": "desk", "auth_type": "oauth2"})]
    assert shown[-2:] == list(OVERRIDES)
    basic = [f.name for f in SPEC.visible_fields({"api_type": "desk", "auth_type": "basic"})]
    assert basic[-1] == "site_url"
    assert not any(SPEC.field(name).required for name in OVERRIDES)


def errors_of(values: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        validate(SPEC, values, policy=POLICY)
    return info.value.errors


def test_projects_with_basic_auth_asks_for_an_api_key() -> None:
    assert visible(api_type="projects", api_version="v3", auth_type="basic") == [
        "api_type",
        "api_version",
        "region",
        "site_name",
        "auth_type",
        "api_key",
    ]


def test_oauth_replaces_the_api_key_with_a_client() -> None:
    assert visible(api_type="projects", auth_type="oauth2")[-2:] == [
        "oauth_client_id",
        "oauth_client_secret",
    ]


def test_spaces_v0_asks_for_a_user_id_and_v2_for_a_space_id() -> None:
    assert visible(api_type="spaces", api_version="v0", auth_type="oauth2")[-1] == "user_id"
    assert visible(api_type="spaces", api_version="v2", auth_type="oauth2")[-1] == "space_id"


def test_version_choices_depend_on_the_api_type() -> None:
    f = SPEC.field("api_version")
    assert [c.value for c in f.choices_for({"api_type": "projects"})] == ["v1", "v2", "v3"]
    assert [c.value for c in f.choices_for({"api_type": "desk"})] == ["v2", "v0"]


def test_version_is_required_for_projects_but_optional_for_desk() -> None:
    base = {"region": "us", "site_name": "acme", "auth_type": "basic", "api_key": "k"}
    assert errors_of({"api_type": "projects", **base}) == {"api_version": "required"}
    sub = validate(SPEC, {"api_type": "desk", **base}, policy=POLICY)
    assert "api_version" not in sub.settings


def test_projects_version_is_refused_for_desk() -> None:
    values = {
        "api_type": "desk",
        "api_version": "v3",
        "region": "us",
        "site_name": "acme",
        "auth_type": "basic",
        "api_key": "k",
    }
    assert errors_of(values) == {"api_version": "must be one of: v2, v0"}


def test_spaces_is_oauth_only_and_the_only_choice_is_taken() -> None:
    values = {
        "api_type": "spaces",
        "api_version": "v2",
        "region": "eu",
        "site_name": "Acme",
        "oauth_client_id": "cid",
        "oauth_client_secret": "csecret",
        "space_id": "77",
    }
    sub = validate(SPEC, values, policy=POLICY)
    assert sub.settings == {
        "api_type": "spaces",
        "api_version": "v2",
        "region": "eu",
        "site_name": "acme",
        "auth_type": "oauth2",
        "oauth_client_id": "cid",
        "space_id": "77",
    }
    assert sub.secrets == {"oauth_client_secret": Secret("csecret")}


def test_basic_auth_is_refused_for_spaces() -> None:
    values = {
        "api_type": "spaces",
        "api_version": "v0",
        "region": "us",
        "site_name": "acme",
        "auth_type": "basic",
        "user_id": "123456",
    }
    assert errors_of(values) == {"auth_type": "must be one of: oauth2"}


def test_user_id_must_be_numeric() -> None:
    values = {
        "api_type": "spaces",
        "api_version": "v0",
        "region": "us",
        "site_name": "acme",
        "oauth_client_id": "c",
        "oauth_client_secret": "s",
        "user_id": "me",
    }
    assert errors_of(values) == {"user_id": "must be a whole number"}


def test_site_name_is_the_subdomain_only() -> None:
    values = {
        "api_type": "desk",
        "region": "us",
        "site_name": "acme.teamwork.com",
        "auth_type": "basic",
        "api_key": "k",
    }
    assert errors_of(values) == {
        "site_name": "must be the site name only: letters, digits and hyphens"
    }


def test_invalid_api_type_is_the_only_error_until_it_is_fixed() -> None:
    values = {"api_type": "chat", "region": "us", "site_name": "acme", "user_id": "1"}
    assert errors_of(values) == {"api_type": "must be one of: projects, desk, spaces"}
