"""When TDX tickets arrive (``ticketlake.sim.arrivals``), and their IDs: increasing with
creation time, with gaps (IDs are shared TDX-wide)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from ticketlake.sim.arrivals import ArrivalCurve
from ticketlake.sim.teamdynamix import rand
from ticketlake.sim.teamdynamix.wire import sql_datetime

TICKET_ID_BASE = 118_400
ID_STRIDE = 3


class Arrivals(ArrivalCurve):
    """The creation time and ID of every ticket of a tenant."""

    def __init__(self, seed: int, count: int, as_of_ms: int, days: int, tz: ZoneInfo) -> None:
        super().__init__(seed, count, as_of_ms, days, tz, kind=rand.TICKET)

    def created_ms(self, i: int) -> int:
        """When ticket ``i`` (0-based) was created, in ms."""
        return sql_datetime(self.moment_ms(i))

    def ticket_id(self, i: int) -> int:
        """The ID of ticket ``i``: increasing, with gaps (IDs are shared TDX-wide)."""
        return TICKET_ID_BASE + i * ID_STRIDE + rand.key(self.seed, 11, i) % ID_STRIDE

    def index_of(self, ticket_id: int) -> int | None:
        """The index of the ticket with this ID, or ``None`` when no such ticket exists."""
        i = (ticket_id - TICKET_ID_BASE) // ID_STRIDE
        if 0 <= i < self.count and self.ticket_id(i) == ticket_id:
            return i
        return None
