"""Accounting per endpoint: what the sync summary and the progress bars read.

Plain counters updated in place by the transport; reading them costs nothing and needs no lock
(one event loop writes them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import asdict, dataclass

CALLER: ContextVar[str | None] = ContextVar("ticketlake_caller", default=None)
"""Who is calling (a sync stream's name), counted apart in ``Stats.by_caller``. Set it in the
task that calls; the tasks it starts inherit it."""


@dataclass(slots=True)
class EndpointStats:
    """Counters of one endpoint key (``"POST api/{appId}/tickets/search"``).

    ``calls``: requests sent (retries included); ``throttled``: 429 answers; ``retries``:
    requests re-sent after a 429, a 401 refresh, a 5xx, a timeout or a dropped connection;
    ``wait_seconds``: virtual seconds spent waiting for the budget; ``backoff_seconds``:
    virtual seconds spent in retry backoff; ``errors``: calls that ended in an exception;
    ``answer_seconds``: virtual seconds between sending calls and their answers, summed over
    the ``answered`` calls (a call in flight has no answer time yet).
    """

    calls: int = 0
    throttled: int = 0
    retries: int = 0
    wait_seconds: float = 0.0
    backoff_seconds: float = 0.0
    errors: int = 0
    answer_seconds: float = 0.0
    answered: int = 0
    first_sent: float | None = None
    """Client time the first call went out (None before any); not in ``as_dict``."""
    fastest: float | None = None
    """The shortest answer time of a call (None before any); not in ``as_dict``."""

    @property
    def latency(self) -> float | None:
        """Mean seconds a call took to be answered (None before any answer)."""
        return self.answer_seconds / self.answered if self.answered else None

    def as_dict(self) -> dict[str, float]:
        """The counters as a plain dict (for ``--json`` summaries)."""
        found = asdict(self)
        del found["first_sent"], found["fastest"]
        return found


class Stats(Mapping[str, EndpointStats]):
    """Live counters per endpoint key; every declared endpoint is present from the start."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self._by_key: dict[str, EndpointStats] = {key: EndpointStats() for key in keys}
        self.by_caller: dict[str, EndpointStats] = {}
        """The same counters per ``CALLER`` (calls made without one are not in it)."""

    def of_caller(self) -> EndpointStats | None:
        """The counters of the current ``CALLER``, created on first use (None: no caller)."""
        caller = CALLER.get()
        if caller is None:
            return None
        stats = self.by_caller.get(caller)
        if stats is None:
            stats = self.by_caller[caller] = EndpointStats()
        return stats

    def __getitem__(self, key: str) -> EndpointStats:
        return self._by_key[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def of(self, key: str) -> EndpointStats:
        """The counters of ``key``, created on first use."""
        stats = self._by_key.get(key)
        if stats is None:
            stats = self._by_key[key] = EndpointStats()
        return stats

    def total(self) -> EndpointStats:
        """All endpoints summed."""
        total = EndpointStats()
        for s in self._by_key.values():
            total.calls += s.calls
            total.throttled += s.throttled
            total.retries += s.retries
            total.wait_seconds += s.wait_seconds
            total.backoff_seconds += s.backoff_seconds
            total.errors += s.errors
            total.answer_seconds += s.answer_seconds
            total.answered += s.answered
        return total

    def snapshot(self) -> dict[str, dict[str, float]]:
        """A copy of every counter, keyed by endpoint."""
        return {key: s.as_dict() for key, s in self._by_key.items()}
