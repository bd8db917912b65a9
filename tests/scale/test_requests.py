"""Requested syncs survive a Redis restarted empty: recorded in the catalog before they are
queued, queued again by the scheduler while nothing of them waits or runs, and cleared by the
first slice that starts after them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ticketlake.catalog import Catalog
from ticketlake.catalog.lease import Leases
from ticketlake.errors import ConfigError
from ticketlake.scale.queue import Enqueued, SliceRequest
from ticketlake.scale.requests import Requested, Requests, request
from ticketlake.scale.scheduler import STRANDED_AFTER, tick
from ticketlake.scale.slice import SliceRunner

from ..sync.tdxfake import FakeTdx
from .conftest import against
from .test_health import T0, Coalescing


def test_a_request_redis_lost_is_queued_again_by_the_scheduler(catalog: Catalog) -> None:
    assert request(catalog, Coalescing(), "acme", full=True, now=T0) == "queued"
    restarted = Coalescing()  # Redis came back empty: the message and its mark are gone
    assert tick(catalog, restarted, T0 + 1) == {}  # a grace: it may be about to take its lease
    assert tick(catalog, restarted, T0 + STRANDED_AFTER) == {"acme": "queued"}
    assert tick(catalog, restarted, T0 + STRANDED_AFTER + 1) == {}  # it waits now
    assert restarted.sent == [SliceRequest("acme", "requested", full=True)]


def test_a_request_is_not_queued_again_while_its_connection_syncs(catalog: Catalog) -> None:
    request(catalog, Coalescing(), "acme", full=False, now=T0)
    Leases(catalog).acquire("acme", actor="worker:other")  # a slice of it runs
    assert tick(catalog, Coalescing(), T0 + STRANDED_AFTER) == {}


class Unreachable(Coalescing):
    """A queue whose Redis does not answer."""

    def enqueue(self, request: SliceRequest) -> Enqueued:
        raise ConnectionError("Redis is restarting")


def test_a_request_made_while_redis_is_down_is_recorded_and_queued_later(
    catalog: Catalog,
) -> None:
    assert request(catalog, Unreachable(), "acme", full=False, now=T0) == "recorded"
    back = Coalescing()
    assert tick(catalog, back, T0 + STRANDED_AFTER) == {"acme": "queued"}
    assert back.sent == [SliceRequest("acme", "requested")]


def test_a_request_for_no_connection_is_refused(catalog: Catalog) -> None:
    with pytest.raises(ConfigError, match="no connection named 'nope'"):
        request(catalog, Coalescing(), "nope", full=False, now=T0)
    assert Requests(catalog).made_before(T0 + 1) == []


def test_a_slice_serves_the_requests_made_before_it_started(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Not one made while it ran: it may have read the tenant before the request."""
    against(monkeypatch, FakeTdx(tickets=5).handle)
    requests = Requests(catalog)
    store_url = f"duckdb:///{tmp_path / 'data.duckdb'}"

    def slice_started_at(started: float) -> str:
        slicer = SliceRunner(Coalescing(), 60.0, store_url=store_url, now=lambda: started)
        return asyncio.run(slicer.run(catalog, SliceRequest("acme"))).status

    requests.record("acme", full=False, now=T0)
    assert slice_started_at(T0 + 5) == "done"
    assert requests.made_before(T0 + 100) == []
    requests.record("acme", full=True, now=T0 + 30)
    slice_started_at(T0 + 25)
    assert requests.made_before(T0 + 100) == [Requested("acme", T0 + 30, True)]
    slice_started_at(T0 + 40)
    assert requests.made_before(T0 + 100) == []
