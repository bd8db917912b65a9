"""The queue on Dramatiq with Redis (``SyncQueue``), the slice actor and the worker.

Dramatiq's defaults are set here on purpose, each for a reason (docs/scale.md):

- **Retries: none** (Dramatiq's default is 20 retries with backoff up to 7 days). A failing
  sync is counted per connection and alerted on after N failures (:mod:`ticketlake.scale.health`);
  the schedule retries it with backoff. A silent week of redeliveries would hide it.
- **TimeLimit: the slice plus a grace** (default 10 minutes for any task). A slice stops itself
  at a commit boundary after ``slice_seconds``; the TimeLimit only meets a hung task.
- **AgeLimit: none**: a slice waiting behind others is still wanted.
- **Heartbeat timeout** of the Redis broker (60 s): a killed worker's unacknowledged slice is
  requeued by the others after it; the lease, not the broker, guarantees one sync at a time, and
  a slice run twice is harmless (it resumes from the committed cursors).
- Dramatiq's rate limiters are not used: the budgets are ours (``transport.shared``), corrected
  by the server's headers, which no generic limiter reads.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import (
    Callbacks,
    CurrentMessage,
    Pipelines,
    Retries,
    ShutdownNotifications,
    TimeLimit,
)

from ticketlake.catalog import open_catalog
from ticketlake.scale.marks import Marks
from ticketlake.scale.queue import Enqueued, SliceRequest
from ticketlake.scale.settings import TIME_LIMIT_GRACE, ScaleSettings
from ticketlake.scale.slice import SliceRunner

QUEUE = "ticketlake-sync"
ACTOR = "ticketlake_sync_slice"
HEARTBEAT_TIMEOUT_MS = 60_000

logger = logging.getLogger("ticketlake.scale")


def middleware(settings: ScaleSettings) -> list[dramatiq.Middleware]:
    """The middleware every ticketlake broker runs, with its limits set deliberately."""
    return [
        TimeLimit(time_limit=settings.time_limit_ms),
        ShutdownNotifications(),
        Callbacks(),
        Pipelines(),
        Retries(max_retries=0),
        CurrentMessage(),
    ]


def redis_broker(settings: ScaleSettings, **options: Any) -> RedisBroker:
    """A Redis broker at ``TICKETLAKE_REDIS_URL`` with ticketlake's middleware."""
    return RedisBroker(  # type: ignore[no-untyped-call]
        url=settings.require_redis(),
        middleware=middleware(settings),
        namespace="ticketlake",
        heartbeat_timeout=options.pop("heartbeat_timeout", HEARTBEAT_TIMEOUT_MS),
        **options,
    )


class DramatiqQueue:
    """``SyncQueue`` on a Dramatiq broker; ``marks`` coalesce a connection's waiting slices."""

    def __init__(self, broker: dramatiq.Broker, marks: Marks) -> None:
        self.broker = broker
        self.marks = marks
        broker.declare_queue(QUEUE)

    def enqueue(self, request: SliceRequest) -> Enqueued:
        """Send the slice unless one for the connection already waits."""
        if not self.marks.add(request.connection):
            return "coalesced"
        message: dramatiq.Message[str] = dramatiq.Message(
            queue_name=QUEUE,
            actor_name=ACTOR,
            args=(request.to_json(),),
            kwargs={},
            options={},
        )
        try:
            self.broker.enqueue(message)
        except BaseException:
            self.marks.discard(request.connection)
            raise
        return "queued"

    def waiting(self, connection: str) -> bool:
        """Whether a slice of ``connection`` waits."""
        return connection in self.marks


def declare_actor(
    queue: DramatiqQueue,
    runner: SliceRunner,
    *,
    catalog_url: str | None = None,
) -> dramatiq.Actor[Any, Any]:
    """Declare the slice actor on ``queue``'s broker: each message runs one slice on its own
    event loop (a worker thread) with its own catalog connection."""

    def sync_slice(body: dict[str, Any]) -> str:
        request = SliceRequest.from_json(body)
        queue.marks.discard(request.connection)  # picked up: a new request queues again
        with open_catalog(catalog_url, actor="worker") as catalog:
            outcome = asyncio.run(runner.run(catalog, request))
        logger.info("slice of %s: %s", request.connection, outcome.status)
        return outcome.status

    decorate = dramatiq.actor(
        broker=queue.broker,
        actor_name=ACTOR,
        queue_name=QUEUE,
        max_retries=0,
        time_limit=int((runner.seconds + TIME_LIMIT_GRACE) * 1000),
    )
    return decorate(sync_slice)
