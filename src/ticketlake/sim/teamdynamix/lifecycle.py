"""What happened to a ticket: its feed events, status changes, tasks and worked time.

Everything is drawn from the ticket's own random stream, then cut at ``as_of`` (the data's
"now"): a ticket whose planned resolution lies after ``as_of`` is simply still open. Events that
``Tenant.touch`` added later are appended and replayed the same way, so the ticket's fields,
its feed and its status history always agree.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ticketlake.sim.teamdynamix import catalog, names, rand
from ticketlake.sim.teamdynamix.catalog import (
    GROUPS,
    S_AWAITING,
    S_CANCELLED,
    S_CLOSED,
    S_IN_PROCESS,
    S_NEW,
    S_RESOLVED,
    SLAS,
    STATUSES,
    TYPES,
)
from ticketlake.sim.teamdynamix.directory import Directory
from ticketlake.sim.teamdynamix.profile import Profile
from ticketlake.sim.teamdynamix.wire import sql_datetime
from ticketlake.sim.workhours import business

COMMENT, STATUS_CHANGE, EDIT = 1, 2, 3  # feed UpdateType values
MINUTE, HOUR, DAY = 60_000, 3_600_000, 86_400_000
WORK_WINDOW_MS = 60 * DAY
"""Time is only entered in a ticket's first 60 days (keeps time searches indexable)."""


class Reply(NamedTuple):
    """Someone answering a feed entry in the feed (reference §7.3 ``Replies``)."""

    ms: int
    actor: int
    text: str
    rid: int = 0
    """The reply ID when set at creation (touched replies); 0 = derived from position."""


class Event(NamedTuple):
    """One feed entry of a ticket."""

    ms: int
    kind: int
    actor: int
    from_status: int
    to_status: int
    text: str
    private: bool
    reassign_to: int = -1
    to_group: int = -1
    eid: int = 0
    """The feed entry ID when set at creation (touched entries); 0 = derived from position."""
    replies: tuple[Reply, ...] = ()

    @property
    def updated_ms(self) -> int:
        """The entry's LastUpdatedDate: "Replying to the feed entry updates this value"."""
        return self.replies[-1].ms if self.replies else self.ms


class Work(NamedTuple):
    """One time entry: when, how long, who, on which task (-1: the ticket itself)."""

    ms: int
    minutes: int
    person: int
    task: int
    time_type: int
    status: int
    status_ms: int
    eid: int = 0
    """The time entry ID when set at creation (touched entries); 0 = derived from position."""
    modified_ms: int = 0
    """When someone last edited the entry after creating it (0: never)."""
    deleted: bool = False
    """Deleted in TDX: no search or truth shows it (it keeps its position, so the IDs of the
    entries after it do not move)."""


@dataclass(slots=True)
class Task:
    """A ticket task."""

    title: str
    responsible: int
    created_ms: int
    due_ms: int
    completed_ms: int | None


@dataclass(slots=True)
class Life:
    """A ticket's profile, events and the state they add up to."""

    p: Profile
    events: list[Event]
    tasks: list[Task]
    work: list[Work]
    status: int = S_NEW
    modified_ms: int = 0
    modified_by: int = -1
    responded_ms: int | None = None
    responded_by: int = -1
    completed_ms: int | None = None
    completed_by: int = -1
    hold_ms: int | None = None
    responsible: int = -1
    group: int = 0
    history: list[tuple[int, int, int]] = field(default_factory=list)
    """(ms, from status, to status) for every status change."""


def _between(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low))


def _lognormal_ms(rng: random.Random, median_minutes: float, sigma: float) -> int:
    return int(median_minutes * math.exp(rng.gauss(0.0, sigma)) * MINUTE) + MINUTE


class _Plan:
    """Builds a ticket's events in time order (each at least a few seconds after the last)."""

    def __init__(self, start_ms: int) -> None:
        self.events: list[Event] = []
        self.last = start_ms

    def at(self, ms: int) -> int:
        self.last = sql_datetime(max(ms, self.last + 5_000))
        return self.last

    def add(self, ms: int, kind: int, actor: int, frm: int, to: int, text: str = "",
            private: bool = False, reassign: int = -1, group: int = -1) -> int:  # fmt: skip
        when = self.at(ms)
        self.events.append(Event(when, kind, actor, frm, to, text, private, reassign, group))
        return when


