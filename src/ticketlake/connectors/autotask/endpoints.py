"""Every Autotask call ticketlake may make, with the tenant's budget it draws on.

This table is the connector's read-only allow-list: the transport refuses any other
(method, template) before it reaches the network. The only non-GET calls are each entity's
``query``, ``query/next`` and ``query/count`` POSTs, which read (reference A3, A4); Autotask's
writes (``POST``/``PUT``/``PATCH {Entity}``, ``DELETE``, child routes) are not in it.

Every call counts against the tenant's threshold: 10,000 requests in any 60 minutes for the
whole database, every integration's (reference A8). So every endpoint carries one ``Limit``
of ``tenant`` scope on a ``rolling`` hour, of which this connection takes ``share``; and at
most ``PARALLEL`` calls per object endpoint at once (Autotask allows 3 threads per tracking
identifier and endpoint, and the checks may run beside a sync). Zone information is
neither counted nor thread-limited (A1, A8): it has its own transport (``zone.py``).
Templates are relative to the zone's REST root (``https://webservicesN.autotask.net/
ATServicesRest/``); Autotask reads paths in any case.
"""

from __future__ import annotations

from ticketlake.transport.endpoint import Endpoint, Limit

THRESHOLD = 10_000
"""External requests per rolling hour for the whole database (reference A8)."""
HOUR = 3600.0
PARALLEL = 2
"""Concurrent calls per object endpoint (Autotask's limit is 3 per tracking identifier)."""

TICKETS = "Tickets"
NOTES = "TicketNotes"
TIME = "TimeEntries"
RESOURCES = "Resources"
COMPANIES = "Companies"
CONTACTS = "Contacts"
ROLES = "Roles"
DEPARTMENTS = "Departments"
CATEGORIES = "TicketCategories"
SLA_RESULTS = "ServiceLevelAgreementResults"
HISTORY = "TicketHistory"
DELETED_TICKETS = "DeletedTicketLogs"
DELETED_ACTIVITY = "DeletedTicketActivityLogs"
ENTITIES = (TICKETS, NOTES, TIME, RESOURCES, COMPANIES, CONTACTS, ROLES, DEPARTMENTS,
            CATEGORIES, SLA_RESULTS, HISTORY, DELETED_TICKETS, DELETED_ACTIVITY)  # fmt: skip

ZONE_INFORMATION = "V1.0/zoneInformation"
THRESHOLD_INFORMATION = "V1.0/ThresholdInformation"


def query(entity: str) -> str:
    """``POST V1.0/{Entity}/query``: the first page of a query."""
    return f"V1.0/{entity}/query"


def next_page(entity: str) -> str:
    """``POST V1.0/{Entity}/query/next``: a later page (``nextPageUrl``, with the same body)."""
    return f"V1.0/{entity}/query/next"


def count(entity: str) -> str:
    """``POST V1.0/{Entity}/query/count``: how many records a filter matches."""
    return f"V1.0/{entity}/query/count"


def item(entity: str) -> str:
    """``GET V1.0/{Entity}/{id}``: one record."""
    return f"V1.0/{entity}/{{id}}"


def information(entity: str) -> str:
    """``GET V1.0/{Entity}/entityInformation``: what the API user may do with the entity."""
    return f"V1.0/{entity}/entityInformation"


def fields(entity: str) -> str:
    """``GET V1.0/{Entity}/entityInformation/fields``: fields and picklists."""
    return f"V1.0/{entity}/entityInformation/fields"


def udfs(entity: str) -> str:
    """``GET V1.0/{Entity}/entityInformation/userDefinedFields``: UDF definitions."""
    return f"V1.0/{entity}/entityInformation/userDefinedFields"


def endpoints(share: float = 0.5) -> tuple[Endpoint, ...]:
    """The allow-list, each call drawing on ``share`` of the tenant's rolling hour."""
    limit = Limit(THRESHOLD, HOUR, scope="tenant", window="rolling", share=share)

    def on(entity: str, method: str, template: str) -> Endpoint:
        return Endpoint(method, template, limit, parallel=PARALLEL, group=entity)

    table = [Endpoint("GET", THRESHOLD_INFORMATION, limit, parallel=1)]
    for e in ENTITIES:
        table += [
            on(e, "POST", query(e)),
            on(e, "POST", next_page(e)),
            on(e, "POST", count(e)),
            on(e, "GET", item(e)),
            on(e, "GET", information(e)),
            on(e, "GET", fields(e)),
            on(e, "GET", udfs(e)),
        ]
    return tuple(table)


ENDPOINTS = endpoints()
"""The allow-list at the default share (a connection's own share: ``endpoints(share)``)."""


def key(method: str, template: str) -> str:
    """The accounting key of an endpoint (``POST V1.0/Tickets/query``)."""
    return f"{method} {template}"
