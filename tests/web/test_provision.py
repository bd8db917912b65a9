""" "Let ticketlake set up the account" on an invite, against the simulated TDX tenant (in
process, on one fake clock): the operator offers it; the customer's admin types the admin key
once, sees the plan, approves it, and the account is fixed and every check passes. The admin
key never comes back in a page, a log or the audit; approval needs the CSRF token; a plan the
tenant no longer matches is refused with nothing sent."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI

from ticketlake.catalog import Action, Catalog
from ticketlake.checks import CheckOptions
from ticketlake.web.app import create_app
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.settings import WebSettings
from ticketlake.web.wiring import services

from ..provision.harness import Bed, bed
from .clock import ManualClock
from .flow import finish
from .harness import OPERATOR, OPERATOR_PASSWORD, Browser, resolver

pytestmark = pytest.mark.anyio
CONNECTION = "hvu"


@pytest.fixture
def scenario() -> str:
    return "inactive_account"


@pytest.fixture
def tenant(scenario: str) -> Bed:
    return bed(scenario)


@pytest.fixture
def app(catalogs: Catalogs, clock: ManualClock, tenant: Bed) -> FastAPI:
    options = CheckOptions(http_transport=tenant.wiring.http_transport, clock=tenant.clock)
    settings = WebSettings(clock=clock, resolver=resolver, allow_insecure_localhost=True)
    application = create_app(settings, services(catalogs, check_options=options), catalogs=catalogs)
    application.state.web.operators.add(OPERATOR, OPERATOR_PASSWORD)
    return application


def setup_form(b: Bed, **overrides: str | list[str]) -> dict[str, str | list[str]]:
    """The setup form as the customer's admin fills it in."""
    data: dict[str, str | list[str]] = {
        "base_url": b.target.base_url,
        "app_id": str(b.target.app_id),
        "timezone": b.target.time_zone,
        "username": b.target.username,
        "account_name": "CIO Analytics",
        "acct_depts": "",
        "time_entries": ["false", "true"],
        "admin_beid": b.key.beid.reveal(),
        "admin_key": b.key.web_services_key.reveal(),
        "save_admin": ["false"],
    }
    data.update(overrides)
    return data


async def offered(browsers: Callable[[], Browser]) -> tuple[Browser, Browser]:
    """An operator who offered the setup on an invite, and the customer who opened it."""
    operator = browsers()
    await operator.login()
    created = await operator.post_form(
        "/invites",
        {"source": "teamdynamix", "connection": CONNECTION, "hours": "24", "provision": "offered"},
        token_from="/connections",
    )
    assert created.status_code == 201, created.text
    found = re.search(r'id="invite-link" readonly value="([^"]+)"', created.text)
    assert found
    customer = browsers()
    await customer.open_invite(found.group(1).removeprefix("http://127.0.0.1:8080"))
    return operator, customer


async def plan_page(customer: Browser, b: Bed, **overrides: str | list[str]) -> httpx.Response:
    return await customer.post_form(
        "/connect/provision", setup_form(b, **overrides), token_from="/connect/provision"
    )


def plan_id(page: httpx.Response) -> str:
    found = re.search(r'name="plan" value="([0-9a-f]+)"', page.text)
    assert found, page.text
    return found.group(1)


async def approve(customer: Browser, page: httpx.Response, **extra: str) -> httpx.Response:
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    data = {"csrf": token.group(1), "plan": plan_id(page), **extra}
    return await customer.http.post("/connect/provision/approve", data=data)


def assert_never_shown(
    b: Bed, seen: list[httpx.Response], caplog: pytest.LogCaptureFixture, app: FastAPI
) -> None:
    """The admin BEID and key (and the account's password) in no answer, log or audit entry."""
    secrets = (b.key.beid.reveal(), b.key.web_services_key.reveal(), b.password.reveal())
    ctx = app.state.web
    texts = [r.text + repr(r.headers.raw) for r in seen]
    texts += [r.getMessage() for r in caplog.get_records("call")]
    texts += [e.detail for e in ctx.catalog.audit_log()]
    texts += [f"{e.action} {e.detail}" for e in ctx.audit.entries()]
    assert seen
    for text in texts:
        for secret in secrets:
            assert secret not in text


