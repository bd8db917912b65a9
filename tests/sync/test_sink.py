"""The sink: a write asked for is made even when the sync is cancelled while it waits for its
turn, and a store call that fails meanwhile is logged, not left for asyncio to report."""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from typing import Any

import pytest

from ticketlake.connectors.base import Signals
from ticketlake.records import Batch
from ticketlake.sync.sink import StoreSink


class SlowStore:
    """A store whose writes wait until the test releases them (and may then fail)."""

    def __init__(self, fail: bool = False) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.fail = fail
        self.written: list[Batch] = []

    def cursor(self, connection: str, stream: str) -> Any:
        return None

    def write(self, batch: Batch) -> None:
        self.started.set()
        self.release.wait()
        if self.fail and self.written:
            raise RuntimeError("the store went away")
        self.written.append(batch)


def batch(n: int) -> Batch:
    return Batch("c1", rows={"tickets": [{"id": n}]})


async def cancel_the_second(store: SlowStore) -> None:
    """Two writes; the second is cancelled while the first holds the store."""
    sink = StoreSink(store, "c1", Signals(), [])  # type: ignore[arg-type]
    first = asyncio.ensure_future(sink.write(batch(1)))
    await asyncio.to_thread(store.started.wait)  # the first write is in its thread
    second = asyncio.ensure_future(sink.write(batch(2)))
    await asyncio.sleep(0)
    second.cancel()
    store.release.set()
    with pytest.raises(asyncio.CancelledError):
        await second
    await first


def test_a_write_cancelled_while_it_waits_for_its_turn_is_still_made() -> None:
    store = SlowStore()
    asyncio.run(cancel_the_second(store))
    assert store.written == [batch(1), batch(2)]


def test_a_write_failing_while_the_sync_stops_is_logged_not_lost_in_asyncio(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = SlowStore(fail=True)
    with caplog.at_level(logging.WARNING):
        asyncio.run(cancel_the_second(store))
        gc.collect()
    messages = [r.getMessage() for r in caplog.records]
    assert "a store call failed while the sync stopped: the store went away" in messages
    assert not [m for m in messages if "never retrieved" in m]
