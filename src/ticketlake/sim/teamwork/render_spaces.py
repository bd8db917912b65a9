"""Spaces records (reference D says little of their shape: UNCONFIRMED): spaces, their pages
(documentation, each with an author) and users."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ticketlake.sim import rand
from ticketlake.sim.teamwork.wire import fmt

if TYPE_CHECKING:
    from ticketlake.sim.teamwork.tenant import Tenant

Record = dict[str, Any]
PAGE_BASE, PAGES = 91_001, 40
SPACE = 51
TITLES = ("Onboarding", "Runbooks", "Product handbook", "Support playbook", "Policies")
DAY_MS = 86_400_000


def spaces(t: Tenant) -> list[Record]:
    """The site's spaces."""
    d = t.world.directory
    out = []
    for k, ident in enumerate(t.site.space_ids):
        made = d.start_ms + k * 30 * DAY_MS
        out.append({"id": ident, "title": TITLES[k % len(TITLES)], "code": f"SP{k + 1}",
                    "description": "", "icon": None, "color": None, "homePageId": PAGE_BASE +
                    k * PAGES, "createdAt": fmt(made), "updatedAt": fmt(made),
                    "createdBy": {"id": d.people[0].id, "type": "users"},
                    "state": "active"})  # fmt: skip
    return out


def pages(t: Tenant, space: int | None = None) -> list[Record]:
    """Every page (of one space index, when given), authors and editors among the staff."""
    d = t.world.directory
    out = []
    for k, ident in enumerate(t.site.space_ids):
        if space is not None and k != space:
            continue
        for n in range(PAGES):
            rng = rand.stream(t.config.seed, SPACE, k * PAGES + n)
            made = d.start_ms + rand.below(rng, max(1, t.world.as_of_ms - d.start_ms) // 2)
            edited = made + rand.below(rng, max(1, t.world.as_of_ms - made))
            author, editor = rand.one(rng, d.staff), rand.one(rng, d.staff)
            out.append({"id": PAGE_BASE + k * PAGES + n, "spaceId": ident,
                        "title": f"{TITLES[k % len(TITLES)]} page {n + 1}",
                        "slug": f"page-{n + 1}", "parentId": None if n == 0 else
                        PAGE_BASE + k * PAGES, "isPublished": True,
                        "createdAt": fmt(made), "updatedAt": fmt(edited),
                        "createdBy": {"id": d.people[author].id, "type": "users"},
                        "updatedBy": {"id": d.people[editor].id, "type": "users"},
                        "state": "active"})  # fmt: skip
    return out


def users(t: Tenant) -> list[Record]:
    """The site's staff as Spaces users."""
    d = t.world.directory
    return [{"id": d.people[k].id, "firstName": d.people[k].first,
             "lastName": d.people[k].last, "email": d.people[k].email,
             "avatar": "", "isAdmin": d.people[k].admin} for k in d.staff]  # fmt: skip
