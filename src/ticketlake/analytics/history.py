"""Status history read per ticket: when the store holds it for only part of the tickets, say so.

A source whose status history costs a call per ticket (Autotask's TicketHistory) reads it
where the tenant's budget allows (its sync stream is ``ticket_history``; every ticket whose
history was read has its ``created`` row, origin ``history``). For the other tickets the
backlog and the reopen counts know only their creation, their completion and the status
changes seen between syncs: a reopen in between is missed. The report says so, and how much
of the tickets the history covers, instead of showing a count of reopens that looks complete.
Sources whose status history comes with the tickets (TeamDynamix's feed) have no such stream
and no such gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketlake.analytics.readings import plural
from ticketlake.analytics.scope import Scope
from ticketlake.analytics.values import count
from ticketlake.store.base import Store

STREAM = "ticket_history"
"""The sync stream of a status history read per ticket."""

COVERED = """
SELECT t.connection, COUNT(*), COUNT(h.ticket_id)
FROM tickets t
LEFT JOIN (
    SELECT DISTINCT connection, ticket_id FROM ticket_events WHERE origin = 'history'
) h ON h.connection = t.connection AND h.ticket_id = t.id
WHERE t.deleted_at IS NULL AND t.created_at IS NOT NULL AND {where}
  AND EXISTS (
      SELECT 1 FROM sync_state s WHERE s.connection = t.connection AND s.stream = '{stream}'
  )
GROUP BY t.connection
"""


@dataclass(frozen=True)
class HistoryGap:
    """Tickets of one connection whose status history the store does not hold."""

    connection: str
    tickets: int
    with_history: int

    def headline(self) -> str:
        """The caveat in one sentence."""
        if not self.with_history:
            return (
                f"Reopens are not known for {self.connection}: the status history of its "
                "tickets was not read."
            )
        return (
            f"Reopens are known for {self.with_history:,} of the "
            f"{plural(self.tickets, 'ticket')} of {self.connection}: only their status "
            "history was read."
        )

    def detail(self) -> str:
        """What the backlog and the reopen counts rest on, why, and what reads the rest."""
        rest = self.tickets - self.with_history
        return (
            f"For the other {rest:,}, the backlog and the reopen counts know their creation, "
            "their completion and the status changes seen between syncs, so a reopen in between "
            "is missed. Reading every ticket's history costs a call per ticket, more of the "
            "tenant's hourly API budget than the sync may use; later syncs read it for every "
            "ticket that changes."
        )


def gaps(store: Store, scope: Scope) -> list[HistoryGap]:
    """A gap for each connection in scope whose status history covers only part of its
    tickets."""
    rows = store.query(COVERED.format(where=scope.where(table="t.", group=None), stream=STREAM))
    return [
        HistoryGap(str(name), count(tickets), count(read))
        for name, tickets, read in rows.rows
        if count(read) < count(tickets)
    ]