def plan_events(
    p: Profile, d: Directory, tz: ZoneInfo
) -> tuple[list[Event], list[Task], list[Work]]:
    """The ticket's whole planned history (not yet cut at ``as_of``)."""
    rng = p.rng
    ttype, group = TYPES[p.type], GROUPS[p.group]
    sla = SLAS[p.priority] if ttype.sla else None
    respond_median = (sla.respond_minutes if sla else 240) * 0.45 * group.speed
    resolve_median = (sla.resolve_minutes if sla else 2880) * 0.4 * group.speed
    plan = _Plan(p.created_ms)
    tech, requester = p.responsible, p.requester
    t = plan.add(
        business(p.created_ms + _lognormal_ms(rng, respond_median, 0.9), tz),
        STATUS_CHANGE,
        tech,
        S_NEW,
        S_CANCELLED if rng.random() < 0.04 else S_IN_PROCESS,
        rand.one(rng, names.COMMENTS_TECH) if rng.random() < 0.5 else "",
    )
    if plan.events[-1].to_status == S_CANCELLED:
        return plan.events, [], []
    responded = t
    resolve_at = business(p.created_ms + _lognormal_ms(rng, resolve_median, 1.0), tz)
    tech = _work_phase(rng, plan, p, d, tech, resolve_at)
    if rng.random() < 0.02:  # stale: never resolved
        return plan.events, *_tasks_and_work(rng, p, d, responded, plan.last, tech)
    end = plan.add(
        resolve_at, STATUS_CHANGE, tech, S_IN_PROCESS, S_RESOLVED, rand.one(rng, names.RESOLUTIONS)
    )
    if rng.random() < 0.08:  # reopened by the customer, resolved again
        plan.add(
            end + _between(rng, DAY, 5 * DAY),
            STATUS_CHANGE,
            requester,
            S_RESOLVED,
            S_IN_PROCESS,
            rand.one(rng, names.COMMENTS_CUSTOMER),
        )
        end = plan.add(
            plan.last + _lognormal_ms(rng, resolve_median / 2, 0.8),
            STATUS_CHANGE,
            tech,
            S_IN_PROCESS,
            S_RESOLVED,
            rand.one(rng, names.RESOLUTIONS),
        )
    if rng.random() < 0.6:
        plan.add(
            end + _between(rng, 3 * DAY, 7 * DAY), STATUS_CHANGE, tech, S_RESOLVED, S_CLOSED, ""
        )
    return plan.events, *_tasks_and_work(rng, p, d, responded, end, tech)


REPLY_SHARE = 0.1
"""The share of comments someone answers in the feed."""
_N_REPLIES = rand.cumulative((60, 30, 10))


def with_replies(p: Profile, events: list[Event]) -> list[Event]:
    """Some comments answered in the feed: one to three replies, each a while after the last,
    alternating between the requester and the technician. Drawn from a stream of their own,
    so the rest of the ticket is the same with or without them."""
    rng = rand.stream(p.id, rand.REPLY, p.index)
    out = []
    for e in events:
        if e.kind == COMMENT and rng.random() < REPLY_SHARE:
            replies, last = [], e.ms
            for k in range(1 + rand.pick(rng, _N_REPLIES)):
                last = sql_datetime(last + _lognormal_ms(rng, 120, 1.2))
                by_requester = (e.actor == p.requester) == (k % 2 == 1)
                who, said = (
                    (p.requester, names.COMMENTS_CUSTOMER)
                    if by_requester
                    else (p.responsible, names.COMMENTS_TECH)
                )
                replies.append(Reply(last, who, rand.one(rng, said)))
            e = e._replace(replies=tuple(replies))
        out.append(e)
    return out


