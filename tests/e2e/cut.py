"""What a slice cut at its deadline leaves, made the same on every run: a store that keeps, of
each stream named, only its batches up to the first that leaves its pass part-read (a window
of the ticket or time walk, a batch of feed pages) and drops the rest, as if the slice had
stopped there. A sync then run on the store itself resumes those passes, as the next slice
does. And a transport that records what was sent, to tell a census's calls from the rest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpx

from ticketlake.records import Batch
from ticketlake.store.base import Store

UNFINISHED = ("walk", "ranges", "phases")
"""Cursor keys that hold a pass still under way (tickets and time walks, feed ranges)."""


def part_read(cursor: Any) -> bool:
    """Whether a stream's cursor holds a pass it has not finished."""
    return isinstance(cursor, dict) and any(cursor.get(key) for key in UNFINISHED)


class CutStore:
    """``store``, but each of ``streams`` stops being written once a batch of it has left its
    pass part-read (its later batches are dropped whole, rows and cursor)."""

    def __init__(self, store: Store, streams: Iterable[str]) -> None:
        self.store = store
        self.streams = set(streams)
        self.cut: set[str] = set()

    def write(self, batch: Batch) -> None:
        if self.cut & set(batch.cursors):
            return
        self.store.write(batch)
        self.cut |= {s for s, c in batch.cursors.items() if s in self.streams and part_read(c)}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


class Sent(httpx.AsyncBaseTransport):
    """A transport that keeps each request's method, path and body before passing it on."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[tuple[str, str, bytes]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path, await request.aread()))
        return await self.inner.handle_async_request(request)

    def bodies(self, path_end: str) -> list[bytes]:
        """The bodies sent to paths ending ``path_end``."""
        return [body for _, path, body in self.requests if path.endswith(path_end)]
