"""Projects v3 (``/projects/api/v3/...json``, reference B3-B4): lists with ``meta.page``,
single records, sideloads; completed tasks, tasks in completed lists and archived projects
hidden unless asked for."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from starlette.responses import Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamwork import catalog
from ticketlake.sim.teamwork import render_projects as rp
from ticketlake.sim.teamwork.call import Call
from ticketlake.sim.teamwork.directory import LISTS, MILESTONES
from ticketlake.sim.teamwork.listing import Record, v3_list
from ticketlake.sim.teamwork.records import comment_record, task_record, timelog_record
from ticketlake.sim.teamwork.selection import (
    Scope,
    comment_rows,
    task_rows,
    timelog_rows,
    visible_projects,
)
from ticketlake.sim.teamwork.sideload import sideload
from ticketlake.sim.teamwork.wire import ApiError, fmt, ref

Handler = Callable[[Call, Scope], Response]


def _list(call: Call, key: str, rows: Sequence[int], render: Callable[[int], Record]) -> Response:
    def side(records: list[Record], asked: set[str]) -> dict[str, dict[str, Record]]:
        return sideload(call.tenant, records, asked)

    return json_response(v3_list(call, key, rows, render, side))


def _small(call: Call, key: str, records: list[Record], stamp: str = "updatedAt") -> Response:
    """A list of few records, filtered on ``updatedAfter`` against ``stamp``."""
    after = call.time("updatedAfter")
    if after is not None:
        records = [r for r in records if (r.get(stamp) or "") > (fmt(after) or "")]
    return _list(call, key, range(len(records)), records.__getitem__)


def tasks(call: Call, scope: Scope) -> Response:
    """``tasks.json`` (all, a project's, a task list's)."""
    return _list(call, "tasks", task_rows(call, scope), lambda i: task_record(call.tenant, i))


def time(call: Call, scope: Scope) -> Response:
    """``time.json`` (all, a project's, a task's; ``ticketId`` for a Desk ticket's)."""
    rows = timelog_rows(call, scope)
    return _list(call, "timelogs", rows, lambda r: timelog_record(call.tenant, r))


def comments(call: Call, scope: Scope) -> Response:
    """``comments.json`` (all, a task's)."""
    rows = comment_rows(call, scope)
    return _list(call, "comments", rows, lambda r: comment_record(call.tenant, r))


def projects(call: Call, scope: Scope) -> Response:
    """``projects.json``: archived ones only with ``includeArchivedProjects``;
    ``onlyArchivedProjects`` for those alone."""
    d = call.tenant.world.directory
    shown = visible_projects(call)
    only = call.flag("onlyArchivedProjects")
    keep = [
        k
        for k, p in enumerate(d.projects)
        if (shown[k] or (only and d.sees(call.person, k))) and (not only or p.archived)
    ]
    return _small(call, "projects", [rp.project_json(d, k) for k in keep])  # fmt: skip


def tasklists(call: Call, scope: Scope) -> Response:
    """``tasklists.json`` (all, a project's); completed lists only with ``showCompleted``."""
    d = call.tenant.world.directory
    shown, completed = visible_projects(call), call.flag("showCompleted")
    records = [rp.tasklist_json(d, k, lst) for k in range(len(d.projects)) if shown[k]
               and scope.project in (None, k) for lst in range(LISTS)
               if completed or not (lst == 3 and d.projects[k].completed_list)]  # fmt: skip
    return _small(call, "tasklists", records)


def people(call: Call, scope: Scope) -> Response:
    """``people.json`` (all, a project's): ``userType`` narrows to account, collaborator or
    contact."""
    d = call.tenant.world.directory
    kind = (call.param("userType") or "").lower()
    keep = [k for k, p in enumerate(d.people) if not kind or p.kind == kind]
    if scope.project is not None:
        keep = [k for k in keep if d.people[k].company == 0 and d.sees(k, scope.project)]
    return _small(call, "people", [rp.person_json(d, k) for k in keep])


def companies(call: Call, scope: Scope) -> Response:
    """``companies.json``."""
    d = call.tenant.world.directory
    return _small(call, "companies", [rp.company_json(d, k) for k in range(d.companies)])


def milestones(call: Call, scope: Scope) -> Response:
    """``milestones.json`` (all, a project's)."""
    d = call.tenant.world.directory
    shown = visible_projects(call)
    records = [
        rp.milestone_json(d, k, m)
        for k in range(len(d.projects))
        if shown[k] and scope.project in (None, k)
        for m in range(MILESTONES)
    ]
    return _small(call, "milestones", records, "lastChangedOn")  # fmt: skip


def tags(call: Call, scope: Scope) -> Response:
    """``tags.json``."""
    return _small(call, "tags", [rp.tag_json(k) for k in range(len(catalog.TAGS))])


def customfields(call: Call, scope: Scope) -> Response:
    """``customfields.json``."""
    return _small(
        call, "customfields", [rp.customfield_json(k) for k in range(len(catalog.CUSTOM_FIELDS))]
    )


def stages(call: Call, scope: Scope) -> Response:
    """``workflows/{id}/stages.json``."""
    return _small(call, "stages", [rp.stage_json(k) for k in range(len(catalog.STAGES))])


def latestactivity(call: Call, scope: Scope) -> Response:
    """``latestactivity.json``: task changes, newest first (cursor paging is UNCONFIRMED; we
    page like every v3 list)."""
    t = call.tenant
    d = t.world.directory
    rows = task_rows(call, scope)

    def render(i: int) -> Record:
        life = t.task(i)
        return {"id": life.id, "activityType": "edited" if len(life.stages) > 1 else "new",
                "itemType": "task", "itemId": life.id, "description": life.name,
                "dateTime": fmt(life.updated_ms), "user": ref(rp.person_id(
                    d, life.updated_by), "users"), "project": ref(
                    d.projects[life.project].id, "projects")}  # fmt: skip

    ordered = sorted(rows, key=t.index.tasks.updated.__getitem__, reverse=True)
    return _list(call, "activities", ordered, render)


def me(call: Call) -> Response:
    """``me.json``: the caller."""
    return json_response({"person": rp.person_json(call.tenant.world.directory, call.person)})


LISTS_OF: dict[str, Handler] = {
    "tasks": tasks, "time": time, "comments": comments, "projects": projects,
    "tasklists": tasklists, "people": people, "companies": companies,
    "milestones": milestones, "tags": tags, "customfields": customfields,
    "latestactivity": latestactivity}  # fmt: skip
SINGULAR = {"tasks": "task", "time": "timelog", "comments": "comment", "projects": "project",
            "tasklists": "tasklist", "people": "person", "companies": "company",
            "milestones": "milestone", "tags": "tag", "customfields": "customfield"}  # fmt: skip
CHILDREN = {"projects": {"tasks", "tasklists", "time", "people", "milestones", "latestactivity"},
            "tasklists": {"tasks"}, "tasks": {"time", "comments"}}  # fmt: skip


def _scope(call: Call, parent: str, ident: int) -> Scope:
    t = call.tenant
    d = t.world.directory
    if parent == "projects":
        k = d.project_index(ident)
        if k is None or not d.sees(call.person, k):
            raise ApiError(404, "project not found")
        return Scope(project=k)
    if parent == "tasklists":
        where = d.tasklist_index(ident)
        if where is None or not d.sees(call.person, where[0]):
            raise ApiError(404, "tasklist not found")
        return Scope(tasklist=where)
    i = t.world.task_index(ident)
    if i is None or not d.sees(call.person, t.index.tasks.project[i]):
        raise ApiError(404, "task not found")
    return Scope(task=i)


def _item(call: Call, kind: str, ident: int) -> Response:
    """One record by ID: found among the whole list as the caller may see it (completed and
    archived included)."""
    t = call.tenant
    if kind == "tasks":
        i = t.world.task_index(ident)
        if i is not None and t.world.directory.sees(call.person, t.index.tasks.project[i]):
            return json_response({"task": task_record(t, i)})
        raise ApiError(404, "task not found")
    if kind == "time":
        ids = t.index.timelogs.id
        r = bisect.bisect_left(ids, ident)
        if r < len(ids) and ids[r] == ident:
            return json_response({"timelog": timelog_record(t, r)})
        raise ApiError(404, "timelog not found")
    found = _find(call, kind, ident)
    if found is None:
        raise ApiError(404, f"{SINGULAR[kind]} not found")
    return json_response({SINGULAR[kind]: found})


def _find(call: Call, kind: str, ident: int) -> Record | None:
    """A record of a small list by ID, archived and completed ones included."""
    t = call.tenant
    d = t.world.directory
    if kind == "comments":
        ids = t.index.comments.id
        r = bisect.bisect_left(ids, ident)
        return comment_record(t, r) if r < len(ids) and ids[r] == ident else None
    seen = [k for k in range(len(d.projects)) if d.sees(call.person, k)]
    every: dict[str, Callable[[], list[Record]]] = {
        "projects": lambda: [rp.project_json(d, k) for k in seen],
        "tasklists": lambda: [rp.tasklist_json(d, k, n) for k in seen for n in range(LISTS)],
        "milestones": lambda: [rp.milestone_json(d, k, m) for k in seen
                               for m in range(MILESTONES)],
        "people": lambda: [rp.person_json(d, k) for k in range(len(d.people))],
        "companies": lambda: [rp.company_json(d, k) for k in range(d.companies)],
        "tags": lambda: [rp.tag_json(k) for k in range(len(catalog.TAGS))],
        "customfields": lambda: [rp.customfield_json(k)
                                 for k in range(len(catalog.CUSTOM_FIELDS))],
    }  # fmt: skip
    return next((r for r in every[kind]() if r["id"] == ident), None)


def route(call: Call) -> Response:
    """Answer a v3 path (already authenticated and counted)."""
    p = call.parts
    if p == ["me"]:
        return me(call)
    if len(p) == 3 and p[0] == "workflows" and p[2] == "stages":
        return stages(call, Scope())
    if len(p) == 1 and p[0] in LISTS_OF:
        return LISTS_OF[p[0]](call, Scope())
    if len(p) == 2 and p[0] in SINGULAR:
        return _item(call, p[0], call.ident(p[1]))
    if len(p) == 3 and p[2] in CHILDREN.get(p[0], set()):
        return LISTS_OF[p[2]](call, _scope(call, p[0], call.ident(p[1])))
    raise ApiError(404, "Not found")
