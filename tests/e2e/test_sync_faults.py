"""Throttling and injected faults change nothing in what a sync brings: the same data as the
truth, or (for a fault that does not heal) a clear message and a state the next run resumes."""

from __future__ import annotations

import math
import random
from datetime import UTC as UTC_TZ
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from ticketlake.store import open_store
from ticketlake.transport import FakeClock
from ticketlake.transport.clock import FAKE_EPOCH

from .simtenant import make_sim, sync_in_process
from .truth import differences

UTC = ZoneInfo("UTC")


class Faults(httpx.AsyncBaseTransport):
    """Around the simulator: 5xx, timeouts, connections dropped before or after the server
    answered, and 401s as from an expired token, at random (never on the login itself). A
    token expires once: the call retried after logging in again does not meet another 401
    (two in a row is how TDX says the account may not make the call)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, rate: float, seed: int = 1) -> None:
        self.inner = inner
        self.rate = rate
        self.rng = random.Random(seed)
        self.injected: dict[str, int] = {}
        self.expired: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/api/auth") or self.rng.random() >= self.rate:
            return await self.inner.handle_async_request(request)
        fault = self.rng.choice(["503", "timeout", "drop-before", "drop-after", "401"])
        call = f"{request.method} {request.url}"
        if fault == "401" and call in self.expired:
            fault = "503"
        elif fault == "401":
            self.expired.add(call)
        self.injected[fault] = self.injected.get(fault, 0) + 1
        if fault == "503":
            return httpx.Response(503, json={"Message": "Service Unavailable"})
        if fault == "401":
            return httpx.Response(401, json={"Message": "Token expired."})
        if fault == "timeout":
            raise httpx.ReadTimeout("injected", request=request)
        if fault == "drop-after":
            await self.inner.handle_async_request(request)
        raise httpx.RemoteProtocolError("injected: connection dropped", request=request)


def test_injected_faults_end_with_the_same_data(tmp_path: Path) -> None:
    sim = make_sim(300, seed=31)
    faults = Faults(httpx.ASGITransport(app=sim.app), rate=0.12)
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    try:
        summary = sync_in_process(sim, store, http=faults)
        assert summary.ok, summary.error
        assert set(faults.injected) == {"503", "timeout", "drop-before", "drop-after", "401"}
        found = differences(store, sim.truth(tmp_path / "truth"), "sim", UTC)
    finally:
        store.close()
    assert {t: d for t, d in found.items() if d} == {}


def test_the_throttled_scenario_ends_with_the_same_data(tmp_path: Path) -> None:
    sim = make_sim(250, seed=32, scenario="throttled")
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    try:
        summary = sync_in_process(sim, store)
        assert summary.ok, summary.error
        found = differences(store, sim.truth(tmp_path / "truth"), "sim", UTC)
    finally:
        store.close()
    assert {t: d for t, d in found.items() if d} == {}
    # Limits lower than documented are learnt from the headers: one 429 per window at most.
    assert summary.throttled <= len(summary.endpoints)
    # The run's floor is priced with the limits the server announced (a third of the
    # documented ones), and the summary says which.
    singles = summary.endpoints["GET api/{appId}/tickets/{id}"]["calls"]  # the busiest
    assert summary.actual.floor == (math.ceil(singles / 20) - 1) * 60
    [note] = summary.notes
    assert note.startswith("the server announced other limits than documented: ")
    assert note.endswith(" more; the floor counts them")


def test_a_fault_that_does_not_heal_stops_with_a_message_and_resumes(tmp_path: Path) -> None:
    sim = make_sim(200, seed=33)
    broken = Faults(httpx.ASGITransport(app=sim.app), rate=1.0)
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    try:
        first = sync_in_process(sim, store, http=broken)
        assert not first.ok
        assert first.error is not None
        second = sync_in_process(sim, store)
        assert second.ok, second.error
        found = differences(store, sim.truth(tmp_path / "truth"), "sim", UTC)
    finally:
        store.close()
    assert {t: d for t, d in found.items() if d} == {}


def test_no_write_reaches_the_simulator(tmp_path: Path) -> None:
    sim = make_sim(120, seed=34)
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    try:
        assert sync_in_process(sim, store).ok
    finally:
        store.close()
    assert list(sim.tenant.writes) == []


class Aging(httpx.AsyncBaseTransport):
    """Moves the shared clock ``jump`` seconds forward once ``after`` requests went by (a day
    of a long sync passing between two calls)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, clock: FakeClock, after: int, jump: float):
        self.inner, self.clock, self.after, self.jump = inner, clock, after, jump
        self.seen = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen += 1
        if self.seen == self.after:
            self.clock.advance(self.jump)
        return await self.inner.handle_async_request(request)


def test_a_token_expiring_mid_run_is_renewed_without_a_failure(tmp_path: Path) -> None:
    clock = FakeClock(FAKE_EPOCH + 3600)  # the data's "now" is FAKE_EPOCH
    sim = make_sim(150, seed=35, clock=clock, as_of=datetime.fromtimestamp(FAKE_EPOCH, UTC_TZ))
    aging = Aging(httpx.ASGITransport(app=sim.app), clock, after=40, jump=86400 - 120)
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    try:
        summary = sync_in_process(sim, store, http=aging, clock=clock)
        assert summary.ok, summary.error
        found = differences(store, sim.truth(tmp_path / "truth"), "sim", UTC)
        tickets = store.query("SELECT count(*) FROM tickets").rows[0][0]
    finally:
        store.close()
    logins = [r for r in sim.tenant.requests if r.path.endswith("/api/auth")]
    refused = [r for r in sim.tenant.requests if r.status == 401]
    assert tickets == 150
    assert len(logins) == 2  # the first token, and one before it expired
    assert refused == []
    assert {t: d for t, d in found.items() if d} == {}
