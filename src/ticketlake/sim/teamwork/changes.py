"""Changes the site's people make after start-up (``POST /_simulator/changes``): tasks moved
on a stage (completed or reopened) with a comment, Desk tickets answered, time logs edited or
deleted. Each changed record is kept whole; the index follows."""

from __future__ import annotations

import bisect
import copy
import dataclasses
from typing import Any

from ticketlake.sim.teamwork import catalog
from ticketlake.sim.teamwork.index import STATUS, ticket_values, timelog_values
from ticketlake.sim.teamwork.tasks import COMMENT_BASE, COMPLETED, PER, REOPENED, Comment
from ticketlake.sim.teamwork.tenant import DESK_PROJECT, Tenant
from ticketlake.sim.teamwork.tickets import MESSAGE_BASE, MESSAGES, Message

STAGE_IDS = [s for s, _ in catalog.STAGES]


def _latest(count: int, total: int) -> list[int]:
    """The ``count`` most recent indexes (recent work is what changes)."""
    return list(range(max(0, total - count), total))[::-1]


def touch_tasks(t: Tenant, count: int, at: int) -> list[int]:
    """Move ``count`` recent tasks: open ones a stage on (completing at Done), completed ones
    reopened; each gets a comment when it has room."""
    changed = []
    for i in _latest(count, len(t.index.tasks)):
        life = copy.deepcopy(t.task(i))
        person = life.assignees[0]
        if life.status == COMPLETED:
            life.status, life.completed_ms, life.completed_by = REOPENED, None, None
            life.stages.append((at, STAGE_IDS[2], person))
        else:
            stage = STAGE_IDS[min(len(STAGE_IDS) - 1, STAGE_IDS.index(life.stages[-1][1]) + 1)]
            life.stages.append((at, stage, person))
            if stage == STAGE_IDS[-1]:
                life.status, life.completed_ms, life.completed_by = COMPLETED, at, person
        if len(life.comments) < PER:
            c = Comment(COMMENT_BASE + i * PER + len(life.comments), at, None, person, "Moved on.")
            life.comments.append(c)
            ix = t.index.comments
            ix.insert(bisect.bisect_left(ix.id, c.id), id=c.id, task=i, project=life.project,
                      updated=at, posted=at)  # fmt: skip
        t.changed_tasks[i] = life
        t.index.tasks.set(i, updated=life.updated_ms, status=STATUS[life.status])
        changed.append(life.id)
    _done(t, at, changed)
    return changed


def touch_tickets(t: Tenant, count: int, at: int) -> list[int]:
    """Answer ``count`` recent tickets: an agent's reply, status waiting."""
    changed = []
    d = t.world.directory
    for j in _latest(count, len(t.index.tickets)):
        life = copy.deepcopy(t.ticket(j))
        if len(life.messages) >= MESSAGES or life.deleted_ms:
            continue
        life.agent = d.staff[0] if life.agent is None else life.agent
        n = len(life.messages)
        life.messages.append(Message(MESSAGE_BASE + j * MESSAGES + n, at, "message", False,
                                     life.agent, "Following up."))  # fmt: skip
        life.responded_ms = life.responded_ms or at
        life.status, life.status_ms = catalog.WAITING, at
        t.changed_tickets[j] = life
        t.index.tickets.set(j, **ticket_values(life, life.company))
        changed.append(life.id)
    _done(t, at, changed)
    return changed


def _change_log(t: Tenant, row: int, **changes: Any) -> int:
    """Replace the time log of ``row`` with ``changes`` applied; returns its ID."""
    ix = t.index.timelogs
    owner, tid, on_ticket = ix.owner[row], ix.id[row], bool(ix.ticket[row])
    if on_ticket:
        ticket = copy.deepcopy(t.ticket(owner))
        logs, project = ticket.timelogs, DESK_PROJECT
        t.changed_tickets[owner] = ticket
    else:
        task = copy.deepcopy(t.task(owner))
        logs, project = task.timelogs, task.project
        t.changed_tasks[owner] = task
    pos = next(k for k, x in enumerate(logs) if x.id == tid)
    logs[pos] = dataclasses.replace(logs[pos], **changes)
    ix.set(row, **timelog_values(logs[pos], owner, on_ticket, project))
    return tid


def _live_rows(t: Tenant, count: int) -> list[int]:
    ix = t.index.timelogs
    return [r for r in range(len(ix) - 1, -1, -1) if not ix.deleted[r]][:count]


def edit_time(t: Tenant, count: int, at: int) -> list[int]:
    """Lengthen ``count`` recent time logs by 15 minutes."""
    from ticketlake.sim.teamwork.records import timelog_of

    out = [_change_log(t, r, minutes=timelog_of(t, r)[0].minutes + 15, updated_ms=at)
           for r in _live_rows(t, count)]  # fmt: skip
    _done(t, at, out)
    return out


def delete_time(t: Tenant, count: int, at: int) -> list[int]:
    """Delete ``count`` recent time logs."""
    out = [_change_log(t, r, deleted_ms=at, updated_ms=at) for r in _live_rows(t, count)]
    _done(t, at, out)
    return out


def _done(t: Tenant, at: int, changed: list[int]) -> None:
    if changed:
        t.data_now_ms = max(t.data_now_ms, at)
        t.index.changed()
