"""A sync that resumes a backfill a slice left part-read (cut at its deadline) plans the rest on
the census that slice took, kept in the streams' cursors: it searches no census window, samples
no ticket feed, and its plan still counts the calls it then makes; the store ends equal to the
truth."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from ticketlake.store import open_store
from ticketlake.sync.summary import SyncSummary

from .cut import CutStore, Sent, part_read
from .simtenant import make_sim, sync_in_process
from .truth import differences

pytestmark = pytest.mark.slow
FEED = "GET api/{appId}/tickets/feed"
SAMPLED = "GET api/{appId}/tickets/{id}/feed"
SEARCH = "POST api/{appId}/tickets/search"
TIME = "POST api/time/search"
TICKET = "GET api/{appId}/tickets/{id}"
CUT = ("tickets", "ticket_events", "time_entries")


def planned_and_made(summary: SyncSummary) -> dict[str, tuple[int, int]]:
    planned = summary.planned.to_json()["endpoints"]
    return {
        key: (planned.get(key, {}).get("calls", 0), summary.endpoints[key]["calls"])
        for key in (FEED, SAMPLED, SEARCH, TIME, TICKET)
    }


def test_a_continued_backfill_plans_the_rest_without_a_census(tmp_path: Path) -> None:
    # 6,000 tickets: the ticket walk, the feed and the time walk all take more than one batch.
    sim = make_sim(6000, seed=2)
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    try:
        assert sync_in_process(sim, CutStore(store, CUT)).ok
        assert all(part_read(store.cursor("sim", stream)) for stream in CUT)
        sent = Sent(httpx.ASGITransport(app=sim.app))
        summary = sync_in_process(sim, store, http=sent)
        assert summary.ok, summary.error
        found = differences(store, sim.truth(tmp_path / "truth"), "sim", ZoneInfo("UTC"))
    finally:
        store.close()
    calls = planned_and_made(summary)
    assert calls[SAMPLED] == (0, 0)  # no ticket feed sampled again
    assert [b for b in sent.bodies("/tickets/search") if b"CreatedDateTo" in b] == []
    assert calls[SEARCH][0] == calls[SEARCH][1]  # the walk's windows, no census window
    assert calls[TIME][0] == calls[TIME][1]
    for key in (FEED, TICKET):  # what is left, not the whole history again
        planned, made = calls[key]
        assert 0.9 <= planned / made <= 1.1, (key, planned, made)
    assert 0.9 <= summary.planned.floor / summary.actual.floor <= 1.1  # the time they take
    assert {table: d for table, d in found.items() if d} == {}
