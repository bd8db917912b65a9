"""Catalog fixtures: the same tests run on SQLite and (when available) on Postgres."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from ticketlake.catalog import Catalog, open_catalog


@pytest.fixture
def pg_schema_url(postgres_url: str) -> Iterator[str]:
    """A Postgres URL whose search_path is a fresh schema, dropped afterwards."""
    import psycopg

    schema = f"tl_catalog_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in postgres_url else "?"
    yield f"{postgres_url}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def catalog(request: pytest.FixtureRequest) -> Iterator[Catalog]:
    """An empty catalog on each backend (Postgres skips visibly when not configured)."""
    url = request.getfixturevalue("pg_schema_url") if request.param == "postgres" else None
    cat = open_catalog(url, actor="test:alice")
    yield cat
    cat.close()
