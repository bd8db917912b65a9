"""The web tables on Postgres (``TICKETLAKE_DATABASE_URL``), in a schema of their own."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from urllib.parse import quote

import psycopg
import pytest
from fastapi import FastAPI

from ticketlake.web.app import create_app
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.database import Database
from ticketlake.web.invites import InviteRefused, Invites
from ticketlake.web.operators import Operators
from ticketlake.web.schema import migrate, signing_key
from ticketlake.web.settings import WebSettings

from .clock import ManualClock
from .fakes import GOOD_PASSWORD, services
from .flow import customer_for, finish, trail
from .harness import OPERATOR, OPERATOR_PASSWORD, Browser, resolver, run_id, tdx_form

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    schema = f"web_test_{secrets.token_hex(4)}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in postgres_url else "?"
    db = Database(f"{postgres_url}{sep}options={quote(f'-csearch_path={schema}')}")
    migrate(db)
    yield db
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def test_operators_and_single_use_invites_on_postgres(pg: Database) -> None:
    clock = ManualClock()
    operators = Operators(pg, clock)
    operators.add("alice", "correct horse battery")
    assert operators.authenticate("alice", "correct horse battery")
    invites = Invites(pg, clock)
    token, invite = invites.create("teamdynamix", "acme", "alice", ttl=60)
    assert invites.claim(token).id == invite.id
    with pytest.raises(InviteRefused):
        invites.claim(token)
    assert invites.revoke(invite.id)
    assert not invites.revoke(invite.id)


def test_signing_key_is_stable_across_migrations(pg: Database) -> None:
    first = signing_key(pg)
    migrate(pg)
    assert signing_key(pg) == first
    assert len(first) == 32


@pytest.fixture
def app(pg: Database, clock: ManualClock) -> FastAPI:
    """The whole app, catalog included, on the Postgres schema."""
    catalogs = Catalogs(pg.url)
    settings = WebSettings(clock=clock, resolver=resolver)
    application = create_app(settings, services(catalogs), db=pg, catalogs=catalogs)
    application.state.web.operators.add(OPERATOR, OPERATOR_PASSWORD)
    return application


@pytest.mark.anyio
async def test_customer_flow_on_postgres(app: FastAPI, browsers: Callable[[], Browser]) -> None:
    _, customer = await customer_for(browsers)
    checks = await finish(
        customer, run_id(await customer.post_form("/connect", tdx_form(GOOD_PASSWORD)))
    )
    assert {c["status"] for c in checks} == {"pass"}
    assert app.state.web.catalog.db.dialect == "postgres"
    assert trail(app, "acme")[-1] == "tested"
