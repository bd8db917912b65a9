"""Autotask ticket notes, ticket history and time entries to ``ticket_events`` and
``time_entries``.

- A note is a ``comment`` event ``note:{id}`` (origin ``feed``): its text, its author (a
  resource), private unless published to "All Autotask Users" (``publish`` 1).
- A TicketHistory row is an event ``history:{id}`` (origin ``history``): a ``created`` event
  for "Created", a ``status_change`` with both statuses for a detail "Status changed from A to
  B", an ``edit`` otherwise. The wording of ``action`` and ``detail`` is UNCONFIRMED (the SOAP
  docs and the Swagger name the fields, not their text): a detail that does not read as a
  status change is kept as an edit, its text in ``body_text``.
- A time entry of a ticket: hours worked as minutes, the resource, the date worked (a date-only
  field: its calendar date, A10), billable unless ``isNonBillable``, the time entry type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC

import pyarrow as pa
import pyarrow.compute as pc

from ticketlake.connectors import columns as col
from ticketlake.connectors.autotask.mapping_tickets import RESOURCE, person_ids
from ticketlake.connectors.rows import JsonObject, Row, Rows
from ticketlake.connectors.timestamps import dates, timestamps

PUBLIC = 1
"""``publish`` of a note every Autotask user sees ("All Autotask Users")."""
STATUS_CHANGE = re.compile(r"^\s*status changed from (?P<old>.+?) to (?P<new>.+?)\s*\.?\s*$", re.I)

_NOTE_FIELDS = ("id", "ticketID", "createDateTime", "creatorResourceID", "description",
                "publish", "title")  # fmt: skip
_HISTORY_FIELDS = ("id", "ticketID", "date", "resourceID", "action", "detail")
_TIME_FIELDS = (
    "id", "ticketID", "resourceID", "dateWorked", "hoursWorked", "isNonBillable",
    "timeEntryType", "summaryNotes", "createDateTime", "lastModifiedDateTime",
)  # fmt: skip


def _event_ids(prefix: str, ids: pa.Array) -> pa.Array:
    return pc.binary_join_element_wise(pa.scalar(prefix), pc.cast(ids, pa.string()), "")


def notes(rows: Sequence[Row] | Sequence[JsonObject], *, connection: str) -> pa.Table:
    """TicketNotes as comment events."""
    found, raw = Rows(rows).fields(_NOTE_FIELDS)
    n = len(raw)
    publish = col.ids(found["publish"])
    return col.table(
        "ticket_events",
        {
            "connection": col.constant(connection, n),
            "id": _event_ids("note:", col.ids(found["id"])),
            "ticket_id": col.ids(found["ticketID"]),
            "created_at": timestamps(found["createDateTime"], UTC),
            "author_id": person_ids(found["creatorResourceID"], RESOURCE),
            "kind": col.constant("comment", n),
            "body_text": col.text(found["description"]),
            "is_private": pc.fill_null(pc.not_equal(publish, PUBLIC), True),
            "origin": col.constant("feed", n),
            "raw": raw,
        },
    )


def history(rows: Sequence[Row] | Sequence[JsonObject], *, connection: str) -> pa.Table:
    """TicketHistory rows as events: created, status changes, edits."""
    found, raw = Rows(rows).fields(_HISTORY_FIELDS)
    n = len(raw)
    read = [_read(a, d) for a, d in zip(found["action"], found["detail"], strict=True)]
    return col.table(
        "ticket_events",
        {
            "connection": col.constant(connection, n),
            "id": _event_ids("history:", col.ids(found["id"])),
            "ticket_id": col.ids(found["ticketID"]),
            "created_at": timestamps(found["date"], UTC),
            "author_id": person_ids(found["resourceID"], RESOURCE),
            "kind": pa.array([r[0] for r in read], pa.string()),
            "from_status": pa.array([r[1] for r in read], pa.string()),
            "to_status": pa.array([r[2] for r in read], pa.string()),
            "body_text": col.text(found["detail"]),
            "is_private": col.constant(True, n, pa.bool_()),
            "origin": col.constant("history", n),
            "raw": raw,
        },
    )


def _read(action: object, detail: object) -> tuple[str, str | None, str | None]:
    """(kind, from status, to status) of a history row."""
    if isinstance(action, str) and action.strip().lower() == "created":
        return "created", None, None
    found = STATUS_CHANGE.match(detail) if isinstance(detail, str) else None
    if found:
        return "status_change", found["old"], found["new"]
    return "edit", None, None


def time_entries(
    rows: Sequence[Row] | Sequence[JsonObject],
    *,
    connection: str,
    types: Mapping[int, str],
) -> pa.Table:
    """Time entries of tickets."""
    found, raw = Rows(rows).fields(_TIME_FIELDS)
    type_ids = col.ids(found["timeEntryType"])
    return col.table(
        "time_entries",
        {
            "connection": col.constant(connection, len(raw)),
            "id": col.ids(found["id"]),
            "ticket_id": col.ids(found["ticketID"]),
            "person_id": person_ids(found["resourceID"], RESOURCE),
            "work_date": dates(found["dateWorked"]),
            "minutes": pc.multiply(col.floats(found["hoursWorked"]), 60.0),
            "billable": pc.invert(col.bools(found["isNonBillable"])),
            "time_type_id": type_ids,
            "time_type": col.mapped(type_ids, types),
            "description": col.text(found["summaryNotes"]),
            "created_at": timestamps(found["createDateTime"], UTC),
            "modified_at": timestamps(found["lastModifiedDateTime"], UTC),
            "raw": raw,
        },
    )
