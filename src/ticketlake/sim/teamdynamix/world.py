"""The fixed frame of a tenant: config, time zone, people, applications, arrival curve."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ticketlake.sim.teamdynamix.arrivals import Arrivals
from ticketlake.sim.teamdynamix.config import SimConfig
from ticketlake.sim.teamdynamix.directory import Directory
from ticketlake.sim.teamdynamix.lifecycle import Extras, Life, build_life
from ticketlake.sim.teamdynamix.people import Person
from ticketlake.sim.teamdynamix.profile import Profile, make_profile
from ticketlake.sim.teamdynamix.rolebook import RoleBook
from ticketlake.sim.teamdynamix.roles import AppLayout
from ticketlake.sim.teamdynamix.scenarios import Setup

ROLES_AGE_MS = 400 * 86_400_000
"""How long before ``as_of`` the seeded roles were created."""


@dataclass
class World:
    """What every generator and renderer needs to know about the tenant."""

    config: SimConfig
    setup: Setup
    tz: ZoneInfo
    as_of_ms: int
    directory: Directory
    arrivals: Arrivals
    apps: AppLayout
    roles: RoleBook = field(init=False)
    """The organization's security roles (they change through the SecurityRoles section)."""

    def __post_init__(self) -> None:
        self.roles = RoleBook(self.apps, self.as_of_ms - ROLES_AGE_MS)

    @property
    def seed(self) -> int:
        """The data seed."""
        return self.config.seed

    @property
    def app_id(self) -> int:
        """The ID of the tenant's IT ticketing application."""
        return self.apps.tickets.id

    def person(self, idx: int) -> Person | None:
        """The person at a directory index (``None`` for -1)."""
        return None if idx < 0 else self.directory.people[idx]

    def profile(self, i: int) -> Profile:
        """The static facts of ticket ``i``."""
        a = self.arrivals
        return make_profile(self.seed, i, a.ticket_id(i), a.created_ms(i), self.directory)

    def life(self, i: int, extras: Extras | None = None) -> Life:
        """Ticket ``i`` as it stands (planned history up to ``as_of`` plus ``extras``)."""
        return build_life(self.profile(i), self.directory, self.as_of_ms, extras, self.tz)
