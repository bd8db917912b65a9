"""Which tasks, time logs and comments a v3 or v1 call selects: scope, visibility, the hidden
completed tasks and completed lists (B4), archived projects, time filters and order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ticketlake.sim.teamwork.call import Call
from ticketlake.sim.teamwork.directory import PROJECT_BASE
from ticketlake.sim.teamwork.index import STATUS, Index
from ticketlake.sim.teamwork.ordered import arranged, strictly_between
from ticketlake.sim.teamwork.tasks import TASK_BASE
from ticketlake.sim.teamwork.tickets import TICKET_BASE
from ticketlake.sim.teamwork.wire import DAY_MS, parse_ids

ORDERS = {"updatedat": "updated", "dateupdated": "updated", "lastupdated": "updated",
          "lastmodified": "updated", "createdat": "created", "datecreated": "created",
          "dateadded": "created", "date": "logged", "id": "id"}  # fmt: skip


@dataclass(frozen=True)
class Scope:
    """What the path narrows a list to (a project, task list, task or Desk ticket index)."""

    project: int | None = None
    tasklist: tuple[int, int] | None = None
    task: int | None = None


def order_of(call: Call) -> tuple[str, bool]:
    """(column, descending) from ``orderBy``/``orderMode`` (unknown orders: by ID)."""
    column = ORDERS.get((call.param("orderBy") or "id").lower().replace("_", ""), "id")
    return column, (call.param("orderMode") or "asc").lower() == "desc"


def _between(value: int, after: int | None, before: int | None) -> bool:
    """Within the bounds, compared in whole seconds as the API serves times."""
    value -= value % 1000
    return (after is None or value > after) and (before is None or value < before)


def visible_projects(call: Call) -> list[bool]:
    """Per project index: whether the caller sees it (and, unless asked, it is not archived)."""
    d = call.tenant.world.directory
    archived = call.flag("includeArchivedProjects") or call.flag("includeArchived")
    return [d.sees(call.person, k) and (archived or not p.archived)
            for k, p in enumerate(d.projects)]  # fmt: skip


def in_order(index: Index, key: tuple[Any, ...], rows: Sequence[int], column: str,
             cols: dict[str, Callable[[int], Any]], desc: bool) -> Sequence[int]:  # fmt: skip
    """``rows`` (a slice of an update-ordered selection, ``key``) in the order asked: as they
    are for ascending updates, else sorted (and kept under ``key``)."""
    if column == "updated" and not desc:
        return rows
    return index.cached((*key, column, desc), lambda: arranged(rows, cols.get(column), desc))


def task_rows(call: Call, scope: Scope, updated_after: str = "updatedAfter") -> Sequence[int]:
    """Task indexes the call selects."""
    t = call.tenant
    ix, d = t.index.tasks, t.world.directory
    created = t.world.task_created
    completed, lists = call.flag("includeCompletedTasks"), call.flag("showCompletedLists")
    bounds = strictly_between(call.time(updated_after), call.time("updatedBefore"))
    ca, cb = call.time("createdAfter"), call.time("createdBefore")
    shown = visible_projects(call)
    done = STATUS["completed"]
    key = ("tasks", call.person, scope, completed, lists, tuple(shown), ca, cb, t.index.version)

    def keep(r: int) -> bool:
        k = ix.project[r]
        if not shown[k] or (scope.project is not None and k != scope.project):
            return False
        if scope.tasklist is not None and (k, ix.lst[r]) != scope.tasklist:
            return False
        if not completed and ix.status[r] == done:
            return False
        if not lists and ix.lst[r] == 3 and d.projects[k].completed_list:
            return False
        return _between(created[r], ca, cb)

    rows = t.index.ordered(key, len(ix), keep, ix.updated).between(*bounds)
    cols: dict[str, Callable[[int], Any]] = {"updated": ix.updated.__getitem__,
                                             "created": created.__getitem__}  # fmt: skip
    column, desc = order_of(call)
    return in_order(t.index, (*key, bounds), rows, column, cols, desc)


def timelog_rows(call: Call, scope: Scope, ticket: int | None = None,
                 names: tuple[str, str, str] = ("updatedAfter", "startDate", "endDate"),
                 ) -> Sequence[int]:  # fmt: skip
    """Time-log rows the call selects (``ticket``: only that Desk ticket's); ``names`` are
    the parameters of the update and logged-date bounds (v1 spells them otherwise)."""
    t = call.tenant
    ix = t.index.timelogs
    shown = [d or call.flag("includeArchivedProjects") for d in visible_projects(call)]
    deleted = call.flag("showDeleted")
    bounds = strictly_between(call.time(names[0]), None)
    start, end = call.time(names[1]), call.time(names[2])
    tickets = parse_ids(call.param("ticketId")) or parse_ids(call.param("deskTicketIds"))
    tasks, projects = parse_ids(call.param("taskIds")), parse_ids(call.param("projectIds"))
    key = ("time", call.person, scope, ticket, tuple(shown), deleted, start, end,
           frozenset(tickets or ()), frozenset(tasks or ()), frozenset(projects or ()),
           t.index.version)  # fmt: skip

    def keep(r: int) -> bool:
        on_ticket = bool(ix.ticket[r])
        if not shown[ix.project[r]] or (ix.deleted[r] and not deleted):
            return False
        if scope.project is not None and ix.project[r] != scope.project:
            return False
        if scope.task is not None and (on_ticket or ix.owner[r] != scope.task):
            return False
        if ticket is not None and (not on_ticket or ix.owner[r] != ticket):
            return False
        if tickets is not None and (not on_ticket or TICKET_BASE + ix.owner[r] not in tickets):
            return False
        if tasks is not None and (on_ticket or TASK_BASE + ix.owner[r] not in tasks):
            return False
        if projects is not None and PROJECT_BASE + ix.project[r] not in projects:
            return False
        logged = ix.logged[r]
        return (start is None or logged >= start) and (end is None or logged < end + DAY_MS)

    rows = t.index.ordered(key, len(ix), keep, ix.updated).between(*bounds)
    cols: dict[str, Callable[[int], Any]] = {"updated": ix.updated.__getitem__,
                                             "created": ix.created.__getitem__,
                                             "logged": ix.logged.__getitem__}  # fmt: skip
    column, desc = order_of(call)
    return in_order(t.index, (*key, bounds), rows, column, cols, desc)


def comment_rows(call: Call, scope: Scope) -> Sequence[int]:
    """Comment rows the call selects."""
    t = call.tenant
    ix = t.index.comments
    shown = visible_projects(call)
    bounds = strictly_between(call.time("updatedAfter"), None)
    key = ("comments", call.person, scope, tuple(shown), t.index.version)

    def keep(r: int) -> bool:
        return shown[ix.project[r]] and (scope.task is None or ix.task[r] == scope.task)

    rows = t.index.ordered(key, len(ix), keep, ix.updated).between(*bounds)
    column, desc = order_of(call)
    cols: dict[str, Callable[[int], Any]] = {"updated": ix.updated.__getitem__}
    return in_order(t.index, (*key, bounds), rows, column, cols, desc)
