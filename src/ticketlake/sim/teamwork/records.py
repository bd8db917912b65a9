"""Indexed rows rendered as v3 records (tasks, time logs, comments), regenerated on demand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ticketlake.sim.teamwork import render_projects as rp
from ticketlake.sim.teamwork.tasks import COMMENT_BASE, PER, TIMELOG_BASE, Timelog
from ticketlake.sim.teamwork.tickets import TICKET_TIMELOG_BASE, TIMELOGS

if TYPE_CHECKING:
    from ticketlake.sim.teamwork.tenant import Tenant

Record = dict[str, object]


def task_record(t: Tenant, i: int) -> Record:
    """Task ``i``."""
    return rp.task_json(t.world.directory, t.task(i))


def timelog_of(t: Tenant, row: int) -> tuple[Timelog, int, int | None]:
    """(time log, project index, task ID or None) of a time-log row."""
    ix = t.index.timelogs
    owner, tid = ix.owner[row], ix.id[row]
    if ix.ticket[row]:
        life = t.ticket(owner)
        return life.timelogs[tid - TICKET_TIMELOG_BASE - owner * TIMELOGS], ix.project[row], None
    task = t.task(owner)
    return task.timelogs[tid - TIMELOG_BASE - owner * PER], task.project, task.id


def timelog_record(t: Tenant, row: int) -> Record:
    """The time log of a row."""
    log, project, task = timelog_of(t, row)
    return rp.timelog_json(t.world.directory, log, project, task)


def comment_record(t: Tenant, row: int) -> Record:
    """The comment of a row."""
    ix = t.index.comments
    owner = ix.task[row]
    return rp.comment_json(t.world.directory, t.task(owner),
                           ix.id[row] - COMMENT_BASE - owner * PER)  # fmt: skip
