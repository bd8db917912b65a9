"""How a simulated TeamDynamix tenant is set up: the defaults and ``SimConfig``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ticketlake.sim.asof import history_days, resolve_as_of
from ticketlake.sim.clock import VirtualClock

DEFAULT_USERNAME = "ticketlake-svc"
DEFAULT_PASSWORD = "sim-password-1"  # noqa: S105 - the simulator's documented demo credential
DEFAULT_BEID = "8d4fc0e4-1b5e-4a3e-9d8c-2f1a6b7c9e01"
DEFAULT_WEB_SERVICES_KEY = "5c0a1f7e-3b2d-4c6e-8f9a-0e1d2c3b4a50"
DEFAULT_APP_ID = 627
DEFAULT_TICKETS = 3000
DEFAULT_SEED = 1
DEFAULT_TIME_ZONE = "America/New_York"
TICKET_REPORT_ID = 1
"""The Report Builder report whose rows carry every ticket's custom attributes."""
SURVEY_REPORT_ID = 3
"""The Report Builder report over ticket satisfaction survey responses."""

Scope = Literal["ip", "user", "org"]
FeedBounds = Literal["ours", "exclusive", "doc"]
FEED_BOUNDS: tuple[FeedBounds, ...] = ("ours", "exclusive", "doc")


@dataclass(frozen=True)
class RateLimit:
    """``calls`` per ``seconds`` (a fixed window anchored at the first call), per ``scope``."""

    calls: int
    seconds: float
    scope: Scope = "ip"


@dataclass(frozen=True)
class Readings:
    """How the tenant behaves where the reference says UNCONFIRMED.

    Each choice is a reading the reference leaves open, so a client can be tested against every
    one of them; the defaults are the readings documented in this package's docstring.
    """

    feed_bounds: FeedBounds = "ours"
    """Application-wide feed bounds (reference §3.3). ``ours``: DateFrom is the earliest bound
    (exclusive), DateTo the latest (inclusive). ``exclusive``: the same, DateTo exclusive too
    (the docs call both "non-inclusive"). ``doc``: the docs' words taken literally: DateFrom is
    "the maximum (latest)" date, DateTo "the minimum (earliest)", both exclusive; the next
    page is asked with DateFrom = NextDateTo."""
    search_cap: int | None = None
    """A server-side cap on ticket and time search results, MaxResults 0 ("all") included
    (reference §3.1: "the upper bound the server honours is UNCONFIRMED"). None: no cap."""


@dataclass
class SimConfig:
    """Everything that decides what a simulated tenant holds and how it behaves.

    The tenant's data is a pure function of ``seed``, ``tickets``, ``as_of``, ``time_zone`` and
    ``history_days``; ``scenario`` sets up the integration account's state; ``limits`` overrides
    rate limits by key (``"POST api/{appId}/tickets/search"``); ``clock`` replaces the scaled
    real-time clock (tests inject a manual one).
    """

    tickets: int = DEFAULT_TICKETS
    seed: int = DEFAULT_SEED
    time_scale: float = 1.0
    scenario: str = "healthy"
    username: str = DEFAULT_USERNAME
    password: str = DEFAULT_PASSWORD
    beid: str = DEFAULT_BEID
    web_services_key: str = DEFAULT_WEB_SERVICES_KEY
    app_id: int = DEFAULT_APP_ID
    as_of: dt.datetime | None = None
    """The data's "now" (UTC); default today 00:00 UTC. Nothing in the base data is later."""
    limits: Mapping[str, RateLimit] = field(default_factory=dict)
    clock: VirtualClock | None = None
    time_zone: str = DEFAULT_TIME_ZONE
    """The tenant's time zone: zone-less time-entry dates are wall-clock times here."""
    history_days: int | None = None
    """How far back tickets go; default grows with ``tickets`` (60 days to 3 years)."""
    readings: Readings = field(default_factory=Readings)
    """The reading of each UNCONFIRMED behaviour the tenant plays."""

    def resolved_as_of(self) -> dt.datetime:
        """``as_of`` as an aware UTC datetime (today 00:00 UTC when unset)."""
        return resolve_as_of(self.as_of)

    def resolved_history_days(self) -> int:
        """The span of ticket history in days."""
        return history_days(self.tickets, self.history_days)
