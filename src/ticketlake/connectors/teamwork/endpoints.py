"""Every Teamwork.com call ticketlake may make, with the account budget it draws on.

This table is the connector's read-only allow-list: the transport refuses any other
(method, template) before it reaches the network. Every call is a GET (Desk's search may be
POSTed, reference C, but its GET reads the same); templates are relative to the site's root.

Teamwork counts calls per *account*, every user and app of the site together, and each API on
its own (B5, C, D): Projects 150 a minute up to the Grow plan (300 on Scale: the server's
``X-RateLimit-Limit`` corrects the budget; 150 is read from a secondary source, hence
``confirmed=False``), Desk 120, Spaces 150. So each API is one ``tenant`` pool shared by all
its endpoints, in fixed minutes.

Projects v1 and v2 paths are listed for the onboarding checks (which say when the chosen
version cannot serve what a sync needs); the sync reads v3 and Desk v2.
"""

from __future__ import annotations

from ticketlake.transport.endpoint import Endpoint, Limit

MINUTE = 60.0
PROJECTS_PER_MINUTE = 150
DESK_PER_MINUTE = 120
SPACES_PER_MINUTE = 150

V3 = "projects/api/v3/"
DESK = "desk/api/v2/"
SPACES = "spaces/api/v1/"

PROJECTS_V3 = (
    "projects",
    "projects/{id}",
    "tasks",
    "tasks/{id}",
    "tasklists",
    "tasklists/{id}",
    "time",
    "time/{id}",
    "people",
    "people/{id}",
    "me",
    "companies",
    "companies/{id}",
    "comments",
    "milestones",
    "tags",
    "customfields",
    "latestactivity",
    "workflows/{id}/stages",
)
PROJECTS_V1 = ("projects", "tasks", "time_entries", "people", "companies", "teams", "me")
PROJECTS_V2 = ("time", "tasks", "projects")
DESK_V2 = (
    "tickets",
    "tickets/{id}",
    "tickets/{id}/messages",
    "search/tickets",
    "customers",
    "customers/{id}",
    "companies",
    "users",
    "inboxes",
    "ticketstatuses",
    "ticketpriorities",
    "tickettypes",
    "ticketsources",
    "slas",
)
SPACES_V1 = ("spaces", "spaces/{id}", "spaces/{id}/pages", "pages/{id}", "users", "users/{id}")


def v3(resource: str) -> str:
    """``projects/api/v3/{resource}.json``."""
    return f"{V3}{resource}.json"


def desk(resource: str) -> str:
    """``desk/api/v2/{resource}.json``."""
    return f"{DESK}{resource}.json"


def spaces(resource: str) -> str:
    """``spaces/api/v1/{resource}.json``."""
    return f"{SPACES}{resource}.json"


def _pool(calls: int, pool: str) -> Limit:
    return Limit(calls, MINUTE, scope="tenant", window="fixed", pool=pool)


PROJECTS_LIMIT = _pool(PROJECTS_PER_MINUTE, "projects")
DESK_LIMIT = _pool(DESK_PER_MINUTE, "desk")
SPACES_LIMIT = _pool(SPACES_PER_MINUTE, "spaces")


def endpoints() -> tuple[Endpoint, ...]:
    """The allow-list."""
    projects = [v3(r) for r in PROJECTS_V3] + [f"{r}.json" for r in PROJECTS_V1]
    projects += [f"projects/api/v2/{r}.json" for r in PROJECTS_V2]
    return (
        *(Endpoint("GET", t, PROJECTS_LIMIT, confirmed=False) for t in projects),
        *(Endpoint("GET", desk(r), DESK_LIMIT) for r in DESK_V2),
        *(Endpoint("GET", spaces(r), SPACES_LIMIT) for r in SPACES_V1),
    )


ENDPOINTS = endpoints()


def key(template: str) -> str:
    """The accounting key of a GET endpoint."""
    return f"GET {template}"
