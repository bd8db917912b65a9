"""The customer's flow: a form generated from the spec, Save and test, fix and re-test."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI

from ticketlake.catalog import Catalog

from .fakes import GOOD_PASSWORD
from .flow import customer_for, finish, trail
from .harness import Browser, run_id, tdx_form

pytestmark = pytest.mark.anyio
WRONG = "wrong-Pa55word-1"


async def test_form_is_generated_from_the_spec_with_setup_steps(
    browsers: Callable[[], Browser],
) -> None:
    _, customer = await customer_for(browsers)
    page = await customer.get("/connect")
    assert page.status_code == 200
    for label in ("Web API base URL", "Ticketing application ID", "Service account password"):
        assert label in page.text
    assert "From Step 5: Configure API authentication." in page.text
    # The BEID fields only apply to the admin login: marked inactive, with their condition.
    beid = re.search(r'<div class="field inactive" data-field="beid"', page.text)
    assert beid is not None
    assert "Only when Authentication is admin." in page.text


async def test_secret_inputs_are_write_only(browsers: Callable[[], Browser]) -> None:
    _, customer = await customer_for(browsers)
    saved = await customer.post_form("/connect", tdx_form(GOOD_PASSWORD))
    assert saved.status_code == 303
    page = await customer.get("/connect")
    field = re.search(r'<input id="f-password"[^>]*>', page.text)
    assert field is not None
    assert 'type="password"' in field.group(0)
    assert 'value=""' in field.group(0)
    assert "A value is stored (encrypted, not shown)" in page.text
    assert "*" * 6 not in page.text  # not even a mask


async def test_failing_check_names_its_step_then_fix_and_retest_passes(
    app: FastAPI, browsers: Callable[[], Browser]
) -> None:
    _, customer = await customer_for(browsers)
    first = await customer.post_form("/connect", tdx_form(WRONG))
    checks = await finish(customer, run_id(first))
    assert [(c["id"], c["status"]) for c in checks] == [
        ("reachable", "pass"),
        ("auth", "fail"),
        ("search", "skipped"),
    ]
    assert checks[1]["step"] == "Step 5: Configure API authentication"
    assert checks[1]["evidence"][0]["status"] == 401
    page = await customer.get(f"/connect/checks/{run_id(first)}")
    assert "1 check failed. Fix what it says" in page.text
    assert "Step 5: Configure API authentication" in page.text

    fixed = await customer.post_form("/connect", tdx_form(GOOD_PASSWORD))
    checks = await finish(customer, run_id(fixed))
    assert {c["status"] for c in checks} == {"pass"}
    assert trail(app, "acme") == [
        "invite created",
        "invite opened",
        "created",
        "test started",
        "secret_used",
        "tested",
        "changed",
        "test started",
        "secret_used",
        "tested",
    ]


async def test_invalid_submission_shows_field_errors_and_saves_nothing(
    browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    _, customer = await customer_for(browsers)
    response = await customer.post_form(
        "/connect",
        tdx_form(GOOD_PASSWORD, base_url="http://acme.teamdynamix.com/TDWebApi", app_id="six"),
    )
    assert response.status_code == 422
    assert "Nothing was saved" in response.text
    assert "must use https://" in response.text
    assert "must be a whole number" in response.text
    assert not catalog.exists("acme")


KEEP_HINT = "Leave this empty to keep it"


def _secret_note(page: str) -> str:
    found = re.search(r'<p class="retype" id="retype-password" role="alert">([^<]*)</p>', page)
    assert found is not None, "the password field says nothing about typing it again"
    return html.unescape(found.group(1))


async def test_a_refused_new_connection_asks_for_the_secret_again(
    browsers: Callable[[], Browser],
) -> None:
    _, customer = await customer_for(browsers)
    refused = await customer.post_form("/connect", tdx_form(GOOD_PASSWORD, app_id="six"))
    assert refused.status_code == 422
    assert _secret_note(refused.text) == (
        "Nothing was saved, so what you typed here was not kept either (a secret is never "
        "sent back to your browser): type it again."
    )


async def test_a_refused_edit_does_not_say_a_new_secret_was_kept(
    browsers: Callable[[], Browser],
) -> None:
    _, customer = await customer_for(browsers)
    await customer.post_form("/connect", tdx_form(GOOD_PASSWORD))
    # A new password typed, but another field refused: the old one is still the stored one.
    refused = await customer.post_form("/connect", tdx_form(WRONG, app_id="six"))
    assert refused.status_code == 422
    assert KEEP_HINT not in refused.text
    assert _secret_note(refused.text).startswith("Nothing was saved, so what you typed here")


async def test_a_refused_edit_of_the_address_says_the_stored_secret_will_not_follow(
    browsers: Callable[[], Browser],
) -> None:
    _, customer = await customer_for(browsers)
    await customer.post_form("/connect", tdx_form(GOOD_PASSWORD))
    moved = tdx_form("", base_url="https://other.teamdynamix.com/TDWebApi", app_id="six")
    refused = await customer.post_form("/connect", moved)
    assert refused.status_code == 422
    assert KEEP_HINT not in refused.text  # leaving it empty would not keep it: stale hint
    assert _secret_note(refused.text) == (
        "A value is stored, but Web API base URL changed: type this again (a stored secret "
        "never follows a connection to a new address or account)."
    )


async def test_an_unchanged_stored_secret_keeps_its_hint_after_another_error(
    browsers: Callable[[], Browser],
) -> None:
    _, customer = await customer_for(browsers)
    await customer.post_form("/connect", tdx_form(GOOD_PASSWORD))
    refused = await customer.post_form("/connect", tdx_form("", app_id="six"))
    assert refused.status_code == 422
    assert KEEP_HINT in refused.text
    assert 'id="retype-password"' not in refused.text


async def test_private_address_is_refused_by_the_ssrf_guard(
    browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    _, customer = await customer_for(browsers)
    response = await customer.post_form(
        "/connect", tdx_form(GOOD_PASSWORD, base_url="https://tdx.intranet.test/TDWebApi")
    )
    assert response.status_code == 422
    assert "private, loopback or link-local address" in response.text
    assert not catalog.exists("acme")


async def test_empty_secret_on_edit_keeps_the_stored_one(
    browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    _, customer = await customer_for(browsers)
    await customer.post_form("/connect", tdx_form(GOOD_PASSWORD))
    again = await customer.post_form("/connect", tdx_form("", app_id="628"))
    assert again.status_code == 303
    saved = catalog.get("acme")
    assert saved.secret("password").reveal() == GOOD_PASSWORD
    assert saved.settings["app_id"] == 628


async def test_changing_the_address_requires_re_entering_the_secret(
    browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    _, customer = await customer_for(browsers)
    await customer.post_form("/connect", tdx_form(GOOD_PASSWORD))
    moved = await customer.post_form(
        "/connect", tdx_form("", base_url="https://other.teamdynamix.com/TDWebApi")
    )
    assert moved.status_code == 422
    assert "must be re-entered because base_url changed" in moved.text
    assert catalog.get("acme").settings["base_url"] == "https://acme.teamdynamix.com/TDWebApi"


async def test_conditional_teamwork_fields_are_dropped_when_they_do_not_apply(
    browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    _, customer = await customer_for(browsers, "acme-tw", "teamwork")
    form = {
        "api_type": "desk",
        "api_version": "v2",
        "region": "eu",
        "site_name": "acme",
        "auth_type": "basic",
        "api_key": "tw-api-key-8c1f0e",
        # Spaces-only and OAuth-only fields a browser without script still posts:
        "user_id": "123",
        "space_id": "sp-1",
        "oauth_client_id": "cid",
        "oauth_client_secret": "tw-client-secret-77aa",
    }
    saved = await customer.post_form("/connect", form)
    assert saved.status_code == 303
    saved = catalog.get("acme-tw")
    assert set(saved.settings) == {"api_type", "api_version", "region", "site_name", "auth_type"}
    assert saved.secret_fields == {"api_key"}