async def test_the_operator_offers_the_setup_on_an_invite(
    browsers: Callable[[], Browser], app: FastAPI
) -> None:
    operator, customer = await offered(browsers)
    [invite] = app.state.web.invites.all()
    assert invite.provision
    listed = await operator.get("/connections")
    assert "(set up offered)" in listed.text
    form = await customer.get("/connect")
    assert 'id="set-up-account"' in form.text
    page = await customer.get("/connect/provision")
    assert page.status_code == 200
    assert 'name="admin_key" type="password"' in page.text


async def test_an_invite_without_the_offer_has_no_setup_page(
    browsers: Callable[[], Browser],
) -> None:
    operator = browsers()
    await operator.login()
    link = await operator.invite(CONNECTION)
    customer = browsers()
    await customer.open_invite(link)
    assert 'id="set-up-account"' not in (await customer.get("/connect")).text
    assert (await customer.get("/connect/provision")).status_code == 404


async def test_only_a_teamdynamix_invite_can_offer_the_setup(
    browsers: Callable[[], Browser],
) -> None:
    operator = browsers()
    await operator.login()
    refused = await operator.post_form(
        "/invites",
        {"source": "autotask", "connection": "nw", "hours": "24", "provision": "offered"},
        token_from="/connections",
    )
    assert refused.status_code == 409
    assert "only a TeamDynamix account" in refused.text


