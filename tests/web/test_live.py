"""Live sync progress on the connection page: read from the run's heartbeat in the catalog (the
JSON of ``ticketlake.sync.progress``), so a sync started here or in a terminal shows alike."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI

from ticketlake.catalog import Catalog, SyncRun
from ticketlake.catalog.lease import Leases
from ticketlake.web.live import live_sync

from .harness import Browser
from .test_operator import verified

pytestmark = pytest.mark.anyio
STARTED = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def progress(**changes: Any) -> dict[str, Any]:
    """A heartbeat's live progress (version 1) of a sync against a simulator at 60x."""
    data: dict[str, Any] = {
        "version": 1,
        "at": "2026-11-01T09:01:11+00:00",
        "wall_seconds": 71.2,
        "time_scale": 60.0,
        "eta_seconds": 1200.0,
        "eta_wall_seconds": 20.0,
        "rows": 5123,
        "calls": 310,
        "throttled": 2,
        "streams": {
            "tickets": {"status": "ok", "rows": 3000, "done": 6, "total": 6,
                        "eta_seconds": None, "calls": 7, "throttled": 0, "note": None},
            "ticket_details": {"status": "running", "rows": 2123, "done": 1500, "total": 3000,
                               "eta_seconds": 1200.0, "calls": 1503, "throttled": 2,
                               "note": "one call per ticket"},
            "people": {"status": "waiting", "rows": 0, "done": 0, "total": None,
                       "eta_seconds": None, "calls": 0, "throttled": 0, "note": None},
        },
    }  # fmt: skip
    data.update(changes)
    return data


def running(data: dict[str, Any] | None) -> SyncRun:
    return SyncRun(1, "acme", "running", STARTED, progress=data)


def test_live_progress_reads_each_stream_and_the_eta_in_wall_clock_time() -> None:
    live = live_sync(running(progress()))
    assert live is not None
    assert (live.rows, live.calls, live.throttled) == (5123, 310, 2)
    assert live.eta == "about 20 s (20 min 00 s of the simulator's time)"
    details = {s.name: s for s in live.streams}["ticket_details"]
    assert (details.percent, details.progress) == (50, "1,500 of 3,000 (50 %)")
    assert details.eta_wall_seconds == pytest.approx(20.0)
    assert details.throttled == 2
    people = {s.name: s for s in live.streams}["people"]
    assert (people.percent, people.progress) == (None, "")


def test_live_progress_of_a_real_time_sync_has_no_simulator_note() -> None:
    live = live_sync(running(progress(time_scale=1.0, eta_seconds=90.0, eta_wall_seconds=90.0)))
    assert live is not None
    assert live.eta == "about 1 min 30 s"


@pytest.mark.parametrize(
    "run",
    [
        running(None),  # no heartbeat yet
        running(progress(version=2)),  # a shape this version does not know
        SyncRun(1, "acme", "ok", STARTED, progress=progress()),  # ended: the run says it all
    ],
)
def test_no_live_progress_is_shown_when_there_is_none_to_trust(run: SyncRun) -> None:
    assert live_sync(run) is None


@contextmanager
def syncing_elsewhere(catalog: Catalog, data: dict[str, Any]) -> Iterator[Leases]:
    """A sync of acme held by another process (as ``ticketlake sync acme`` would be), with
    ``data`` as its last heartbeat; the lease is given back at the end."""
    leases = Leases(catalog)
    lease = leases.acquire("acme", actor="cli:bob")
    leases.renew(lease, data)
    try:
        yield leases
    finally:
        catalog.history.finish_run(lease.run_id, ok=True, rows=1, calls=1, throttled=0, errors=0)
        leases.release(lease)


def _text(fragment: str) -> str:
    """What a person reads in an HTML fragment."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _cells(page: str, stream: str) -> list[str]:
    row = re.search(rf'<tr data-stream="{stream}">(.*?)</tr>', page, flags=re.S)
    assert row is not None, f"no row for {stream}"
    return [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


async def test_connection_page_shows_a_running_sync_per_stream_at_the_top(
    browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    operator = await verified(browsers)
    with syncing_elsewhere(catalog, progress()):
        page = (await operator.get("/connections/acme")).text
    assert page.index('id="live-sync"') < page.index('id="connection"')  # at the top
    summary = _text(page.split('id="live-summary">')[1].split("</p>")[0])
    assert "by cli:bob (pid" in summary
    assert "running for 1 min 11 s: 5,123 rows written, 310 calls, 2 × HTTP 429 so far." in summary
    assert "ETA: about 20 s (20 min 00 s of the simulator's time)." in summary
    assert _cells(page, "ticket_details") == [
        "ticket_details", "running", "2,123", "1,500 of 3,000 (50 %)", "20 s", "1,503", "2",
        "one call per ticket",
    ]  # fmt: skip
    assert _cells(page, "tickets")[1:5] == ["ok", "3,000", "6 of 6 (100 %)", "done"]
    assert '<progress max="100" value="50"></progress>' in page
    # The run's own row follows the heartbeat too, instead of 0 rows until the end.
    assert '<td class="num">5123 so far</td><td class="num">310</td><td class="num">2</td>' in page
    assert 'id="start-sync" disabled' in page  # one sync per connection: not while it runs
    # Without script the page reloads itself while the sync runs; with it, only this part.
    assert (
        '<noscript><meta http-equiv="refresh" content="5; url=/connections/acme"></noscript>'
        in page
    )


async def test_the_live_part_goes_once_the_sync_has_ended(
    browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    operator = await verified(browsers)
    with syncing_elsewhere(catalog, progress()):
        pass
    page = (await operator.get("/connections/acme")).text
    assert 'id="live-sync"' not in page
    assert 'http-equiv="refresh"' not in page


async def test_a_sync_running_elsewhere_is_not_started_twice(
    app: FastAPI, browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    operator = await verified(browsers)
    with syncing_elsewhere(catalog, progress()):
        answer = await operator.api("POST", "/api/connections/acme/syncs")
        pressed = await operator.post_form(
            "/connections/acme/sync", {}, token_from="/connections/acme"
        )
        detail = (await operator.api("GET", "/api/connections/acme")).json()
    assert answer.status_code == 409
    assert pressed.headers["location"] == "/connections/acme?notice=sync-running"
    assert app.state.web.services.syncer.started == []
    assert detail["syncing"] is True
    assert detail["sync_runs"][0]["progress"]["streams"]["ticket_details"]["throttled"] == 2
