"""A plain Autotask REST client for the benchmark, written from the reference alone (httpx, no
ticketlake code): what another integration sends a tenant.

It discovers the zone (``V1.0/zoneInformation?user=``), sends the three auth headers, POSTs a
query and then each ``nextPageUrl`` with the same body (reference A4), one call at a time as
django-autotask's ``requests`` does, and counts its calls per entity and the virtual seconds
they took (real seconds times the simulator's time scale)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx

Filters = list[dict[str, Any]]
EVERY = [{"op": "gte", "field": "id", "value": 0}]
"""Every record (Autotask wants a filter; company 0 is the MSP itself)."""


class PlainClient:
    """Sequential calls to one tenant's zone, counted per entity."""

    def __init__(self, discovery: str, user: str, secret: str, code: str, scale: float) -> None:
        self.http = httpx.Client(timeout=120.0)
        found = self.http.get(f"{discovery}/V1.0/zoneInformation", params={"user": user})
        found.raise_for_status()
        self.zone = str(found.json()["url"])
        self.headers = {"ApiIntegrationCode": code, "UserName": user, "Secret": secret,
                        "Content-Type": "application/json"}  # fmt: skip
        self.scale = scale
        self.calls: Counter[str] = Counter()
        self.refused = 0
        self.seconds = 0.0

    def send(self, entity: str, method: str, url: str, body: Any = None) -> Any:
        """One call; its answer as JSON (an error answer raises, counted as refused)."""
        started = time.monotonic()
        answer = self.http.request(method, url, headers=self.headers, json=body)
        self.seconds += (time.monotonic() - started) * self.scale
        self.calls[entity] += 1
        if answer.status_code >= 400:
            self.refused += 1
            answer.raise_for_status()
        return answer.json()

    def get(self, entity: str, path: str) -> Any:
        """``GET V1.0/{path}``."""
        return self.send(entity, "GET", f"{self.zone}V1.0/{path}")

    def query(self, entity: str, filters: Filters) -> Iterator[list[dict[str, Any]]]:
        """Every page of a query: the first POSTed, then each ``nextPageUrl`` POSTed with the
        same body."""
        body = {"MaxRecords": 500, "filter": filters}
        page = self.send(entity, "POST", f"{self.zone}V1.0/{entity}/query", body)
        yield page["items"]
        while page["pageDetails"]["nextPageUrl"]:
            page = self.send(entity, "POST", page["pageDetails"]["nextPageUrl"], body)
            yield page["items"]

    def read(self, entity: str, filters: Filters) -> int:
        """Records a query holds, every page read."""
        return sum(len(items) for items in self.query(entity, filters))

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()
