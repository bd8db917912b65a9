"""A ticket's static facts (company, contact, queue, issue, priority, SLA, title...), drawn
from (seed, i). Cheap on purpose: the start-up index needs them for every ticket."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ticketlake.sim import rand
from ticketlake.sim.autotask import catalog
from ticketlake.sim.autotask.catalog import (
    ISSUE_TYPES,
    PRIORITIES,
    QUEUES,
    SOURCES,
    SUBS_OF,
    TICKET_TYPES,
    TITLES,
    UDFS,
)
from ticketlake.sim.autotask.directory import Directory

TICKET = 1  # random stream kind
_CUM = {name: rand.cumulative(p.weight for p in table) for name, table in (
    ("type", TICKET_TYPES), ("priority", PRIORITIES), ("queue", QUEUES),
    ("source", SOURCES), ("issue", ISSUE_TYPES))}  # fmt: skip
_STAFF_SOURCES = {0, 4, 5}  # Phone, In Person, Verbal: a technician types the ticket in


@dataclass(slots=True)
class Profile:
    """What a ticket is, independent of what happened to it (indexes into the catalog)."""

    index: int
    id: int
    number: str
    created_ms: int
    company: int
    contact: int
    """Position in ``Directory.contacts``; -1 = no contact."""
    queue: int
    issue: int
    sub: int
    type: int
    priority: int
    source: int
    category: int
    sla: int
    """Index into ``catalog.SLAS``; -1 = none."""
    assigned: int
    creator: int
    """Resource index of the creator; -1 = the contact (portal, e-mail)."""
    title: str
    udfs: tuple[str | None, ...]
    rng: random.Random
    """Positioned after these facts; the lifecycle draws on from here (one use only)."""


def draw_udfs(rng: random.Random, entity: str) -> tuple[str | None, ...]:
    out: list[str | None] = []
    for udf in UDFS[entity]:
        if rng.random() >= udf.share:
            out.append(None)
        elif udf.choices:
            cum = rand.cumulative(c.weight for c in udf.choices)
            out.append(str(udf.choices[rand.pick(rng, cum)].value))
        else:
            out.append(f"PO-{rand.below(rng, 90_000) + 10_000}")
    return tuple(out)


def make_profile(seed: int, i: int, ticket_id: int, number: str, created_ms: int,
                 d: Directory, alert_creator: int) -> Profile:  # fmt: skip
    """The static facts of ticket ``i``."""
    rng = rand.stream(seed, TICKET, i)
    ttype = rand.pick(rng, _CUM["type"])
    alert = ttype == catalog.ALERT_TYPE
    company = rand.pick(rng, d.company_cum)
    contacts = d.contacts_of(company)
    contact = -1 if alert or rng.random() < 0.06 else contacts[rand.below(rng, len(contacts))]
    source = catalog.ALERT_SOURCE if alert else rand.pick(rng, _CUM["source"])
    if source == catalog.ALERT_SOURCE and not alert:
        source = 1
    queue = (
        catalog.ALERT_QUEUE
        if alert
        else (
            catalog.PORTAL_QUEUE
            if source == catalog.PORTAL_SOURCE
            else rand.pick(rng, _CUM["queue"])
        )
    )
    if queue == catalog.ALERT_QUEUE and not alert:
        queue = 1
    issue = rand.pick(rng, _CUM["issue"])
    subs = SUBS_OF[ISSUE_TYPES[issue].value]
    sub = subs[rand.below(rng, len(subs))] if rng.random() < 0.85 else -1
    priority = rand.pick(rng, _CUM["priority"])
    category = 1 if alert else (2 if ttype == 3 else 0)
    sla = 2 if alert else (-1 if rng.random() < 0.12 else (1 if company % 5 == 1 else 0))
    pool = d.queue_pools[queue]
    assigned = pool[rand.below(rng, len(pool))]
    creator = alert_creator if alert else (assigned if source in _STAFF_SOURCES else -1)
    title = rand.one(rng, TITLES[ISSUE_TYPES[issue].value])
    return Profile(i, ticket_id, number, created_ms, company, contact, queue, issue, sub, ttype,
                   priority, source, category, sla, assigned, creator, title,
                   draw_udfs(rng, "Tickets"), rng)  # fmt: skip
