"""Editing an authorized Teamwork.com connection: the token "Save and authorize" stored is
kept unless the edit changes how or where one signs in (then it is removed, and said)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pytest

from tests.cli.conftest import OnboardingCLI
from ticketlake.catalog import Catalog, apply_edit, open_catalog, plan_edit
from ticketlake.connectors.fieldcheck import Submission
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.teamwork import oauth
from ticketlake.secret import Secret

CLIENT_SECRET = "tw-client-secret-abcdef"
TOKEN = "tw-access-token-0123456789"
ENDPOINT = "https://acme.teamwork.com/"
VALUES: dict[str, str | int | bool] = {
    "api_type": "projects",
    "api_version": "v3",
    "region": "us",
    "site_name": "acme",
    "auth_type": "oauth2",
    "oauth_client_id": "client-1",
}
POLICY = NetworkPolicy()


@pytest.fixture
def catalog() -> Iterator[Catalog]:
    """A catalog holding ``tw``, authorized (its token and apiEndPoint stored)."""
    with open_catalog(actor="test") as cat:
        secrets = {"oauth_client_secret": Secret(CLIENT_SECRET)}
        conn = cat.create("tw", Submission("teamwork", VALUES, secrets))
        token = oauth.Token(Secret(TOKEN), ENDPOINT, "acme", redirect_uri="http://127.0.0.1/cb")
        oauth.save_token(cat, conn, token, actor="test")
        yield cat


def _edit(catalog: Catalog, changes: Mapping[str, object], **kw: str) -> str:
    edit = plan_edit(catalog, "tw", changes, policy=POLICY, **kw)
    apply_edit(catalog, edit)
    return edit.signed_out


def _token(catalog: Catalog, name: str = "tw") -> str | None:
    conn = catalog.get(name)
    return conn.secret(oauth.TOKEN_SECRET).reveal() if conn.has_secret(oauth.TOKEN_SECRET) else None


@pytest.mark.parametrize("changes", [{"api_version": "v2"}, {}], ids=["version", "rename"])
def test_an_edit_that_does_not_touch_sign_in_keeps_the_token(
    catalog: Catalog, changes: dict[str, object]
) -> None:
    assert _edit(catalog, changes, new_name="tw2") == ""
    conn = catalog.get("tw2")
    assert _token(catalog, "tw2") == TOKEN
    assert conn.settings[oauth.ENDPOINT_FIELD] == ENDPOINT
    assert conn.settings[oauth.REDIRECT_FIELD] == "http://127.0.0.1/cb"
    assert "secrets removed" not in catalog.audit_log("tw2")[0].detail


def test_a_sign_in_field_changed_removes_the_token_and_says_why(catalog: Catalog) -> None:
    changes = {"region": "eu", "oauth_client_secret": CLIENT_SECRET}
    assert _edit(catalog, changes) == "region changed"
    conn = catalog.get("tw")
    assert _token(catalog) is None
    assert oauth.ENDPOINT_FIELD not in conn.settings
    detail = catalog.audit_log("tw")[0].detail
    assert "secrets removed: access_token" in detail
    assert "signed out: region changed" in detail


def test_a_client_secret_re_entered_removes_the_token(catalog: Catalog) -> None:
    assert _edit(catalog, {"oauth_client_secret": "another"}) == "oauth_client_secret changed"
    assert _token(catalog) is None


def test_the_cli_says_when_the_sign_in_is_removed(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = OnboardingCLI(monkeypatch)
    kept = cli("connections", "edit", "tw", "--set", "api_version=v2")
    assert kept.exit_code == 0, kept.output
    assert "sign-in was removed" not in kept.stdout
    env = {"TICKETLAKE_OAUTH_CLIENT_SECRET": CLIENT_SECRET}
    moved = cli("connections", "edit", "tw", "--set", "region=eu", "--secret",
                "oauth_client_secret", env=env)  # fmt: skip
    assert moved.exit_code == 0, moved.output
    said = " ".join(moved.stdout.split())
    assert "The stored sign-in was removed because region changed" in said
    assert "ticketlake authorize tw" in said
    assert TOKEN not in moved.stdout
