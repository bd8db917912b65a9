"""The people database as a whole: lookups, group memberships, who works which tickets."""

from __future__ import annotations

from ticketlake.sim.teamdynamix import rand
from ticketlake.sim.teamdynamix.catalog import GROUPS, TYPES
from ticketlake.sim.teamdynamix.people import (
    FUNCTIONAL_ROLES,
    FunctionalRoleLink,
    Membership,
    Person,
    make_admin,
    make_person,
    people_counts,
)


def _group_shares() -> list[float]:
    shares = [0.0] * len(GROUPS)
    for t in TYPES:
        shares[t.group] += t.weight * 0.8
        shares[0] += t.weight * 0.2
    return shares


class Directory:
    """Every person, by index, UID and username; group memberships; technicians per group."""

    def __init__(self, seed: int, tickets: int, account: Person) -> None:
        n_tech, n_req = people_counts(tickets)
        self.people: list[Person] = [make_admin(seed), account]
        self.tech_start = len(self.people)
        self.people += [make_person(seed, i, tech=True) for i in range(n_tech)]
        self.req_start = len(self.people)
        self.people += [make_person(seed, 10_000 + i, tech=False) for i in range(n_req)]
        self.req_end = len(self.people)
        self.by_uid = {p.uid: i for i, p in enumerate(self.people)}
        self.logins = {p.username.lower(): i for i, p in enumerate(self.people)}
        self.members: dict[int, dict[str, Membership]] = {g.id: {} for g in GROUPS}
        self.techs_by_group: list[list[int]] = [[] for _ in GROUPS]
        self._assign_groups(seed)

    def _assign_groups(self, seed: int) -> None:
        rng = rand.stream(seed, rand.CATALOG, 1)
        shares = _group_shares()
        techs = list(range(self.tech_start, self.req_start))
        for g in range(len(GROUPS)):  # every group has at least two technicians
            for idx in techs[2 * g : 2 * g + 2]:
                self._join(idx, g, primary=True)
        for idx in techs[2 * len(GROUPS) :]:
            self._join(idx, rng.choices(range(len(GROUPS)), weights=shares)[0], primary=True)
        for idx in techs:
            if rng.random() < 0.25 and idx not in self.techs_by_group[0]:
                self._join(idx, 0, primary=False)
            person = self.people[idx]
            role_id = FUNCTIONAL_ROLES[rng.randrange(len(FUNCTIONAL_ROLES))][0]
            person.functional_roles = [FunctionalRoleLink(idx * 3 + 1, role_id, True)]
        for g, group in enumerate(GROUPS):
            first = self.techs_by_group[g][0]
            self.members[group.id][self.people[first].uid].is_manager = True

    def _join(self, idx: int, g: int, *, primary: bool) -> None:
        uid = self.people[idx].uid
        self.members[GROUPS[g].id][uid] = Membership(uid, primary, False, primary)
        self.techs_by_group[g].append(idx)

    # ----------------------------------------------------------------- lookups
    def get(self, uid: str) -> Person | None:
        """The person with this UID (case-insensitive), if any."""
        idx = self.by_uid.get(uid.lower())
        return None if idx is None else self.people[idx]

    def by_username(self, username: str) -> Person | None:
        """The person who logs in as ``username`` (case-insensitive)."""
        idx = self.logins.get(username.lower())
        return None if idx is None else self.people[idx]

    def add(self, person: Person) -> None:
        """Add a person created through the API."""
        self.by_uid[person.uid.lower()] = len(self.people)
        self.logins[person.username.lower()] = len(self.people)
        self.people.append(person)

    def groups_of(self, uid: str) -> list[tuple[int, Membership]]:
        """(group ID, membership) for every group the person is in."""
        return [(gid, m[uid]) for gid, m in self.members.items() if uid in m]

    @property
    def admin(self) -> Person:
        """The key-based administrative service account."""
        return self.people[0]