async def test_the_customer_sees_the_plan_approves_and_every_check_passes(
    browsers: Callable[[], Browser],
    app: FastAPI,
    tenant: Bed,
    catalog: Catalog,
    seen: list[httpx.Response],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _, customer = await offered(browsers)
    page = await plan_page(customer, tenant)
    assert page.status_code == 200, page.text
    assert "activate the account" in page.text
    assert tenant.tenant.writes == [], "showing the plan writes nothing"
    approved = await approve(customer, page, password=tenant.password.reveal())
    assert approved.status_code == 303, approved.text
    location = approved.headers["location"]
    assert location.startswith("/connect/checks/")
    checks = await finish(customer, location.split("/")[-1].split("?")[0])
    assert {c["status"] for c in checks} == {"pass"}, checks
    assert "ticketlake set up the integration account" in (await customer.get(location)).text
    assert tenant.tenant.account.is_active
    assert len(tenant.tenant.writes) == 1
    conn = catalog.get(CONNECTION)
    assert conn.settings["username"] == tenant.target.username
    assert_never_shown(tenant, seen, caplog, app)


async def test_every_write_is_audited_on_the_connection_as_the_invite(
    browsers: Callable[[], Browser], app: FastAPI, tenant: Bed, catalog: Catalog
) -> None:
    _, customer = await offered(browsers)
    page = await plan_page(customer, tenant)
    await approve(customer, page, password=tenant.password.reveal())
    [invite] = app.state.web.invites.all()
    provisioned = [e for e in catalog.audit_log(CONNECTION) if e.action is Action.PROVISIONED]
    assert len(provisioned) == len(tenant.tenant.writes) == 1
    assert provisioned[0].actor == f"web:invite:{invite.id}"
    assert "PUT api/people/" in provisioned[0].detail
    web_actions = [e.action for e in app.state.web.audit.entries(CONNECTION)]
    assert {"setup planned", "setup approved"} <= set(web_actions)


@pytest.mark.parametrize("scenario", ["sso_only"])
async def test_a_new_account_needs_no_password_and_its_checks_pass(
    browsers: Callable[[], Browser],
    app: FastAPI,
    tenant: Bed,
    catalog: Catalog,
    seen: list[httpx.Response],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _, customer = await offered(browsers)
    page = await plan_page(customer, tenant)
    assert 'name="password"' not in page.text
    assert "&lt;password, not shown&gt;" in page.text
    approved = await approve(customer, page)
    assert approved.status_code == 303, approved.text
    checks = await finish(customer, approved.headers["location"].split("/")[-1].split("?")[0])
    assert {c["status"] for c in checks} == {"pass"}, checks
    assert catalog.get(CONNECTION).settings["username"] == tenant.target.replacement_username
    assert_never_shown(tenant, seen, caplog, app)


async def test_approving_needs_the_csrf_token(browsers: Callable[[], Browser], tenant: Bed) -> None:
    _, customer = await offered(browsers)
    page = await plan_page(customer, tenant)
    data = {"plan": plan_id(page), "password": tenant.password.reveal()}
    refused = await customer.http.post("/connect/provision/approve", data=data)
    assert refused.status_code == 403
    forged = await customer.http.post("/connect/provision/approve", data={**data, "csrf": "0" * 64})
    assert forged.status_code == 403
    asked = await customer.http.post("/connect/provision", data=setup_form(tenant))
    assert asked.status_code == 403
    assert tenant.tenant.writes == []


async def test_a_plan_the_tenant_no_longer_matches_is_refused_and_the_new_one_shown(
    browsers: Callable[[], Browser], tenant: Bed, catalog: Catalog
) -> None:
    _, customer = await offered(browsers)
    page = await plan_page(customer, tenant)
    tenant.tenant.account.is_active = True  # someone fixed it in TDAdmin meanwhile
    tenant.tenant.account.applications = ["TDPeople"]
    refused = await approve(customer, page, password=tenant.password.reveal())
    assert refused.status_code == 409
    assert "the tenant changed since the plan was shown: nothing was sent" in refused.text
    assert tenant.tenant.writes == []
    assert not catalog.exists(CONNECTION)
    assert plan_id(refused) != plan_id(page), "a new plan, approved on its own"
    # The old plan cannot be approved any more; the new one can, without the key again.
    assert (await approve(customer, page, password="x")).status_code == 410
    approved = await approve(customer, refused, password=tenant.password.reveal())
    assert approved.status_code == 303, approved.text
    assert [w.method for w in tenant.tenant.writes] == ["PATCH"]


async def test_a_wrong_admin_key_is_said_without_echoing_it(
    browsers: Callable[[], Browser],
    app: FastAPI,
    tenant: Bed,
    seen: list[httpx.Response],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _, customer = await offered(browsers)
    wrong = "f" * 8 + tenant.key.web_services_key.reveal()[8:]
    page = await plan_page(customer, tenant, admin_key=wrong)
    assert page.status_code == 422
    assert 'id="provision-error"' in page.text
    assert wrong not in page.text
    assert tenant.target.base_url in page.text, "what is not a secret is kept"
    assert tenant.tenant.writes == []
    assert_never_shown(tenant, seen, caplog, app)


async def test_the_admin_key_is_forgotten_after_the_apply(
    browsers: Callable[[], Browser], app: FastAPI, tenant: Bed, catalog: Catalog
) -> None:
    _, customer = await offered(browsers)
    page = await plan_page(customer, tenant)
    assert app.state.web.provisions._by_invite
    await approve(customer, page, password=tenant.password.reveal())
    assert app.state.web.provisions._by_invite == {}
    assert not catalog.exists(f"{CONNECTION}-admin")
    assert "beid" not in catalog.get(CONNECTION).secret_fields
    assert (await approve(customer, page, password="x")).status_code == 410


async def test_saving_the_admin_key_is_asked_for_and_encrypted(
    browsers: Callable[[], Browser], tenant: Bed, catalog: Catalog
) -> None:
    _, customer = await offered(browsers)
    page = await plan_page(customer, tenant, save_admin=["false", "true"])
    await approve(customer, page, password=tenant.password.reveal())
    saved = catalog.get(f"{CONNECTION}-admin")
    assert {"beid", "web_services_key"} <= saved.secret_fields
    assert saved.secret("web_services_key").reveal() == tenant.key.web_services_key.reveal()


async def test_a_plan_waits_fifteen_minutes_at_most(
    browsers: Callable[[], Browser], clock: ManualClock, tenant: Bed
) -> None:
    _, customer = await offered(browsers)
    page = await plan_page(customer, tenant)
    clock.advance(15 * 60 + 1)
    expired = await approve(customer, page, password=tenant.password.reveal())
    assert expired.status_code == 410
    assert tenant.tenant.writes == []
