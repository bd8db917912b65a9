"""A sync interrupted anywhere resumes from its committed cursors: nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import httpx
import pytest

from ticketlake.store import open_store
from ticketlake.store.base import Store
from ticketlake.sync.run import run_sync
from ticketlake.transport import FakeClock

from .tdxfake import NOW, FakeTdx
from .test_run import CONNECTION


def interrupted(tdx: FakeTdx, store: Store, after: int) -> bool:
    """Run a sync and cancel it once ``after`` requests were answered; True if cancelled."""
    seen = 0

    async def go() -> bool:
        task: asyncio.Task[object] | None = None

        def handle(request: httpx.Request) -> httpx.Response:
            nonlocal seen
            seen += 1
            if seen == after and task is not None:
                task.cancel()
            return tdx.handle(request)

        http = httpx.MockTransport(handle)
        task = asyncio.ensure_future(
            run_sync(CONNECTION, store, clock=FakeClock(NOW), http_transport=http)
        )
        try:
            await task
        except asyncio.CancelledError:
            return True
        return False

    return asyncio.run(go())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_interrupted_syncs_resume_to_the_same_data(tmp_path: Path, seed: int) -> None:
    tdx = FakeTdx(tickets=400, seed=seed)
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    rng = random.Random(seed)
    try:
        cuts = [interrupted(tdx, store, rng.randint(1, 40)) for _ in range(6)]
        assert not interrupted(tdx, store, 10**9)
        events = [r[0] for r in store.query("SELECT id FROM ticket_events ORDER BY id").rows]
        details = store.query(
            "SELECT count(*) FROM tickets WHERE description IS NOT NULL AND details_at IS NOT NULL"
        ).rows
        tickets = store.query("SELECT count(*), count(DISTINCT id) FROM tickets").rows
    finally:
        store.close()
    assert sum(cuts) >= 4  # most runs really were cut short
    assert events == sorted(str(e["ID"]) for e in tdx.feed)
    assert details == [(400,)]
    assert tickets == [(400, 400)]
