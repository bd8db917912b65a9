"""Stores for the store tests: a DuckDB file per test, a throwaway Postgres schema per test."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import ticketlake
from ticketlake.store import open_store
from ticketlake.store.duckdb import DuckDBStore
from ticketlake.store.postgres import PostgresStore
from ticketlake.store.sqlstore import SqlStore


def unique_schema() -> str:
    """A schema name no other test run uses."""
    return f"tl_test_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def duckdb_store(tmp_path: Path) -> Iterator[SqlStore]:
    """A migrated DuckDB store in a fresh file."""
    store = open_store(f"duckdb://{tmp_path / 'data.duckdb'}")
    assert isinstance(store, DuckDBStore)
    yield store
    store.close()


@pytest.fixture
def postgres_store(postgres_url: str) -> Iterator[SqlStore]:
    """A migrated Postgres store in its own schema, dropped afterwards."""
    store = open_store(with_schema(postgres_url, unique_schema()))
    assert isinstance(store, PostgresStore)
    try:
        yield store
    finally:
        store.drop_schema()
        store.close()


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store (a DuckDB file, or a Postgres schema dropped afterwards)."""
    if request.param == "duckdb":
        yield f"duckdb://{tmp_path / 'data.duckdb'}"
        return
    url = with_schema(request.getfixturevalue("postgres_url"), unique_schema())
    try:
        yield url
    finally:
        store = PostgresStore(url)
        store.drop_schema()
        store.close()


def with_schema(url: str, schema: str) -> str:
    """``url`` naming ``schema``."""
    return f"{url}{'&' if '?' in url else '?'}schema={schema}"


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> SqlStore:
    """Each store test runs on DuckDB and (when a server is configured) on Postgres."""
    return request.getfixturevalue(f"{request.param}_store")  # type: ignore[no-any-return]


Spawn = Callable[..., "subprocess.Popen[str]"]


@pytest.fixture
def spawn() -> Iterator[Spawn]:
    """Start ``python -c code args...`` with ticketlake importable, stdin/stdout as pipes.

    Children still running at the end of the test are killed.
    """
    src = str(Path(ticketlake.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    children: list[subprocess.Popen[str]] = []

    def start(code: str, *args: str) -> subprocess.Popen[str]:
        child = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        children.append(child)
        return child

    yield start
    for child in children:
        if child.poll() is None:
            child.kill()
        child.communicate()
