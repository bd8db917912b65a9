"""Stores the end-to-end syncs write into: a DuckDB file per test, a Postgres schema per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from ticketlake.store import open_store
from ticketlake.store.base import Store


@pytest.fixture
def duck(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    yield store
    store.close()


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Store]:
    schema = f"sync_{uuid.uuid4().hex[:8]}"
    store = open_store(f"{postgres_url}?schema={schema}")
    yield store
    store.close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
