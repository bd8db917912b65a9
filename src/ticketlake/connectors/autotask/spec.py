"""The Autotask connection spec, with help text from Autotask's API-user setup (seed 002).

The setup has two numbered lists, cited as the guide's two parts: the security level (copied
from "API User (system) (API-only)" and restricted section by section) and the API user (with
that level, a generated user name and secret, and an API Tracking Identifier). ``STEPS`` words
each step as ticketlake needs it done: read access in the sections the streams read, nothing
else, and "Custom (Internal Integration)" as the tracking identifier (ticketlake is no listed
Integration Vendor). The zone is normally discovered (``ZoneInformation?user=``); ``zone_url``
only overrides that discovery.
"""

from __future__ import annotations

from ticketlake.checks.guide import Guide
from ticketlake.connectors.spec import ConnectionSpec, Field, Format, Kind

GUIDE = "Autotask API user setup"

LEVEL, USER = 1, 2
PARTS = {
    LEVEL: "Security level (Setup connection to Autotask)",
    USER: "API user (Creating a new API user)",
}

STEPS: dict[int, str] = {
    101: "Open Admin from the menu at the top left",
    102: "Open the Account Settings & Users tab",
    103: "Under Resources/Users (HR), open Security Levels",
    104: "Right-click API User (system) (API-only) and choose Copy Security Level (a copy "
    "keeps the API-only license; the system level itself may change everything)",
    105: "Name the copy, e.g. ticketlake API User",
    106: "Set every section to No Permission (the button at the top right of each section), "
    "then grant only the reads below: no add, edit or delete anywhere",
    107: "Contracts: No Permission (ticketlake reads no contracts)",
    108: "CRM: view companies and contacts (ticketlake stores them as accounts and requesters)",
    109: "Inventory: No Permission",
    110: "Service Desk: view all tickets, their notes and history (the tickets ticketlake stores)",
    111: "Documents & Knowledgebase: No Permission",
    112: "Timesheet: view time entries (the hours ticketlake reports)",
    113: "Admin: view resources, roles and departments (technicians and groups)",
    114: "Other: No Permission",
    115: "Web Services API: keep the API access the copied level has",
    201: "Under Resources/Users (HR), open Resources/Users",
    202: "Choose + New, then New API User",
    203: "On the General tab enter a first name, last name and e-mail, choose the security "
    "level you copied, and keep the user Active",
    204: "Generate the user name and the secret (password) and keep both: ticketlake needs them",
    205: "Under API Tracking Identifier choose Custom (Internal Integration), not an "
    "Integration Vendor (ticketlake is none), and copy the identifier Autotask generates",
    206: "Save & Close",
}

THRESHOLD_FIX = (
    "Other integrations share the tenant's 10,000 API requests an hour with ticketlake. See "
    "which ones use it in Autotask (Admin, Extensions & Integrations, Other Extensions & Tools, "
    "API Activity by Hour) and run ticketlake when they are quiet."
)

SETUP_GUIDE = Guide(GUIDE, STEPS, rate_limit_fix=THRESHOLD_FIX, parts=PARTS)
"""The guide as the onboarding checks cite it."""


def step(number: int) -> str:
    """A step of the guide as cited in help text and remediations (``step(204)``: part 2,
    step 4)."""
    return SETUP_GUIDE.cite(number)


SPEC = ConnectionSpec(
    source="autotask",
    title="Autotask",
    guide=GUIDE,
    fields=(
        Field(
            "api_username",
            "API user name",
            Kind.TEXT,
            help="The user name generated for the API user (it looks like an e-mail address; "
            "the zone lookup is done with it).",
            step=step(204),
            format=Format.EMAIL,
            binds_secrets=True,
            placeholder="abc123def@example.com",
        ),
        Field(
            "api_secret",
            "API user secret",
            Kind.SECRET,
            help="The password generated for the API user. Stored encrypted; never displayed.",
            step=step(204),
        ),
        Field(
            "api_tracking_identifier",
            "API tracking identifier",
            Kind.SECRET,
            help="The API Tracking Identifier Autotask generated for the API user when you "
            "chose Custom (Internal Integration). Sent on every call as ApiIntegrationCode, so "
            "it is kept like a secret.",
            step=step(205),
        ),
        Field(
            "zone_url",
            "Zone override (optional)",
            Kind.URL,
            help="Leave empty: the zone is discovered from the user name. Set it only to pin a "
            "zone, e.g. https://webservices5.autotask.net/ATServicesRest.",
            required=False,
            url_paths=("/ATServicesRest",),
            binds_secrets=True,
            placeholder="https://webservices5.autotask.net/ATServicesRest",
        ),
        Field(
            "discovery_url",
            "Zone discovery host (optional)",
            Kind.URL,
            help="Where the zone is looked up (V1.0 zoneInformation). Leave empty for "
            "Autotask's own, https://webservices2.autotask.net/ATServicesRest; a simulated "
            "tenant gives its own (http://127.0.0.1:PORT/ATServicesRest).",
            required=False,
            url_paths=("/ATServicesRest",),
            binds_secrets=True,
            placeholder="https://webservices2.autotask.net/ATServicesRest",
        ),
        Field(
            "budget_share",
            "Share of the hourly API threshold (%)",
            Kind.INT,
            help="Autotask allows the whole tenant 10,000 API requests an hour, shared by every "
            "integration, and suspends the tenant's API past that. ticketlake uses at most this "
            "share of it (1-100), and less when the other integrations are busy.",
            required=False,
            default=50,
            minimum=1,
        ),
    ),
)
