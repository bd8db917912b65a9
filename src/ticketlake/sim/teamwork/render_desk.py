"""Desk v2 records as the API serves them (reference C; the Desk SDK's models): tickets with
``{id, type, meta}`` references, messages, time logs, customers, companies, users, and the
reference data (statuses, priorities, types, sources, inboxes, SLAs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ticketlake.sim.teamwork import catalog
from ticketlake.sim.teamwork.directory import CUSTOMER_BASE
from ticketlake.sim.teamwork.tasks import Timelog
from ticketlake.sim.teamwork.tickets import TicketLife
from ticketlake.sim.teamwork.wire import fmt

if TYPE_CHECKING:
    from ticketlake.sim.teamwork.tenant import Tenant

Record = dict[str, Any]
REFERENCE = ("ticketstatuses", "ticketpriorities", "tickettypes", "ticketsources", "inboxes",
             "slas", "users", "companies")  # fmt: skip


def eref(ident: int | None, kind: str) -> Record | None:
    """A Desk ``EntityRef``: ``{"id", "type", "meta"}``."""
    return None if ident is None else {"id": ident, "type": kind, "meta": {}}


def _base(ident: int, created: int, updated: int, by: int | None, state: str) -> Record:
    return {
        "id": ident,
        "createdAt": fmt(created),
        "updatedAt": fmt(updated),
        "createdBy": eref(by, "users"),
        "updatedBy": eref(by, "users"),
        "state": state,
    }


def ticket_json(t: Tenant, life: TicketLife) -> Record:
    """A ticket (``state`` ``active`` or ``deleted``)."""
    d = t.world.directory
    customer = d.customer(life.customer)
    agent = None if life.agent is None else d.people[life.agent].id
    first = life.messages[0]
    resolution = (life.resolved_ms - life.created_ms) // 60_000 if life.resolved_ms else 0
    response = (life.responded_ms - life.created_ms) // 60_000 if life.responded_ms else 0
    return {**_base(life.id, life.created_ms, life.updated_ms, agent,
                    "deleted" if life.deleted_ms else "active"),
            "activities": [], "agent": eref(agent, "users"), "bcc": [], "message": first.body,
            "cc": [], "contact": eref(customer[0], "customers"),
            "customer": eref(customer[0], "customers"),
            "company": eref(d.company_id(customer[4]), "companies"), "files": [],
            "happinessSurveySentAt": None, "imagesHidden": False,
            "inbox": eref(catalog.INBOXES[life.inbox][0], "inboxes"),
            "isRead": life.responded_ms is not None, "messageCount": len(life.messages),
            "messages": [eref(m.id, "messages") for m in life.messages],
            "notifyCustomer": True, "originalRecipient": f"{catalog.INBOXES[life.inbox][2]}@"
                                                         f"{t.site.name}.example.com",
            "previewText": first.body[:100],
            "priority": eref(catalog.TICKET_PRIORITIES[life.priority][0], "ticketpriorities"),
            "readonly": False, "resolutionTimeMins": resolution, "responseTimeMins": response,
            "source": eref(catalog.TICKET_SOURCES[life.source][0], "ticketsources"),
            "spam_rules": None, "spam_score": 0,
            "status": eref(catalog.TICKET_STATUSES[life.status][0], "ticketstatuses"),
            "subject": life.subject, "suggestions": {},
            "tags": [eref(tag, "tags") for tag in life.tags],
            "timelogs": [eref(x.id, "timelogs") for x in life.timelogs if not x.deleted_ms],
            "type": eref(catalog.TICKET_TYPES[life.type][0], "tickettypes"),
            "deletedAt": fmt(life.deleted_ms)}  # fmt: skip


def _user(t: Tenant, k: int | None) -> int | None:
    """A staff member's Desk user ID (the ID of the same person in Projects)."""
    return None if k is None else t.world.directory.people[k].id


def message_json(t: Tenant, life: TicketLife, m: int) -> Record:
    """Message ``m`` of a ticket (an agent's names the agent's user ID)."""
    msg = life.messages[m]
    by = None if msg.from_customer else _user(t, msg.by)
    return {**_base(msg.id, msg.at_ms, msg.at_ms, by, "active"),
            "message": f"<p>{msg.body}</p>", "threadType": msg.thread_type,
            "ticket": eref(life.id, "tickets"),
            "customer": eref(CUSTOMER_BASE + life.customer, "customers") if msg.from_customer
            else None, "status": "active", "isPinned": False}  # fmt: skip


