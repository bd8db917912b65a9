"""The simulated tenant: its data, its state, and what it has been asked."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ticketlake.sim.clock import VirtualClock, tenant_clock
from ticketlake.sim.requestlog import RequestRecord, WriteRecord
from ticketlake.sim.teamdynamix import rand, touch
from ticketlake.sim.teamdynamix.arrivals import Arrivals
from ticketlake.sim.teamdynamix.config import SimConfig
from ticketlake.sim.teamdynamix.directory import Directory
from ticketlake.sim.teamdynamix.index import TicketIndex
from ticketlake.sim.teamdynamix.lifecycle import Extras, Life
from ticketlake.sim.teamdynamix.people import Person
from ticketlake.sim.teamdynamix.ratelimit import RateLimiter, effective_limits
from ticketlake.sim.teamdynamix.render_parts import (
    FEED_ID_BASE,
    FEED_SLOTS,
    REPLY_ID_BASE,
    REPLY_SLOTS,
    TIME_ID_BASE,
)
from ticketlake.sim.teamdynamix.roles import app_layout
from ticketlake.sim.teamdynamix.scenarios import SCENARIOS, Setup, healthy_account
from ticketlake.sim.teamdynamix.tokens import TokenIssuer
from ticketlake.sim.teamdynamix.world import World

__all__ = ["RequestRecord", "Tenant", "WriteRecord"]


@dataclass
class Tenant:
    """A TDX organization: people, tickets and their history, and the integration account."""

    config: SimConfig
    world: World = field(init=False)
    index: TicketIndex = field(init=False)
    clock: VirtualClock = field(init=False)
    limiter: RateLimiter = field(init=False)
    tokens: TokenIssuer = field(init=False)
    requests: list[RequestRecord] = field(default_factory=list)
    writes: list[WriteRecord] = field(default_factory=list)
    extras: dict[int, Extras] = field(default_factory=dict)
    data_now_ms: int = 0
    """The data's "now": ``as_of``, or the latest ``touch``."""
    startup_seconds: float = 0.0
    _next_feed_id: int = 0
    _next_time_id: int = 0
    _next_reply_id: int = 0
    _touches: int = 0

    def __post_init__(self) -> None:
        started = time.monotonic()
        cfg = self.config
        if cfg.scenario not in SCENARIOS:
            raise ValueError(f"unknown scenario {cfg.scenario!r}; see --list-scenarios")
        tz = ZoneInfo(cfg.time_zone)
        as_of_ms = int(cfg.resolved_as_of().timestamp() * 1000)
        portal_id = cfg.app_id + 1
        setup = Setup(healthy_account(cfg, cfg.app_id, portal_id), cfg.app_id, portal_id,
                      cfg.web_services_key)  # fmt: skip
        SCENARIOS[cfg.scenario].apply(setup, cfg)
        directory = Directory(cfg.seed, cfg.tickets, setup.account)
        arrivals = Arrivals(cfg.seed, cfg.tickets, as_of_ms, cfg.resolved_history_days(), tz)
        apps = app_layout(cfg.app_id, setup.ticketing_app_id)
        self.world = World(cfg, setup, tz, as_of_ms, directory, arrivals, apps)
        self.index = TicketIndex(cfg.tickets, self.world.life)
        self.clock = cfg.clock or tenant_clock(cfg.time_scale, as_of_ms / 1000)
        self.limiter = RateLimiter(self.clock, effective_limits(cfg.limits, setup.limit_factor))
        self.tokens = TokenIssuer(cfg.seed, cfg.beid)
        self.data_now_ms = as_of_ms
        self._next_feed_id = FEED_ID_BASE + (cfg.tickets + 1) * FEED_SLOTS
        self._next_time_id = TIME_ID_BASE + (cfg.tickets + 1) * 8
        self._next_reply_id = REPLY_ID_BASE + (cfg.tickets + 1) * FEED_SLOTS * REPLY_SLOTS
        self.startup_seconds = time.monotonic() - started

    # ------------------------------------------------------------------ data
    def now(self) -> float:
        """The tenant's virtual time (epoch seconds)."""
        return self.clock.now()

    @property
    def account(self) -> Person:
        """The integration account (the one the scenario set up)."""
        return self.world.setup.account

    @property
    def app_id(self) -> int:
        """The ID of the tenant's IT ticketing application."""
        return self.world.app_id

    def life(self, i: int) -> Life:
        """Ticket ``i`` (by index) as it stands now."""
        return self.world.life(i, self.extras.get(i))

    def ticket_index(self, ticket_id: int) -> int | None:
        """The index of a ticket ID, or ``None``."""
        return self.world.arrivals.index_of(ticket_id)

    def touch(self, count: int, at: float | None = None) -> list[int]:
        """Change ``count`` open-or-reopenable tickets at virtual time ``at`` (default now).

        Each gets a status change (feed entry, ModifiedDate bump), a comment, and with even odds
        a time entry. Touched tickets get distinct times 10 ms apart from ``at`` on, so a feed
        page boundary never holds more than a few entries. Returns the touched ticket IDs.
        """
        when = self.clock.now() if at is None else at
        rng = rand.stream(self.config.seed, rand.TOUCH, self._touches)
        self._touches += 1
        return touch.apply(self, rng, count, int(when * 1000))

    def reply(self, count: int, at: float | None = None) -> list[int]:
        """Reply, at virtual time ``at`` (default now), to a comment on each of ``count``
        tickets, changing nothing else: each entry's LastUpdatedDate moves to its reply, the
        ticket's ModifiedDate stays. Returns the tickets' IDs."""
        when = self.clock.now() if at is None else at
        rng = rand.stream(self.config.seed, rand.TOUCH, self._touches)
        self._touches += 1
        return touch.add_replies(self, rng, count, int(when * 1000))

    def edit_time(
        self,
        count: int,
        *,
        dated: tuple[float | None, float | None] = (None, None),
        at: float | None = None,
    ) -> list[int]:
        """Edit ``count`` time entries dated within ``dated`` (epoch seconds, either end
        open) at virtual time ``at`` (default now): 15 more minutes each, ModifiedDate moved,
        nothing else changed (not their status, not their ticket). Returns their IDs."""
        return self._change_time(count, dated, at, delete=False)

    def delete_time(
        self, count: int, *, dated: tuple[float | None, float | None] = (None, None)
    ) -> list[int]:
        """Delete ``count`` time entries dated within ``dated``; returns their IDs."""
        return self._change_time(count, dated, None, delete=True)

    def _change_time(
        self,
        count: int,
        dated: tuple[float | None, float | None],
        at: float | None,
        *,
        delete: bool,
    ) -> list[int]:
        when = self.clock.now() if at is None else at
        rng = rand.stream(self.config.seed, rand.TOUCH, self._touches)
        self._touches += 1
        bounds = tuple(None if d is None else int(d * 1000) for d in dated)
        return touch.change_time(self, rng, count, int(when * 1000), dated=(bounds[0], bounds[1]),
                                 delete=delete)  # fmt: skip

    def new_feed_id(self) -> int:
        """A fresh feed entry ID (for touched entries)."""
        self._next_feed_id += 1
        return self._next_feed_id

    def new_reply_id(self) -> int:
        """A fresh reply ID (for touched replies)."""
        self._next_reply_id += 1
        return self._next_reply_id

    def new_time_id(self) -> int:
        """A fresh time entry ID (for touched entries)."""
        self._next_time_id += 1
        return self._next_time_id

    # ----------------------------------------------------------------- truth
    def iter_truth(self, name: str) -> Iterator[dict[str, Any]]:
        """Every object of one kind the tenant holds, in TDX shapes (see ``truth.NAMES``)."""
        from ticketlake.sim.teamdynamix import truth

        return truth.iter_truth(self, name)

    def dump_truth(self, directory: str | Path) -> Path:
        """Write ``<name>.jsonl`` for every kind plus ``manifest.json``; returns the folder."""
        from ticketlake.sim.teamdynamix import truth

        return truth.dump(self, Path(directory))
