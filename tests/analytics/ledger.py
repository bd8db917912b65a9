"""A desk whose backlog is known exactly: batches of tickets opened and closed on set days.

Wednesday 3 January to Wednesday 20 March 2024 (UTC), so the first and the last week of the
range are cut (5 and 3 of 7 days). No status history: a closed ticket's completion closes it.

  batch        created        closed         tickets  source  type
  early-open   Wed 03 Jan 09  -              5        Phone   Incident
  early        Wed 03 Jan 09  Sat 20 Jan 10  40       Email   Incident
  middle       Wed 24 Jan 09  Wed 13 Mar 10  12       Portal  Service Request
  late         Mon 11 Mar 09  -              30       Portal  Incident
  last         Wed 20 Mar 09  one at 16      2        Email   Incident

The data's last activity is 20 March 16:00. Time entries: 2 h on a stored ticket and 5 h + 3 h
on two tickets the store does not hold (9001, 9002).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ticketlake.model import Record

from .desk import Inserter

C = "ledger"
FIRST, LAST = date(2024, 1, 3), date(2024, 3, 20)
AS_OF = datetime(2024, 3, 20, 16, tzinfo=UTC)


def at(day: date, hour: int) -> datetime:
    """A UTC instant on ``day``."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@dataclass(frozen=True)
class Batch:
    """Tickets created together and closed together (``closed`` None: still open)."""

    created: datetime
    closed: datetime | None
    tickets: int
    source: str
    type: str
    resolve_by: datetime | None = None
    respond_by: datetime | None = None


BATCHES = [
    Batch(at(FIRST, 9), None, 5, "Phone", "Incident"),
    Batch(
        at(FIRST, 9),
        at(date(2024, 1, 20), 10),
        40,
        "Email",
        "Incident",
        resolve_by=at(date(2024, 1, 10), 9),
    ),
    Batch(
        at(date(2024, 1, 24), 9),
        at(date(2024, 3, 13), 10),
        12,
        "Portal",
        "Service Request",
        resolve_by=at(LAST, 9),
    ),
    Batch(
        at(date(2024, 3, 11), 9),
        None,
        30,
        "Portal",
        "Incident",
        resolve_by=at(date(2024, 3, 15), 9),
        respond_by=at(date(2024, 3, 11), 11),
    ),
    Batch(at(LAST, 9), at(LAST, 16), 1, "Email", "Incident"),
    Batch(at(LAST, 9), None, 1, "Email", "Incident"),
]


def open_at_end_of(day: date) -> int:
    """Tickets open at the end of ``day``, counted from the batches (not from SQL)."""
    end = at(day + timedelta(days=1), 0)
    return sum(
        b.tickets for b in BATCHES if b.created < end and (b.closed is None or b.closed >= end)
    )


def tickets() -> list[Record]:
    """The batches as canonical ticket rows."""
    rows: list[Record] = []
    for batch in BATCHES:
        for _ in range(batch.tickets):
            closed = batch.closed is not None
            rows.append(
                {
                    "connection": C,
                    "id": len(rows) + 1,
                    "title": f"ticket {len(rows) + 1}",
                    "type": batch.type,
                    "source": batch.source,
                    "status": "Closed" if closed else "New",
                    "status_class": "completed" if closed else "new",
                    "responsible_group_id": 1,
                    "responsible_group": "Service Desk",
                    "created_at": batch.created,
                    "modified_at": batch.closed or batch.created,
                    "completed_at": batch.closed,
                    "responded_at": batch.created + timedelta(hours=1),
                    "respond_by": batch.respond_by,
                    "resolve_by": batch.resolve_by,
                }
            )
    return rows


def _entry(eid: int, ticket: int, day: date, minutes: int) -> Record:
    return {
        "connection": C,
        "id": eid,
        "ticket_id": ticket,
        "person_id": "p1",
        "work_date": day,
        "minutes": minutes,
    }


TIME_ENTRIES = [
    _entry(1, 1, date(2024, 3, 12), 120),
    _entry(2, 9001, date(2024, 3, 12), 300),
    _entry(3, 9002, date(2024, 3, 14), 180),
]


def load(store: Inserter) -> None:
    """Write the ledger desk into ``store``."""
    store.insert("tickets", tickets())
    store.insert("time_entries", TIME_ENTRIES)
    store.insert("people", [{"connection": C, "id": "p1", "full_name": "Ada Lovelace"}])
    store.insert(
        "ref_values",
        [
            {"connection": C, "kind": "status", "id": 1, "name": "New", "status_class": "new"},
            {
                "connection": C,
                "kind": "status",
                "id": 2,
                "name": "Closed",
                "status_class": "completed",
            },
        ],
    )
