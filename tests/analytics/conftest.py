"""Stores for the analytics tests: DuckDB always, Postgres when TICKETLAKE_TEST_POSTGRES is set.

Each store runs in a session time zone far from UTC, so a view that leaned on the session's
zone instead of UTC would show it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from ticketlake.store import open_store
from ticketlake.store.base import Store
from ticketlake.store.postgres import PostgresStore

from .filled import BatchInserter


class TestStore(BatchInserter):
    """A store (every Store method) plus the ``insert`` the desk loaders call."""

    __test__ = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


@contextmanager
def throwaway_store(postgres_url: str | None = None) -> Iterator[TestStore]:
    """A throwaway store: in-memory DuckDB, or a private schema of ``postgres_url``."""
    store: Store
    if postgres_url is None:
        store = open_store("duckdb:///:memory:")
    else:
        store = open_store(f"{postgres_url}?schema=tl_analytics_{uuid.uuid4().hex[:12]}")
    store.execute("SET TimeZone = 'America/New_York'")
    try:
        yield TestStore(store)
    finally:
        if isinstance(store, PostgresStore):
            store.drop_schema()
        store.close()


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_store(request: pytest.FixtureRequest) -> Iterator[TestStore]:
    """The canonical tables, empty, on each dialect."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    with throwaway_store(url) as store:
        yield store
