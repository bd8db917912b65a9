"""The same Autotask extraction the way its peers do it, measured on a slice of the tenant.

django-autotask (reference A5, A11; ``djautotask/sync.py``) reads each picklist with its own
``entityInformation/fields`` call, reads Resources, Roles, Departments and TicketCategories
whole every time, Companies, Contacts and Tickets with ``{date} gt`` the last sync's start
(nothing on a first sync), and a ticket's notes and time entries with ``ticketID in`` batches
of 400 of every ticket it holds, each query's ``nextPageUrl`` POSTed with the same body, one
call at a time. SLA results have no date: they are read by the same batches. Its own filters
(tickets open or completed in the last ``keep_completed_hours``, active companies, contacts
and resources, no workflow notes) are left out so that both read the same records; deletion
logs it does not read (it prunes on full syncs). Every picklist and UDF list ticketlake stores
is read the django way, a call each.

A naive client does the same plus one TicketHistory call per ticket it synced (the query takes
a single ``ticketID`` equals filter, reference A6).

The part that grows with the tenant (the tickets' pages, the batches, the history calls) is
measured on the first ``slice`` tickets and scaled linearly; the rest is measured whole."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bench._atclient import EVERY, Filters, PlainClient

PICKLISTS = (
    ("Tickets", "status"), ("Tickets", "priority"), ("Tickets", "queueID"),
    ("Tickets", "source"), ("Tickets", "issueType"), ("Tickets", "subIssueType"),
    ("Tickets", "ticketType"), ("Tickets", "serviceLevelAgreementID"),
    ("TicketNotes", "noteType"), ("TicketNotes", "publish"), ("TimeEntries", "timeEntryType"),
    ("Resources", "licenseType"), ("Resources", "userType"), ("Companies", "companyType"),
)  # fmt: skip
"""The picklists ticketlake stores, each a synchronizer (and a call) of its own in django."""
UDFS = ("Tickets", "Companies", "Contacts")
WHOLE = ("Resources", "Roles", "Departments", "TicketCategories")
DATED = (("Companies", "lastActivityDate"), ("Contacts", "lastActivityDate"))
CHILDREN = (("TicketNotes", "lastActivityDate"), ("TimeEntries", "lastModifiedDateTime"),
            ("ServiceLevelAgreementResults", None))  # fmt: skip
BATCH = 400
"""django-autotask's ``batch_query_size``."""


@dataclass
class Part:
    """Calls per entity and the virtual seconds they took."""

    calls: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def measure(self, client: PlainClient, work: Callable[[], Any]) -> Any:
        """Run ``work`` and add the calls and time it took."""
        before, started = Counter(client.calls), client.seconds
        result = work()
        self.calls += client.calls - before
        self.seconds += client.seconds - started
        return result


def since_filter(field_name: str | None, since: str | None) -> Filters:
    """``{date} gt since`` when there is a last sync (and a date), else nothing."""
    if field_name is None or since is None:
        return []
    return [{"op": "gt", "field": field_name, "value": since}]


def fixed_reads(client: PlainClient, since: str | None) -> None:
    """What does not grow with the tickets: picklists, UDFs, whole and dated reads."""
    for entity, _picklist in PICKLISTS:
        client.get(entity, f"{entity}/entityInformation/fields")
    for entity in UDFS:
        client.get(entity, f"{entity}/entityInformation/userDefinedFields")
    for entity in WHOLE:
        client.read(entity, EVERY)
    for entity, date in DATED:
        client.read(entity, since_filter(date, since) or EVERY)


def first_tickets(client: PlainClient, count: int) -> list[int]:
    """The IDs of the first ``count`` tickets, page by page (the slice of a backfill)."""
    ids: list[int] = []
    for items in client.query("Tickets", EVERY):
        ids += [t["id"] for t in items]
        if len(ids) >= count:
            break
    return ids[:count]


