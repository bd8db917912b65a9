"""A tenant that does not answer stops the whole sync after one round of login retries, with
one message, instead of every stream retrying (and reporting) on its own."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from ticketlake.store import open_store
from ticketlake.sync.run import run_sync
from ticketlake.transport import FakeClock

from .tdxfake import NOW
from .test_run import CONNECTION


def test_an_unreachable_tenant_fails_once_for_all_streams(tmp_path: Path) -> None:
    attempts: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(request.url.path)
        raise httpx.ConnectError("connection refused", request=request)

    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    try:
        summary = asyncio.run(
            run_sync(
                CONNECTION,
                store,
                clock=FakeClock(NOW),
                http_transport=httpx.MockTransport(refuse),
            )
        )
    finally:
        store.close()
    assert not summary.ok
    # one login call and its retries, then every stream fails on that same error
    assert set(attempts) == {"/TDWebApi/api/auth"}
    assert len(attempts) == summary.endpoints["POST api/auth"]["calls"] <= 6
    # said once, for the whole sync; no stream repeats it
    assert {s.status for s in summary.streams} <= {"not run", "ok"}
    assert [s.error for s in summary.streams if s.error] == []
    assert summary.stopped is not None
    assert "lost the connection" in summary.stopped
