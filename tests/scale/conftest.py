"""Fixtures of the scale-out tests: a catalog with one saved TDX connection, syncs against the
fake tenant, and a Redis on 127.0.0.1 (or a visible skip)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import redis

from ..sync.test_saved import against, catalog

__all__ = ["against", "catalog"]  # a saved connection, synced against the fake tenant

REDIS_ENV = "TICKETLAKE_TEST_REDIS"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A Redis database for tests (db 15, flushed per test), or a visible skip; a failure when
    CI asked for Redis (``TICKETLAKE_TEST_REDIS`` set) and it does not answer."""
    url = os.environ.get(REDIS_ENV, "").strip() or DEFAULT_REDIS
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.ConnectionError as exc:
        if os.environ.get(REDIS_ENV):
            pytest.fail(f"{REDIS_ENV} is set but Redis does not answer: {exc}")
        pytest.skip(f"no Redis at {url}: scale-out tests against Redis skipped")
    return url


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()
