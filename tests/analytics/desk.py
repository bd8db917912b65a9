"""A small hand-made service desk in canonical rows, with figures worked out by hand.

Five tickets in two groups over 4-13 March 2024 (Monday 4 March starts ISO week 10):
T1 answered and resolved (48 h), T2 resolved, reopened, resolved again, T3 still open,
T4 closed with no status history at all, T5 cancelled. The data's last activity is
T5's modification at 2024-03-13 12:00 UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Protocol

from ticketlake.model import Record


class Inserter(Protocol):
    """Anything that writes canonical rows into a store's table."""

    def insert(self, table: str, rows: Sequence[Record]) -> None: ...


C = "acme"
DESK, NETWORK = 10, 20


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC instant in March 2024."""
    return datetime(2024, 3, day, hour, minute, tzinfo=UTC)


STATUSES = [
    ("New", "new"),
    ("In Process", "in_process"),
    ("On Hold", "on_hold"),
    ("Resolved", "completed"),
    ("Closed", "completed"),
    ("Cancelled", "cancelled"),
]


def _ticket(tid: int, group: int, status: str, created: datetime, **extra: object) -> Record:
    status_class = dict(STATUSES)[status]
    row: Record = {
        "connection": C,
        "id": tid,
        "number": str(tid),
        "title": f"ticket {tid}",
        "type": "Incident" if tid % 2 else "Service Request",
        "priority": "High" if tid in (1, 3) else "Low",
        "priority_id": 1 if tid in (1, 3) else 3,
        "source": "Email",
        "status": status,
        "status_class": status_class,
        "responsible_group_id": group,
        "responsible_group": "Service Desk" if group == DESK else "Network",
        "created_at": created,
        "modified_at": created,
    }
    row.update(extra)
    return row


TICKETS: list[Record] = [
    _ticket(
        1,
        DESK,
        "Resolved",
        at(4, 9),
        responsible_person_id="p1",
        responded_at=at(4, 10, 30),
        completed_at=at(6, 9),
        modified_at=at(6, 9),
        respond_by=at(4, 11),
        resolve_by=at(5, 9),
    ),
    _ticket(
        2,
        NETWORK,
        "Resolved",
        at(5, 8),
        responsible_person_id="p2",
        responded_at=at(5, 9),
        completed_at=at(11, 10),
        modified_at=at(11, 10),
    ),
    _ticket(
        3,
        DESK,
        "New",
        at(7, 15),
        respond_by=at(7, 17),
        attributes={"Building": "North", "Floor": None},
    ),
    _ticket(
        4,
        NETWORK,
        "Closed",
        at(11, 9),
        responsible_person_id="p2",
        completed_at=at(11, 17),
        modified_at=at(11, 17),
        attributes={"Building": "South"},
    ),
    _ticket(
        5,
        DESK,
        "Cancelled",
        at(12, 8),
        completed_at=at(12, 9),
        modified_at=at(13, 12),
        respond_by=at(12, 9),
    ),
]


def _change(tid: int, when: datetime, old: str, new: str) -> Record:
    return {
        "connection": C,
        "id": f"{tid}-{when.isoformat()}",
        "ticket_id": tid,
        "created_at": when,
        "kind": "status_change",
        "from_status": old,
        "to_status": new,
        "origin": "feed",
    }


EVENTS: list[Record] = [
    _change(1, at(4, 10, 30), "New", "In Process"),
    _change(1, at(6, 9), "In Process", "Resolved"),
    _change(2, at(5, 9), "New", "In Process"),
    _change(2, at(5, 10), "In Process", "On Hold"),
    _change(2, at(6, 12), "On Hold", "Resolved"),
    _change(2, at(8, 9), "Resolved", "In Process"),
    _change(2, at(11, 10), "In Process", "Resolved"),
    _change(5, at(12, 9), "New", "Cancelled"),
    {"connection": C, "id": "c1", "ticket_id": 3, "created_at": at(7, 16), "kind": "comment"},
]


def _entry(eid: int, tid: int, person: str, day: int, minutes: float) -> Record:
    return {
        "connection": C,
        "id": eid,
        "ticket_id": tid,
        "person_id": person,
        "work_date": date(2024, 3, day),
        "minutes": minutes,
    }


TIME_ENTRIES: list[Record] = [
    _entry(1, 1, "p1", 4, 30),
    _entry(2, 2, "p1", 5, 90),
    _entry(3, 2, "p2", 8, 60),
    _entry(4, 4, "p2", 11, 45),
]

PEOPLE: list[Record] = [
    {"connection": C, "id": "p1", "full_name": "Ada Lovelace"},
    {"connection": C, "id": "p2", "full_name": "Grace Hopper"},
]
GROUPS: list[Record] = [
    {"connection": C, "id": DESK, "name": "Service Desk"},
    {"connection": C, "id": NETWORK, "name": "Network"},
]
GROUP_MEMBERS: list[Record] = [
    {"connection": C, "group_id": DESK, "person_id": "p1", "is_primary": True},
    {"connection": C, "group_id": NETWORK, "person_id": "p1", "is_primary": False},
    {"connection": C, "group_id": NETWORK, "person_id": "p2", "is_primary": True},
]
REF_VALUES: list[Record] = [
    {"connection": C, "kind": "status", "id": i, "name": n, "status_class": c}
    for i, (n, c) in enumerate(STATUSES, start=1)
] + [
    {"connection": C, "kind": "priority", "id": 1, "name": "High", "sort_order": 1.0},
    {"connection": C, "kind": "priority", "id": 3, "name": "Low", "sort_order": 3.0},
]


def load(store: Inserter) -> None:
    """Write the desk into ``store``."""
    store.insert("tickets", TICKETS)
    store.insert("ticket_events", EVENTS)
    store.insert("time_entries", TIME_ENTRIES)
    store.insert("people", PEOPLE)
    store.insert("groups", GROUPS)
    store.insert("group_members", GROUP_MEMBERS)
    store.insert("ref_values", REF_VALUES)
