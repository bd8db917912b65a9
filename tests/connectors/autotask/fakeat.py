"""A small scripted Autotask for unit tests through ``httpx.MockTransport``.

It answers zone information on the discovery root, ThresholdInformation, and queries of a few
entities paged by ``nextPageUrl`` (``page_size`` records a page, whatever MaxRecords says);
``refuse`` queues answers for the next calls that match a path fragment. Every request is
kept in ``requests`` with its headers and body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson

from ticketlake.connectors.autotask.settings import AutotaskSettings
from ticketlake.connectors.autotask.transport import autotask_transport
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.secret import Secret
from ticketlake.transport import FakeClock, Transport
from ticketlake.transport.quota import format_http_date

HOST = "http://at.test"
DISCOVERY = f"{HOST}/ATServicesRest"
USER = "tl7qkxw3mdc2zpa@NORTHWINDIT.COM"
SECRET = "sim-Secret-1*Zp"
CODE = "SIMTICKETLAKE7QX2M4K8P3RZ5WA"


def settings(name: str = "acme", **values: Any) -> ConnectionSettings:
    """An Autotask connection discovering its zone at the fake's host."""
    fields = {"api_username": USER, "discovery_url": DISCOVERY} | values
    secrets = {"api_secret": Secret(SECRET), "api_tracking_identifier": Secret(CODE)}
    return ConnectionSettings(name, "autotask", fields, secrets)


def transport_for(tenant: FakeAutotask, clock: FakeClock, **values: Any) -> Transport:
    """A connection's transport talking to ``tenant`` on ``clock``."""
    return autotask_transport(
        AutotaskSettings.from_connection(settings(**values)),
        clock=clock,
        http_transport=httpx.MockTransport(tenant),
    )


@dataclass
class Seen:
    """One request as the fake received it."""

    method: str
    url: str
    headers: dict[str, str]
    body: Any
    at: float
    """When it arrived (the fake clock)."""

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


@dataclass
class FakeAutotask:
    """The scripted tenant."""

    clock: FakeClock
    zone: str = "webservices5"
    page_size: int = 2
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    others: int = 0
    """Requests other integrations made in the current hour."""
    requests: list[Seen] = field(default_factory=list)
    queued: list[tuple[str, httpx.Response]] = field(default_factory=list)
    next_url: Callable[[str, int], str] | None = None
    """How to write a next page's URL (default: absolute, on the zone)."""
    call_seconds: float = 0.0
    in_flight: dict[str, int] = field(default_factory=dict)
    most_in_flight: dict[str, int] = field(default_factory=dict)

    @property
    def root(self) -> str:
        return f"{HOST}/{self.zone}/ATServicesRest/"

    def refuse(self, fragment: str, response: httpx.Response, times: int = 1) -> None:
        """Answer ``response`` to the next ``times`` calls whose path holds ``fragment``."""
        self.queued += [(fragment, response)] * times

    def counted(self) -> list[Seen]:
        """The calls this tenant counts against its threshold (all but zone information)."""
        return [r for r in self.requests if "zoneinformation" not in r.path.lower()]

    def ours(self) -> int:
        """How many calls the tenant counted."""
        return len(self.counted())

    def busiest_hour(self) -> int:
        """The most counted calls that arrived within any 60 minutes."""
        times = sorted(r.at for r in self.counted())
        return max((sum(1 for t in times if at - 3600 < t <= at) for at in times), default=0)

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        body = orjson.loads(request.content) if request.content else None
        seen = Seen(request.method, str(request.url), dict(request.headers), body, self.clock.now())
        self.requests.append(seen)
        entity = seen.path.split("/")[4] if seen.path.count("/") >= 4 else ""
        self.in_flight[entity] = self.in_flight.get(entity, 0) + 1
        self.most_in_flight[entity] = max(self.most_in_flight.get(entity, 0),
                                          self.in_flight[entity])  # fmt: skip
        try:
            if self.call_seconds:
                await self.clock.sleep(self.call_seconds)
            response = self._answer(seen, request)
        finally:
            self.in_flight[entity] -= 1
        response.headers["Date"] = format_http_date(self.clock.now())
        return response

    def _answer(self, seen: Seen, request: httpx.Request) -> httpx.Response:
        for k, (fragment, response) in enumerate(self.queued):
            if fragment.lower() in seen.path.lower():
                del self.queued[k]
                return response
        low = seen.path.lower()
        if low.endswith("/v1.0/zoneinformation"):
            return httpx.Response(200, json={"zoneName": "America East 2", "url": self.root,
                                             "webUrl": f"{HOST}/ww5/", "ci": 5})  # fmt: skip
        if not low.startswith(f"/{self.zone}/atservicesrest/"):
            return httpx.Response(401, json={"errors": ["wrong zone"]})
        if low.endswith("/thresholdinformation"):
            return httpx.Response(200, json={"externalRequestThreshold": 10000,
                                             "requestThresholdTimeframe": 60,
                                             "currentTimeframeRequestCount":
                                             self.others + self.ours()})  # fmt: skip
        parts = seen.path.split("/")
        entity, tail = parts[4], "/".join(parts[5:]).lower()
        if tail in ("query", "query/next") and request.method == "POST":
            after = int(parse_qs(urlsplit(seen.url).query).get("paging", ["0"])[0])
            return self._page(entity, after)
        return httpx.Response(404, json={"Message": "No HTTP resource was found"})

    def _page(self, entity: str, after: int) -> httpx.Response:
        rows = [r for r in self.records.get(entity, []) if r["id"] > after]
        page, more = rows[: self.page_size], len(rows) > self.page_size
        last = page[-1]["id"] if page else after
        url = None
        if more:
            url = (self.next_url(entity, last) if self.next_url
                   else f"{self.root}V1.0/{entity}/query/next?paging={last}")  # fmt: skip
        return httpx.Response(200, json={"items": page, "pageDetails": {
            "count": len(page), "requestCount": 500, "prevPageUrl": None,
            "nextPageUrl": url}})  # fmt: skip
