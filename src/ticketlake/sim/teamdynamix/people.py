"""The people database: the admin API user, the integration account, technicians, requesters.

Everyone is generated once at start-up from the seed (people stay in the tens of thousands even
for a million tickets) and then lives as mutable ``Person`` records, so the People API's write
endpoints really change them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ticketlake.sim.teamdynamix import catalog, names, rand, roles
from ticketlake.sim.teamdynamix.catalog import ACCOUNT_BASE_ID


@dataclass
class Membership:
    """A person's membership of a group."""

    uid: str
    is_primary: bool = False
    is_manager: bool = False
    is_notified: bool = False
    added_ticks: int = catalog.CATALOG_EPOCH_TICKS


@dataclass
class FunctionalRoleLink:
    """A person's functional role (GET api/people/{uid}/functionalroles)."""

    id: int
    role_id: int
    is_primary: bool = False
    created_ticks: int = catalog.CATALOG_EPOCH_TICKS


@dataclass
class Person:
    """One row of the people database, plus the login state TDX keeps about it."""

    uid: str
    ref_id: int
    first: str
    last: str
    username: str
    email: str
    account_id: int
    title: str = ""
    phone: str = ""
    type_id: int = 1
    """UserType: User 1, Customer 2, ResourcePlaceholder 8, ServiceAccount 9."""
    is_active: bool = True
    is_employee: bool = True
    is_confidential: bool = False
    company: str = "Huron Valley University"
    applications: list[str] = field(default_factory=list)
    org_apps: list[tuple[int, str]] = field(default_factory=list)
    """(application ID, security role ID) pairs."""
    security_role_id: str = ""
    permissions: list[str] | None = None
    """Global permissions when they differ from the security role's (a role edited by hand)."""
    auth_provider_id: int = 0
    """0 = TeamDynamix authentication; anything else = an SSO provider."""
    auth_username: str = ""
    password: str | None = None
    """The TDX password; ``None`` when the account has none (SSO-only, customers)."""
    feed_visible: bool = True
    key_admin: bool = False
    """The key-based administrative service account (loginadmin)."""
    account_ids: list[int] = field(default_factory=list)
    """Accts/Depts the person is a member of (besides the default)."""
    functional_roles: list[FunctionalRoleLink] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    """Other User fields set through the API (PATCH/POST), served as given."""
    desktop_template_id: int = 0

    @property
    def full_name(self) -> str:
        """``First Last``."""
        return f"{self.first} {self.last}".strip()

    def member_accounts(self) -> set[int]:
        """The Accts/Depts the person belongs to (default account included)."""
        ids = set(self.account_ids)
        if self.account_id:
            ids.add(self.account_id)
        return ids


FUNCTIONAL_ROLES = ((6565, "Service Desk Analyst"), (6566, "Desktop Technician"),
                    (6567, "Network Engineer"), (6568, "Application Analyst"),
                    (6569, "Security Analyst"), (6594, "Systems Engineer"))  # fmt: skip
DOMAIN = "hvu.edu"
_ACCOUNT_CUM = rand.cumulative(catalog.ACCOUNT_WEIGHTS)
ADMIN_INDEX, ACCOUNT_INDEX = 0, 1


def people_counts(tickets: int) -> tuple[int, int]:
    """(technicians, requesters) for a tenant of ``tickets`` tickets."""
    techs = min(400, max(16, round(tickets / 1500)))
    requesters = min(60_000, max(80, tickets // 6))
    return techs, requesters


def _name(rng: Any) -> tuple[str, str]:
    return rand.one(rng, names.FIRST_NAMES), rand.one(rng, names.LAST_NAMES)


def _username(first: str, last: str, ref_id: int) -> str:
    base = (first[0] + last).lower().replace("'", "")
    return f"{base}{ref_id % 1_000_000}"  # reference IDs are unique, so usernames are too


def make_person(seed: int, index: int, *, tech: bool) -> Person:
    """A technician or requester, drawn from its own random stream."""
    rng = rand.stream(seed, rand.PERSON, index)
    first, last = _name(rng)
    ref_id = 1_000_000 + index * 7 + rand.below(rng, 7)
    user = _username(first, last, ref_id)
    account = ACCOUNT_BASE_ID + (0 if tech else rand.pick(rng, _ACCOUNT_CUM))
    customer = not tech and rng.random() < 0.3
    p = Person(
        uid=rand.guid(rng), ref_id=ref_id, first=first, last=last, username=user,
        email=f"{user}@{DOMAIN}", account_id=account,
        title=rand.one(rng, names.TECH_TITLES if tech else names.STAFF_TITLES),
        phone=f"734-555-{rand.below(rng, 10000):04d}", type_id=2 if customer else 1,
        is_active=tech or rng.random() > 0.03, is_employee=not customer,
    )  # fmt: skip
    if tech:
        p.applications = [roles.TD_NEXT, roles.TD_PEOPLE, roles.TD_TIME, roles.MY_WORK]
        p.security_role_id = roles.TECHNICIAN_ROLE.id
        p.auth_provider_id, p.auth_username = 2, p.email
    elif not customer:
        p.security_role_id = roles.CLIENT_ROLE.id
        p.auth_provider_id, p.auth_username = 2, p.email
    return p


def make_admin(seed: int) -> Person:
    """The key-based administrative service account (the "API User" of the samples)."""
    rng = rand.stream(seed, rand.PERSON, 5_000_001)
    return Person(
        uid=rand.guid(rng), ref_id=1_000_000 - 1, first="API", last="User",
        username="api.admin", email="", account_id=0, type_id=1, is_employee=True,
        applications=[roles.TD_ADMIN], company="", key_admin=True,
    )  # fmt: skip
