"""``sync_saved``: the lease around a saved connection's sync, its heartbeat and live progress,
and the run it records whether the sync ends, fails or is interrupted."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from ticketlake.catalog import Catalog, open_catalog
from ticketlake.catalog.lease import Lease, LeaseHeld, LeaseLost, Leases
from ticketlake.store import open_store
from ticketlake.sync import saved
from ticketlake.sync.heartbeat import Heartbeat
from ticketlake.sync.progress import Live, NullProgress, StreamState
from ticketlake.sync.run import run_sync
from ticketlake.transport import FakeClock

from ..catalog.samples import tdx_submission
from .tdxfake import NOW, FakeTdx

LONG_AGO = datetime(2000, 1, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def catalog() -> Iterator[Catalog]:
    with open_catalog(actor="test:alice") as cat:
        cat.create("acme", tdx_submission(password="pw"))
        yield cat


def against(monkeypatch: pytest.MonkeyPatch, handler: Any) -> None:
    """Syncs of saved connections talk to ``handler`` (an httpx mock) on a fake clock."""

    async def fake_run_sync(*args: Any, **kw: Any) -> Any:
        kw |= {"http_transport": httpx.MockTransport(handler), "clock": FakeClock(NOW)}
        return await run_sync(*args, **kw)

    monkeypatch.setattr(saved, "run_sync", fake_run_sync)


def store_url(tmp_path: Path) -> str:
    return f"duckdb:///{tmp_path / 'data.duckdb'}"


def test_a_finished_sync_leaves_its_run_ok_with_its_last_progress(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tdx = FakeTdx(tickets=40)
    against(monkeypatch, tdx.handle)
    summary = asyncio.run(saved.sync_saved(catalog, "acme", store_url=store_url(tmp_path)))
    assert summary.ok
    run = catalog.history.runs("acme")[0]
    assert (run.status, run.rows) == ("ok", summary.committed)
    assert run.progress is not None
    streams = run.progress["streams"]
    assert streams["tickets"]["status"] == "ok"
    assert streams["tickets"]["rows"] == summary.rows["tickets"] - streams["ticket_details"]["rows"]
    # every call is counted against the stream that made it
    assert run.progress["calls"] == summary.calls == len(tdx.requests)
    assert streams["tickets"]["calls"] >= 1
    assert Leases(catalog).holder("acme") is None  # released


def test_a_cancelled_sync_is_recorded_interrupted_with_the_rows_it_kept(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    against(monkeypatch, FakeTdx(tickets=400).handle)
    task: asyncio.Task[Any] | None = None

    class CancelOnFirstRows(NullProgress):
        def update(self, state: StreamState, eta: float | None) -> None:
            if state.rows and task is not None:
                task.cancel()  # what Ctrl-C does to the command's task

    live = Live(CancelOnFirstRows())

    async def go() -> None:
        nonlocal task
        task = asyncio.ensure_future(
            saved.sync_saved(catalog, "acme", store_url=store_url(tmp_path), progress=live)
        )
        await task

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(go())
    assert live.summary is not None
    assert live.summary.interrupted
    run = catalog.history.runs("acme")[0]
    assert run.status == "interrupted"
    assert run.finished_at is not None
    assert run.rows == live.summary.committed > 0
    assert run.detail["streams"]["ticket_details"]["status"] in ("interrupted", "ok")
    assert Leases(catalog).holder("acme") is None
    store = open_store(store_url(tmp_path))
    try:  # what was committed before the cancellation is in the store
        for table, written in live.summary.rows.items():
            [(kept,)] = store.query(f"SELECT count(*) FROM {table}").rows
            assert kept > 0, (table, written)
    finally:
        store.close()


def test_a_second_sync_of_a_connection_being_synced_says_who_holds_it(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    against(monkeypatch, FakeTdx(tickets=5).handle)
    first = Leases(catalog).acquire("acme", actor="cli:bob")
    with pytest.raises(LeaseHeld) as held:
        asyncio.run(saved.sync_saved(catalog, "acme", store_url=store_url(tmp_path)))
    assert f"run {first.run_id} by cli:bob (pid {os.getpid()}" in str(held.value)
    assert [r.status for r in catalog.history.runs("acme")] == ["running"]  # no second run


def test_a_sync_takes_over_an_expired_lease(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    against(monkeypatch, FakeTdx(tickets=5).handle)
    stale = Leases(catalog, now=lambda: LONG_AGO).acquire("acme", actor="cli:bob")
    summary = asyncio.run(saved.sync_saved(catalog, "acme", store_url=store_url(tmp_path)))
    assert summary.ok
    statuses = {r.id: r.status for r in catalog.history.runs("acme")}
    assert statuses[stale.run_id] == "interrupted"
    assert sorted(statuses.values()) == ["interrupted", "ok"]


class CountingLeases(Leases):
    """Leases whose renewals can be waited for."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.renewed = threading.Event()

    def renew(self, lease: Lease, progress: Mapping[str, Any] | None = None) -> None:
        super().renew(lease, progress)
        self.renewed.set()


def test_the_heartbeat_publishes_progress_while_the_body_runs(catalog: Catalog) -> None:
    leases = CountingLeases(catalog)
    lease = leases.acquire("acme", actor="cli:bob")

    async def body() -> dict[str, Any] | None:
        async with Heartbeat(leases, lease, lambda: {"version": 1, "rows": 7}, interval=0.0):
            assert await asyncio.to_thread(leases.renewed.wait, 30)
            return catalog.history.runs("acme")[0].progress

    assert asyncio.run(body()) == {"version": 1, "rows": 7}


def test_a_lost_lease_stops_what_it_guards(catalog: Catalog) -> None:
    leases = Leases(catalog, now=lambda: LONG_AGO)
    lease = leases.acquire("acme", actor="cli:bob")
    Leases(catalog).acquire("acme", actor="cli:carol")  # ours expired long ago: taken over
    heartbeat = Heartbeat(leases, lease, dict, interval=0.0)

    async def body() -> None:
        async with heartbeat:
            await asyncio.sleep(3600)  # cancelled by the heartbeat, not slept through

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(body())
    assert isinstance(heartbeat.lost, LeaseLost)
    assert "cli:carol" in str(heartbeat.lost)


class SlowLeases(Leases):
    """Leases whose renewal takes a while, counting renewals in progress at once."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.started = threading.Event()
        self.at_once = 0
        self.most = 0

    def renew(self, lease: Lease, progress: Mapping[str, Any] | None = None) -> None:
        self.at_once += 1
        self.most = max(self.most, self.at_once)
        self.started.set()
        time.sleep(0.2)
        self.at_once -= 1


def test_the_last_renewal_waits_for_one_still_in_its_thread(catalog: Catalog) -> None:
    """Ending the body cancels the heartbeat, not the renewal running in its thread: the
    last renewal must not use the catalog's connection beside it."""
    leases = SlowLeases(catalog)
    lease = leases.acquire("acme", actor="cli:bob")

    async def body() -> None:
        async with Heartbeat(leases, lease, dict, interval=0.0):
            await asyncio.to_thread(leases.started.wait, 30)  # a beat is in its thread now

    asyncio.run(body())
    assert leases.most == 1
