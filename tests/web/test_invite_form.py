"""The operator's invite form: the name rule stated, refused names explained, and an invite for
a connection that exists only with the operator's explicit confirmation."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI

from ticketlake.catalog.submission import NAME, NAME_RULE
from ticketlake.web.names import HTML_PATTERN, explain

from .flow import trail
from .harness import Browser
from .test_operator import verified

pytestmark = pytest.mark.anyio
NAMES = ["acme", "Acme.tdx_2", "a", "9-lives", "-acme", "acme tdx", "acme/x", "é", "a" * 64]


def _invite_count(app: FastAPI, connection: str) -> int:
    return len(app.state.web.invites.for_connection(connection))


async def _synced(app: FastAPI, browsers: Callable[[], Browser]) -> Browser:
    operator = await verified(browsers)
    await operator.api("POST", "/api/connections/acme/syncs")
    await app.state.web.syncs.wait("acme")
    return operator


async def test_an_invite_for_a_live_connection_is_refused_until_confirmed(
    app: FastAPI, browsers: Callable[[], Browser]
) -> None:
    operator = await _synced(app, browsers)
    form = {"source": "teamdynamix", "connection": "acme", "hours": "24"}
    page = await operator.post_form("/invites", form, token_from="/connections")
    assert page.status_code == 409
    warning = re.search(r'id="existing-warning">(.*?)</p>', page.text)
    assert warning is not None
    text = html.unescape(warning.group(1))
    assert text.startswith("A connection named acme already exists. It passed its checks on ")
    assert "and the store holds 600 of its tickets" in text
    assert "can change its settings and replace its secrets" in text
    assert 'name="existing" value="confirmed"' in page.text
    assert 'value="acme"' in page.text  # the form keeps what was typed
    assert _invite_count(app, "acme") == 1  # the first invite only: nothing was created

    created = await operator.post_form(
        "/invites", {**form, "existing": "confirmed"}, token_from="/connections"
    )
    assert created.status_code == 201
    assert 'id="invite-link"' in created.text
    assert _invite_count(app, "acme") == 2
    details = [e.detail for e in app.state.web.audit.entries("acme", limit=10)]
    assert any("for the existing connection, confirmed by the operator" in d for d in details)
    assert trail(app, "acme").count("invite created") == 2


async def test_the_api_refuses_an_invite_for_an_existing_connection_without_existing(
    app: FastAPI, browsers: Callable[[], Browser]
) -> None:
    operator = await verified(browsers)
    body = {"source": "teamdynamix", "connection": "acme", "hours": 24}
    refused = await operator.api("POST", "/api/invites", json=body)
    assert refused.status_code == 409
    assert "already exists" in refused.json()["errors"]["connection"]
    created = await operator.api("POST", "/api/invites", json={**body, "existing": True})
    assert created.status_code == 201


async def _invite_page(browsers: Callable[[], Browser], connection: str) -> httpx.Response:
    """The page a newly logged-in operator gets for an invite to ``connection``."""
    operator = browsers()
    await operator.login()
    form = {"source": "teamdynamix", "connection": connection, "hours": "24"}
    return await operator.post_form("/invites", form, token_from="/connections")


async def test_a_new_connection_needs_no_confirmation(browsers: Callable[[], Browser]) -> None:
    page = await _invite_page(browsers, "globex")
    assert page.status_code == 201
    assert "existing-warning" not in page.text


async def test_the_form_states_the_name_rule_the_server_applies(
    browsers: Callable[[], Browser],
) -> None:
    operator = browsers()
    await operator.login()
    page = html.unescape((await operator.get("/connections")).text)
    assert f"A connection name has {NAME_RULE}, e.g. acme-tdx." in re.sub(r"<[^>]+>", "", page)
    pattern = re.search(r'<input id="connection"[^>]* pattern="([^"]+)"', page)
    assert pattern is not None
    assert pattern.group(1) == HTML_PATTERN
    # The browser anchors the pattern; it must accept and refuse exactly what the server does.
    for name in NAMES:
        assert bool(re.fullmatch(HTML_PATTERN, name)) == bool(NAME.match(name)), name


async def test_a_refused_name_is_explained(browsers: Callable[[], Browser]) -> None:
    page = await _invite_page(browsers, "acme tdx/2")
    assert page.status_code == 422
    error = re.search(r'id="connection-error" role="alert">(.*?)</p>', page.text)
    assert error is not None
    assert html.unescape(error.group(1)) == (
        "A connection name cannot contain '/' or spaces: use the letters a-z and A-Z, digits, "
        "'.', '_' or '-' (e.g. acme-tdx)."
    )


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("", "Enter a name for the connection: " + NAME_RULE + " (e.g. acme-tdx)."),
        ("-acme", "A connection name starts with a letter or a digit, not '-'."),
        ("a" * 70, "This name is 70 characters long; a connection name has at most 63."),
        ("acme\u200b", "A connection name cannot contain the invisible character U+200B: use "
         "the letters a-z and A-Z, digits, '.', '_' or '-' (e.g. acme-tdx)."),
        ("Acme.tdx_2", None),
    ],
)  # fmt: skip
def test_explain_names_what_breaks_the_rule(name: str, why: str | None) -> None:
    assert explain(name) == why
