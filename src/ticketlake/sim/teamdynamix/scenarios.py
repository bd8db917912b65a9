"""Named scenarios: each reproduces one way the setup guide (seed 000, steps 1-6) goes wrong.

A scenario is state, not a switch in the endpoints: it sets up the integration account (or the
tenant) the way a mistaken administrator would have, and the endpoints react to that state as
TDX does. ``healthy`` is the account the guide asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketlake.sim.scenario import Scenario as GenericScenario
from ticketlake.sim.teamdynamix import rand, roles
from ticketlake.sim.teamdynamix.catalog import ACCOUNT_BASE_ID
from ticketlake.sim.teamdynamix.config import SimConfig
from ticketlake.sim.teamdynamix.people import DOMAIN, Person


@dataclass
class Setup:
    """The tenant-side state a scenario may change."""

    account: Person
    ticketing_app_id: int
    client_portal_id: int
    web_services_key: str
    limit_factor: float = 1.0


Scenario = GenericScenario[Setup]


def healthy_account(config: SimConfig, ticketing_app_id: int, portal_id: int) -> Person:
    """The service account the guide asks for (steps 1-5 done right)."""
    rng = rand.stream(config.seed, rand.PERSON, 5_000_002)
    email = config.username if "@" in config.username else f"{config.username}@{DOMAIN}"
    return Person(
        uid=rand.guid(rng), ref_id=1_000_000 + 3, first="CIO", last="Analytics",
        username=config.username, email=email, account_id=ACCOUNT_BASE_ID,
        title="Integration service account", type_id=9, is_employee=False,
        applications=[roles.TD_PEOPLE, roles.TD_TIME],
        org_apps=[(ticketing_app_id, roles.APP_ANALYTICS_ROLE.id), (portal_id, "")],
        security_role_id=roles.ANALYTICS_ROLE.id, password=config.password,
    )  # fmt: skip


def _healthy(setup: Setup, config: SimConfig) -> None:
    return None


def _throttled(setup: Setup, config: SimConfig) -> None:
    setup.limit_factor = 1 / 3


def _wrong_password(setup: Setup, config: SimConfig) -> None:
    setup.account.password = config.password + "-rotated"


def _sso_only(setup: Setup, config: SimConfig) -> None:
    # A named employee's account signs in through the campus IdP and has no TDX password.
    a = setup.account
    a.first, a.last, a.title = "Dana", "Whitfield", "IT Business Analyst"
    a.type_id, a.is_employee = 1, True
    a.auth_provider_id, a.auth_username, a.password = 2, a.email, None


def _inactive(setup: Setup, config: SimConfig) -> None:
    setup.account.is_active = False


def _not_assigned(setup: Setup, config: SimConfig) -> None:
    setup.account.org_apps = [(setup.client_portal_id, "")]


def _wrong_app_id(setup: Setup, config: SimConfig) -> None:
    setup.ticketing_app_id = config.app_id + 3
    setup.account.org_apps = [
        (setup.ticketing_app_id, roles.APP_ANALYTICS_ROLE.id),
        (setup.client_portal_id, ""),
    ]


def _partial_visibility(setup: Setup, config: SimConfig) -> None:
    perms = [p for p in roles.READ_PERMISSIONS if p != roles.VIEW_ALL_ACCOUNTS]
    setup.account.permissions = perms
    setup.account.account_ids = [ACCOUNT_BASE_ID + i for i in (1, 2, 5)]


def _no_time(setup: Setup, config: SimConfig) -> None:
    setup.account.applications = [roles.TD_PEOPLE]


def _no_people(setup: Setup, config: SimConfig) -> None:
    setup.account.applications = [roles.TD_TIME]
    setup.account.permissions = [p for p in roles.READ_PERMISSIONS if p != roles.VIEW_PEOPLE]


def _feed_not_visible(setup: Setup, config: SimConfig) -> None:
    setup.account.feed_visible = False


def _wrong_admin_key(setup: Setup, config: SimConfig) -> None:
    setup.web_services_key = str(rand.guid(rand.stream(config.seed, rand.CATALOG, 99)))


def _over_privileged(setup: Setup, config: SimConfig) -> None:
    a = setup.account
    a.applications = [roles.TD_NEXT, roles.TD_PEOPLE, roles.TD_TIME, roles.TD_ADMIN]
    a.security_role_id = roles.ADMIN_ROLE.id
    a.org_apps = [(setup.ticketing_app_id, roles.APP_ADMIN_ROLE.id), (setup.client_portal_id, "")]


SCENARIOS: dict[str, Scenario] = {s.name: s for s in (
    Scenario("healthy", "-", "the account the guide asks for", "every read works", _healthy),
    Scenario("throttled", "-", "rate limits a third of the documented ones",
             "429s sooner; X-RateLimit-* headers tell the real (lower) limits", _throttled),
    Scenario("wrong_password", "5", "the password given is not the account's",
             "POST api/auth -> 401; loginadmin still works", _wrong_password),
    Scenario("sso_only", "3/5", "a named person's account that signs in through SSO only",
             "POST api/auth -> 401; people/{uid} (admin) shows TypeID 1, an SSO provider",
             _sso_only),
    Scenario("inactive_account", "3", "the service account is not active",
             "POST api/auth -> 401", _inactive),
    Scenario("not_assigned_to_app", "4", "the account is not assigned to IT Tickets",
             "getuser.OrgApplications lacks the ticketing app; ticket calls -> 401", _not_assigned),
    Scenario("wrong_app_id", "1/6", "the app ID given is the Assets/CIs app, not IT Tickets",
             "api/applications shows it as Assets/CI; ticket calls on it -> 404", _wrong_app_id),
    Scenario("partial_visibility", "2", "View All Accts/Depts missing; member of four Accts/Depts",
             "searches, reports and feeds see only those departments' tickets",
             _partial_visibility),
    Scenario("no_time_access", "3", "no TDTimeExpense application",
             "time endpoints -> 401", _no_time),
    Scenario("no_people_access", "2/3", "no TDPeople application",
             "people/search, people/{uid}, groups/{id}[/members] -> 401", _no_people),
    Scenario("feed_not_visible", "6", "the account cannot read ticket feeds",
             "ticket feed endpoints -> 401", _feed_not_visible),
    Scenario("wrong_admin_key", "5", "the WebServicesKey given is not the tenant's",
             "POST api/auth/loginadmin -> 401", _wrong_admin_key),
    Scenario("over_privileged", "1/2", "write/admin permissions granted",
             "getuser shows TDAdmin, role Administrator, write Permissions, app admin; writes work",
             _over_privileged),
)}  # fmt: skip
