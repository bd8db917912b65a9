"""A task's life, a pure function of (seed, index, creation time): the workflow stages it moves
through, completion and reopening, its comments (some edited later) and time logs (some edited,
a few deleted). Everything happens before ``as_of``."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ticketlake.sim import rand
from ticketlake.sim.teamwork import catalog
from ticketlake.sim.teamwork.directory import Directory

TASK_BASE, COMMENT_BASE, TIMELOG_BASE = 31_000_001, 60_000_001, 9_100_001
PER = 4
"""Comments and time logs a task has at most (their IDs are ``BASE + i * PER + pos``)."""
TASK = 41
HOUR_MS, DAY_MS = 3_600_000, 86_400_000
NEW, REOPENED, COMPLETED = "new", "reopened", "completed"


@dataclass(frozen=True)
class Comment:
    """A comment on a task."""

    id: int
    posted_ms: int
    edited_ms: int | None
    by: int
    body: str

    @property
    def updated_ms(self) -> int:
        """When the comment last changed."""
        return self.edited_ms or self.posted_ms


@dataclass(frozen=True)
class Timelog:
    """Time logged on a task (or a Desk ticket)."""

    id: int
    logged_ms: int
    created_ms: int
    updated_ms: int
    minutes: int
    billable: bool
    user: int
    description: str
    deleted_ms: int | None = None


@dataclass
class TaskLife:
    """A task as it stands at ``as_of``."""

    i: int
    id: int
    created_ms: int
    project: int
    lst: int
    name: str
    priority: str
    estimate: int
    due_ms: int | None
    creator: int
    assignees: list[int]
    tags: list[int]
    stages: list[tuple[int, int, int]] = field(default_factory=list)
    """(ms, stage ID, person index) of every move, the first at creation."""
    status: str = NEW
    completed_ms: int | None = None
    completed_by: int | None = None
    comments: list[Comment] = field(default_factory=list)
    timelogs: list[Timelog] = field(default_factory=list)

    @property
    def updated_ms(self) -> int:
        """The task's last change (its last stage move, completion or reopening)."""
        return max(self.stages[-1][0], self.completed_ms or 0)

    @property
    def updated_by(self) -> int:
        """Who made the last change."""
        return self.stages[-1][2]


def build_task(seed: int, i: int, created_ms: int, d: Directory, as_of_ms: int) -> TaskLife:
    """Task ``i`` as it stands at ``as_of_ms``."""
    rng = rand.stream(seed, TASK, i)
    k = rand.below(rng, len(d.projects))
    project = d.projects[k]
    lst = rand.below(rng, 4 if project.completed_list else 3)
    staff = d.staff
    who = [rand.one(rng, staff) for _ in range(1 + rand.below(rng, 2))]
    name = f"{rand.one(rng, catalog.TASK_VERBS)} {rand.one(rng, catalog.TASK_OBJECTS)}"
    due = created_ms + (3 + rand.below(rng, 30)) * DAY_MS if rng.random() < 0.7 else None
    tags = sorted({catalog.TAGS[rand.below(rng, len(catalog.TAGS))][0]
                   for _ in range(rand.below(rng, 3))})  # fmt: skip
    life = TaskLife(i, TASK_BASE + i, created_ms, k, lst, name,
                    rand.one(rng, catalog.TASK_PRIORITIES), 30 * (1 + rand.below(rng, 16)),
                    due, who[0], sorted(set(who)), tags)  # fmt: skip
    _move(life, rng, as_of_ms, force=lst == 3 or project.archived)
    _comments(life, rng, as_of_ms)
    _timelogs(life, rng, as_of_ms)
    return life


def _gap(rng: random.Random, mean_hours: float) -> int:
    return int(rng.expovariate(1 / mean_hours) * HOUR_MS) + 60_000


def _move(life: TaskLife, rng: random.Random, as_of_ms: int, force: bool) -> None:
    """Stages from creation on; reaching Done completes the task; some reopen."""
    at, person = life.created_ms, life.creator
    first = 1 + int(rng.random() < 0.5)
    life.stages.append((at, catalog.STAGES[first][0], person))
    reopen = rng.random() < 0.12
    for stage in range(first + 1, len(catalog.STAGES)):
        at += _gap(rng, 40)
        if at >= as_of_ms:
            break
        person = life.assignees[stage % len(life.assignees)]
        life.stages.append((at, catalog.STAGES[stage][0], person))
        if stage == len(catalog.STAGES) - 1:
            _complete(life, at, person)
            if reopen and (back := at + _gap(rng, 30)) < as_of_ms:
                life.status, life.completed_ms, life.completed_by = REOPENED, None, None
                life.stages.append((back, catalog.STAGES[2][0], person))
                if (again := back + _gap(rng, 30)) < as_of_ms:
                    life.stages.append((again, catalog.STAGES[-1][0], person))
                    _complete(life, again, person)
    if force and life.status != COMPLETED:
        at = min(as_of_ms - 1000, life.stages[-1][0] + HOUR_MS)
        life.stages.append((at, catalog.STAGES[-1][0], life.assignees[0]))
        _complete(life, at, life.assignees[0])


def _complete(life: TaskLife, at: int, person: int) -> None:
    life.status, life.completed_ms, life.completed_by = COMPLETED, at, person


def _comments(life: TaskLife, rng: random.Random, as_of_ms: int) -> None:
    at = life.created_ms
    for c in range(rand.below(rng, PER)):
        at += _gap(rng, 20)
        if at >= as_of_ms:
            break
        edited = at + _gap(rng, 6) if rng.random() < 0.2 else None
        by = life.assignees[c % len(life.assignees)]
        life.comments.append(Comment(COMMENT_BASE + life.i * PER + c, at,
                                     edited if edited and edited < as_of_ms else None, by,
                                     f"Update {c + 1} on {life.name.lower()}."))  # fmt: skip


def _timelogs(life: TaskLife, rng: random.Random, as_of_ms: int) -> None:
    at = life.created_ms
    for t in range(rand.below(rng, PER)):
        at += _gap(rng, 16)
        created = at + 5 * 60_000
        if created >= as_of_ms:
            break
        updated = created
        if rng.random() < 0.25:
            updated = min(as_of_ms - 1000, created + _gap(rng, 30))
        deleted = updated if rng.random() < 0.03 else None
        user = life.assignees[t % len(life.assignees)]
        minutes = 15 * (1 + rand.below(rng, 16))
        life.timelogs.append(Timelog(TIMELOG_BASE + life.i * PER + t, at, created, updated,
                                     minutes, rng.random() < 0.6,
                                     user, f"Worked on {life.name.lower()}", deleted))  # fmt: skip
