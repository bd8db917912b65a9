"""Teamwork.com Desk to the canonical model.

- A ticket is a ticket of ``kind`` ``ticket``: subject, first message, status (its ``code``
  gives the status class), priority, type, source, inbox (the responsible group), customer
  (the requester, ``customer:{id}``), agent (responsible, ``user:{id}``), company (account).
  First response and resolution are ``createdAt`` plus ``responseTimeMins`` /
  ``resolutionTimeMins`` (0 means "not yet": a response within the first minute reads as
  none; UNCONFIRMED). The SLA is the one covering the ticket's priority; whether it was met is
  not served (SLA targets are not fields), so ``sla_*violated`` stay null. A deleted ticket
  (``state`` deleted) keeps its row with ``deleted_at``.
- A message is an event ``message:{id}``: a customer's or an agent's ``comment``; a note
  (``threadType`` note) is private.
- A time log (sideloaded with its ticket) is a time entry: seconds as minutes, its user.
- Customers are people ``customer:{id}``, users ``user:{id}``; companies are accounts; inboxes
  are groups; statuses, priorities, types and sources are reference values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ticketlake.connectors.teamwork.mapping_projects import ref_row
from ticketlake.connectors.teamwork.rows import Row, instant, later, person, raw, ref

USER = "user"
CUSTOMER = "customer"
STATUS_CLASSES = {
    "new": "new",
    "active": "in_process",
    "waiting": "on_hold",
    "on-hold": "on_hold",
    "onhold": "on_hold",
    "pending": "on_hold",
    "solved": "completed",
    "closed": "completed",
    "spam": "cancelled",
}
"""A Desk status ``code`` -> its status class (a custom status: in process)."""
REFERENCE = {
    "ticketstatuses": "status",
    "ticketpriorities": "priority",
    "tickettypes": "type",
    "ticketsources": "source",
}
"""Desk resource -> its ``ref_values`` kind."""


@dataclass(frozen=True)
class Lookups:
    """Names ticket records carry as references only."""

    names: dict[str, dict[int, str]] = field(default_factory=dict)
    """Desk resource (``ticketstatuses``, ``inboxes``, ``companies``...) -> id -> name."""
    classes: dict[int, str] = field(default_factory=dict)
    """Status ID -> status class."""
    slas: dict[int, tuple[int, str]] = field(default_factory=dict)
    """Priority ID -> (SLA ID, SLA name)."""

    def name(self, resource: str, ident: int | None) -> str | None:
        """The name of a referenced record."""
        return None if ident is None else self.names.get(resource, {}).get(ident)


def status_class(code: object) -> str:
    """The status class of a status ``code``."""
    return STATUS_CLASSES.get(str(code or "").lower(), "in_process")


def lookups(lists: Mapping[str, list[dict[str, Any]]]) -> Lookups:
    """The lookups from Desk's small lists (resource -> records)."""
    names = {r: {x["id"]: str(x.get("name") or "") for x in rows} for r, rows in lists.items()}
    classes = {s["id"]: status_class(s.get("code")) for s in lists.get("ticketstatuses", [])}
    slas: dict[int, tuple[int, str]] = {}
    for sla in lists.get("slas", []):
        for p in sla.get("slaticketpriorities") or []:
            if (found := ref(p)) is not None:
                slas.setdefault(found, (sla["id"], str(sla.get("name") or "")))
    return Lookups(names, classes, slas)