def timelog_json(t: Tenant, life: TicketLife, x: int) -> Record:
    """Time log ``x`` of a ticket, Desk-shaped (C); a deleted one has ``state`` deleted."""
    log: Timelog = life.timelogs[x]
    user = _user(t, log.user)
    state = "deleted" if log.deleted_ms else "active"
    return {**_base(log.id, log.created_ms, log.updated_ms, user, state),
            "billable": log.billable, "description": log.description,
            "date": fmt(log.logged_ms), "seconds": log.minutes * 60, "timezoneOffset": 0,
            "ticket": eref(life.id, "tickets"), "user": eref(user, "users")}  # fmt: skip


def customer_json(t: Tenant, c: int) -> Record:
    """Desk customer ``c``."""
    d = t.world.directory
    ident, first, last, email, company = d.customer(c)
    made = d.start_ms - (c % 400) * 86_400_000
    return {**_base(ident, made, made, None, "active"), "firstName": first, "lastName": last,
            "email": email, "contacts": [{"type": "email", "value": email}],
            "company": eref(d.company_id(company), "companies"), "organization": "",
            "jobTitle": "", "phone": "", "mobile": "", "verifiedEmail": True, "trusted": False,
            "extraData": ""}  # fmt: skip


def sla_result(life: TicketLife) -> Record:
    """Whether a ticket met its SLA (derived; not served: Desk reports it in its UI)."""
    ident, name, respond, resolve, _ = catalog.sla_of(life.priority)
    response = (life.responded_ms - life.created_ms) / 60_000 if life.responded_ms else None
    resolution = (life.resolved_ms - life.created_ms) / 60_000 if life.resolved_ms else None
    return {
        "ticketId": life.id,
        "slaId": ident,
        "sla": name,
        "firstResponseMet": None if response is None else response <= respond,
        "resolutionMet": None if resolution is None else resolution <= resolve,
    }


def reference(t: Tenant, kind: str) -> list[Record]:
    """Every record of a small Desk resource."""
    d = t.world.directory
    made = d.start_ms - 400 * 86_400_000

    def base(i: int) -> Record:
        return _base(i, made, made, d.people[0].id, "active")

    table: dict[str, Any] = {
        "ticketstatuses": lambda: [{**base(i), "name": n, "code": c, "color": col,
                                    "displayOrder": k, "isCustom": False}
                                   for k, (i, n, c, col) in enumerate(catalog.TICKET_STATUSES)],
        "ticketpriorities": lambda: [{**base(i), "name": n, "color": col, "displayOrder": k}
                                     for k, (i, n, col) in enumerate(catalog.TICKET_PRIORITIES)],
        "tickettypes": lambda: [{**base(i), "name": n, "displayOrder": k, "default": k == 0,
                                 "inboxes": [eref(b[0], "inboxes") for b in catalog.INBOXES]}
                                for k, (i, n) in enumerate(catalog.TICKET_TYPES)],
        "ticketsources": lambda: [{**base(i), "name": n}
                                  for i, n in catalog.TICKET_SOURCES],
        "inboxes": lambda: [{**base(i), "name": n, "email": f"{e}@{t.site.name}.example.com",
                             "publicIdentifier": e} for i, n, e in catalog.INBOXES],
        "slas": lambda: [{**base(i), "name": n, "description": f"First response {r} min, "
                          f"resolution {s} min", "displayOrder": i, "enabled": True,
                          "businesshours": None, "slacustomers": [], "slacompanies": [],
                          "slainboxes": [], "slatickettypes": [], "slatags": [],
                          "slanotifications": [], "threads": [],
                          "slaticketpriorities": [eref(catalog.TICKET_PRIORITIES[p][0],
                                                       "ticketpriorities") for p in ps]}
                         for i, n, r, s, ps in catalog.SLAS],
        "users": lambda: [{**base(d.people[k].id), "firstName": d.people[k].first,
                           "lastName": d.people[k].last, "email": d.people[k].email,
                           "role": "admin" if d.people[k].admin else "agent",
                           "isPartTime": False, "timezone": "America/New_York"}
                          for k in d.staff],
        "companies": lambda: [{**base(d.company_id(k)), "name": d.company_name(k),
                               "description": "", "domains": [], "industry": None,
                               "website": "", "permission": "own"}
                              for k in range(1, d.companies)],
    }  # fmt: skip
    records: list[Record] = table[kind]()
    return records
