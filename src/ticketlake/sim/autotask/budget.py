"""The tenant's budget (reference A8): 10,000 requests per rolling 60 minutes for the whole
database, shared with every other integration; latency added as usage rises; the API
suspended for everyone past the threshold (and the administrators e-mailed); 3 concurrent
threads per tracking identifier and endpoint.

Other integrations are a steady load: at ``other_rph`` requests an hour, the last 60 minutes
always hold ``other_rph`` of their requests (our reading; change it with ``set_other_rph``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ticketlake.sim.autotask.config import THREADS, THRESHOLD, TIMEFRAME_MINUTES, Readings
from ticketlake.sim.autotask.wire import ApiError
from ticketlake.sim.windows import RollingWindow

THREAD_MESSAGE = ("Thread Threshold Exceeded — The Autotask API thread threshold of 3 threads "
                  "has been exceeded.")  # fmt: skip
SUSPENDED_MESSAGE = ("API access for this database is suspended: it exceeded the threshold of "
                     "10000 requests in 60 minutes.")  # fmt: skip


@dataclass(frozen=True)
class SuspensionEmail:
    """The e-mail Autotask sends the tenant's administrators when it suspends the API."""

    at: float
    until: float
    requests: int
    """Requests in the last 60 minutes when the threshold was passed (all integrations)."""
    ours: int
    """Of which by the integrations this simulator serves (not the background load)."""
    recipients: tuple[str, ...]
    subject: str = "Autotask API request threshold exceeded: API access suspended"


class Budget:
    """Counts the tenant's requests and decides which are refused or slowed."""

    def __init__(self, readings: Readings, other_rph: int, admins: tuple[str, ...]) -> None:
        self.readings = readings
        self.other_rph = other_rph
        self.window = RollingWindow(TIMEFRAME_MINUTES * 60)
        self.suspended_until = 0.0
        self.emails: list[SuspensionEmail] = []
        self.threads: dict[tuple[str, str], int] = {}
        self._admins = admins

    def usage(self, now: float) -> int:
        """Requests in the last 60 minutes, every integration's."""
        return self.window.count(now) + self.other_rph

    def admit(self, now: float) -> None:
        """Count one call at ``now``; refuse it when the API is (or now becomes) suspended."""
        if now < self.suspended_until:
            raise ApiError(self.readings.threshold_status, SUSPENDED_MESSAGE)
        self.window.add(now)
        used = self.usage(now)
        if used > THRESHOLD:
            self.suspended_until = now + self.readings.suspension_minutes * 60
            self.emails.append(SuspensionEmail(now, self.suspended_until, used,
                                               self.window.count(now), self._admins))  # fmt: skip
            raise ApiError(self.readings.threshold_status, SUSPENDED_MESSAGE)

    def latency(self, now: float) -> float:
        """Seconds added to a call at the current usage (the highest tier reached)."""
        share = self.usage(now) / THRESHOLD
        return max((s for at, s in self.readings.latency_tiers if share >= at), default=0.0)

    @contextmanager
    def thread(self, code: str, endpoint: str) -> Iterator[None]:
        """Hold one of the 3 threads of (tracking identifier, endpoint) while a call runs."""
        key = (code, endpoint.lower())
        if self.threads.get(key, 0) >= THREADS:
            raise ApiError(self.readings.thread_status, THREAD_MESSAGE)
        self.threads[key] = self.threads.get(key, 0) + 1
        try:
            yield
        finally:
            self.threads[key] -= 1