def children(client: PlainClient, ids: list[int], since: str | None) -> None:
    """Notes, time entries and SLA results of ``ids``, 400 tickets a query."""
    for start in range(0, len(ids), BATCH):
        batch = {"op": "in", "field": "ticketID", "value": ids[start : start + BATCH]}
        for entity, date in CHILDREN:
            client.read(entity, [batch, *since_filter(date, since)])


def histories(client: PlainClient, ids: list[int]) -> None:
    """One TicketHistory query per ticket."""
    for ticket in ids:
        client.read("TicketHistory", [{"op": "eq", "field": "ticketID", "value": ticket}])


@dataclass
class PeerRun:
    """One peer sync: the fixed part, and the part measured on ``tickets`` tickets."""

    ids: list[int]
    fixed: Part = field(default_factory=Part)
    sliced: Part = field(default_factory=Part)
    history: Part = field(default_factory=Part)
    history_tickets: int = 0

    @property
    def tickets(self) -> int:
        """Tickets the sliced part read (or covered)."""
        return len(self.ids)


def backfill(client: PlainClient, size: int, history: int) -> tuple[PeerRun, str]:
    """django's first sync on the first ``size`` tickets, then the naive client's history of
    the first ``history`` of them; and the time it started (for the next sync's ``gt``)."""
    started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    run = PeerRun([])
    run.fixed.measure(client, lambda: fixed_reads(client, None))
    run.ids = run.sliced.measure(client, lambda: first_tickets(client, size))
    run.sliced.measure(client, lambda: children(client, run.ids, None))
    run.history_tickets = min(history, run.tickets)
    run.history.measure(client, lambda: histories(client, run.ids[:history]))
    return run, started


def dated_tickets(client: PlainClient, since: str) -> int:
    """Tickets with activity since the last sync."""
    return client.read("Tickets", since_filter("lastActivityDate", since))


def unchanged(client: PlainClient, ids: list[int], since: str) -> PeerRun:
    """django's next sync with nothing changed: one dated query per entity, but the children's
    batches cover every ticket it holds (``ids``: the slice's)."""
    run = PeerRun(ids)
    run.fixed.measure(client, lambda: fixed_reads(client, since))
    run.fixed.measure(client, lambda: dated_tickets(client, since))
    run.sliced.measure(client, lambda: children(client, ids, since))
    return run


def whole(run: PeerRun, tenant: int, *, naive: bool) -> dict[str, Any]:
    """The run scaled to ``tenant`` tickets: the sliced parts linearly, the fixed one as is."""
    calls = Counter(run.fixed.calls)
    seconds = run.fixed.seconds
    parts = [(run.sliced, run.tickets)] + ([(run.history, run.history_tickets)] if naive else [])
    for part, measured in parts:
        if measured:
            factor = tenant / measured
            calls += Counter({e: round(n * factor) for e, n in part.calls.items()})
            seconds += part.seconds * factor
    return {"calls": sum(calls.values()), "calls_per_entity": dict(sorted(calls.items())),
            "virtual_seconds": round(seconds, 1)}  # fmt: skip


def measured(run: PeerRun, *, naive: bool) -> dict[str, Any]:
    """What was measured, before scaling."""
    out = {"tickets": run.tickets, "fixed_calls": sum(run.fixed.calls.values()),
           "fixed_virtual_seconds": round(run.fixed.seconds, 1),
           "sliced_calls": dict(run.sliced.calls),
           "sliced_virtual_seconds": round(run.sliced.seconds, 1)}  # fmt: skip
    if naive:
        out |= {"history_tickets": run.history_tickets,
                "history_calls": sum(run.history.calls.values()),
                "history_virtual_seconds": round(run.history.seconds, 1)}  # fmt: skip
    return out


def hour_floor(calls: int, room: int) -> float:
    """Seconds ``calls`` need at the most the tenant's threshold lets through in an hour
    without a suspension (``room``: what the other integrations leave): when the last hour
    they need opens."""
    return max(0, math.ceil(calls / room) - 1) * 3600.0
