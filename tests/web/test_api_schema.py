"""schemathesis against /api/openapi.json: no 500s, no answer outside its published schema.

Every generated request is sent three ways: anonymous, as an operator, and as a customer who
opened an invite (session cookie plus the CSRF header the page script sends). A saved
connection and its invite exist, so the happy paths are reachable too.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from ticketlake.secret import Secret
from ticketlake.web import actions, cookies, csrf
from ticketlake.web.app import create_app
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.settings import WebSettings

from .fakes import GOOD_PASSWORD, services
from .harness import OPERATOR, OPERATOR_PASSWORD, resolver


def _headers(app: FastAPI, cookie: str, value: str) -> dict[str, str]:
    key = app.state.web.signing_key
    return {"Cookie": f"{cookie}={value}", csrf.HEADER: csrf.token_for(key, value)}


@pytest.fixture
def api_app() -> FastAPI:
    app = create_app(WebSettings(resolver=resolver), services(Catalogs()))
    app.state.web.operators.add(OPERATOR, OPERATOR_PASSWORD)
    return app


@pytest.fixture
def identities(api_app: FastAPI) -> dict[str, dict[str, str]]:
    """Headers of each kind of caller, after setting up a saved connection."""
    ctx = api_app.state.web
    _, invite = ctx.invites.create("teamdynamix", "acme", OPERATOR, ttl=3600)
    values: dict[str, object] = {
        "base_url": "https://acme.teamdynamix.com/TDWebApi",
        "app_id": "627",
        "username": "cioanalytics",
        "password": Secret(GOOD_PASSWORD),
        "timezone": "America/Chicago",
    }
    actions.save_connection(ctx, invite, values)
    operator = ctx.sessions.create("operator", OPERATOR, 3600)
    customer = ctx.sessions.create("customer", invite.id, 3600)
    return {
        "anonymous": {},
        "operator": _headers(api_app, cookies.OPERATOR_COOKIE, operator.token),
        "customer": _headers(api_app, cookies.CUSTOMER_COOKIE, customer.token),
    }


def excluded(case: schemathesis.Case) -> list[schemathesis.CheckFunction]:
    """A connection's fields are checked against its source's spec (and the SSRF guard,
    DNS included), which no JSON schema can express: a schema-valid submission may rightly
    get 422 there. Every other check still applies to it."""
    if case.operation.label == "PUT /api/invite/connection":
        return [positive_data_acceptance]
    return []


def test_api_conforms_to_its_schema(
    api_app: FastAPI, identities: dict[str, dict[str, str]]
) -> None:
    # schemathesis' pytest plugin does not run on this pytest, so each operation gets its own
    # Hypothesis test here; a failure names the operation and the request that broke it.
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", api_app)
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            for headers in identities.values():
                case.call_and_validate(headers=headers, excluded_checks=excluded(case))

        check()
    assert "PUT /api/invite/connection" in labels
    assert "GET /api/check-runs/{run_id}" in labels
