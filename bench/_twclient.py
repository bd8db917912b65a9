"""A plain Teamwork.com client for the benchmark, written from the reference alone (httpx, no
ticketlake code): what another integration sends a site.

One call at a time, as the peers' ``requests`` sessions do, against one simulated site on
127.0.0.1. It counts calls per stream and per API (Projects, Desk: each its own account budget,
reference B5, C), the 429s it met, and the virtual seconds the calls took (real seconds times
the simulator's time scale). A 429 is waited out with exponential backoff (2, 4, 8 … virtual
seconds, as Airbyte's ``ExponentialBackoffStrategy`` with factor 2) and asked again."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import httpx

LIMITS = {"projects": 150, "desk": 120}
"""Each API's account budget a minute (reference B5, C)."""


def api_of(path: str) -> str:
    """The budget a path draws on."""
    return "desk" if path.startswith("desk/") else "projects"


class PlainClient:
    """Sequential GETs to one site, counted per stream and per API."""

    def __init__(self, site: str, api_key: str, scale: float) -> None:
        self.site = site.rstrip("/")
        self.http = httpx.Client(auth=(api_key, "X"), timeout=300.0)
        self.scale = scale
        self.calls: Counter[str] = Counter()
        self.per_api: Counter[str] = Counter()
        self.throttled = 0
        self.seconds = 0.0

    def get(self, stream: str, path: str, params: dict[str, Any] | None = None) -> Any:
        """``GET {site}/{path}``; its answer as JSON (404 and 403 answer ``None``)."""
        wait = 2.0
        while True:
            started = time.monotonic()
            answer = self.http.get(f"{self.site}/{path}", params=params)
            self.calls[stream] += 1
            self.per_api[api_of(path)] += 1
            if answer.status_code != 429:
                self.seconds += (time.monotonic() - started) * self.scale
                break
            self.throttled += 1
            time.sleep(wait / self.scale)
            self.seconds += (time.monotonic() - started) * self.scale
            wait = min(wait * 2, 60.0)
        if answer.status_code in (403, 404):
            return None
        answer.raise_for_status()
        return answer.json()

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()
