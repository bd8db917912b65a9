"""ticketlake at scale: syncs as bounded slices on a task queue (Dramatiq with Redis).

``SyncQueue`` is the one seam (enqueue a slice); a slice (:mod:`.slice`) takes the catalog's
lease like any sync, runs for a bounded time and queues the rest. The embedded default
(``ticketlake sync``, one process, DuckDB) uses none of this. See docs/scale.md.
"""

from ticketlake.scale.queue import Enqueued, SliceRequest, SyncQueue
from ticketlake.scale.settings import ScaleSettings
from ticketlake.scale.slice import SliceOutcome, SliceRunner

__all__ = [
    "Enqueued",
    "ScaleSettings",
    "SliceOutcome",
    "SliceRequest",
    "SliceRunner",
    "SyncQueue",
]
