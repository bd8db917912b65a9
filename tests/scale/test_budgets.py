"""Which store a worker's shared budgets live in: Redis by default, Postgres when
``TICKETLAKE_BUDGETS=postgres`` says so (the catalog's database), and a clear error otherwise."""

from __future__ import annotations

import pytest

from ticketlake.catalog import Catalog
from ticketlake.errors import ConfigError
from ticketlake.scale.budgets import shared_budgets
from ticketlake.scale.settings import ScaleSettings
from ticketlake.transport.pgbudgets import PostgresBudgets
from ticketlake.transport.redisbudgets import RedisBudgets

REDIS = "redis://127.0.0.1:6379/0"
POSTGRES = "postgresql://ticketlake@127.0.0.1:5432/desk"


def settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> ScaleSettings:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return ScaleSettings.from_env()


def test_budgets_live_in_redis_by_default(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = settings(monkeypatch, TICKETLAKE_REDIS_URL=REDIS, TICKETLAKE_DATABASE_URL=POSTGRES)
    assert found.budgets == "redis"
    assert isinstance(shared_budgets(found)(catalog, "acme"), RedisBudgets)


def test_budgets_live_in_the_catalogs_postgres_when_asked(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = settings(monkeypatch, TICKETLAKE_BUDGETS="postgres", TICKETLAKE_DATABASE_URL=POSTGRES)
    budgets = shared_budgets(found)(catalog, "acme")
    assert isinstance(budgets, PostgresBudgets)
    assert budgets.egress == "default"


def test_budgets_in_postgres_need_its_url(monkeypatch: pytest.MonkeyPatch) -> None:
    found = settings(monkeypatch, TICKETLAKE_BUDGETS="postgres", TICKETLAKE_REDIS_URL=REDIS)
    with pytest.raises(ConfigError, match="workers need Postgres"):
        shared_budgets(found)


def test_an_unknown_budget_store_says_which_there_are(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError) as raised:
        settings(monkeypatch, TICKETLAKE_BUDGETS="memcached")
    assert "memcached" in str(raised.value)
    assert "redis (the default) or postgres" in str(raised.value.fix)
