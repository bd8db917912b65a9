"""What happens on tickets: feed entries (``ticket_events``), ticket tasks and time entries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import tzinfo
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ticketlake.connectors import columns as col
from ticketlake.connectors.rows import Row, Rows
from ticketlake.connectors.teamdynamix import mapping_columns as tdx
from ticketlake.connectors.teamdynamix.mapping_html import StatusChangeParser, body_text
from ticketlake.connectors.timestamps import dates, timestamps

EVENT_KINDS: dict[object, str | None] = col.enum_table(
    {
        0: "other",
        1: "comment",
        2: "status_change",
        3: "edit",
        4: "created",
        5: "other",  # MyWorkChange
        6: "merge",
        7: "moved_comment",
        # the same enum serialised by name (as StatusClass may be)
        "None": "other",
        "Comment": "comment",
        "StatusChange": "status_change",
        "Edit": "edit",
        "Created": "created",
        "MyWorkChange": "other",
        "Merge": "merge",
        "MovedComment": "moved_comment",
    }
)
"""TDX feed ``UpdateType`` (the number, or the enum name) -> canonical event ``kind`` (unknown
codes are ``other``)."""

FEED_TICKET, FEED_TICKET_TASK = 9, 25
TICKET_TIME, TICKET_TASK_TIME = 9, 25


def events(
    entries: Sequence[Row] | bytes,
    *,
    connection: str,
    tz: tzinfo,
    statuses: Iterable[str] = (),
) -> pa.Table:
    """Canonical ``ticket_events`` from TDX feed entries (``ItemUpdate``), and their replies.

    The ticket is ``ItemID`` for ticket entries; for a ticket-task entry (``ItemType`` 25) it is
    the parent item (``PlanID``) when given. Status changes get ``from_status``/``to_status``
    when the body's wording allows; ``statuses`` (the tenant's status names) lets unquoted
    names be recognised too. Each of an entry's ``Replies`` (reference §7.3: people answering a
    comment in the feed) is a ``comment`` event of its own, ``id`` ``reply:{ID}``, on the same
    ticket and as private as the entry it answers.
    """
    src, raw = Rows(entries).fields(
        (
            "ID",
            "ItemID",
            "ItemType",
            "PlanID",
            "CreatedDate",
            "CreatedUid",
            "UpdateType",
            "Body",
            "IsPrivate",
            "Replies",
        )
    )
    kinds = [k or "other" for k in col.mapped(src["UpdateType"], EVENT_KINDS).to_pylist()]
    text = body_text(src["Body"])
    parser = StatusChangeParser(statuses)
    changes = [
        parser.parse(t) if k == "status_change" else (None, None)
        for k, t in zip(kinds, text.to_pylist(), strict=True)
    ]
    task_entry = pc.equal(col.array(src["ItemType"], pa.int64()), FEED_TICKET_TASK)
    ticket_id = pc.if_else(
        pc.fill_null(task_entry, False), col.ids(src["PlanID"]), col.ids(src["ItemID"])
    )
    entries_table = col.table(
        "ticket_events",
        {
            "connection": col.constant(connection, len(raw)),
            "id": col.id_text(src["ID"]),
            "ticket_id": ticket_id,
            "created_at": timestamps(src["CreatedDate"], tz),
            "author_id": tdx.uids(src["CreatedUid"]),
            "kind": pa.array(kinds, pa.string()),
            "body_html": col.text(src["Body"]),
            "body_text": text,
            "is_private": col.bools(src["IsPrivate"]),
            "from_status": pa.array([c[0] for c in changes], pa.string()),
            "to_status": pa.array([c[1] for c in changes], pa.string()),
            "origin": col.constant("feed", len(raw)),
            "raw": raw,
        },
    )
    if not any(src["Replies"]):
        return entries_table
    replies = _replies(src["Replies"], ticket_id, col.bools(src["IsPrivate"]), connection, tz)
    return pa.concat_tables([entries_table, replies])


def _replies(
    replies: Sequence[Any], ticket_ids: pa.Array, private: pa.Array, connection: str, tz: tzinfo
) -> pa.Table:
    """One ``comment`` event per reply, on its entry's ticket and with its entry's privacy."""
    rows: list[Row] = []
    tickets: list[int | None] = []
    hidden: list[bool | None] = []
    for listed, ticket, is_private in zip(
        replies, ticket_ids.to_pylist(), private.to_pylist(), strict=True
    ):
        for reply in listed if isinstance(listed, list) else ():
            if isinstance(reply, dict):
                rows.append(reply)
                tickets.append(ticket)
                hidden.append(is_private)
    src, raw = Rows(rows).fields(("ID", "CreatedDate", "CreatedUid", "Body"))
    count = len(rows)
    return col.table(
        "ticket_events",
        {
            "connection": col.constant(connection, count),
            "id": pa.array([f"reply:{i}" for i in src["ID"]], pa.string()),
            "ticket_id": pa.array(tickets, pa.int64()),
            "created_at": timestamps(src["CreatedDate"], tz),
            "author_id": tdx.uids(src["CreatedUid"]),
            "kind": col.constant("comment", count),
            "body_html": col.text(src["Body"]),
            "body_text": body_text(src["Body"]),
            "is_private": pa.array(hidden, pa.bool_()),
            "from_status": pa.nulls(count, pa.string()),
            "to_status": pa.nulls(count, pa.string()),
            "origin": col.constant("feed", count),
            "raw": raw,
        },
    )


def tasks(rows: Sequence[Row] | bytes, *, connection: str, tz: tzinfo) -> pa.Table:
    """Canonical ``ticket_tasks`` from TDX ticket tasks (``TicketTask``)."""
    src, raw = Rows(rows).fields(
        (
            "ID",
            "TicketID",
            "Title",
            "ResponsibleUid",
            "ResponsibleGroupID",
            "CreatedDate",
            "ModifiedDate",
            "StartDate",
            "EndDate",
            "CompletedDate",
            "EstimatedMinutes",
            "ActualMinutes",
            "PercentComplete",
        )
    )
    return col.table(
        "ticket_tasks",
        {
            "connection": col.constant(connection, len(raw)),
            "id": col.array(src["ID"], pa.int64()),
            "ticket_id": col.ids(src["TicketID"]),
            "title": col.text(src["Title"]),
            "responsible_person_id": tdx.uids(src["ResponsibleUid"]),
            "responsible_group_id": col.ids(src["ResponsibleGroupID"]),
            "created_at": timestamps(src["CreatedDate"], tz),
            "modified_at": timestamps(src["ModifiedDate"], tz),
            "start_at": timestamps(src["StartDate"], tz),
            "end_at": timestamps(src["EndDate"], tz),
            "completed_at": timestamps(src["CompletedDate"], tz),
            "estimated_minutes": col.floats(src["EstimatedMinutes"]),
            "actual_minutes": col.floats(src["ActualMinutes"]),
            "percent_complete": col.floats(src["PercentComplete"]),
            "raw": raw,
        },
    )


def time_entries(rows: Sequence[Row] | bytes, *, connection: str, tz: tzinfo) -> pa.Table:
    """Canonical ``time_entries`` from TDX time entries (``TimeEntry``).

    Component 9 (ticket time): the ticket is ``TicketID``. Component 25 (ticket-task time): the
    ticket is ``TicketID`` and the task ``ItemID``. Other components keep no ticket link.
    ``TimeDate`` is a calendar date; zone-less ``CreatedDate``/``ModifiedDate`` are in ``tz``.
    """
    src, raw = Rows(rows).fields(
        (
            "TimeID",
            "Component",
            "TicketID",
            "ItemID",
            "Uid",
            "TimeDate",
            "Minutes",
            "Billable",
            "TimeTypeID",
            "TimeTypeName",
            "Description",
            "CreatedDate",
            "ModifiedDate",
        )
    )
    component = col.array(src["Component"], pa.int64())
    on_ticket = pc.fill_null(pc.is_in(component, pa.array([TICKET_TIME, TICKET_TASK_TIME])), False)
    on_task = pc.fill_null(pc.equal(component, TICKET_TASK_TIME), False)
    no_id = pa.scalar(None, pa.int64())
    return col.table(
        "time_entries",
        {
            "connection": col.constant(connection, len(raw)),
            "id": col.array(src["TimeID"], pa.int64()),
            "ticket_id": pc.if_else(on_ticket, col.ids(src["TicketID"]), no_id),
            "task_id": pc.if_else(on_task, col.ids(src["ItemID"]), no_id),
            "person_id": tdx.uids(src["Uid"]),
            "work_date": dates(src["TimeDate"]),
            "minutes": col.floats(src["Minutes"]),
            "billable": col.bools(src["Billable"]),
            "time_type_id": col.ids(src["TimeTypeID"]),
            "time_type": tdx.names(src["TimeTypeName"]),
            "description": col.text(src["Description"]),
            "created_at": timestamps(src["CreatedDate"], tz),
            "modified_at": timestamps(src["ModifiedDate"], tz),
            "raw": raw,
        },
    )
