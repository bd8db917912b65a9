"""Hours logged in a scope: on the tickets the store holds, and apart, on those it does not.

An integration account that sees only part of a tenant's tickets may still read every time
entry; the hours on tickets it cannot see are counted here, never mixed with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketlake.analytics.scope import Scope
from ticketlake.analytics.values import count, measure, one
from ticketlake.store.base import Store

NO_GROUP = "(no group)"


@dataclass(frozen=True)
class Unstored:
    """Time logged in the scope on tickets the store does not hold."""

    hours: float
    entries: int
    tickets: int


def hours_by_group(store: Store, scope: Scope) -> list[tuple[str, float]]:
    """Hours logged per group of the (stored) ticket worked on, most first; entries on no
    ticket count as ``NO_GROUP``, entries on tickets the store does not hold not at all."""
    rows = store.query(
        f"SELECT COALESCE(responsible_group, '{NO_GROUP}'), SUM(hours) FROM time_entry_facts "
        f"WHERE {scope.where('work_date')} AND ticket_stored IS NOT FALSE "
        f"GROUP BY COALESCE(responsible_group, '{NO_GROUP}')"
    ).rows
    return sorted(((g, float(h)) for g, h in rows), key=lambda r: (-r[1], r[0]))


def unstored(store: Store, scope: Scope) -> Unstored:
    """Hours, entries and distinct tickets logged in the scope on tickets the store does not
    hold (none under a group filter: such tickets have no known group)."""
    hours, entries, tickets = one(
        store,
        "SELECT SUM(hours), COUNT(*), COUNT(DISTINCT ticket_id) FROM time_entry_facts "
        f"WHERE {scope.where('work_date')} AND ticket_stored = FALSE",
    )
    return Unstored(measure(hours) or 0.0, count(entries), count(tickets))
