"""What happened to a ticket: notes, status and assignment changes, time entries, deletions.

Drawn from the ticket's own random stream, then cut at ``as_of`` (the data's "now"): a ticket
whose planned resolution lies after ``as_of`` is still open. What ``changes.py`` adds later is
appended and replayed the same way, so a ticket's fields, notes and history always agree.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ticketlake.sim import rand
from ticketlake.sim.autotask import catalog
from ticketlake.sim.autotask.catalog import (
    COMPLETE,
    CUSTOMER_NOTE,
    IN_PROGRESS,
    NEW,
    SLAS,
    WAITING_CUSTOMER,
)
from ticketlake.sim.autotask.directory import Directory
from ticketlake.sim.autotask.profile import Profile
from ticketlake.sim.workhours import business

MINUTE, HOUR, DAY = 60_000, 3_600_000, 86_400_000
WORK_WINDOW_MS = 30 * DAY
TECH_NOTES = ("Remoted in and reviewed the event logs.", "Called the user; issue reproduced.",
              "Escalated to the vendor; case opened.", "Applied the fix; waiting for the user.",
              "Scheduled an onsite visit.", "Updated drivers and rebooted.")  # fmt: skip
CUSTOMER_NOTES = ("Thanks, that worked.", "Still seeing the problem this morning.",
                  "It happens every time I restart.", "Any update on this?",
                  "I am in the office after 2pm.")  # fmt: skip
RESOLUTIONS = ("Replaced the faulty component.", "Reconfigured the settings.",
               "User confirmed the issue is fixed.", "Provided instructions.",
               "Access granted as requested.", "Closed as a duplicate.")  # fmt: skip


class Note(NamedTuple):
    """A ticket note. ``author`` is a resource index; -1 means the ticket's contact wrote it."""

    ms: int
    author: int
    note_type: int
    publish: int
    title: str
    text: str
    nid: int = 0
    """The note ID when set at creation (added later); 0 = derived from position."""
    deleted_ms: int = 0
    deleted_by: int = -1


class Change(NamedTuple):
    """A status change (``to_status`` >= 0) or a reassignment (``to_resource`` >= 0)."""

    ms: int
    actor: int
    from_status: int
    to_status: int
    to_resource: int = -1
    hid: int = 0
    """The history row ID when set at creation (added later); 0 = derived from position."""


class Work(NamedTuple):
    """A time entry."""

    start_ms: int
    minutes: int
    resource: int
    billing: int
    created_ms: int
    modified_ms: int
    summary: str
    eid: int = 0
    deleted_ms: int = 0
    deleted_by: int = -1


@dataclass(slots=True)
class Life:
    """A ticket's profile, what happened to it and the state that adds up to."""

    p: Profile
    notes: list[Note]
    changes: list[Change]
    work: list[Work]
    deleted_ms: int = 0
    deleted_by: int = -1
    status: int = NEW
    assigned: int = -1
    queue: int = 0
    first_response_ms: int | None = None
    first_response_by: int = -1
    plan_ms: int | None = None
    resolved_ms: int | None = None
    completed_by: int = -1
    resolution: str = ""
    tracked_ms: int = 0
    """LastTrackedModificationDateTime: the last change of a field (not notes, not time)."""
    activity_ms: int = 0
    activity_by: int = -1
    visible_ms: int = 0
    """LastCustomerVisibleActivityDateTime: the last published note or status change."""
    reopened: int = 0


def _lognormal_ms(rng: random.Random, median_minutes: float, sigma: float) -> int:
    return int(median_minutes * math.exp(rng.gauss(0.0, sigma)) * MINUTE) + MINUTE


class _Plan:
    """Builds a ticket's events in time order (each a few seconds after the last)."""

    def __init__(self, start_ms: int) -> None:
        self.notes: list[Note] = []
        self.changes: list[Change] = []
        self.last = start_ms

    def at(self, ms: int) -> int:
        self.last = max(ms, self.last + 7_000)
        return self.last

    def status(self, ms: int, actor: int, frm: int, to: int) -> int:
        when = self.at(ms)
        self.changes.append(Change(when, actor, frm, to))
        return when

    def note(self, ms: int, author: int, note_type: int, text: str, publish: int = 1) -> int:
        when = self.at(ms)
        title = "Resolution" if note_type == catalog.RESOLUTION_NOTE else text.split(".")[0]
        self.notes.append(Note(when, author, note_type, publish, title[:250], text))
        return when


