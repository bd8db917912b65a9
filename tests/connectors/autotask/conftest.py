"""Fixtures of the Autotask connector tests: a fake clock and a fresh zone cache each."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ticketlake.connectors.autotask.zone import forget_zones
from ticketlake.transport import FakeClock

from .fakeat import FakeAutotask


@pytest.fixture(autouse=True)
def no_cached_zone() -> Iterator[None]:
    """Each test discovers zones afresh (the cache lives as long as the process)."""
    forget_zones()
    yield
    forget_zones()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tenant(clock: FakeClock) -> FakeAutotask:
    return FakeAutotask(clock)
