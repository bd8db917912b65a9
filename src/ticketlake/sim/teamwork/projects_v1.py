"""Projects v1 at the site's root (``/tasks.json``, ``/time_entries.json``, ``/people.json``,
``/projects.json``, ``/companies.json``, ``/teams.json``, scoped ``/projects/{id}/...``):
``{"STATUS":"OK", key: [...]}`` with ``X-Page``, ``X-Pages``, ``X-Records`` (B3); tasks 250 a
page, time entries 100 up to 500. And v2's one (undocumented) ``/projects/api/v2/time.json``."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from starlette.responses import Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamwork import render_v1 as r1
from ticketlake.sim.teamwork.call import Call
from ticketlake.sim.teamwork.listing import Record, page_args, window
from ticketlake.sim.teamwork.projects_v3 import time as v3_time
from ticketlake.sim.teamwork.records import timelog_of
from ticketlake.sim.teamwork.selection import Scope, task_rows, timelog_rows, visible_projects
from ticketlake.sim.teamwork.wire import ApiError

Render = Callable[[int], Record]
SIZES = {"tasks": (250, 250), "time_entries": (100, 500)}
KEYS = {"tasks": "todo-items", "time_entries": "time-entries", "people": "people",
        "projects": "projects", "companies": "companies", "teams": "teams"}  # fmt: skip


def _answer(
    call: Call, kind: str, rows: Sequence[int], render: Callable[[int], Record]
) -> Response:
    default, most = SIZES.get(kind, (500, 500))
    page, size = page_args(call, default, most)
    chosen, _ = window(rows, page, size)
    response = json_response({"STATUS": "OK", KEYS[kind]: [render(r) for r in chosen]})
    response.headers.update({"X-Page": str(page), "X-Pages": str(max(1, math.ceil(
        len(rows) / size))), "X-Records": str(len(rows))})  # fmt: skip
    return response


def _list(call: Call, kind: str, scope: Scope) -> Response:
    t = call.tenant
    d = t.world.directory
    if kind == "tasks":
        rows = task_rows(call, scope, "updatedAfterDate")
        return _answer(call, kind, rows, lambda i: r1.task_v1(d, t.task(i)))
    if kind == "time_entries":
        rows = timelog_rows(call, scope, names=("updatedAfterDate", "fromdate", "todate"))
        return _answer(call, kind, rows, lambda r: r1.time_v1(d, *timelog_of(t, r)))
    if kind == "projects":
        status = (call.param("status") or "ACTIVE").upper()
        shown = [k for k, p in enumerate(d.projects) if d.sees(call.person, k)
                 and (status == "ALL" or p.archived == (status == "ARCHIVED"))]  # fmt: skip
        return _answer(call, kind, shown, lambda k: r1.project_v1(d, k))
    if kind == "people":
        return _answer(call, kind, range(len(d.people)), lambda k: r1.person_v1(d, k))
    if kind == "companies":
        return _answer(call, kind, range(d.companies), lambda k: r1.company_v1(d, k))
    return _answer(call, kind, [], lambda k: {})


def route(call: Call) -> Response:
    """Answer a v1 path (already authenticated and counted)."""
    p = call.parts
    if len(p) == 1 and p[0] in KEYS:
        return _list(call, p[0], Scope())
    if len(p) == 3 and p[0] == "projects" and p[2] in ("tasks", "time_entries"):
        k = call.tenant.world.directory.project_index(call.ident(p[1]))
        if k is None or not visible_projects(call)[k]:
            raise ApiError(404, "project not found", "v1")
        return _list(call, p[2], Scope(project=k))
    raise ApiError(404, "Not found", "v1")


def v2_route(call: Call) -> Response:
    """``/projects/api/v2/time.json`` (undocumented, B1): the v3 list with the minute totals
    Teamwork's own scripts read (``x-total-mins-sum``, ``x-billable-mins-sum``, B5)."""
    if call.parts != ["time"]:
        raise ApiError(404, "Not found", "v3")
    rows = timelog_rows(call, Scope())
    logs = [timelog_of(call.tenant, r)[0] for r in rows]
    response = v3_time(call, Scope())
    response.headers.update({"x-total-mins-sum": str(sum(x.minutes for x in logs)),
                             "x-billable-mins-sum": str(sum(x.minutes for x in logs
                                                            if x.billable))})  # fmt: skip
    return response
