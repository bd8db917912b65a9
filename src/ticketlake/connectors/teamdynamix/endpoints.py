"""Every TeamDynamix call ticketlake may make, with its documented rate limit.

This tuple is the connector's read-only allow-list: the transport refuses any other
(method, template) before it reaches the network. The only non-GET calls are the logins and the
documented search POSTs, which read. ``confirmed=False`` marks a limit that is our best reading
of an UNCONFIRMED source (../shared/reference/teamdynamix.md §2); the server's
``X-RateLimit-*`` headers correct every budget at run time either way.
"""

from __future__ import annotations

from ticketlake.transport.endpoint import Endpoint, Limit

PER_MINUTE = Limit(60, 60.0)
SEARCH = Limit(30, 60.0)
REPORT_TIMEOUT = 120.0

# Templates are relative to the Web API root (…/TDWebApi/ or …/SBTDWebApi/).
LOGIN = "api/auth"
LOGIN_ADMIN = "api/auth/loginadmin"
GET_USER = "api/auth/getuser"
APPLICATIONS = "api/applications"
TICKET_SEARCH = "api/{appId}/tickets/search"
TICKET = "api/{appId}/tickets/{id}"
TICKET_FEED = "api/{appId}/tickets/{id}/feed"
APP_FEED = "api/{appId}/tickets/feed"
TICKET_TASKS = "api/{appId}/tickets/{id}/tasks"
TICKET_TASK = "api/{appId}/tickets/{id}/tasks/{taskId}"
TICKET_STATUSES = "api/{appId}/tickets/statuses"
TICKET_TYPES = "api/{appId}/tickets/types"
TICKET_PRIORITIES = "api/{appId}/tickets/priorities"
TICKET_IMPACTS = "api/{appId}/tickets/impacts"
TICKET_URGENCIES = "api/{appId}/tickets/urgencies"
TICKET_SOURCES = "api/{appId}/tickets/sources"
TICKET_FORMS = "api/{appId}/tickets/forms"
TIME_SEARCH = "api/time/search"
TIME_TYPES = "api/time/types"
PEOPLE_SEARCH = "api/people/search"
PERSON = "api/people/{uid}"
GROUP_SEARCH = "api/groups/search"
GROUP = "api/groups/{id}"
GROUP_MEMBERS = "api/groups/{id}/members"
CUSTOM_ATTRIBUTES = "api/attributes/custom"
ATTRIBUTE_CHOICES = "api/attributes/{id}/choices"
ACCOUNTS = "api/accounts"
ACCOUNT = "api/accounts/{id}"
LOCATIONS = "api/locations"
LOCATION = "api/locations/{id}"
REPORTS = "api/reports"
REPORT = "api/reports/{id}"


def _get(template: str, limit: Limit = PER_MINUTE, *, confirmed: bool = True) -> Endpoint:
    return Endpoint("GET", template, limit, confirmed)


def _post(template: str, limit: Limit = PER_MINUTE, *, confirmed: bool = True) -> Endpoint:
    return Endpoint("POST", template, limit, confirmed)


ENDPOINTS: tuple[Endpoint, ...] = (
    # Auth section: 60 / IP / 60 s for every api/auth* method [DOC].
    _post(LOGIN),
    _post(LOGIN_ADMIN),
    _get(GET_USER),
    _get(APPLICATIONS, confirmed=False),  # chatt-state notes only
    # Tickets. squaredup/chatt-state: 30/60 s. An unpaged answer may be large: a report's time.
    Endpoint("POST", TICKET_SEARCH, SEARCH, confirmed=False, timeout=REPORT_TIMEOUT),
    _get(TICKET),  # DOC
    _get(TICKET_FEED, confirmed=False),  # not found in the docs
    _get(APP_FEED, confirmed=False),  # not found in the docs
    _get(TICKET_TASKS),  # DOC TicketTasks
    _get(TICKET_TASK),  # DOC TicketTasks
    _get(TICKET_STATUSES),
    _get(TICKET_TYPES),
    _get(TICKET_PRIORITIES),
    _get(TICKET_IMPACTS),
    _get(TICKET_URGENCIES),
    _get(TICKET_SOURCES),
    _get(TICKET_FORMS, confirmed=False),
    # Time (TDTimeExpense).
    _post(TIME_SEARCH, SEARCH, confirmed=False),  # squaredup README only
    _get(TIME_TYPES, confirmed=False),
    # People and groups (seed 004 for people; 2016 docs for groups).
    _post(PEOPLE_SEARCH),  # DOC seed 004 and TDX support answer
    _get(PERSON),  # DOC seed 004
    _post(GROUP_SEARCH),  # DOC-2016
    _get(GROUP),  # DOC
    _get(GROUP_MEMBERS, confirmed=False),
    # Reference data.
    _get(CUSTOM_ATTRIBUTES),  # DOC-2016
    _get(ATTRIBUTE_CHOICES),  # DOC (admin service account only)
    _get(ACCOUNTS),  # doc text copied in a public client
    _get(ACCOUNT, confirmed=False),  # the same client's doc text; not in the reference
    _get(LOCATIONS, confirmed=False),
    _get(LOCATION, confirmed=False),
    _get(REPORTS, confirmed=False),
    # A report runs a query the server allows 90 s (reference §3.5): wait past that.
    Endpoint("GET", REPORT, PER_MINUTE, confirmed=False, timeout=REPORT_TIMEOUT),
)

BY_KEY: dict[str, Endpoint] = {e.key: e for e in ENDPOINTS}


def key(method: str, template: str) -> str:
    """The budget/accounting key of an allowed endpoint; ``KeyError`` if it is not allowed."""
    return BY_KEY[f"{method} {template}"].key
