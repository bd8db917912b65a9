"""The site's people, companies, projects with their task lists and milestones, and Desk's
customers. Small next to the tasks and tickets (a few thousand at most), generated once from the
seed; customers, which grow with tickets, are generated on demand from their index."""

from __future__ import annotations

from dataclasses import dataclass

from ticketlake.sim import rand
from ticketlake.sim.names import FIRST_NAMES, LAST_NAMES
from ticketlake.sim.teamwork import catalog
from ticketlake.sim.teamwork.setup import ADMIN, MEMBER, PERSON_BASE

COMPANY_BASE, PROJECT_BASE = 51_001, 610_001
TASKLIST_BASE, MILESTONE_BASE, CUSTOMER_BASE = 2_400_001, 88_001, 800_001
LISTS, MILESTONES = 4, 2
PERSON, COMPANY, PROJECT, CUSTOMER = 31, 32, 33, 34  # random stream kinds
DAY_MS = 86_400_000
COMPANY_NAMES = ("Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne",
                 "Tyrell", "Soylent", "Cyberdyne", "Aperture", "Wonka")  # fmt: skip


def _clamp(n: int, low: int, high: int) -> int:
    return max(low, min(high, n))


@dataclass(frozen=True)
class Person:
    """A user of the site: staff of the owner company, or a client's collaborator/contact."""

    id: int
    first: str
    last: str
    email: str
    company: int
    """Company index (0: the site owner's)."""
    kind: str
    """``account``, ``collaborator`` or ``contact`` (v3 ``userType``)."""
    admin: bool
    title: str
    created_ms: int


@dataclass(frozen=True)
class Project:
    """A project: its company, members, whether archived, and when made."""

    id: int
    name: str
    company: int
    archived: bool
    created_ms: int
    updated_ms: int
    owner: int
    """Person index."""
    completed_list: bool
    """Its last task list is completed (its tasks are hidden by default)."""


class Directory:
    """Everything about who and what the site holds apart from tasks and tickets."""

    def __init__(self, seed: int, tasks: int, tickets: int, start_ms: int, as_of_ms: int,
                 site: str) -> None:  # fmt: skip
        self.seed, self.site = seed, site
        self.companies = _clamp(3 + tasks // 2000 + tickets // 1500, 4, 400)
        people = _clamp(10 + tasks // 250 + tickets // 600, 12, 3000)
        self.people = [self._person(k, start_ms) for k in range(people)]
        self.staff = [k for k, p in enumerate(self.people) if p.company == 0]
        count = _clamp(tasks // 120, 4, 8000)
        self.projects = [self._project(k, start_ms, as_of_ms) for k in range(count)]
        self.customers = _clamp(tickets // 4, 10, 250_000)
        self.start_ms = start_ms

    def _person(self, k: int, start_ms: int) -> Person:
        rng = rand.stream(self.seed, PERSON, k)
        first, last = rand.one(rng, FIRST_NAMES), rand.one(rng, LAST_NAMES)
        staff = k in (ADMIN, MEMBER) or rng.random() < 0.7
        company = 0 if staff else 1 + rand.below(rng, self.companies - 1)
        kind = "account" if staff else ("collaborator" if rng.random() < 0.4 else "contact")
        email = f"{first}.{last}{k}@{self.domain(company)}".lower().replace("'", "")
        title = "Site owner" if k == ADMIN else "Consultant" if staff else "Client contact"
        created = start_ms - (400 - k % 300) * DAY_MS
        return Person(
            PERSON_BASE + k,
            first,
            last,
            email,
            company,
            kind,
            k == ADMIN or (staff and k % 10 == 0 and k != MEMBER),
            title,
            created,
        )

    def _project(self, k: int, start_ms: int, as_of_ms: int) -> Project:
        rng = rand.stream(self.seed, PROJECT, k)
        company = 1 + k % (self.companies - 1)
        name = f"{self.company_name(company)} {rand.one(rng, catalog.PROJECT_WORDS)} {k + 1}"
        created = start_ms - rand.below(rng, 60) * DAY_MS - rand.below(rng, DAY_MS)
        updated = min(as_of_ms - 1000, created + rand.below(rng, max(1, as_of_ms - created)))
        owner = rand.one(rng, self.staff)
        return Project(PROJECT_BASE + k, name, company, k % 7 == 3, created, updated, owner,
                       k % 2 == 1)  # fmt: skip

    # ------------------------------------------------------------------ ids
    def company_name(self, k: int) -> str:
        """Company ``k``'s name (0 is the site owner)."""
        if k == 0:
            return f"{self.site.capitalize()} Inc."
        return f"{COMPANY_NAMES[(k - 1) % len(COMPANY_NAMES)]} {(k - 1) // len(COMPANY_NAMES) + 1}"

    def domain(self, k: int) -> str:
        """Company ``k``'s e-mail domain."""
        return "".join(ch for ch in self.company_name(k).lower() if ch.isalnum()) + ".example.com"

    @staticmethod
    def company_id(k: int) -> int:
        """Company ``k``'s ID."""
        return COMPANY_BASE + k

    @staticmethod
    def tasklist_id(project: int, lst: int) -> int:
        """The ID of list ``lst`` of project index ``project``."""
        return TASKLIST_BASE + project * LISTS + lst

    @staticmethod
    def milestone_id(project: int, m: int) -> int:
        """The ID of milestone ``m`` of project index ``project``."""
        return MILESTONE_BASE + project * MILESTONES + m

    def person_index(self, person_id: int) -> int | None:
        """The index of a person ID, or None."""
        k = person_id - PERSON_BASE
        return k if 0 <= k < len(self.people) else None

    def project_index(self, project_id: int) -> int | None:
        """The index of a project ID, or None."""
        k = project_id - PROJECT_BASE
        return k if 0 <= k < len(self.projects) else None

    def tasklist_index(self, tasklist_id: int) -> tuple[int, int] | None:
        """(project index, list) of a task list ID, or None."""
        k = tasklist_id - TASKLIST_BASE
        return divmod(k, LISTS) if 0 <= k < len(self.projects) * LISTS else None

    def sees(self, person: int, project: int) -> bool:
        """Whether a person is on a project: administrators see all; the member (``MEMBER``)
        is on every third project; other staff on all (our reading of "permissions follow the
        user", B2)."""
        if self.people[person].admin:
            return True
        return project % 3 == 0 if person == MEMBER else self.people[person].company == 0

    # ------------------------------------------------------------- customers
    def customer_company(self, c: int) -> int:
        """The company index of Desk customer ``c`` (cheap: start-up asks for every ticket)."""
        return 1 + rand.key(self.seed, CUSTOMER, c) % (self.companies - 1)

    def customer(self, c: int) -> tuple[int, str, str, str, int]:
        """Desk customer ``c``: (id, first, last, email, company index)."""
        rng = rand.stream(self.seed, CUSTOMER, c)
        first, last = rand.one(rng, FIRST_NAMES), rand.one(rng, LAST_NAMES)
        company = self.customer_company(c)
        email = f"{first}.{last}.{c}@{self.domain(company)}".lower().replace("'", "")
        return CUSTOMER_BASE + c, first, last, email, company
