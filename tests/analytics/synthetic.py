"""A seeded, plausible service desk in canonical rows, big enough to draw every chart.

Used by the report tests (the simulator + sync based tests exercise the real path). Intake
rises over the half year, so the backlog grows and the readings have something to say.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from ticketlake.model import Record

from .desk import Inserter

C = "northwind"
START = datetime(2024, 1, 1, tzinfo=UTC)
DAYS = 182
GROUPS = {1: "Service Desk", 2: "Network", 3: "Applications", 4: "Desktop Support", 5: "Security"}
PRIORITIES = {  # name: (id, order, respond hours, resolve hours, typical resolution hours)
    "Critical": (1, 1.0, 1, 8, 6.0),
    "High": (2, 2.0, 4, 24, 20.0),
    "Medium": (3, 3.0, 8, 72, 50.0),
    "Low": (4, 4.0, 24, 240, 120.0),
}
STATUSES = {"New": "new", "In Process": "in_process", "On Hold": "on_hold"}
STATUSES |= {"Resolved": "completed", "Closed": "completed", "Cancelled": "cancelled"}
SERVICES = ["Email", "VPN", "Printing", "Accounts", "Wi-Fi", "Laptops", "ERP", "Phones", "Storage"]
CAMPUSES = ["Main", "North", "Harbour", "Online"]
PEOPLE = [f"t{i}" for i in range(1, 13)]


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.as_of = START + timedelta(days=DAYS)
        self.tickets: list[Record] = []
        self.events: list[Record] = []
        self.entries: list[Record] = []

    def ticket(self, tid: int, created: datetime) -> None:
        rng = self.rng
        name = rng.choices(list(PRIORITIES), weights=[1, 4, 10, 6])[0]
        pid, _, respond_h, resolve_h, typical = PRIORITIES[name]
        group = rng.choices(list(GROUPS), weights=[10, 4, 5, 6, 1])[0]
        person = rng.choice(PEOPLE) if rng.random() < 0.9 else None
        responded = created + timedelta(hours=rng.lognormvariate(0, 1.1) * respond_h / 2.5)
        path = self.history(tid, created, typical)
        if path:  # the first move out of New is a response at the latest
            responded = min(responded, path[0][0])
        status = path[-1][1] if path else "New"
        done = STATUSES[status] in ("completed", "cancelled")
        completed = path[-1][0] if done else None
        last = path[-1][0] if path else created
        self.tickets.append(
            {
                "connection": C,
                "id": tid,
                "number": str(tid),
                "title": f"Ticket {tid}",
                "type": rng.choice(["Incident", "Service Request"]),
                "priority": name,
                "priority_id": pid,
                "source": rng.choice(["Email", "Portal", "Phone"]),
                "status": status,
                "status_class": STATUSES[status],
                "responsible_group_id": group,
                "responsible_group": GROUPS[group],
                "responsible_person_id": person,
                "created_at": created,
                "modified_at": last,
                "responded_at": responded if responded < self.as_of else None,
                "completed_at": completed,
                "respond_by": created + timedelta(hours=respond_h),
                "resolve_by": created + timedelta(hours=resolve_h),
                "attributes": {
                    "Service": rng.choice(SERVICES),
                    "Campus": rng.choices(CAMPUSES, weights=[6, 3, 2, 1])[0],
                    "Asset Tag": f"AT-{tid:06d}",  # an identifier, not a category
                },
            }
        )
        if person:
            self.worklog(tid, person, created, last)

    def history(self, tid: int, created: datetime, typical: float) -> list[tuple[datetime, str]]:
        """Status changes until now: work, maybe a hold, resolution, maybe a reopen."""
        rng, changes, status, when = self.rng, [], "New", created
        plan = ["In Process"] + (["On Hold", "In Process"] if rng.random() < 0.2 else [])
        plan += ["Cancelled"] if rng.random() < 0.04 else ["Resolved"]
        if plan[-1] == "Resolved" and rng.random() < 0.08:
            plan += ["In Process", "Resolved"]
        for new in plan:
            when += timedelta(hours=rng.lognormvariate(0, 1.0) * typical / len(plan))
            if when >= self.as_of:
                break
            changes.append((when, new))
            self.events.append(
                {
                    "connection": C,
                    "id": f"{tid}:{len(changes)}",
                    "ticket_id": tid,
                    "created_at": when,
                    "kind": "status_change",
                    "from_status": status,
                    "to_status": new,
                    "origin": "feed",
                }
            )
            status = new
        return changes

    def worklog(self, tid: int, person: str, start: datetime, end: datetime) -> None:
        for _ in range(self.rng.randint(0, 3)):
            when = start + (end - start) * self.rng.random()
            self.entries.append(
                {
                    "connection": C,
                    "id": len(self.entries) + 1,
                    "ticket_id": tid,
                    "person_id": person,
                    "work_date": when.date(),
                    "minutes": float(self.rng.choice([15, 30, 45, 60, 90, 120])),
                }
            )


def _build(seed: int) -> _Builder:
    b = _Builder(seed)
    tid = 1000
    for day in range(DAYS):
        for _ in range(int(b.rng.gauss(8 + day / 30, 2)) if day % 7 < 5 else b.rng.randint(0, 3)):
            tid += 1
            b.ticket(tid, START + timedelta(days=day, hours=b.rng.uniform(7, 18)))
    return b


TDX_CLASSES = {"new": 1, "in_process": 2, "completed": 3, "cancelled": 4, "on_hold": 5}


def as_truth(seed: int = 7) -> dict[str, list[dict[str, Any]]]:
    """The same desk in the shapes of a TeamDynamix truth dump (ISO text dates, ids, names)."""
    b = _build(seed)
    status_ids = {name: i for i, name in enumerate(STATUSES, start=1)}

    def iso(value: object) -> str | None:
        return value.isoformat().replace("+00:00", "Z") if isinstance(value, datetime) else None

    tickets = [
        {
            "ID": t["id"],
            "CreatedDate": iso(t["created_at"]),
            "ModifiedDate": iso(t["modified_at"]),
            "RespondedDate": iso(t["responded_at"]) or "0001-01-01T00:00:00",
            "CompletedDate": iso(t["completed_at"]) or "0001-01-01T00:00:00",
            "RespondByDate": iso(t["respond_by"]),
            "ResolveByDate": iso(t["resolve_by"]),
            "StatusID": status_ids[str(t["status"])],
            "ResponsibleGroupName": t["responsible_group"],
            "PriorityName": t["priority"],
            "TypeName": t["type"],
            "Attributes": [
                {"Name": k, "Value": v, "ValueText": v}
                for k, v in t["attributes"].items()  # type: ignore[attr-defined]
            ],
        }
        for t in b.tickets
    ]
    history = [
        {
            "TicketID": e["ticket_id"],
            "Date": iso(e["created_at"]),
            "FromStatusID": status_ids[str(e["from_status"])],
            "ToStatusID": status_ids[str(e["to_status"])],
        }
        for e in b.events
    ]
    return {
        "tickets": tickets,
        "statuses": [
            {"ID": i, "Name": n, "StatusClass": TDX_CLASSES[STATUSES[n]]}
            for n, i in status_ids.items()
        ],
        "status_history": history,
        "ticket_feed": [{"CreatedDate": h["Date"]} for h in history],
        "time_entries": [
            {
                "TicketID": e["ticket_id"],
                "Uid": e["person_id"],
                "TimeDate": f"{e['work_date']}T00:00:00Z",
                "Minutes": e["minutes"],
            }
            for e in b.entries
        ],
    }


def load(store: Inserter, seed: int = 7) -> None:
    """Write about 1,400 tickets over 26 weeks of 2024 into ``store``."""
    b = _build(seed)
    store.insert("tickets", b.tickets)
    store.insert("ticket_events", b.events)
    store.insert("time_entries", b.entries)
    store.insert("people", [{"connection": C, "id": p, "full_name": f"Tech {p}"} for p in PEOPLE])
    store.insert("groups", [{"connection": C, "id": g, "name": n} for g, n in GROUPS.items()])
    store.insert(
        "group_members",
        [
            {"connection": C, "group_id": 1 + i % 5, "person_id": p, "is_primary": True}
            for i, p in enumerate(PEOPLE)
        ],
    )
    store.insert(
        "ref_values",
        [
            {"connection": C, "kind": "status", "id": i, "name": n, "status_class": c}
            for i, (n, c) in enumerate(STATUSES.items(), start=1)
        ]
        + [
            {"connection": C, "kind": "priority", "id": v[0], "name": n, "sort_order": v[1]}
            for n, v in PRIORITIES.items()
        ],
    )
