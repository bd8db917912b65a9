"""An endpoint a connector may call: its method, path template and documented rate limit.

A connector's tuple of ``Endpoint`` is both its read-only allow-list (the transport refuses any
other call before it reaches the network) and its table of documented limits (the starting
budgets, later corrected by the server's ``X-RateLimit-*`` headers).

Two kinds of limit exist. A *fixed* window (TeamDynamix: so many calls per endpoint and IP in a
window that opens with the first call) gives every endpoint a budget of its own. A *rolling*
limit with ``tenant`` scope (Autotask: 10,000 requests in any 60 minutes for the whole
database, every integration of the customer counted) is one budget that every endpoint
carrying it shares, of which this client takes at most ``share``. Separately, an endpoint may
cap how many of its calls are in flight at once (``parallel``), counted per ``group`` (Autotask
counts threads per object endpoint, whatever the path below it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Scope = Literal["ip", "user", "org", "tenant"]
Window = Literal["fixed", "rolling"]


@dataclass(frozen=True)
class Limit:
    """``calls`` per ``period`` seconds, counted per ``scope``, in a ``fixed`` window opened by
    the first call or over any ``rolling`` period; this client uses ``share`` of them."""

    calls: int
    period: float
    scope: Scope = "ip"
    window: Window = "fixed"
    share: float = 1.0
    """The fraction of ``calls`` this client may use: 1 for a limit of its own; less for a
    tenant's budget that other integrations draw on too."""
    pool: str = ""
    """Which of the tenant's budgets a ``tenant`` limit is, when the source keeps several
    (Teamwork.com counts each API, Projects, Desk and Spaces, per account): endpoints of one
    pool share one budget."""

    @property
    def ours(self) -> int:
        """The calls per period this client may make (``calls`` × ``share``, at least 1)."""
        return max(1, math.floor(self.calls * self.share + 1e-9))

    @property
    def tenant_key(self) -> str:
        """What a shared budget is known by within its tenant: its window and its pool."""
        return f"{self.window}:{self.pool}" if self.pool else self.window

    @property
    def shared(self) -> bool:
        """Whether every endpoint with this limit draws on one budget (a tenant's)."""
        return self.scope == "tenant"


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
    parallel: int | None = None
    """At most this many calls of ``group`` in flight at once (None: no cap)."""
    group: str | None = None
    """What the source counts concurrent calls by (default: this endpoint alone)."""

    @property
    def key(self) -> str:
        """The budget key: one budget per method and template."""
        return f"{self.method} {self.template}"

    @property
    def gate(self) -> str:
        """The key concurrent calls are counted by."""
        return self.group or self.key
