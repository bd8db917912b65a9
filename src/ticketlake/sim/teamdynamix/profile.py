"""A ticket's static facts (type, people, place, custom attributes, title), drawn from (seed, i).

Cheap on purpose: the ticket report and the start-up index need these for every ticket without
paying for the whole lifecycle.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ticketlake.sim.teamdynamix import catalog, names, rand
from ticketlake.sim.teamdynamix.catalog import (
    ATTRIBUTES,
    BUILDINGS,
    GROUPS,
    IMPACTS,
    PRIORITIES,
    SOURCES,
    TYPES,
    URGENCIES,
)
from ticketlake.sim.teamdynamix.directory import Directory

_TYPE_CUM = rand.cumulative(t.weight for t in TYPES)
_PRIO_CUM = rand.cumulative(f.weight for f in PRIORITIES)
_IMPACT_CUM = rand.cumulative(f.weight for f in IMPACTS)
_URG_CUM = rand.cumulative(f.weight for f in URGENCIES)
_SOURCE_CUM = rand.cumulative(f.weight for f in SOURCES)
_STAFF_SOURCES = {0, 3, 5}  # Phone, Walk-in, Monitoring: a technician types the ticket in


@dataclass(slots=True)
class Attrs:
    """Custom attribute values as choice indexes (-1 = unset) and text."""

    category: int
    tier: int
    building: int
    services: tuple[int, ...]
    asset_tag: str


@dataclass(slots=True)
class Profile:
    """What a ticket is, independent of what happened to it."""

    index: int
    id: int
    created_ms: int
    type: int
    group: int
    priority: int
    impact: int
    urgency: int
    source: int
    requester: int
    creator: int
    responsible: int
    account_id: int
    building: int
    room: int
    title: str
    attrs: Attrs
    rng: random.Random
    """The ticket's random stream, positioned after these facts; the lifecycle draws on from
    here, so a profile serves one ``build_life`` only (``World.life`` makes a fresh one)."""


def make_profile(seed: int, i: int, ticket_id: int, created_ms: int, d: Directory) -> Profile:
    """The static facts of ticket ``i``."""
    rng = rand.stream(seed, rand.TICKET, i)
    t = rand.pick(rng, _TYPE_CUM)
    ttype = TYPES[t]
    group = ttype.group if rng.random() < 0.8 else 0
    priority = rand.pick(rng, _PRIO_CUM)
    if ttype.name == "Security Incident" and priority > 1:
        priority -= 1
    source = rand.pick(rng, _SOURCE_CUM)
    n_req = d.req_end - d.req_start
    requester = d.req_start + int(n_req * rng.random() ** 1.6)
    techs = d.techs_by_group[group]
    responsible = rand.one(rng, techs)
    creator = responsible if source in _STAFF_SOURCES else requester
    building = rand.below(rng, len(BUILDINGS)) if rng.random() < 0.75 else -1
    rooms = BUILDINGS[building].rooms if building >= 0 else ()
    room = rand.one(rng, rooms)[0] if rooms and rng.random() < 0.6 else 0
    attrs = _attrs(rng, ttype.category_choices, GROUPS[group].tier, building)
    title = rand.one(rng, names.TITLES[attrs.category])
    return Profile(
        i, ticket_id, created_ms, t, group, priority, rand.pick(rng, _IMPACT_CUM),
        rand.pick(rng, _URG_CUM), source, requester, creator, responsible,
        d.people[requester].account_id, building, room, title, attrs, rng,
    )  # fmt: skip


def _attrs(rng: random.Random, categories: tuple[int, ...], tier: int, building: int) -> Attrs:
    category = rand.one(rng, categories)
    services: tuple[int, ...] = ()
    if rng.random() < 0.25:
        n = len(ATTRIBUTES[catalog.SERVICES].choices)
        services = tuple(sorted(rng.sample(range(n), 1 + (rng.random() < 0.3))))
    tag = f"HVU-{rand.below(rng, 1_000_000):06d}" if rng.random() < 0.35 else ""
    shown_building = building if building >= 0 and rng.random() < 0.9 else -1
    tier_choice = tier - 1 if rng.random() < 0.95 else -1
    return Attrs(category, tier_choice, shown_building, services, tag)