def plan(p: Profile, d: Directory, tz: ZoneInfo) -> tuple[list[Note], list[Change], list[Work]]:
    """The ticket's whole planned history (not yet cut at ``as_of``)."""
    rng = p.rng
    sla = SLAS[p.sla] if p.sla >= 0 else SLAS[0]
    respond = sla.first_response[p.priority] * 60 * 0.5  # minutes: half the target, median
    resolve = sla.resolution[p.priority] * 60 * 0.45
    pl = _Plan(p.created_ms)
    tech = p.assigned
    first = pl.status(business(p.created_ms + _lognormal_ms(rng, respond, 0.9), tz), tech, NEW,
                      IN_PROGRESS)  # fmt: skip
    if rng.random() < 0.6:
        pl.note(first, tech, catalog.GENERAL_NOTE, rand.one(rng, TECH_NOTES))
    if rng.random() < 0.03:  # a duplicate, closed at once
        pl.status(first + MINUTE, tech, IN_PROGRESS, COMPLETE)
        return pl.notes, pl.changes, []
    resolve_at = business(p.created_ms + _lognormal_ms(rng, resolve, 1.0), tz)
    tech = _work_phase(rng, pl, p, d, tech, resolve_at)
    work = _work(rng, p, d, first, resolve_at, tech)
    if rng.random() < 0.02:  # stale: never resolved
        return pl.notes, pl.changes, work
    _resolve(rng, pl, tech, resolve_at, IN_PROGRESS)
    if rng.random() < 0.08:  # reopened by the customer, resolved again
        back = pl.note(pl.last + DAY + rand.below(rng, 4 * DAY), -1,
                       catalog.CUSTOMER_NOTE_TYPE, rand.one(rng, CUSTOMER_NOTES))  # fmt: skip
        pl.status(back, -1, COMPLETE, CUSTOMER_NOTE)
        pl.status(business(back + HOUR, tz), tech, CUSTOMER_NOTE, IN_PROGRESS)
        _resolve(rng, pl, tech, pl.last + _lognormal_ms(rng, resolve / 2, 0.8), IN_PROGRESS)
    return pl.notes, pl.changes, work


def _resolve(rng: random.Random, pl: _Plan, tech: int, at: int, frm: int) -> None:
    when = pl.status(at, tech, frm, COMPLETE)
    pl.note(when, tech, catalog.RESOLUTION_NOTE, rand.one(rng, RESOLUTIONS))


