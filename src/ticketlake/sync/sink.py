"""The streams' door to the store: one writer at a time, off the event loop.

Store calls block (DuckDB and psycopg are synchronous), so they run in a worker thread while
the event loop keeps every endpoint busy; one lock serialises them, because a store connection
serves one statement at a time. Each write is one transaction with its cursors (the store's
promise), and the sink counts the rows it committed per table for the summary.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

import pyarrow as pa

from ticketlake.connectors.base import Signals
from ticketlake.records import Batch, QueryResult
from ticketlake.store.base import Store

T = TypeVar("T")
logger = logging.getLogger("ticketlake.sync")


class StoreSink:
    """A ``Sink`` over a ``Store`` for one connection."""

    def __init__(
        self, store: Store, connection: str, signals: Signals, streams: Sequence[str]
    ) -> None:
        self._store = store
        self._connection = connection
        self._signals = signals
        self._lock = asyncio.Lock()
        # Read before any write runs in a thread: a store connection is not shared by threads.
        self._cursors = {name: store.cursor(connection, name) for name in streams}
        self.rows: dict[str, int] = {}
        """table -> rows committed in this run."""
        self.batches = 0

    async def write(self, batch: Batch) -> None:
        """Commit ``batch`` (rows and cursors in one transaction). A write asked for is made
        even if the sync is cancelled while it waits for its turn: the calls that read its
        rows were paid for, and a stream's workers stop together when one of them fails."""
        if batch.connection != self._connection:
            raise ValueError(f"batch for {batch.connection} written to {self._connection}'s sink")
        await _finish(self._commit(batch))

    async def _commit(self, batch: Batch) -> None:
        async with self._lock:
            await asyncio.to_thread(self._store.write, batch)
        for table, data in batch.rows.items():
            count = data.num_rows if isinstance(data, pa.Table) else len(data)
            self.rows[table] = self.rows.get(table, 0) + count
        self.batches += 1
        self._signals.landed()

    def cursor(self, stream: str) -> Any | None:
        """The cursor ``stream`` had when this run started."""
        return self._cursors.get(stream)

    async def query(self, sql: str, params: Sequence[object] = ()) -> QueryResult:
        """Run read-only SQL (``$n`` placeholders) between writes."""
        async with self._lock:
            return await _finish(asyncio.to_thread(self._store.query, sql, params))


async def _finish(work: Coroutine[Any, Any, T]) -> T:
    """Await work running in a thread; if the sync is cancelled meanwhile, still wait for the
    thread before letting go of the store (a thread cannot be stopped half-way, and the store's
    connection must not serve two threads at once). The cancellation goes on; an error the
    work ended with meanwhile is logged, not left for asyncio to report as never retrieved."""
    future = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        await asyncio.wait([future])
        if not future.cancelled() and future.exception() is not None:
            logger.warning("a store call failed while the sync stopped: %s", future.exception())
        raise
