"""The tenant's usage as the simulated tenant itself reports it, read while a sync runs.

``ThresholdInformation`` answers how many requests the tenant received in the last 60 minutes,
every integration's: the other integrations' steady load (``others``), ours, and this watch's
own readings (each counts itself). Sampled every ``every`` virtual seconds from a thread of its
own (one call at a time: with the sync's own reading, two of the endpoint's 3 threads), it
gives the peak of our hourly usage to within the calls of one interval. The suspension
e-mails come from the simulator's control surface (``GET /_simulator/emails``)."""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import Any

import httpx

from bench._atclient import PlainClient

HOUR = 3600.0


class UsageWatch:
    """Samples the tenant's usage in the background; ``peak`` is ours at its highest."""

    def __init__(self, client: PlainClient, others: int, every: float) -> None:
        self.client = client
        self.others = others
        self.every = every
        self.readings: list[tuple[float, int, int]] = []
        """(virtual seconds since the start, the tenant's count, of which ours)."""
        self._polls: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start = time.monotonic()

    def _now(self) -> float:
        return (time.monotonic() - self._start) * self.client.scale

    def sample(self) -> None:
        """One reading: the tenant's count, less the others' and this watch's own calls."""
        at = self._now()
        self._polls.append(at)
        count = int(self.client.get("ThresholdInformation", "ThresholdInformation")[
            "currentTimeframeRequestCount"])  # fmt: skip
        own = sum(1 for t in self._polls if t > at - HOUR)
        self.readings.append((at, count, count - self.others - own))

    def _run(self) -> None:
        while not self._stop.wait(self.every / self.client.scale):
            self.sample()

    def __enter__(self) -> UsageWatch:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()  # the end: a run shorter than the hour peaks here

    def figures(self) -> dict[str, Any]:
        """The peak of ours and of the tenant's, and how often the watch read them."""
        return {
            "peak_ours_in_any_hour": max((r[2] for r in self.readings), default=None),
            "peak_tenant_in_any_hour": max((r[1] for r in self.readings), default=None),
            "readings": len(self.readings),
            "every_virtual_seconds": self.every,
        }


def suspensions(root: str) -> list[dict[str, Any]]:
    """The suspension e-mails the tenant's administrators received."""
    found: list[dict[str, Any]] = httpx.get(f"{root}/_simulator/emails", timeout=30.0).json()
    return found