def ticket_row(t: Mapping[str, Any], look: Lookups) -> Row:
    """One Desk ticket."""
    status, priority = ref(t.get("status")), ref(t.get("priority"))
    kind, source, inbox = ref(t.get("type")), ref(t.get("source")), ref(t.get("inbox"))
    company = ref(t.get("company"))
    created = instant(t.get("createdAt"))
    klass = look.classes.get(status, "in_process") if status is not None else None
    sla = look.slas.get(priority) if priority is not None else None
    deleted = t.get("state") == "deleted"
    return {
        "id": t["id"],
        "number": str(t["id"]),
        "title": t.get("subject"),
        "description": t.get("message"),
        "kind": "ticket",
        "type_id": kind,
        "type": look.name("tickettypes", kind),
        "status_id": status,
        "status": look.name("ticketstatuses", status),
        "status_class": klass,
        "priority_id": priority,
        "priority": look.name("ticketpriorities", priority),
        "source_id": source,
        "source": look.name("ticketsources", source),
        "account_id": company,
        "account": look.name("companies", company),
        "requester_id": person(CUSTOMER, t.get("customer")),
        "responsible_person_id": person(USER, t.get("agent")),
        "responsible_group_id": inbox,
        "responsible_group": look.name("inboxes", inbox),
        "created_at": created,
        "modified_at": instant(t.get("updatedAt")),
        "responded_at": later(created, t.get("responseTimeMins")),
        "completed_at": later(created, t.get("resolutionTimeMins"))
        if klass == "completed"
        else None,
        "sla_id": sla[0] if sla else None,
        "sla": sla[1] if sla else None,
        "deleted_at": (instant(t.get("deletedAt")) or instant(t.get("updatedAt")))
        if deleted
        else None,
        "raw": raw(t),
    }


def message_row(m: Mapping[str, Any]) -> Row:
    """A message as an event."""
    author = person(USER, m.get("createdBy")) or person(CUSTOMER, m.get("customer"))
    return {
        "id": f"message:{m['id']}",
        "ticket_id": ref(m.get("ticket")),
        "kind": "comment",
        "created_at": instant(m.get("createdAt")),
        "author_id": author,
        "body_html": m.get("message"),
        "is_private": m.get("threadType") == "note",
        "origin": "feed",
        "raw": raw(m),
    }


def timelog_row(x: Mapping[str, Any]) -> Row:
    """A Desk-shaped time log as a time entry."""
    logged = instant(x.get("date"))
    seconds = x.get("seconds")
    return {
        "id": x["id"],
        "ticket_id": ref(x.get("ticket")),
        "person_id": person(USER, x.get("user")),
        "work_date": logged.date() if logged else None,
        "minutes": float(seconds) / 60 if isinstance(seconds, int | float) else None,
        "billable": x.get("billable"),
        "description": x.get("description"),
        "created_at": instant(x.get("createdAt")),
        "modified_at": instant(x.get("updatedAt")),
        "raw": raw(x),
    }


def user_row(u: Mapping[str, Any], prefix: str) -> Row:
    """A Desk user (``user``) or customer (``customer``)."""
    name = " ".join(str(n) for n in (u.get("firstName"), u.get("lastName")) if n)
    return {
        "id": f"{prefix}:{u['id']}",
        "kind": "agent" if prefix == USER else CUSTOMER,
        "reference_id": u["id"],
        "username": u.get("email"),
        "full_name": name or None,
        "email": u.get("email"),
        "title": u.get("jobTitle") or u.get("role"),
        "is_active": u.get("state", "active") == "active",
        "is_employee": prefix == USER,
        "default_account_id": ref(u.get("company")),
        "raw": raw(u),
    }


def account_row(c: Mapping[str, Any]) -> Row:
    """A Desk company."""
    return {
        "id": c["id"],
        "name": c.get("name"),
        "is_active": c.get("state") != "deleted",
        "raw": raw(c),
    }


def group_row(inbox: Mapping[str, Any]) -> Row:
    """An inbox as a group."""
    return {
        "id": inbox["id"],
        "name": inbox.get("name"),
        "description": inbox.get("email"),
        "is_active": inbox.get("state", "active") == "active",
        "created_at": instant(inbox.get("createdAt")),
        "modified_at": instant(inbox.get("updatedAt")),
        "raw": raw(inbox),
    }


def reference_rows(resource: str, records: list[dict[str, Any]]) -> list[Row]:
    """A Desk reference list as reference values."""
    kind = REFERENCE[resource]
    if kind == "status":
        return [ref_row(kind, r, status_class=status_class(r.get("code"))) for r in records]
    return [ref_row(kind, r) for r in records]
