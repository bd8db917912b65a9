"""A scripted in-process server for the transport tests (an ``httpx.MockTransport`` handler)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from ticketlake.transport import Endpoint, FakeClock, Limit
from ticketlake.transport.quota import format_http_date

BASE = "https://tenant.example/TDWebApi/"
TICKET = Endpoint("GET", "api/{appId}/tickets/{id}", Limit(60, 60))
SEARCH = Endpoint("POST", "api/{appId}/tickets/search", Limit(30, 60))
LOGIN = Endpoint("POST", "api/auth", Limit(60, 60))
ENDPOINTS = (TICKET, SEARCH, LOGIN)

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class Server:
    """A MockTransport handler answering from a script (the last answer repeats).

    Records each request and the fake time it arrived at, so tests can assert when calls
    were sent, not only how many.
    """

    clock: FakeClock
    script: list[Answer] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    times: list[float] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.times.append(self.clock.now())
        answer = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        return answer


def rate_headers(limit: int, remaining: int, reset: float, date: float) -> dict[str, str]:
    """TDX-style rate-limit headers with an RFC 1123 reset and a ``Date``."""
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": format_http_date(reset),
        "Date": format_http_date(date),
    }
