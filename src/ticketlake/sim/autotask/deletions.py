"""DeletedTicketLogs and DeletedTicketActivityLogs: who deleted which ticket, note or time
entry, and when (IDs grow with the time of deletion)."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.autotask.ids import DELETED_ACTIVITY_BASE, DELETED_TICKET_BASE
from ticketlake.sim.autotask.lifecycle import Life, Note, Work
from ticketlake.sim.autotask.render_ticket import resource_id
from ticketlake.sim.autotask.wire import fmt
from ticketlake.sim.autotask.world import World

NOTE_TYPE, TIME_TYPE = 1, 2
"""``typeID`` of a deleted note and a deleted time entry (our reading)."""


def ticket_log(w: World, life: Life, at_ms: int, by: int) -> dict[str, Any]:
    """``DeletedTicketLogModel`` (without its ID)."""
    p = life.p
    return {"id": 0, "ticketID": p.id, "ticketNumber": p.number, "ticketTitle": p.title,
            "deletedByResourceID": resource_id(w, by), "deletedDateTime": fmt(at_ms)}  # fmt: skip


def note_log(w: World, life: Life, n: Note) -> dict[str, Any]:
    """A deleted note's ``DeletedTicketActivityLog`` (without its ID)."""
    return _activity(w, life, NOTE_TYPE, n.title, n.author, n.ms, None, None, None,
                     n.deleted_ms, n.deleted_by)  # fmt: skip


def time_log(w: World, life: Life, x: Work) -> dict[str, Any]:
    """A deleted time entry's ``DeletedTicketActivityLog`` (without its ID)."""
    return _activity(w, life, TIME_TYPE, x.summary[:100], x.resource, x.created_ms, x.start_ms,
                     x.start_ms + x.minutes * 60_000, round(x.minutes / 60, 4), x.deleted_ms,
                     x.deleted_by)  # fmt: skip


def _activity(w: World, life: Life, type_id: int, title: str, author: int, at: int,
              start: int | None, end: int | None, hours: float | None, deleted: int,
              by: int) -> dict[str, Any]:  # fmt: skip
    p = life.p
    return {"id": 0, "typeID": type_id, "ticketID": p.id, "ticketNumber": p.number,
            "noteOrAttachmentTitle": title, "createdByResourceID": resource_id(w, author),
            "activityDateTime": fmt(at), "startDateTime": fmt(start), "endDateTime": fmt(end),
            "hoursWorked": hours, "deletedByResourceID": resource_id(w, by),
            "deletedDateTime": fmt(deleted)}  # fmt: skip


class DeletionLog:
    """Both logs, in ID order."""

    def __init__(self) -> None:
        self.tickets: list[dict[str, Any]] = []
        self.activities: list[dict[str, Any]] = []
        self._pending: list[tuple[int, bool, dict[str, Any]]] = []

    def plan(self, w: World, life: Life) -> None:
        """Collect what the ticket's planned history deleted (numbered by ``number``)."""
        if life.deleted_ms:
            self._pending.append(
                (life.deleted_ms, True, ticket_log(w, life, life.deleted_ms, life.deleted_by))
            )
            return
        for n in life.notes:
            if n.deleted_ms:
                self._pending.append((n.deleted_ms, False, note_log(w, life, n)))
        for x in life.work:
            if x.deleted_ms:
                self._pending.append((x.deleted_ms, False, time_log(w, life, x)))

    def number(self) -> None:
        """Give the collected entries IDs in order of deletion."""
        for _ms, is_ticket, record in sorted(self._pending, key=lambda e: (e[0], e[2]["ticketID"])):
            self.add(record, ticket=is_ticket)
        self._pending = []

    def add(self, record: dict[str, Any], *, ticket: bool) -> dict[str, Any]:
        """Log one deletion (its ID follows the last of its log)."""
        log = self.tickets if ticket else self.activities
        base = DELETED_TICKET_BASE if ticket else DELETED_ACTIVITY_BASE
        record["id"] = (log[-1]["id"] if log else base) + 1
        log.append(record)
        return record
