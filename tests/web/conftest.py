"""Fixtures of the web tests: a manual clock, a migrated database, the app on fakes, and
browsers whose every response is scanned for the secrets the tests submit."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI

from ticketlake.catalog import Catalog
from ticketlake.web import passwords
from ticketlake.web.app import create_app
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.database import Database
from ticketlake.web.schema import migrate
from ticketlake.web.settings import WebSettings

from .clock import ManualClock
from .fakes import PasswordRunner, services
from .harness import OPERATOR, OPERATOR_PASSWORD, SECRETS, Browser, resolver


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def db() -> Database:
    database = Database()
    migrate(database)
    return database


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def seen() -> list[httpx.Response]:
    """Every response the test's browsers received."""
    return []


@pytest.fixture
def catalogs() -> Catalogs:
    return Catalogs()


@pytest.fixture
def runner() -> PasswordRunner:
    return PasswordRunner()


@pytest.fixture
def app(catalogs: Catalogs, runner: PasswordRunner, clock: ManualClock) -> FastAPI:
    settings = WebSettings(clock=clock, resolver=resolver)
    application = create_app(settings, services(catalogs, runner), catalogs=catalogs)
    application.state.web.operators.add(OPERATOR, OPERATOR_PASSWORD)
    return application


@pytest.fixture
def catalog(catalogs: Catalogs) -> Catalog:
    """The catalog as this (the test's) thread sees it."""
    return catalogs.get()


@pytest.fixture
async def browsers(
    app: FastAPI, seen: list[httpx.Response], caplog: pytest.LogCaptureFixture
) -> AsyncIterator[Callable[[], Browser]]:
    """Make browsers for the test; afterwards, scan every response and log for secrets."""
    made: list[Browser] = []

    def make() -> Browser:
        browser = Browser(app, seen)
        made.append(browser)
        return browser

    caplog.set_level(logging.DEBUG)
    yield make
    for browser in made:
        await browser.aclose()
    for response in seen:
        text = response.text + repr(response.headers.raw)
        for secret in SECRETS:
            assert secret not in text, f"a secret came back from {response.request.url}"
    logged = "\n".join(r.getMessage() for r in caplog.get_records("call"))
    for secret in SECRETS:
        assert secret not in logged, "a secret reached the log"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at its lowest cost: the tests check behaviour, not hashing strength."""
    monkeypatch.setattr(
        passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
