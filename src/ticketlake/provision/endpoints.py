"""Every TeamDynamix call provisioning may make: its own allow-list, with documented limits.

This tuple is separate from the connector's read-only allow-list
(``connectors/teamdynamix/endpoints.py``), which sync and check keep using and which refuses
every write. Only ``ticketlake provision`` builds a transport on this one, with the admin
service account's key. Limits: seeds 001/004 for the People section (45 writes per IP per 60 s,
60 reads, every bulk call 1 per organization per 120 s); the SecurityRoles section for roles
(60 per IP per 60 s; search and create UNCONFIRMED, same reading).
"""

from __future__ import annotations

from ticketlake.transport.endpoint import Endpoint, Limit

PER_MINUTE = Limit(60, 60.0)
PEOPLE_WRITE = Limit(45, 60.0)
BULK = Limit(1, 120.0, scope="org")

LOGIN_ADMIN = "api/auth/loginadmin"
APPLICATIONS = "api/applications"
PEOPLE_SEARCH = "api/people/search"
PERSON = "api/people/{uid}"
PEOPLE = "api/people"
ACTIVE = "api/people/{uid}/isactive"
CHANGE_ACCTDEPTS = "api/people/bulk/changeacctdepts"
ROLE = "api/securityroles/{id}"
ROLES = "api/securityroles"
ROLE_SEARCH = "api/securityroles/search"
PERMISSIONS = "api/securityroles/permissions"

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("POST", LOGIN_ADMIN, PER_MINUTE),
    Endpoint("GET", APPLICATIONS, PER_MINUTE, confirmed=False),
    Endpoint("POST", PEOPLE_SEARCH, PER_MINUTE),
    Endpoint("GET", PERSON, PER_MINUTE),
    Endpoint("POST", PEOPLE, PEOPLE_WRITE),
    Endpoint("PATCH", PERSON, PEOPLE_WRITE),
    Endpoint("PUT", ACTIVE, PER_MINUTE),
    Endpoint("POST", CHANGE_ACCTDEPTS, BULK),
    Endpoint("GET", ROLE, PER_MINUTE),
    Endpoint("POST", ROLE_SEARCH, PER_MINUTE, confirmed=False),
    Endpoint("GET", PERMISSIONS, PER_MINUTE),
    Endpoint("POST", ROLES, PER_MINUTE, confirmed=False),
    Endpoint("PUT", ROLE, PER_MINUTE),
)
"""Reads the plan needs, then the writes it may send; nothing that deletes."""

WRITES = frozenset(
    e.key
    for e in ENDPOINTS
    if e.method != "GET" and e.template not in (LOGIN_ADMIN, PEOPLE_SEARCH, ROLE_SEARCH)
)
"""The keys of calls that change the tenant (audited one by one)."""


def limit_of(method: str, template: str) -> Limit:
    """The documented limit of one allowed call."""
    for e in ENDPOINTS:
        if e.method == method and e.template == template and e.limit is not None:
            return e.limit
    raise KeyError(f"{method} {template}")
