"""The TeamDynamix connection spec, with help text from the TeamDynamix integration guide.

``STEPS`` names the guide's seven steps; fields cite the step their value comes from, and the
onboarding checks cite the step that fixes a failure (``step(4)`` ->
``Step 4: Assign the service account to the IT Tickets application``, worded by
``INTEGRATION_GUIDE``).
"""

from __future__ import annotations

from ticketlake.checks.guide import Guide
from ticketlake.connectors.spec import Choice, ConnectionSpec, Field, Format, Kind, when

GUIDE = "TeamDynamix integration guide"

STEPS: dict[int, str] = {
    1: "Create the IT Tickets application security role",
    2: "Create the read-only user security role",
    3: "Create the dedicated service account",
    4: "Assign the service account to the IT Tickets application",
    5: "Configure API authentication",
    6: "Verify credentials and required API reads",
    7: "Enter connection details through the submission flow",
}


RATE_LIMIT_FIX = (
    "TeamDynamix limits each API method per IP address and the limits cannot be raised: "
    "run ticketlake from an address no other integration shares, or when they are idle."
)

INTEGRATION_GUIDE = Guide(GUIDE, STEPS, rate_limit_fix=RATE_LIMIT_FIX, rate_limit_step=6)
"""The guide as the onboarding checks cite it."""


def step(number: int) -> str:
    """A step of the guide as cited in help text and remediations."""
    return INTEGRATION_GUIDE.cite(number)


PRODUCTION_PATH = "/TDWebApi"
SANDBOX_PATH = "/SBTDWebApi"


def is_sandbox(base_url: str) -> bool:
    """Whether a validated base URL is the tenant's sandbox (``/SBTDWebApi``)."""
    return base_url.rstrip("/").endswith(SANDBOX_PATH)


_PASSWORD = (when("auth_mode", "password"),)
_ADMIN = (when("auth_mode", "admin"),)

SPEC = ConnectionSpec(
    source="teamdynamix",
    title="TeamDynamix",
    guide=GUIDE,
    fields=(
        Field(
            "base_url",
            "Web API base URL",
            Kind.URL,
            help="Your tenant's Web API base: https://yourorg.teamdynamix.com/TDWebApi for "
            "production, or .../SBTDWebApi for the sandbox. A custom domain works too. It is "
            "the URL in front of api/auth in the guide's login call.",
            step=step(5),
            url_paths=(PRODUCTION_PATH, SANDBOX_PATH),
            binds_secrets=True,
            placeholder="https://yourorg.teamdynamix.com/TDWebApi",
        ),
        Field(
            "app_id",
            "Ticketing application ID",
            Kind.INT,
            help="The appId of the ticketing application (IT Tickets) the service account is "
            "assigned to; the guide's ticket search replaces APP_ID with it.",
            step=step(6),
            minimum=1,
            placeholder="627",
        ),
        Field(
            "auth_mode",
            "Authentication",
            Kind.CHOICE,
            help="password: the service account's user name and password (POST api/auth). "
            "admin: the admin service account's BEID and WebServicesKey "
            "(POST api/auth/loginadmin), only if approved. SSO-only logins cannot use the API.",
            step=step(5),
            default="password",
            choices=(
                Choice("password", "Service account user name and password"),
                Choice("admin", "Admin service account BEID and WebServicesKey"),
            ),
            binds_secrets=True,
        ),
        Field(
            "username",
            "Service account user name",
            Kind.TEXT,
            help="The user name of the dedicated service account.",
            step=step(3),
            when=_PASSWORD,
            binds_secrets=True,
            placeholder="cioanalytics",
        ),
        Field(
            "password",
            "Service account password",
            Kind.SECRET,
            help="The service account's TeamDynamix password (not an SSO password). Stored "
            "encrypted; never displayed.",
            step=step(5),
            when=_PASSWORD,
        ),
        Field(
            "beid",
            "BEID",
            Kind.SECRET,
            help="The organization's BEID, a GUID on TDAdmin's organization detail page "
            "(needs the Add BE Administrators permission). Stored encrypted.",
            step=step(5),
            when=_ADMIN,
            format=Format.GUID,
        ),
        Field(
            "web_services_key",
            "WebServicesKey",
            Kind.SECRET,
            help="The WebServicesKey GUID next to the BEID in TDAdmin. Stored encrypted.",
            step=step(5),
            when=_ADMIN,
            format=Format.GUID,
        ),
        Field(
            "report_id",
            "Report ID (optional)",
            Kind.INT,
            help="A ticket report whose rows carry the custom attributes you need; ticketlake "
            "reads ticket details from it in bulk instead of one call per ticket. The guide "
            "lists ticket search/report results among the required data areas.",
            required=False,
            minimum=1,
        ),
        Field(
            "survey_report_id",
            "Survey report ID (optional)",
            Kind.INT,
            help="A Report Builder report over ticket satisfaction survey responses, shared "
            "with the service account; ticketlake reads the responses from it. TeamDynamix "
            "has no survey API, so this report is the only way to read them; the guide lists "
            "survey responses as conditional.",
            required=False,
            minimum=1,
        ),
        Field(
            "time_entries",
            "Time entries in scope",
            Kind.BOOL,
            help="Read time entries for worklog reporting (where time tracking is enabled). "
            "When off, the time-entry check warns instead of failing.",
            step=step(6),
            default=True,
        ),
        Field(
            "time_reconcile_days",
            "Time entries: full re-read every N days",
            Kind.INT,
            help="TeamDynamix cannot search time entries by modification, so syncs read new "
            "entries, status changes and the last 7 days' entries; every N days a sync re-reads "
            "them all, which also finds entries edited later or deleted. 0: never.",
            required=False,
            minimum=0,
            default=7,
        ),
        Field(
            "ticket_tasks",
            "Ticket tasks in scope",
            Kind.BOOL,
            help="Read ticket tasks. Conditional in the guide: enable only if the customer uses "
            "tasks for ticket execution or time-entry attribution.",
            default=False,
        ),
        Field(
            "timezone",
            "Tenant time zone",
            Kind.TIMEZONE,
            help="The tenant's time zone as an IANA name (America/Chicago, Europe/London, "
            "UTC). Some TeamDynamix dates come without a zone; they are read in this one.",
            placeholder="America/Chicago",
        ),
    ),
)
