"""Status changes observed between syncs: a ticket whose status differs from the one stored.

Every connector's tickets stream sees a ticket's current status only; the store holds the one
it had at the last sync. When they differ, the ticket changed status in between, whatever the
source's own history says (or whether it has one the budget lets us read): a ``ticket_events``
row of kind ``status_change`` with ``origin = observed``, dated at the ticket's modification
and written in the same transaction as the ticket (so re-reading the ticket finds the status
stored and observes nothing twice).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
import pyarrow as pa

from ticketlake.connectors.base import Sink

LOOKUP_CHUNK = 500
STORED_STATUS = "SELECT id, status_id, status FROM tickets WHERE connection = $1 AND id IN"


async def observed_changes(sink: Sink, connection: str, tickets: pa.Table) -> list[dict[str, Any]]:
    """Status changes between what the store holds and what ``tickets`` (mapped rows with
    ``id``, ``status_id``, ``status``, ``modified_at``) say now."""
    new = {
        r["id"]: r for r in tickets.select(["id", "status_id", "status", "modified_at"]).to_pylist()
    }
    ids = list(new)
    events: list[dict[str, Any]] = []
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        marks = ", ".join(f"${i + 2}" for i in range(len(chunk)))
        stored = await sink.query(f"{STORED_STATUS} ({marks})", [connection, *chunk])
        for ticket_id, status_id, status in stored.rows:
            now = new[ticket_id]
            if (
                status_id is not None
                and now["status_id"] is not None
                and status_id != now["status_id"]
            ):
                events.append(observed_event(ticket_id, status_id, status, now))
    return events


def observed_event(
    ticket_id: int, old_id: int, old: str | None, now: dict[str, Any]
) -> dict[str, Any]:
    """The event of one observed change (``now``: the ticket's mapped row)."""
    at: datetime = now["modified_at"] or datetime.now(UTC)
    raw = {"TicketID": ticket_id, "FromStatusID": old_id, "ToStatusID": now["status_id"]}
    return {
        "id": f"obs:{ticket_id}:{int(at.timestamp())}",
        "ticket_id": ticket_id,
        "created_at": at,
        "kind": "status_change",
        "from_status": old,
        "to_status": now["status"],
        "origin": "observed",
        "raw": orjson.dumps(raw).decode(),
    }
