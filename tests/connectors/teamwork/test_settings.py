"""Where a Teamwork.com connection's calls go and what they carry."""

from __future__ import annotations

import base64

import pytest

from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.teamwork.auth import authorization
from ticketlake.connectors.teamwork.settings import TeamworkSettings
from ticketlake.errors import ConfigError
from ticketlake.secret import Secret

BASE = {"api_type": "desk", "region": "us", "site_name": "Acme", "auth_type": "basic"}


def settings(values: dict[str, object], **secrets: str) -> TeamworkSettings:
    conn = ConnectionSettings("tw", "teamwork", values, {k: Secret(v) for k, v in secrets.items()})
    return TeamworkSettings.from_connection(conn)


def test_the_site_comes_from_region_and_site_name() -> None:
    assert settings(BASE, api_key="k").site_url == "https://acme.teamwork.com/"
    eu = settings(BASE | {"region": "eu"}, api_key="k")
    assert eu.site_url == "https://acme.eu.teamwork.com/"


def test_a_site_url_overrides_them() -> None:
    found = settings(BASE | {"site_url": "http://127.0.0.1:8770/us/acme"}, api_key="k")
    assert found.site_url == "http://127.0.0.1:8770/us/acme/"


def test_oauth_goes_to_the_api_endpoint_with_the_token() -> None:
    values = BASE | {
        "auth_type": "oauth2",
        "site_url": "http://127.0.0.1:1/us/acme",
        "api_endpoint": "https://acme.teamwork.com/",
    }
    found = settings(values, access_token="tok")
    assert found.site_url == "https://acme.teamwork.com/"
    assert authorization(found) == "Bearer tok"


def test_an_api_key_is_basic_auths_user_name() -> None:
    header = authorization(settings(BASE, api_key="twp_key"))
    assert base64.b64decode(header.removeprefix("Basic ")).decode() == "twp_key:X"


def test_oauth_without_a_token_says_to_authorize() -> None:
    with pytest.raises(ConfigError, match="not authorized"):
        settings(BASE | {"auth_type": "oauth2"})
