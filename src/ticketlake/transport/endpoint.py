"""An endpoint a connector may call: its method, path template and documented rate limit.

A connector's tuple of ``Endpoint`` is both its read-only allow-list (the transport refuses any
other call before it reaches the network) and its table of documented limits (the starting
budgets, later corrected by the server's ``X-RateLimit-*`` headers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Limit:
    """``calls`` per ``period`` seconds, counted per ``scope``."""

    calls: int
    period: float
    scope: Literal["ip", "user", "org", "tenant"] = "ip"


@dataclass(frozen=True)
class Endpoint:
    """One allowed (method, path template) pair, e.g. ``POST api/{appId}/tickets/search``."""

    method: str
    template: str
    limit: Limit | None = None
    confirmed: bool = True
    """False when the limit is our best reading of an UNCONFIRMED source."""
    timeout: float | None = None
    """Seconds to wait for this endpoint's answer, when longer than the transport's default
    (a report runs a query the server allows 90 s)."""

    @property
    def key(self) -> str:
        """The budget key: one budget per method and template."""
        return f"{self.method} {self.template}"
