"""A slice: a sync bounded in time that stops at its deadline, keeps what it committed, queues
the rest, and coalesces when another process syncs the connection."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from ticketlake.catalog import Catalog
from ticketlake.catalog.lease import Leases
from ticketlake.scale.queue import Enqueued, SliceRequest
from ticketlake.scale.slice import SliceOutcome, SliceRunner
from ticketlake.store import open_store
from ticketlake.sync import saved
from ticketlake.sync.run import run_sync
from ticketlake.transport import FakeClock

from ..sync.tdxfake import NOW, FakeTdx
from .conftest import against


class Recorded:
    """A ``SyncQueue`` that records what is enqueued."""

    def __init__(self) -> None:
        self.sent: list[SliceRequest] = []

    def enqueue(self, request: SliceRequest) -> Enqueued:
        self.sent.append(request)
        return "queued"

    def waiting(self, connection: str) -> bool:
        return any(r.connection == connection for r in self.sent)


def runner(queue: Recorded, tmp_path: Path, seconds: float = 60.0) -> SliceRunner:
    return SliceRunner(queue, seconds, store_url=f"duckdb:///{tmp_path / 'data.duckdb'}")


async def at_once(seconds: float) -> None:
    """A deadline already past."""
    await asyncio.sleep(0)


def cut_short(
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    sync: Callable[..., Awaitable[Any]],
    slicer: SliceRunner,
    deadline: Callable[[float], Awaitable[None]] = at_once,
) -> SliceOutcome:
    """Run a slice of acme whose sync is ``sync``, cut at ``deadline``."""
    monkeypatch.setattr(saved, "run_sync", sync)
    slicer.deadline = deadline
    return asyncio.run(slicer.run(catalog, SliceRequest("acme")))


def test_a_slice_that_finishes_is_done_and_queues_nothing(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    against(monkeypatch, FakeTdx(tickets=30).handle)
    queue = Recorded()
    outcome = asyncio.run(runner(queue, tmp_path).run(catalog, SliceRequest("acme")))
    assert (outcome.status, outcome.error) == ("done", None)
    assert outcome.rows > 30
    assert queue.sent == []
    assert catalog.history.runs("acme")[0].status == "ok"


def test_a_slice_cut_at_its_deadline_keeps_its_rows_and_queues_the_rest(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tdx = FakeTdx(tickets=60)
    committed = asyncio.Event()

    async def then_hang(*args: Any, **kw: Any) -> Any:
        kw |= {"http_transport": httpx.MockTransport(tdx.handle), "clock": FakeClock(NOW)}
        await run_sync(*args, **kw)
        committed.set()  # the time is up now; the sync goes on (a tenant that stopped answering)
        await asyncio.Event().wait()

    async def deadline(seconds: float) -> None:
        await committed.wait()

    queue = Recorded()
    outcome = cut_short(catalog, monkeypatch, then_hang, runner(queue, tmp_path), deadline)
    assert outcome.status == "continued"
    assert queue.sent == [SliceRequest("acme", "continued")]
    assert catalog.history.runs("acme")[0].status == "interrupted"
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    try:
        kept = store.query("SELECT count(*) FROM tickets WHERE connection = $1", ["acme"])
    finally:
        store.close()
    assert kept.rows[0][0] == 60  # what was committed before the deadline stays
    assert Leases(catalog).holder("acme") is None


def test_a_slice_for_a_connection_syncing_elsewhere_coalesces(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tdx = FakeTdx(tickets=10)
    against(monkeypatch, tdx.handle)
    Leases(catalog).acquire("acme", actor="worker:other")
    queue = Recorded()
    outcome = asyncio.run(runner(queue, tmp_path).run(catalog, SliceRequest("acme")))
    assert outcome.status == "coalesced"
    assert tdx.requests == []  # nothing was sent to the tenant
    assert queue.sent == []


def test_a_slice_whose_sync_fails_says_why(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    against(monkeypatch, lambda request: httpx.Response(401, text="no"))
    outcome = asyncio.run(runner(Recorded(), tmp_path).run(catalog, SliceRequest("acme")))
    assert outcome.status == "failed"
    assert outcome.error
    assert "log in" in outcome.error


def test_an_unknown_connection_fails_its_slice(catalog: Catalog, tmp_path: Path) -> None:
    outcome = asyncio.run(runner(Recorded(), tmp_path).run(catalog, SliceRequest("nope")))
    assert outcome.status == "failed"
    assert outcome.error
    assert "no connection named 'nope'" in outcome.error


class Unreachable(Recorded):
    """A queue whose Redis is restarting."""

    def enqueue(self, request: SliceRequest) -> Enqueued:
        raise ConnectionError("Redis is restarting")


def test_a_slice_whose_rest_cannot_be_queued_still_ends_continued(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What it committed is kept and the run is interrupted, not failed: the scheduler queues
    the rest once Redis answers (``scheduler.lost``)."""

    async def hang(*args: Any, **kw: Any) -> Any:
        await asyncio.Event().wait()

    outcome = cut_short(catalog, monkeypatch, hang, runner(Unreachable(), tmp_path))
    assert outcome.status == "continued"
    assert catalog.history.runs("acme")[0].status == "interrupted"


def test_a_slice_that_breaks_while_it_stops_still_queues_the_rest(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Its cursors hold whatever went wrong on the way out: the sync goes on in the next."""

    async def break_on_cancel(*args: Any, **kw: Any) -> Any:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            raise RuntimeError("the catalog's connection broke") from None

    queue = Recorded()
    outcome = cut_short(catalog, monkeypatch, break_on_cancel, runner(queue, tmp_path))
    assert outcome.status == "continued"
    assert queue.sent == [SliceRequest("acme", "continued")]
