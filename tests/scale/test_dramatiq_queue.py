"""The queue on Dramatiq (StubBroker, in memory): a request coalesces with one waiting, the
actor runs a slice and reports its outcome, and Dramatiq's defaults are overridden on purpose."""

from __future__ import annotations

from pathlib import Path

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import Retries, TimeLimit

from ticketlake.catalog import Catalog
from ticketlake.scale.dramatiq_queue import QUEUE, DramatiqQueue, declare_actor, middleware
from ticketlake.scale.marks import MemoryMarks
from ticketlake.scale.queue import SliceRequest
from ticketlake.scale.settings import ScaleSettings
from ticketlake.scale.slice import SliceOutcome, SliceRunner

from ..sync.tdxfake import FakeTdx
from .conftest import against

SETTINGS = ScaleSettings(slice_seconds=120.0)


def stub_queue() -> DramatiqQueue:
    broker = StubBroker(middleware=middleware(SETTINGS))
    broker.emit_after("process_boot")
    return DramatiqQueue(broker, MemoryMarks())


def test_a_second_request_for_a_waiting_connection_coalesces() -> None:
    queue = stub_queue()
    assert queue.enqueue(SliceRequest("acme")) == "queued"
    assert queue.enqueue(SliceRequest("acme", "scheduled")) == "coalesced"
    assert queue.enqueue(SliceRequest("other")) == "queued"
    assert queue.waiting("acme")
    assert isinstance(queue.broker, StubBroker)
    assert queue.broker.queues[QUEUE].qsize() == 2


def test_dramatiq_defaults_are_replaced_no_silent_retries_and_a_time_limit_past_the_slice() -> None:
    found = {type(m): m for m in middleware(SETTINGS)}
    assert found[Retries].max_retries == 0  # Dramatiq's default: 20 over up to 7 days
    assert found[TimeLimit].time_limit == (120 + 300) * 1000  # default: 10 minutes


@pytest.mark.usefixtures("dramatiq_can_stop")
def test_the_worker_runs_the_slice_and_a_new_request_queues_again_once_picked_up(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    against(monkeypatch, FakeTdx(tickets=20).handle)
    queue = stub_queue()
    seen: list[SliceOutcome] = []
    runner = SliceRunner(
        queue,
        60.0,
        store_url=f"duckdb:///{tmp_path / 'data.duckdb'}",
        observers=[lambda c, o: seen.append(o)],
    )
    catalog_url = f"sqlite:///{catalog_path()}"
    declare_actor(queue, runner, catalog_url=catalog_url)
    assert queue.enqueue(SliceRequest("acme")) == "queued"
    worker = dramatiq.Worker(queue.broker, worker_threads=1)
    worker.start()
    try:
        assert isinstance(queue.broker, StubBroker)
        queue.broker.join(QUEUE, fail_fast=True)
        worker.join()
    finally:
        worker.stop()
    assert [o.status for o in seen] == ["done"]
    assert not queue.waiting("acme")
    assert catalog.history.runs("acme")[0].status == "ok"


def catalog_path() -> Path:
    from ticketlake import config

    return config.home() / "catalog.db"
