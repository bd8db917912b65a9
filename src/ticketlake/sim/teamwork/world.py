"""The fixed frame of a site: config, scenario set-up, directory, and when each task and ticket
was created (arrival curves counted back from ``as_of``)."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ticketlake.sim.arrivals import ArrivalCurve
from ticketlake.sim.teamwork.config import SimConfig
from ticketlake.sim.teamwork.directory import Directory
from ticketlake.sim.teamwork.setup import Site
from ticketlake.sim.teamwork.tasks import TASK, TASK_BASE, TaskLife, build_task
from ticketlake.sim.teamwork.tickets import TICKET, TICKET_BASE, TicketLife, build_ticket

TIME_ZONE = ZoneInfo("America/New_York")
"""Where the site's people work (times are served in UTC)."""
DAY_MS = 86_400_000


@dataclass
class World:
    """What every generator and renderer needs to know about the site."""

    config: SimConfig
    site: Site
    as_of_ms: int
    directory: Directory = field(init=False)
    task_created: array[int] = field(init=False)
    ticket_created: array[int] = field(init=False)

    def __post_init__(self) -> None:
        cfg = self.config
        days = cfg.resolved_history_days()
        start = self.as_of_ms - days * DAY_MS
        self.directory = Directory(cfg.seed, cfg.tasks, cfg.tickets, start, self.as_of_ms,
                                   self.site.name)  # fmt: skip
        self.task_created = self._arrivals(cfg.tasks, days, TASK)
        self.ticket_created = self._arrivals(cfg.tickets, days, TICKET)

    def _arrivals(self, count: int, days: int, kind: int) -> array[int]:
        if count == 0:
            return array("q")
        curve = ArrivalCurve(self.config.seed, count, self.as_of_ms, days, TIME_ZONE, kind=kind)
        return array("q", (curve.moment_ms(i) for i in range(count)))

    def task(self, i: int) -> TaskLife:
        """Task ``i`` as generated (before any change made since start-up)."""
        return build_task(self.config.seed, i, self.task_created[i], self.directory,
                          self.as_of_ms)  # fmt: skip

    def ticket(self, j: int) -> TicketLife:
        """Desk ticket ``j`` as generated."""
        return build_ticket(self.config.seed, j, self.ticket_created[j], self.directory,
                            self.as_of_ms)  # fmt: skip

    def task_index(self, task_id: int) -> int | None:
        """The index of a task ID, or None."""
        i = task_id - TASK_BASE
        return i if 0 <= i < len(self.task_created) else None

    def ticket_index(self, ticket_id: int) -> int | None:
        """The index of a ticket ID, or None."""
        j = ticket_id - TICKET_BASE
        return j if 0 <= j < len(self.ticket_created) else None
