"""The smaller TDX shapes: custom attributes, ticket tasks, feed entries, time entries."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamdynamix import catalog
from ticketlake.sim.teamdynamix.catalog import STATUSES, TIME_TYPES, Attribute
from ticketlake.sim.teamdynamix.lifecycle import (
    COMMENT,
    STATUS_CHANGE,
    Event,
    Life,
    Work,
)
from ticketlake.sim.teamdynamix.wire import (
    EMPTY_DATE,
    EMPTY_DATE_LOCAL,
    fmt_date,
    fmt_local_ms,
    fmt_ms,
    fmt_opt_ms,
    fmt_ticks,
)
from ticketlake.sim.teamdynamix.world import World

FEED_ID_BASE = 20_000_000
FEED_SLOTS = 16
"""Feed entry IDs: base + ticket index * 16 + position (touched entries get IDs beyond)."""
TASK_ID_BASE = 700_000
TIME_ID_BASE = 5_000_000
TIME_SLOTS = 8
TICKET_COMPONENT, TICKET_TASK_COMPONENT = 9, 25


def choice_json(choice_id: int, name: str, order: int) -> dict[str, Any]:
    """One ``Choices[]`` item."""
    created = fmt_ticks(catalog.CATALOG_EPOCH_TICKS + choice_id * 1_234_567)
    return {"ID": choice_id, "Name": name, "IsActive": True, "DateCreated": created,
            "DateModified": created, "Order": order}  # fmt: skip


def attribute_json(a: Attribute, value: str, text: str) -> dict[str, Any]:
    """A custom attribute (definition plus, on an item, its value)."""
    return {
        "ID": a.id, "Name": a.name, "Order": a.order, "Description": "", "SectionID": 0,
        "SectionName": None, "FieldType": a.field_type, "DataType": "String",
        "Choices": [choice_json(cid, name, k) for k, (cid, name) in enumerate(a.choices)],
        "IsRequired": False, "IsUpdatable": True, "Value": value, "ValueText": text,
        "ChoicesText": text if a.choices else "", "AssociatedItemIDs": [0],
    }  # fmt: skip


def task_id(i: int, k: int) -> int:
    """The ID of task ``k`` of ticket ``i``."""
    return TASK_ID_BASE + i * 4 + k


def task_json(w: World, life: Life, k: int) -> dict[str, Any]:
    """``TeamDynamix.Api.Tickets.TicketTask``."""
    t, p = life.tasks[k], life.p
    resp = w.directory.people[t.responsible]
    group = catalog.GROUPS[p.group]
    creator = w.person(life.responsible) or resp
    done = t.completed_ms
    return {
        "ID": task_id(p.index, k), "TicketID": p.id, "Title": t.title,
        "Description": f"{t.title} for ticket {p.id}.", "IsActive": True,
        "StartDate": fmt_ms(t.created_ms), "EndDate": fmt_ms(t.due_ms),
        "CompleteWithinMinutes": 0, "EstimatedMinutes": 60,
        "ActualMinutes": sum(x.minutes for x in life.work if x.task == k and not x.deleted),
        "PercentComplete": 100 if done is not None else 0,
        "CreatedDate": fmt_ms(t.created_ms), "CreatedUid": creator.uid,
        "CreatedFullName": creator.full_name, "CreatedEmail": creator.email,
        "ModifiedDate": fmt_ms(done if done is not None else t.created_ms),
        "ModifiedUid": resp.uid, "ModifiedFullName": resp.full_name,
        "CompletedDate": fmt_opt_ms(done), "CompletedUid": resp.uid if done else None,
        "CompletedFullName": resp.full_name if done else "",
        "ResponsibleUid": resp.uid, "ResponsibleFullName": resp.full_name,
        "ResponsibleEmail": resp.email, "ResponsibleGroupID": group.id,
        "ResponsibleGroupName": group.name, "PredecessorID": 0, "PredecessorTitle": "",
        "Order": k + 1, "TypeID": 1, "DetectedConflictCount": 0, "DetectedConflictTypes": 0,
        "LastConflictScanDateUtc": EMPTY_DATE, "Uri": f"api/{w.app_id}/tickets/{p.id}/tasks/"
                                                      f"{task_id(p.index, k)}",
    }  # fmt: skip


def feed_id(life: Life, pos: int) -> int:
    """The ID of the feed entry at position ``pos`` of the ticket's events."""
    e = life.events[pos]
    return e.eid or FEED_ID_BASE + life.p.index * FEED_SLOTS + pos


