"""``ticketlake worker``: one process consuming sync slices with ``concurrency`` threads.

Each thread runs one slice at a time on its own event loop; a slice syncs one connection
(its streams concurrently, as ``ticketlake sync`` does). SIGTERM or SIGINT stop the worker
after the slices in progress are interrupted at their deadline or finish; SIGKILL loses
nothing either (the lease expires, the broker requeues the slice, the cursors hold).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from dataclasses import dataclass

import dramatiq
import redis

from ticketlake.catalog import open_catalog
from ticketlake.scale.budgets import shared_budgets
from ticketlake.scale.dramatiq_queue import DramatiqQueue, declare_actor, redis_broker
from ticketlake.scale.health import Health
from ticketlake.scale.marks import RedisMarks
from ticketlake.scale.requests import Requests
from ticketlake.scale.schedules import Schedules
from ticketlake.scale.settings import ScaleSettings
from ticketlake.scale.slice import SliceRunner
from ticketlake.store import open_store
from ticketlake.transport.timescale import TimeScale

logger = logging.getLogger("ticketlake.scale")


@dataclass(frozen=True)
class WorkerOptions:
    """How ``ticketlake worker`` runs."""

    concurrency: int = 2
    time_scale: TimeScale | None = None
    heartbeat_timeout_ms: int | None = None


def queue_for(settings: ScaleSettings, **broker_options: object) -> DramatiqQueue:
    """The Redis queue the CLI, the scheduler and the workers share."""
    url = settings.require_redis()
    broker = redis_broker(settings, **broker_options)
    return DramatiqQueue(broker, RedisMarks(redis.Redis.from_url(url)))


def prepare(url: str, tries: int = 5) -> None:
    """Create the catalog's and the store's tables before any slice runs: workers starting
    together on a new database race on the same DDL, and the loser simply tries again."""
    for attempt in range(tries):
        try:
            with open_catalog(url, actor="worker") as catalog:
                Schedules(catalog)
                Requests(catalog)
            open_store(url).close()
            return
        except Exception:
            if attempt == tries - 1:
                raise
            time.sleep(0.5 * (attempt + 1))


def run_worker(settings: ScaleSettings, options: WorkerOptions) -> None:
    """Consume slices until SIGTERM/SIGINT (blocks)."""
    catalog_url = settings.require_postgres()
    prepare(catalog_url)
    extra = {}
    if options.heartbeat_timeout_ms is not None:
        extra["heartbeat_timeout"] = options.heartbeat_timeout_ms
    queue = queue_for(settings, **extra)
    health = Health(settings)
    runner = SliceRunner(
        queue,
        settings.slice_seconds,
        store_url=catalog_url,
        time_scale=options.time_scale,
        budgets=shared_budgets(settings),
        observers=[health.record_in],
    )
    declare_actor(queue, runner, catalog_url=catalog_url)
    worker = dramatiq.Worker(queue.broker, worker_threads=options.concurrency)
    worker.queue_prefetch = options.concurrency  # a busy worker must not hoard waiting slices
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    worker.start()
    logger.info("worker started with %d threads", options.concurrency)
    try:
        stop.wait()
    finally:
        worker.stop()
        queue.broker.close()