def _work_phase(rng: random.Random, plan: _Plan, p: Profile, d: Directory, tech: int,
                resolve_at: int) -> int:  # fmt: skip
    """Comments, maybe a hand-over to another technician, maybe a wait for the customer."""
    span = max(resolve_at - plan.last, MINUTE)
    for _ in range(rand.pick(rng, _N_COMMENTS)):
        when = plan.last + rand.below(rng, span // 4 + 1)
        if rng.random() < 0.55:
            plan.add(
                when,
                COMMENT,
                tech,
                -1,
                -1,
                rand.one(rng, names.COMMENTS_TECH),
                private=rng.random() < 0.2,
            )
        else:
            plan.add(when, COMMENT, p.requester, -1, -1, rand.one(rng, names.COMMENTS_CUSTOMER))
    if rng.random() < 0.15:
        g = min(len(GROUPS) - 1, p.group + 1) if p.group == 0 else p.group
        pool = d.techs_by_group[g]
        new = rand.one(rng, pool)
        if new != tech:
            plan.add(plan.last + rand.below(rng, span // 4 + 1), EDIT, tech, -1, -1,
                     f"Changed Responsibility from {d.people[tech].full_name} to "
                     f"{d.people[new].full_name}.", reassign=new, group=g)  # fmt: skip
            tech = new
    if rng.random() < 0.2:
        plan.add(
            plan.last + rand.below(rng, span // 3 + 1),
            STATUS_CHANGE,
            tech,
            S_IN_PROCESS,
            S_AWAITING,
            "Waiting for your reply.",
        )
        plan.add(
            plan.last + _between(rng, HOUR, 3 * DAY),
            STATUS_CHANGE,
            p.requester,
            S_AWAITING,
            S_IN_PROCESS,
            rand.one(rng, names.COMMENTS_CUSTOMER),
        )
    return tech


TASK_TITLES = ("Create account", "Assign license", "Verify access with requester",
               "Order equipment", "Configure device", "Update documentation")  # fmt: skip
_N_COMMENTS = rand.cumulative((35, 35, 20, 10))
_N_WORK = rand.cumulative((60, 30, 10))
_WORK_STATUS, _WORK_STATUS_CUM = (0, 1, 3), rand.cumulative((60, 10, 30))
_MINUTES = (15, 30, 30, 45, 60, 60, 90, 120, 180, 240)


def _tasks_and_work(rng: random.Random, p: Profile, d: Directory, start: int, end: int,
                    tech: int) -> tuple[list[Task], list[Work]]:  # fmt: skip
    tasks: list[Task] = []
    if TYPES[p.type].classification == catalog.SERVICE_REQUEST and rng.random() < 0.3:
        pool = d.techs_by_group[p.group]
        for k in range(rng.randint(1, 3)):
            created = sql_datetime(start + k * 1000)
            done = sql_datetime(start + (end - start) * (k + 1) // 4)
            tasks.append(
                Task(
                    rand.one(rng, TASK_TITLES),
                    rand.one(rng, pool),
                    created,
                    created + 3 * DAY,
                    done,
                )
            )
    work: list[Work] = []
    window = max(min(end, start + WORK_WINDOW_MS) - start, MINUTE)
    if rng.random() < 0.65:
        for _ in range(1 + rand.pick(rng, _N_WORK)):
            work.append(_work(rng, start + rand.below(rng, window), tech, -1))
    for k, task in enumerate(tasks):
        if rng.random() < 0.5:
            work.append(_work(rng, start + rand.below(rng, window), task.responsible, k))
    work.sort()
    return tasks, work


def _work(rng: random.Random, ms: int, person: int, task: int) -> Work:
    status = _WORK_STATUS[rand.pick(rng, _WORK_STATUS_CUM)]
    status_ms = sql_datetime(ms + _between(rng, HOUR, 7 * DAY)) if status else 0
    return Work(
        sql_datetime(ms),
        rand.one(rng, _MINUTES),
        person,
        task,
        rand.below(rng, len(catalog.TIME_TYPES)),
        status,
        status_ms,
    )


@dataclass
class Extras:
    """What ``Tenant.touch`` added to a ticket after the fact (kept in memory, small)."""

    events: list[Event] = field(default_factory=list)
    work: list[Work] = field(default_factory=list)
    replies: dict[int, list[Reply]] = field(default_factory=dict)
    """Replies added to the entries at these positions of the ticket's events."""
    work_changes: dict[int, Work] = field(default_factory=dict)
    """Time entries edited or deleted since, by their position in the ticket's work."""


def build_life(
    p: Profile, d: Directory, as_of_ms: int, extras: Extras | None, tz: ZoneInfo
) -> Life:
    """The ticket as it stands: planned history cut at ``as_of_ms``, plus touched extras."""
    planned, tasks, work = plan_events(p, d, tz)
    events = [
        e._replace(replies=tuple(r for r in e.replies if r.ms <= as_of_ms)) if e.replies else e
        for e in with_replies(p, planned)
        if e.ms <= as_of_ms
    ]
    work = [w if w.status_ms <= as_of_ms else w._replace(status=0, status_ms=0)
            for w in work if w.ms <= as_of_ms]  # fmt: skip
    tasks = [t for t in tasks if t.created_ms <= as_of_ms]
    for t in tasks:
        if t.completed_ms is not None and t.completed_ms > as_of_ms:
            t.completed_ms = None
    if extras is not None:
        events += extras.events
        work += extras.work
        for pos, added in extras.replies.items():
            events[pos] = events[pos]._replace(replies=events[pos].replies + tuple(added))
        for pos, changed in extras.work_changes.items():
            work[pos] = changed
    life = Life(p, events, tasks, work)
    replay(life)
    return life


def replay(life: Life) -> None:
    """Derive the ticket's state from its events."""
    p = life.p
    life.modified_ms, life.modified_by = p.created_ms, p.creator
    # Until someone responds, only the group is responsible.
    life.responsible, life.group = -1, p.group
    for e in life.events:
        life.modified_ms, life.modified_by = e.ms, e.actor
        if life.responsible < 0 and e.kind == STATUS_CHANGE and e.from_status == S_NEW:
            life.responsible = p.responsible
        if e.reassign_to >= 0:
            life.responsible, life.group = e.reassign_to, e.to_group
        if e.kind == STATUS_CHANGE:
            _status_change(life, e)


def _status_change(life: Life, e: Event) -> None:
    life.history.append((e.ms, e.from_status, e.to_status))
    life.status = e.to_status
    cls = STATUSES[e.to_status].status_class
    if life.responded_ms is None and e.from_status == S_NEW:
        life.responded_ms, life.responded_by = e.ms, e.actor
    done = cls in (catalog.COMPLETED, catalog.CANCELLED)
    was_done = STATUSES[e.from_status].status_class in (catalog.COMPLETED, catalog.CANCELLED)
    if done and not was_done:
        life.completed_ms, life.completed_by = e.ms, e.actor
    elif not done:
        life.completed_ms, life.completed_by = None, -1
    life.hold_ms = e.ms if cls == catalog.ON_HOLD else None