def _work_phase(rng: random.Random, pl: _Plan, p: Profile, d: Directory, tech: int,
                resolve_at: int) -> int:  # fmt: skip
    """Notes, maybe a hand-over to another technician, maybe a wait for the customer."""
    span = max(resolve_at - pl.last, MINUTE)
    for _ in range(rand.pick(rng, _N_NOTES)):
        when = pl.last + rand.below(rng, span // 4 + 1)
        if p.contact >= 0 and rng.random() < 0.4:
            pl.note(when, -1, catalog.CUSTOMER_NOTE_TYPE, rand.one(rng, CUSTOMER_NOTES))
        else:
            internal = rng.random() < 0.25
            pl.note(when, tech, catalog.INTERNAL_NOTE if internal else catalog.GENERAL_NOTE,
                    rand.one(rng, TECH_NOTES), 2 if internal else 1)  # fmt: skip
    if rng.random() < 0.15:
        pool = d.queue_pools[p.queue]
        new = pool[rand.below(rng, len(pool))]
        if new != tech:
            when = pl.at(pl.last + rand.below(rng, span // 4 + 1))
            pl.changes.append(Change(when, tech, -1, -1, new))
            tech = new
    if p.contact >= 0 and rng.random() < 0.2:
        pl.status(pl.last + rand.below(rng, span // 3 + 1), tech, IN_PROGRESS, WAITING_CUSTOMER)
        back = pl.note(pl.last + HOUR + rand.below(rng, 2 * DAY), -1,
                       catalog.CUSTOMER_NOTE_TYPE, rand.one(rng, CUSTOMER_NOTES))  # fmt: skip
        pl.status(back, -1, WAITING_CUSTOMER, CUSTOMER_NOTE)
        pl.status(back + 20 * MINUTE, tech, CUSTOMER_NOTE, IN_PROGRESS)
    return tech


_N_NOTES = rand.cumulative((30, 35, 20, 10, 5))
_N_WORK = rand.cumulative((55, 30, 15))
_MINUTES = (15, 15, 30, 30, 45, 60, 60, 90, 120, 180)


def _work(rng: random.Random, p: Profile, d: Directory, start: int, end: int,
          tech: int) -> list[Work]:  # fmt: skip
    if rng.random() >= 0.7:
        return []
    window = max(min(end, start + WORK_WINDOW_MS) - start, MINUTE)
    out = []
    for _ in range(1 + rand.pick(rng, _N_WORK)):
        at = start + rand.below(rng, window)
        minutes = rand.one(rng, _MINUTES)
        created = at + minutes * MINUTE + rand.below(rng, 2 * HOUR)
        edited = created + rand.below(rng, 3 * DAY) if rng.random() < 0.15 else created
        billing = 3 if p.company == 0 else rand.below(rng, 3)
        out.append(Work(at // 1000 * 1000, minutes, tech, billing, created, edited,
                        rand.one(rng, TECH_NOTES)))  # fmt: skip
    out.sort()
    return out


def deletions(p: Profile, d: Directory, life: Life) -> None:
    """Deletions planned for the ticket, its notes and its time entries (drawn from a stream of
    their own, so the rest of the ticket is the same with or without them)."""
    rng = rand.stream(p.id, 31, p.index)
    admins = d.techs
    if rng.random() < 0.01:
        life.deleted_ms = p.created_ms + DAY + rand.below(rng, 20 * DAY)
        life.deleted_by = admins[rand.below(rng, len(admins))]
    for k, n in enumerate(life.notes):
        if k and n.author >= 0 and rng.random() < 0.01:
            life.notes[k] = n._replace(deleted_ms=n.ms + HOUR + rand.below(rng, 5 * DAY),
                                       deleted_by=n.author)  # fmt: skip
    for k, w in enumerate(life.work):
        if rng.random() < 0.01:
            life.work[k] = w._replace(deleted_ms=w.created_ms + HOUR + rand.below(rng, 5 * DAY),
                                      deleted_by=w.resource)  # fmt: skip


@dataclass
class Extras:
    """What was added to a ticket after start-up (kept in memory, small)."""

    notes: list[Note] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    work: list[Work] = field(default_factory=list)
    note_changes: dict[int, Note] = field(default_factory=dict)
    work_changes: dict[int, Work] = field(default_factory=dict)
    deleted: tuple[int, int] | None = None
    """(when, by whom) the ticket was deleted after start-up."""


def build_life(p: Profile, d: Directory, as_of_ms: int, extras: Extras | None,
               tz: ZoneInfo) -> Life:  # fmt: skip
    """The ticket as it stands: planned history cut at ``as_of_ms``, plus what was added."""
    notes, changes, work = plan(p, d, tz)
    life = Life(p, [n for n in notes if n.ms <= as_of_ms],
                [c for c in changes if c.ms <= as_of_ms],
                [w for w in work if w.created_ms <= as_of_ms])  # fmt: skip
    deletions(p, d, life)
    _cut_deletions(life, as_of_ms)
    if extras is not None:
        life.notes += extras.notes
        life.changes += extras.changes
        life.work += extras.work
        for k, n in extras.note_changes.items():
            life.notes[k] = n
        for k, w in extras.work_changes.items():
            life.work[k] = w
        if extras.deleted is not None:
            life.deleted_ms, life.deleted_by = extras.deleted
    replay(life)
    return life


def _cut_deletions(life: Life, as_of_ms: int) -> None:
    if life.deleted_ms > as_of_ms:
        life.deleted_ms, life.deleted_by = 0, -1
    life.notes = [n if n.deleted_ms <= as_of_ms else n._replace(deleted_ms=0, deleted_by=-1)
                  for n in life.notes]  # fmt: skip
    life.work = [w if w.deleted_ms <= as_of_ms else w._replace(deleted_ms=0, deleted_by=-1)
                 for w in life.work]  # fmt: skip


def replay(life: Life) -> None:
    """Derive the ticket's state from what happened to it."""
    p = life.p
    life.assigned, life.queue = p.assigned, p.queue
    life.tracked_ms = life.activity_ms = life.visible_ms = p.created_ms
    life.activity_by = p.creator
    for c in life.changes:
        life.tracked_ms = max(life.tracked_ms, c.ms)
        life.visible_ms = max(life.visible_ms, c.ms)
        _activity(life, c.ms, c.actor)
        if c.to_resource >= 0:
            life.assigned = c.to_resource
            continue
        _status(life, c)
    for n in life.notes:
        if not n.deleted_ms:
            _activity(life, n.ms, n.author)
            if n.publish == 1:
                life.visible_ms = max(life.visible_ms, n.ms)
            if n.note_type == catalog.INTERNAL_NOTE and life.plan_ms is None:
                life.plan_ms = n.ms
    for w in life.work:
        if not w.deleted_ms:
            _activity(life, w.modified_ms, w.resource)


def _activity(life: Life, ms: int, who: int) -> None:
    if ms >= life.activity_ms:
        life.activity_ms, life.activity_by = ms, who


def _status(life: Life, c: Change) -> None:
    life.status = c.to_status
    if life.first_response_ms is None and c.from_status == NEW:
        life.first_response_ms, life.first_response_by = c.ms, c.actor
    if c.to_status == COMPLETE:
        life.resolved_ms, life.completed_by = c.ms, c.actor
    elif c.from_status == COMPLETE:
        life.resolved_ms, life.completed_by = None, -1
        life.reopened += 1
