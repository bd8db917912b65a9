"""How a simulated Teamwork.com site is set up: defaults, readings of what the reference leaves
UNCONFIRMED, and ``SimConfig``.

The flags describe the connection form as the customer fills it in (site name, API key, OAuth
client); a scenario changes the *site* so that one of those entries is wrong, never the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from ticketlake.sim.asof import history_days, resolve_as_of
from ticketlake.sim.clock import VirtualClock

DEFAULT_SITE = "acme"
DEFAULT_API_KEY = "twp_SimKey7hQ2mX9vR4kP8nL3wZ6"
DEFAULT_TASKS = 3000
DEFAULT_TICKETS = 2000
DEFAULT_SEED = 1
DEFAULT_CLIENT_ID = "sim-client-4f7c2a9e"
DEFAULT_CLIENT_SECRET = "sim-client-secret-8d3b61"  # noqa: S105 - the simulator's demo secret
DEFAULT_PASSWORD = "sim-Password-1"  # noqa: S105 - the simulated user's launchpad password
PLANS = {"grow": 150, "scale": 300}
"""Projects requests a minute per account by plan (reference B5: 150 up to Grow, 300 Scale)."""
DESK_PER_MINUTE = 120
SPACES_PER_MINUTE = 150
CODE_SECONDS = 15 * 60
"""An App Login Flow ``code`` is valid 15 minutes (reference B2)."""
RECORD_CAP = 50_000
"""Records one request may reach across its pages (reference B3)."""

Sleep = Callable[[float], Awaitable[None]]
"""Waits a number of *virtual* seconds (tests inject one that moves a manual clock)."""


@dataclass(frozen=True)
class Readings:
    """How the site behaves where the reference says UNCONFIRMED (docs/simulator-teamwork.md)."""

    projects_headers: Literal["x-ratelimit", "x-rate-limit", "both"] = "x-ratelimit"
    """Rate-limit header spelling of Projects (B5: Teamwork's own scripts read
    ``x-ratelimit-*``; the guides say ``X-Rate-Limit-*``). Desk and Spaces use the latter."""
    wrong_region: Literal["401", "redirect"] = "401"
    """A site asked for on the other region's host: 401 like a nonexistent site, or a 302 to
    the right host."""
    desk_disabled_status: int = 403
    """Status of Desk calls on a site without Desk."""
    spaces_reduced_limit: int = 30
    """Spaces' limit a minute once paged data was synced without ``updatedAfterDate`` (D)."""


@dataclass
class SimConfig:
    """Everything that decides what a simulated Teamwork.com site holds and how it behaves.

    The data is a pure function of ``seed``, ``tasks``, ``tickets``, ``as_of`` and
    ``history_days``; ``clock`` and ``sleep`` replace real time (tests inject them).
    """

    site: str = DEFAULT_SITE
    api_key: str = DEFAULT_API_KEY
    tasks: int = DEFAULT_TASKS
    tickets: int = DEFAULT_TICKETS
    seed: int = DEFAULT_SEED
    as_of: dt.datetime | None = None
    """The data's "now" (UTC); default today 00:00 UTC. Nothing in the base data is later."""
    time_scale: float = 1.0
    scenario: str = "healthy"
    oauth_client_id: str = DEFAULT_CLIENT_ID
    oauth_client_secret: str = DEFAULT_CLIENT_SECRET
    plan: str = "grow"
    """``grow`` (Projects 150 requests a minute) or ``scale`` (300)."""
    call_seconds: float = 0.0
    """Virtual seconds each call takes (ours; 0 answers at once)."""
    clock: VirtualClock | None = None
    sleep: Sleep | None = None
    history_days: int | None = None
    readings: Readings = field(default_factory=Readings)

    def resolved_as_of(self) -> dt.datetime:
        """``as_of`` as an aware UTC datetime (today 00:00 UTC when unset)."""
        return resolve_as_of(self.as_of)

    def resolved_history_days(self) -> int:
        """The span of history in days (grows with the larger of tasks and tickets)."""
        return history_days(max(self.tasks, self.tickets), self.history_days)

    @property
    def projects_per_minute(self) -> int:
        """The account's Projects limit a minute."""
        if self.plan not in PLANS:
            raise ValueError(f"unknown plan {self.plan!r}; one of {', '.join(PLANS)}")
        return PLANS[self.plan]