def feed_body(e: Event) -> str:
    """The entry's HTML body; status changes read ``Changed Status from "A" to "B".``."""
    if e.kind != STATUS_CHANGE:
        return e.text
    body = (
        f'Changed Status from "{STATUSES[e.from_status].name}" to "{STATUSES[e.to_status].name}".'
    )
    return f"{body}<br/>{e.text}" if e.text else body


REPLY_ID_BASE = 90_000_000
REPLY_SLOTS = 4
"""Reply IDs: base + the entry's ID offset * 4 + the reply's position (at most three)."""


def feed_json(w: World, life: Life, pos: int, replies: int | None = None) -> dict[str, Any]:
    """``TeamDynamix.Api.Feed.ItemUpdate`` for one of the ticket's events, with its first
    ``replies`` replies (all when None); ``RepliesCount`` counts them all."""
    e, p = life.events[pos], life.p
    actor = w.directory.people[e.actor]
    when = fmt_ms(e.ms)
    entry_id = feed_id(life, pos)
    listed = [
        {"ID": r.rid or REPLY_ID_BASE + (entry_id - FEED_ID_BASE) * REPLY_SLOTS + k,
         "Body": r.text, "CreatedUid": w.directory.people[r.actor].uid,
         "CreatedFullName": w.directory.people[r.actor].full_name,
         "CreatedDate": fmt_ms(r.ms)}
        for k, r in enumerate(e.replies[:replies])
    ]  # fmt: skip
    return {
        "ID": entry_id, "CreatedUid": actor.uid, "CreatedRefID": actor.ref_id,
        "CreatedFullName": actor.full_name, "CreatedFirstName": actor.first,
        "CreatedLastName": actor.last, "CreatedByPicPath": None, "CreatedDate": when,
        "LastUpdatedDate": fmt_ms(e.updated_ms), "ProjectID": 0, "ProjectName": "", "PlanID": 0,
        "PlanName": "", "ItemType": TICKET_COMPONENT, "ItemID": p.id, "ItemTitle": p.title,
        "ReferenceID": p.id, "Body": feed_body(e), "UpdateType": e.kind,
        "NotifiedList": "" if e.kind != COMMENT else actor.full_name,
        "IsPrivate": e.private, "IsParent": True, "Replies": listed,
        "RepliesCount": len(e.replies),
        "Likes": [], "ILike": False, "LikesCount": 0, "Participants": [],
        "BreadcrumbsHtml": "", "HasAttachment": False,
    }  # fmt: skip


def time_id(i: int, k: int) -> int:
    """The ID of time entry ``k`` of ticket ``i``."""
    return TIME_ID_BASE + i * TIME_SLOTS + k


def time_json(w: World, life: Life, k: int) -> dict[str, Any]:
    """``TeamDynamix.Api.Time.TimeEntry``; system dates are zone-less tenant wall-clock time."""
    x: Work = life.work[k]
    p, person = life.p, w.directory.people[x.person]
    ttype = TIME_TYPES[x.time_type]
    on_task = x.task >= 0
    status_person = w.directory.people[life.responsible] if life.responsible >= 0 else person
    return {
        "TimeID": x.eid or time_id(p.index, k),
        "ItemID": task_id(p.index, x.task) if on_task else p.id,
        "ItemTitle": life.tasks[x.task].title if on_task else p.title,
        "Uid": person.uid, "FunctionalRoleId": 0, "TimeTypeID": ttype.id,
        "TimeTypeName": ttype.name, "Billable": ttype.billable,
        "AppID": w.app_id if not on_task else 0, "AppName": w.apps.tickets.name if not on_task
        else "", "Component": TICKET_TASK_COMPONENT if on_task else TICKET_COMPONENT,
        "TicketID": p.id, "ProjectID": 0, "ProjectName": "", "PlanID": 0, "PortfolioID": 0,
        "PortfolioName": "", "TimeDate": fmt_date(x.ms, w.tz), "Minutes": float(x.minutes),
        "Description": f"Worked on: {p.title}", "Status": x.status,
        "StatusFullName": status_person.full_name if x.status else "",
        "StatusUid": status_person.uid if x.status else None,
        "StatusDate": fmt_local_ms(x.status_ms, w.tz) if x.status else EMPTY_DATE_LOCAL,
        "CreatedDate": fmt_local_ms(time_created_ms(x), w.tz),
        "ModifiedDate": fmt_local_ms(max(time_created_ms(x), x.status_ms, x.modified_ms), w.tz),
        "ProjectIsActive": False, "ApproverFullName": "", "ApproverUid": None,
        "CostRate": 0.0, "BillRate": 0.0, "Limited": False,
    }  # fmt: skip


def time_created_ms(x: Work) -> int:
    """When a time entry was created (it is entered when the work is done)."""
    return x.ms + x.minutes * 60_000
