"""Compact columns of every ticket, note, time entry and SLA result, so a million tickets fit
in memory without their bodies and queries filter on them without generating records.

Built once at start-up by generating every ticket; afterwards a record is regenerated from
(seed, index) whenever it is served. Rows are kept in ID order (IDs grow with the ticket index,
and records added later get IDs beyond every derived one), so a page is found by bisection.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable

from ticketlake.sim.autotask.catalog import (
    ISSUE_TYPES,
    PRIORITIES,
    QUEUES,
    SLAS,
    SOURCES,
    SUB_ISSUE_TYPES,
    TICKET_TYPES,
)
from ticketlake.sim.autotask.ids import SLA_BASE, note_id, time_id
from ticketlake.sim.autotask.lifecycle import Life

NULLS = {"q": -(1 << 62), "i": -(1 << 31)}
"""The null of a column of each type code (no real value comes near it)."""


def typecode(name: str) -> str:
    """Times are 64-bit milliseconds, everything else a 32-bit integer."""
    return "q" if "date" in name else "i"


def null_of(col: array[int]) -> int:
    """The null of a column."""
    return NULLS[col.typecode]


class Rows:
    """Columns of one kind of record, by row, rows in ID order; ``gone`` marks deleted ones."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.id = array("q")
        self.ticket = array("i")
        """The index of the record's ticket."""
        self.pos = array("i")
        """The record's position among its ticket's (notes, time entries)."""
        self.cols = {name: array(typecode(name)) for name in names}
        self.gone = bytearray()

    def add(self, rid: int, ticket: int, pos: int, values: dict[str, int | None],
            gone: bool) -> int:  # fmt: skip
        """Append a row (its ID must be above every ID so far); returns the row."""
        self.id.append(rid)
        self.ticket.append(ticket)
        self.pos.append(pos)
        for name, col in self.cols.items():
            v = values[name]
            col.append(null_of(col) if v is None else v)
        self.gone.append(gone)
        return len(self.id) - 1

    def set(self, row: int, values: dict[str, int | None]) -> None:
        """Change a row's columns."""
        for name, v in values.items():
            col = self.cols[name]
            col[row] = null_of(col) if v is None else v


TICKET_COLUMNS = ("createdate", "lastactivitydate", "lasttrackedmodificationdatetime",
                  "completeddate", "resolveddatetime", "status", "queueid", "companyid",
                  "contactid", "assignedresourceid", "priority", "issuetype", "subissuetype",
                  "tickettype", "source", "servicelevelagreementid")  # fmt: skip
NOTE_COLUMNS = ("createdatetime", "lastactivitydate", "ticketid", "notetype", "publish")
TIME_COLUMNS = ("dateworked", "createdatetime", "lastmodifieddatetime", "ticketid", "resourceid")
SLA_COLUMNS = ("ticketid",)


def ticket_values(life: Life, company_id: int, contact_id: int | None,
                  resource_id: Callable[[int], int | None]) -> dict[str, int | None]:  # fmt: skip
    """The indexed columns of a ticket."""
    p = life.p
    return {
        "createdate": p.created_ms, "lastactivitydate": life.activity_ms,
        "lasttrackedmodificationdatetime": life.tracked_ms, "completeddate": life.resolved_ms,
        "resolveddatetime": life.resolved_ms, "status": life.status,
        "queueid": QUEUES[life.queue].value, "companyid": company_id, "contactid": contact_id,
        "assignedresourceid": resource_id(life.assigned),
        "priority": PRIORITIES[p.priority].value, "issuetype": ISSUE_TYPES[p.issue].value,
        "subissuetype": SUB_ISSUE_TYPES[p.sub].value if p.sub >= 0 else None,
        "tickettype": TICKET_TYPES[p.type].value, "source": SOURCES[p.source].value,
        "servicelevelagreementid": SLAS[p.sla].value if p.sla >= 0 else None,
    }  # fmt: skip


class TicketIndex:
    """The rows of tickets, notes, time entries and SLA results."""

    def __init__(self) -> None:
        self.tickets = Rows(TICKET_COLUMNS)
        self.notes = Rows(NOTE_COLUMNS)
        self.time = Rows(TIME_COLUMNS)
        self.slas = Rows(SLA_COLUMNS)

    def add_ticket(self, life: Life, values: dict[str, int | None],
                   resource_id: Callable[[int], int | None]) -> None:  # fmt: skip
        """Index a ticket generated at start-up, its notes, time entries and SLA result."""
        p, gone = life.p, bool(life.deleted_ms)
        self.tickets.add(p.id, p.index, 0, values, gone)
        for k in range(len(life.notes)):
            self.add_note(life, k, note_id(p.index, k), gone)
        for k, w in enumerate(life.work):
            self.add_time(life, k, time_id(p.index, k), resource_id(w.resource), gone)
        if p.sla >= 0:
            self.slas.add(SLA_BASE + p.index, p.index, 0, {"ticketid": p.id}, gone)

    def add_note(self, life: Life, k: int, nid: int, ticket_gone: bool) -> None:
        """Index note ``k`` of the ticket."""
        n = life.notes[k]
        self.notes.add(nid, life.p.index, k, {
            "createdatetime": n.ms, "lastactivitydate": n.ms, "ticketid": life.p.id,
            "notetype": n.note_type, "publish": n.publish,
        }, ticket_gone or bool(n.deleted_ms))  # fmt: skip

    def add_time(self, life: Life, k: int, eid: int, resource: int | None,
                 ticket_gone: bool) -> None:  # fmt: skip
        """Index time entry ``k`` of the ticket."""
        w = life.work[k]
        self.time.add(eid, life.p.index, k, {
            "dateworked": w.start_ms // 86_400_000 * 86_400_000, "createdatetime": w.created_ms,
            "lastmodifieddatetime": w.modified_ms, "ticketid": life.p.id, "resourceid": resource,
        }, ticket_gone or bool(w.deleted_ms))  # fmt: skip
