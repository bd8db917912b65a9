"""Figures a connection's data cannot give, said in the report instead of shown as zero.

Two cases are read from the data itself, whatever the source:

- SLA met or missed: the tickets name an SLA but none carries a response or resolution
  deadline (Teamwork.com Desk: a ticket's SLA is an API field, its targets are not), so no
  deadline was decided and SLA attainment is not derivable rather than 0 %;
- tasks (work items of kind ``task``, Teamwork.com Projects): they have no first response and
  no SLA, and their stage history is known only as ticketlake observed it between syncs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketlake.analytics.scope import Scope
from ticketlake.analytics.values import count, one
from ticketlake.store.base import Store

NOT_DERIVABLE = "not derivable"
COUNTS = (
    "SELECT COUNT(*) FILTER (WHERE kind <> 'task'), "
    "COUNT(*) FILTER (WHERE kind <> 'task' AND sla_id IS NOT NULL), "
    "COUNT(*) FILTER (WHERE respond_by IS NOT NULL OR resolve_by IS NOT NULL), "
    "COUNT(*) FILTER (WHERE kind = 'task') "
    "FROM tickets WHERE deleted_at IS NULL AND {where}"
)


@dataclass(frozen=True)
class Underivable:
    """A figure the data cannot give, and why."""

    what: str
    why: str

    def headline(self) -> str:
        """The caveat in one sentence."""
        return f"{self.what} cannot be derived from this data."

    def detail(self) -> str:
        """Why, and what the report shows instead."""
        return self.why


@dataclass(frozen=True)
class Limits:
    """What the scope's data cannot give."""

    sla: str = ""
    """Why SLA attainment cannot be derived ("": it can)."""
    response: str = ""
    """Why first-response times cannot be derived ("": they can)."""
    tasks: int = 0

    def caveats(self) -> list[Underivable]:
        """The report's caveats."""
        found = []
        if self.sla:
            found.append(Underivable("SLA met or missed", self.sla))
        if self.tasks:
            found.append(
                Underivable(
                    "A task's stage changes between two syncs",
                    f"The {self.tasks:,} tasks (Teamwork Projects) have no first response and "
                    "no SLA; their stage changes are known only as observed between syncs (a "
                    "task moved twice between two syncs shows one change), so the backlog and "
                    "reopens of tasks count what the syncs saw. Cycle time is creation to "
                    "completion.",
                )
            )
        return found


def limits(store: Store, scope: Scope) -> Limits:
    """What the scope's data cannot give."""
    tickets, named, deadlines, tasks = (
        count(v) for v in one(store, COUNTS.format(where=scope.where()))
    )
    sla = response = ""
    if named and not deadlines:
        sla = (
            f"{named:,} tickets name an SLA, but the source gives no response or resolution "
            "targets (Teamwork Desk's API has no SLA target fields), so no deadline can be "
            "decided: SLA attainment is shown as not derivable, not as 0 %."
        )
    elif tasks and not tickets:
        sla = "Tasks have no SLA: SLA attainment is shown as not derivable, not as 0 %."
    if tasks and not tickets:
        response = "tasks have no first response"
    return Limits(sla, response, tasks)
