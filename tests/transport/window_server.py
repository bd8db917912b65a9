"""A rate-limited server for the transport tests, as TDX describes its limits.

Per method and route, a fixed window anchored at the first call; every answer carries
``X-RateLimit-Limit/Remaining/Reset`` (RFC 1123, truncated to the second) and a ``Date``; over
the limit it answers 429. Its clock is the test's fake clock plus ``skew`` seconds. A plain
ASGI app: ``httpx.ASGITransport`` runs it in the caller's task, so no real I/O happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ticketlake.transport import FakeClock
from ticketlake.transport.quota import format_http_date

_NUMBER = re.compile(r"/\d+(?=/|$)")


@dataclass
class WindowServer:
    """``limits`` maps ``"GET /api/{n}/tickets/{n}"`` to (calls, period seconds)."""

    clock: FakeClock
    limits: dict[str, tuple[int, float]]
    skew: float = 0.0
    latency: float = 0.5
    windows: dict[str, tuple[float, int]] = field(default_factory=dict)
    log: list[tuple[str, int]] = field(default_factory=list)

    def statuses(self, route: str) -> list[int]:
        """The statuses answered on ``route``, in order."""
        return [status for r, status in self.log if r == route]

    def _answer(self, route: str) -> tuple[int, list[tuple[bytes, bytes]]]:
        now = self.clock.now() + self.skew
        headers = [(b"date", format_http_date(now).encode())]
        if route not in self.limits:
            return 200, headers
        calls, period = self.limits[route]
        end, count = self.windows.get(route, (0.0, 0))
        if now >= end:
            end, count = now + period, 0
        count += 1
        self.windows[route] = (end, count)
        headers += [
            (b"x-ratelimit-limit", str(calls).encode()),
            (b"x-ratelimit-remaining", str(max(0, calls - count)).encode()),
            (b"x-ratelimit-reset", format_http_date(end).encode()),
        ]
        return (200 if count <= calls else 429), headers

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        while (await receive()).get("more_body"):
            pass
        route = f"{scope['method']} {_NUMBER.sub('/{n}', scope['path'])}"
        status, headers = self._answer(route)
        self.log.append((route, status))
        await self.clock.sleep(self.latency)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"{}"})
