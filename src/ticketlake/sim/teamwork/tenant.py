"""The simulated Teamwork.com site: its data, its state, its budgets, and what it was asked."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ticketlake.sim.clock import VirtualClock, tenant_clock, wait_virtual
from ticketlake.sim.requestlog import RequestRecord
from ticketlake.sim.teamwork.config import SimConfig
from ticketlake.sim.teamwork.grants import Grants
from ticketlake.sim.teamwork.index import Index
from ticketlake.sim.teamwork.ratelimit import RateLimits
from ticketlake.sim.teamwork.scenarios import make_site
from ticketlake.sim.teamwork.setup import Site
from ticketlake.sim.teamwork.tasks import TaskLife
from ticketlake.sim.teamwork.tickets import TicketLife
from ticketlake.sim.teamwork.world import World

DESK_PROJECT = 0
"""The project index Desk tickets' time is logged to (ours: Desk asks for one per inbox)."""
_CACHE = 4096
L = TypeVar("L")


def _cached(store: dict[int, L], i: int, make: Callable[[int], L]) -> L:
    """``make(i)``, kept among the last few thousand made."""
    life = store.get(i)
    if life is None:
        if len(store) >= _CACHE:
            store.clear()
        life = store[i] = make(i)
    return life


@dataclass
class Tenant:
    """A Teamwork.com site: people, companies, projects, tasks, Desk tickets, spaces; the
    credentials and OAuth app a scenario set up; the per-account budgets."""

    config: SimConfig
    site: Site = field(init=False)
    world: World = field(init=False)
    index: Index = field(init=False)
    clock: VirtualClock = field(init=False)
    limits: RateLimits = field(init=False)
    grants: Grants = field(init=False)
    requests: list[RequestRecord] = field(default_factory=list)
    changed_tasks: dict[int, TaskLife] = field(default_factory=dict)
    changed_tickets: dict[int, TicketLife] = field(default_factory=dict)
    data_now_ms: int = 0
    startup_seconds: float = 0.0
    _tasks: dict[int, TaskLife] = field(default_factory=dict)
    _tickets: dict[int, TicketLife] = field(default_factory=dict)

    def __post_init__(self) -> None:
        started = time.monotonic()
        cfg = self.config
        self.site = make_site(cfg)
        as_of_ms = int(cfg.resolved_as_of().timestamp() * 1000)
        self.world = World(cfg, self.site, as_of_ms)
        self.data_now_ms = as_of_ms
        self.index = Index()
        for i in range(cfg.tasks):
            self.index.add_task(self.world.task(i))
        for j in range(cfg.tickets):
            life = self.world.ticket(j)
            self.index.add_ticket(life, life.company, DESK_PROJECT)
        self.clock = cfg.clock or tenant_clock(cfg.time_scale, as_of_ms / 1000)
        self.limits = RateLimits(cfg)
        self.grants = Grants(self.site.app)
        self.startup_seconds = time.monotonic() - started

    def now(self) -> float:
        """The site's virtual time (epoch seconds)."""
        return self.clock.now()

    async def wait(self, seconds: float) -> None:
        """Let ``seconds`` of virtual time pass."""
        await wait_virtual(self.clock, self.config.sleep, seconds)

    def task(self, i: int) -> TaskLife:
        """Task ``i`` as it stands now (recent ones cached)."""
        return self.changed_tasks.get(i) or _cached(self._tasks, i, self.world.task)

    def ticket(self, j: int) -> TicketLife:
        """Desk ticket ``j`` as it stands now (recent ones cached)."""
        return self.changed_tickets.get(j) or _cached(self._tickets, j, self.world.ticket)

    # ----------------------------------------------------------------- truth
    def iter_truth(self, name: str) -> Iterator[dict[str, Any]]:
        """Every record of one kind the site holds (see ``truth.NAMES``)."""
        from ticketlake.sim.teamwork.truth import iter_truth

        return iter_truth(self, name)

    def dump_truth(self, directory: str | Path) -> Path:
        """Write ``<name>.jsonl`` for every kind plus ``manifest.json``; returns the folder."""
        from ticketlake.sim.teamwork.truth import dump

        return dump(self, Path(directory))
