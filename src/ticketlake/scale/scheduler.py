"""``ticketlake scheduler``: enqueue the syncs that are due, one scheduler at a time.

Dramatiq has no scheduler of its own. APScheduler and periodiq keep their schedules in their own
job stores (or in code) and would need a second lock of their own to run once; the schedules
here are rows of the catalog with their health beside them (:mod:`.schedules`), so a small loop
over that table is the whole scheduler: every ``tick`` seconds, enqueue each due connection
(a waiting one coalesces) and move its next due time on. Cron expressions are parsed by
croniter. One instance holds a Redis lock (redis-py's ``Lock``, expiring ``ttl`` seconds after
its holder stops renewing it); another started beside it waits for the lock, then takes over.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis

from ticketlake.catalog import Catalog
from ticketlake.scale.queue import Enqueued, SliceRequest, SyncQueue
from ticketlake.scale.requests import Requests
from ticketlake.scale.schedules import Schedules
from ticketlake.scale.status import collect

LOCK = "ticketlake:scheduler"
STRANDED_AFTER = 30.0
"""Seconds a sync may rest ``continued`` (or a request unserved) with nothing of it waiting or
running before the scheduler queues it again: a slice picked up has its mark cleared a moment
before it takes the lease, and is not to be queued twice for that moment."""
logger = logging.getLogger("ticketlake.scale")


def tick(catalog: Catalog, queue: SyncQueue, now: float) -> dict[str, Enqueued]:
    """Enqueue every connection due at ``now`` and set its next due time; and whatever a Redis
    restarted empty lost (:func:`lost`)."""
    schedules = Schedules(catalog)
    sent: dict[str, Enqueued] = {}
    for row in schedules.due(now):
        sent[row.connection] = queue.enqueue(SliceRequest(row.connection, "scheduled"))
        schedules.postpone(row.connection, row.after(now))
    for request in lost(catalog, queue, now):
        sent.setdefault(request.connection, queue.enqueue(request))
    return sent


def lost(catalog: Catalog, queue: SyncQueue, now: float) -> list[SliceRequest]:
    """Slices the catalog says are wanted and of which nothing waits or runs (lost with a Redis
    restarted empty, or never queued while Redis was unreachable), ``STRANDED_AFTER`` seconds
    on: the rest of every sync whose last slice ended ``continued``, and every request
    recorded and not served (:mod:`.requests`)."""
    before = now - STRANDED_AFTER
    states = {s.connection: s for s in collect(catalog, None)}
    found = [
        SliceRequest(s.connection, "continued")
        for s in states.values()
        if s.state == "continued" and (s.last_at or 0.0) <= before
    ]
    for r in Requests(catalog).made_before(before):
        state = states.get(r.connection)
        if state is None or state.state != "running":
            found.append(SliceRequest(r.connection, "requested", r.full))
    return [request for request in found if not queue.waiting(request.connection)]


def pause(stop: threading.Event, seconds: float, step: float = 0.25) -> None:
    """Wait ``seconds`` or until ``stop`` is set, by short relative sleeps: a timed
    ``Event.wait`` waits until an absolute time, which a faked or stepped clock (libfaketime)
    can put years away, and the scheduler then never ticked again."""
    end = time.monotonic() + seconds
    while not stop.is_set():
        left = end - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(step, left))


@dataclass
class Scheduler:
    """The loop, under the lock."""

    client: redis.Redis
    queue: SyncQueue
    open_catalog: Callable[[], Catalog]
    every: float = 5.0
    ttl: float = 30.0

    def run(self, stop: threading.Event) -> None:
        """Wait for the lock, then tick until ``stop`` (or the lock is lost: wait again)."""
        while not stop.is_set():
            lock = self.client.lock(LOCK, timeout=self.ttl)
            try:
                if not lock.acquire(blocking=True, blocking_timeout=self.every):
                    continue
                logger.info("scheduler holds the lock")
                self._hold(lock, stop)
            except redis.RedisError as exc:  # Redis restarting: wait, then take the lock again
                logger.warning("scheduler: Redis is unreachable (%s); waiting", exc)
                pause(stop, self.every)
            finally:
                with contextlib.suppress(redis.RedisError):
                    lock.release()

    def _hold(self, lock: redis.lock.Lock, stop: threading.Event) -> None:
        with self.open_catalog() as catalog:
            while not stop.is_set():
                for name, result in tick(catalog, self.queue, time.time()).items():
                    logger.info("%s: %s", name, result)
                if not lock.reacquire():
                    logger.warning("scheduler lost its lock; waiting for it again")
                    return
                pause(stop, self.every)
