"""Ground truth: everything the site holds, as the API serves it, one JSON-lines file per kind,
written by ``ticketlake.sim.truthfile``.

The truth is what the site holds, not what a given key's user may see: completed tasks, tasks
in completed lists, archived projects and deleted time logs (``"deleted": true``) included, so a
complete extraction can be compared with it. Desk tickets are in their Desk shape; their time is
among ``timelogs`` (v3 shape, ``task`` null) and, Desk-shaped, in ``desk_timelogs``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ticketlake.sim.teamwork import catalog
from ticketlake.sim.teamwork import render_desk as rdk
from ticketlake.sim.teamwork import render_projects as rp
from ticketlake.sim.teamwork.directory import LISTS, MILESTONES
from ticketlake.sim.teamwork.records import comment_record, task_record, timelog_record
from ticketlake.sim.teamwork.wire import fmt
from ticketlake.sim.truthfile import write_truth

if TYPE_CHECKING:
    from ticketlake.sim.teamwork.tenant import Tenant

Record = dict[str, Any]


def _projects(t: Tenant) -> dict[str, Any]:
    d = t.world.directory
    n = len(d.projects)
    return {
        "projects": lambda: (rp.project_json(d, k) for k in range(n)),
        "tasklists": lambda: (rp.tasklist_json(d, k, m) for k in range(n) for m in range(LISTS)),
        "milestones": lambda: (rp.milestone_json(d, k, m) for k in range(n)
                               for m in range(MILESTONES)),
        "tasks": lambda: (task_record(t, i) for i in range(len(t.index.tasks))),
        "comments": lambda: (comment_record(t, r) for r in range(len(t.index.comments))),
        "timelogs": lambda: (timelog_record(t, r) for r in range(len(t.index.timelogs))),
        "people": lambda: (rp.person_json(d, k) for k in range(len(d.people))),
        "companies": lambda: (rp.company_json(d, k) for k in range(d.companies)),
        "tags": lambda: (rp.tag_json(k) for k in range(len(catalog.TAGS))),
        "workflow_stages": lambda: (rp.stage_json(k) for k in range(len(catalog.STAGES))),
    }  # fmt: skip


def _desk(t: Tenant) -> dict[str, Any]:
    d = t.world.directory
    n = len(t.index.tickets)
    return {
        "desk_tickets": lambda: (rdk.ticket_json(t, t.ticket(j)) for j in range(n)),
        "desk_messages": lambda: (rdk.message_json(t, t.ticket(j), m) for j in range(n)
                                  for m in range(len(t.ticket(j).messages))),
        "desk_timelogs": lambda: (rdk.timelog_json(t, t.ticket(j), x) for j in range(n)
                                  for x in range(len(t.ticket(j).timelogs))),
        "desk_customers": lambda: (rdk.customer_json(t, c) for c in range(d.customers)),
        "desk_sla_results": lambda: (rdk.sla_result(t.ticket(j)) for j in range(n)),
        **{f"desk_{kind}": (lambda kind=kind: iter(rdk.reference(t, kind)))
           for kind in rdk.REFERENCE},
    }  # fmt: skip


def _files(t: Tenant) -> dict[str, Any]:
    from ticketlake.sim.teamwork import render_spaces as rs

    spaces = {"spaces": lambda: iter(rs.spaces(t)), "space_pages": lambda: iter(rs.pages(t))}
    return {**_projects(t), **(_desk(t) if t.site.desk_enabled else {}), **spaces}


def names(t: Tenant) -> list[str]:
    """The truth files the site has (no Desk files on a site without Desk)."""
    return list(_files(t))


def iter_truth(t: Tenant, name: str) -> Iterator[Record]:
    """Every record of kind ``name``."""
    files = _files(t)
    if name not in files:
        raise KeyError(f"unknown truth file {name!r}; one of {', '.join(files)}")
    records: Iterator[Record] = files[name]()
    return records


def dump(t: Tenant, folder: Path) -> Path:
    """Write every truth file and the manifest into ``folder``."""
    cfg, site = t.config, t.site
    manifest = {
        "source": "teamwork", "seed": cfg.seed, "tasks": cfg.tasks, "tickets": cfg.tickets,
        "scenario": cfg.scenario, "as_of": fmt(t.world.as_of_ms), "data_now": fmt(t.data_now_ms),
        "site": site.name, "region": site.region, "desk_enabled": site.desk_enabled,
        "form": vars(site.form),
    }  # fmt: skip
    return write_truth(folder, names(t), lambda name: iter_truth(t, name), manifest)
