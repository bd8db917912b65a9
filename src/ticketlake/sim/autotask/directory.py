"""The people and organisations of the tenant: resources (technicians and API users),
companies and their contacts. Generated once at start-up from the seed; small enough to keep
(even for a million tickets: a few hundred resources, thousands of companies)."""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from ticketlake.sim import rand
from ticketlake.sim.autotask import catalog
from ticketlake.sim.autotask.levels import ADMINISTRATOR, TECHNICIAN, Level
from ticketlake.sim.names import FIRST_NAMES, LAST_NAMES

RESOURCE_BASE = 29682885
COMPANY_BASE = 29683600
CONTACT_BASE = 30682000
MSP_NAME = "Northwind IT Services"
DOMAIN = "northwindit.com"
PERSON, COMPANY, CONTACT = 21, 22, 23  # random stream kinds
HIRED_MS = 1_514_764_800_000  # 2018-01-01


@dataclass
class Resource:
    """A resource (a user of Autotask: technician, administrator or API user)."""

    id: int
    first: str
    last: str
    username: str
    email: str
    title: str
    level: Level
    license: int
    role: int = catalog.ROLES[0][0]
    department: int = catalog.DEPARTMENTS[0][0]
    active: bool = True
    hired_ms: int = HIRED_MS
    secret: str | None = None
    """API users only: the secret their API calls must carry."""
    tracking_id: str | None = None
    """API users only: the API Tracking Identifier set on the user (None: none set)."""


@dataclass(slots=True)
class Contact:
    """A company's contact (the people who raise tickets)."""

    id: int
    company: int
    first: str
    last: str
    title: str
    phone: str
    active: bool
    primary: bool
    created_ms: int


_PREFIX = ("Acme", "Blue Ridge", "Cedar", "Summit", "Harbor", "Granite", "Maple", "Pioneer",
           "Riverside", "Oakwood", "Lakeside", "Northstar", "Silverline", "Redwood", "Evergreen",
           "Ironbridge", "Brightwater", "Foxglove", "Westbrook", "Copperfield")  # fmt: skip
_SUFFIX = ("Dental", "Law Group", "Accounting", "Logistics", "Architects", "Veterinary Clinic",
           "Manufacturing", "Realty", "Insurance Agency", "Medical Practice", "Construction",
           "Foundation", "Engineering", "Credit Union", "Academy", "Brewing Co.")  # fmt: skip
TECH_TITLES = ("Service Desk Technician", "Systems Engineer", "Network Engineer",
               "Field Technician", "Service Manager")  # fmt: skip
CONTACT_TITLES = ("Office Manager", "Owner", "Accountant", "Receptionist", "Practice Manager",
                  "Operations Director", "Paralegal", "Engineer", "Controller")  # fmt: skip


def counts(tickets: int) -> tuple[int, int]:
    """(technicians, companies) for a tenant of ``tickets`` tickets."""
    return min(300, max(8, round(tickets / 2500))), min(3000, max(12, tickets // 300))


def company_name(k: int) -> str:
    """The name of company ``k`` (0 is the MSP itself)."""
    if k == 0:
        return MSP_NAME
    a, b = divmod(k - 1, len(_SUFFIX))
    name = f"{_PREFIX[a % len(_PREFIX)]} {_SUFFIX[b]}"
    return name if a < len(_PREFIX) else f"{name} {a // len(_PREFIX) + 1}"


class Directory:
    """Resources by index and user name, companies, contacts by company, queue pools."""

    def __init__(self, seed: int, tickets: int, api_user: Resource, others: list[Resource]):
        n_tech, n_companies = counts(tickets)
        admin = Resource(RESOURCE_BASE, "Morgan", "Reyes", f"mreyes@{DOMAIN}",
                         f"mreyes@{DOMAIN}", "Owner", ADMINISTRATOR, 1, catalog.ROLES[5][0],
                         catalog.DEPARTMENTS[2][0])  # fmt: skip
        self.resources = [admin, api_user, *others]
        self.tech_start = len(self.resources)
        self.resources += [self._tech(seed, k, len(self.resources) + k) for k in range(n_tech)]
        self.by_username = {r.username.lower(): k for k, r in enumerate(self.resources)}
        self.by_id = {r.id: k for k, r in enumerate(self.resources)}
        self.queue_pools = self._pools(seed)
        self.companies = n_companies
        self.company_cum = rand.cumulative(
            0.6 if k == 0 else 1 / (k**0.8) for k in range(n_companies)
        )
        self.contacts: list[Contact] = []
        self.contact_start = array("i")
        for k in range(n_companies):
            self.contact_start.append(len(self.contacts))
            self._contacts_of(seed, k)
        self.contact_start.append(len(self.contacts))

    @staticmethod
    def _tech(seed: int, k: int, index: int) -> Resource:
        rng = rand.stream(seed, PERSON, k)
        first, last = rand.one(rng, FIRST_NAMES), rand.one(rng, LAST_NAMES)
        user = f"{first[0]}{last}{k}".lower().replace("'", "") + f"@{DOMAIN}"
        role = catalog.ROLES[min(k % 5, 4)][0]
        return Resource(RESOURCE_BASE + index, first, last, user, user,
                        TECH_TITLES[k % len(TECH_TITLES)], TECHNICIAN, 1, role,
                        catalog.DEPARTMENTS[0][0], active=k < 6 or rng.random() > 0.08,
                        hired_ms=HIRED_MS + rand.below(rng, 2_000) * 86_400_000)  # fmt: skip

    def _pools(self, seed: int) -> list[list[int]]:
        """Technician indexes per queue: every queue has at least two active technicians."""
        rng = rand.stream(seed, PERSON, 1_000_000)
        techs = [k for k in range(self.tech_start, len(self.resources))
                 if self.resources[k].active]  # fmt: skip
        pools: list[list[int]] = [[] for _ in catalog.QUEUES]
        for n, k in enumerate(techs):
            pools[n % len(pools)].append(k)
            if rng.random() < 0.3:
                pools[rand.below(rng, len(pools))].append(k)
        for q, pool in enumerate(pools):
            if len(pool) < 2:
                pool += [techs[(q + j) % len(techs)] for j in range(2 - len(pool))]
        return pools

    def _contacts_of(self, seed: int, k: int) -> None:
        rng = rand.stream(seed, CONTACT, k)
        n = 3 if k == 0 else 2 + int(12 * rng.random() ** 2) + (8 if k < 10 else 0)
        for j in range(n):
            first, last = rand.one(rng, FIRST_NAMES), rand.one(rng, LAST_NAMES)
            self.contacts.append(Contact(
                CONTACT_BASE + len(self.contacts) * 3 + rand.below(rng, 3), k, first, last,
                rand.one(rng, CONTACT_TITLES), f"555-{rand.below(rng, 10_000):04d}",
                rng.random() > 0.07, j == 0, 1_514_764_800_000 + k * 3_600_000 + j * 60_000,
            ))  # fmt: skip

    def company_id(self, k: int) -> int:
        """The ID of company ``k`` (the MSP's own company is 0, as in every Autotask)."""
        return 0 if k == 0 else COMPANY_BASE + k * 7

    def contacts_of(self, k: int) -> range:
        """Positions in ``contacts`` of company ``k``'s contacts."""
        return range(self.contact_start[k], self.contact_start[k + 1])

    @property
    def techs(self) -> range:
        """Indexes of the technicians."""
        return range(self.tech_start, len(self.resources))
