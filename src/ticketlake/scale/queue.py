"""The queue as ticketlake sees it: enqueue a sync slice, and nothing more.

Everything else a worker needs (one sync per connection, resuming where the last slice
stopped) is ours: the catalog's lease (:mod:`ticketlake.catalog.lease`) and the cursors every
stream commits with its batch. So another engine replaces Dramatiq by implementing
``SyncQueue`` and calling :func:`ticketlake.scale.slice.run_slice` from its task.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal, Protocol

Reason = Literal["requested", "scheduled", "continued"]
Enqueued = Literal["queued", "coalesced"]


@dataclass(frozen=True)
class SliceRequest:
    """One bounded slice of a connection's sync."""

    connection: str
    reason: Reason = "requested"
    full: bool = False
    """A full sync (ignores cursors); only the first slice of one is full, the rest resume."""

    def to_json(self) -> dict[str, Any]:
        """The message body."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SliceRequest:
        """The request a message body carries."""
        return cls(str(data["connection"]), data.get("reason", "requested"), bool(data["full"]))


class SyncQueue(Protocol):
    """Where sync slices wait for a worker."""

    def enqueue(self, request: SliceRequest) -> Enqueued:
        """Queue a slice; ``coalesced`` when one for the connection already waits."""
        ...

    def waiting(self, connection: str) -> bool:
        """Whether a slice of ``connection`` waits in the queue."""
        ...
