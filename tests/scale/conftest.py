"""Fixtures of the scale-out tests: a catalog with one saved TDX connection, syncs against the
fake tenant, and a Redis on 127.0.0.1 (or a visible skip)."""

from __future__ import annotations

import os
import threading
import time
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


def _timed_thread_waits_return() -> bool:
    """Whether a timed wait in a thread comes back in this process. Under libfaketime with a
    fixed date (as the suite is also run) it does not: Python's timed lock waits pass an
    absolute deadline the library does not translate, so they wait for years."""
    done: list[bool] = []

    def probe() -> None:
        threading.Event().wait(0.01)
        done.append(True)

    threading.Thread(target=probe, daemon=True).start()
    for _ in range(300):  # up to 3 s, in relative sleeps (those work under a faked clock)
        if done:
            return True
        time.sleep(0.01)
    return False


@pytest.fixture(scope="session")
def dramatiq_can_stop() -> None:
    """Skip, saying why, where Dramatiq's worker threads could never stop: they poll their
    queues with timed waits, which never return under a faked clock of this kind."""
    if not _timed_thread_waits_return():
        pytest.skip(
            "timed thread waits never return in this process (libfaketime with a fixed date): "
            "Dramatiq's worker threads poll with them and could not stop"
        )
