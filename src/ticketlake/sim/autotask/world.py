"""The fixed frame of a tenant: config, scenario set-up, people, companies, ticket arrivals."""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ticketlake.sim.arrivals import ArrivalCurve
from ticketlake.sim.autotask.config import SimConfig
from ticketlake.sim.autotask.directory import Directory
from ticketlake.sim.autotask.lifecycle import Extras, Life, build_life
from ticketlake.sim.autotask.profile import TICKET, Profile, make_profile
from ticketlake.sim.autotask.setup import Setup
from ticketlake.sim.autotask.wire import DAY_MS, fmt_date

TICKET_ID_BASE = 42_000
TIME_ZONE = ZoneInfo("America/Chicago")
"""Where the MSP works: technicians act in its working hours (times are served in UTC)."""


@dataclass
class World:
    """What every generator and renderer needs to know about the tenant."""

    config: SimConfig
    setup: Setup
    directory: Directory
    as_of_ms: int
    curve: ArrivalCurve = field(init=False)
    created: array[int] = field(init=False)

    def __post_init__(self) -> None:
        cfg = self.config
        self.curve = ArrivalCurve(cfg.seed, cfg.tickets, self.as_of_ms,
                                  cfg.resolved_history_days(), TIME_ZONE, kind=TICKET)  # fmt: skip
        self.created = array("q", (self.curve.moment_ms(i) for i in range(cfg.tickets)))

    @property
    def count(self) -> int:
        """Tickets generated at start-up."""
        return len(self.created)

    @staticmethod
    def ticket_id(i: int) -> int:
        """The ID of ticket ``i`` (Autotask numbers tickets in order of creation)."""
        return TICKET_ID_BASE + i

    def index_of(self, ticket_id: int) -> int | None:
        """The index of a ticket ID, or ``None``."""
        i = ticket_id - TICKET_ID_BASE
        return i if 0 <= i < self.count else None

    def number(self, i: int) -> str:
        """``T20261030.0007``: the day's date and the ticket's place among that day's."""
        day = self.created[i] // DAY_MS
        first = bisect.bisect_left(self.created, day * DAY_MS)
        return f"T{fmt_date(self.created[i])[:10].replace('-', '')}.{i - first + 1:04d}"

    def profile(self, i: int) -> Profile:
        """The static facts of ticket ``i``."""
        return make_profile(self.config.seed, i, self.ticket_id(i), self.number(i),
                            self.created[i], self.directory, self.setup.alert_creator)  # fmt: skip

    def life(self, i: int, extras: Extras | None = None) -> Life:
        """Ticket ``i`` as it stands (planned history up to ``as_of`` plus ``extras``)."""
        return build_life(self.profile(i), self.directory, self.as_of_ms, extras, TIME_ZONE)
