"""Projects v1 records: the legacy kebab-case shapes (the reference gives no v1 field list:
UNCONFIRMED, modelled on the v1 documentation's names), built from the same data as v3."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamwork import catalog
from ticketlake.sim.teamwork.directory import Directory
from ticketlake.sim.teamwork.tasks import TaskLife, Timelog
from ticketlake.sim.teamwork.wire import fmt, fmt_v1

Record = dict[str, Any]


def task_v1(d: Directory, t: TaskLife) -> Record:
    """A ``todo-items`` entry."""
    p = d.projects[t.project]
    done = t.status == "completed"
    return {"id": t.id, "content": t.name, "description": f"{t.name}.",
            "project-id": p.id, "project-name": p.name,
            "todo-list-id": d.tasklist_id(t.project, t.lst),
            "todo-list-name": catalog.TASKLIST_NAMES[t.lst],
            "responsible-party-ids": ",".join(str(d.people[k].id) for k in t.assignees),
            "creator-id": d.people[t.creator].id, "created-on": fmt(t.created_ms),
            "last-changed-on": fmt(t.updated_ms), "completed": done,
            "completed_on": fmt(t.completed_ms) if done else None,
            "due-date": fmt_v1(t.due_ms), "start-date": fmt_v1(t.created_ms),
            "priority": "" if t.priority == "none" else t.priority,
            "estimated-minutes": t.estimate, "status": t.status, "progress": 100 if done else 0,
            "company-id": d.company_id(p.company),
            "tags": [{"id": i, "name": n, "color": c} for i, n, c in catalog.TAGS
                     if i in t.tags]}  # fmt: skip


def time_v1(d: Directory, log: Timelog, project: int, task: int | None) -> Record:
    """A ``time-entries`` entry (``date`` in UTC, B3)."""
    p, who = d.projects[project], d.people[log.user]
    return {"id": str(log.id), "project-id": str(p.id), "project-name": p.name,
            "todo-item-id": "" if task is None else str(task), "person-id": str(who.id),
            "person-first-name": who.first, "person-last-name": who.last,
            "date": fmt(log.logged_ms), "minutes": str(log.minutes % 60),
            "hours": str(log.minutes // 60), "description": log.description,
            "isbillable": "1" if log.billable else "0", "createdAt": fmt(log.created_ms),
            "updated-date": fmt(log.updated_ms)}  # fmt: skip


def person_v1(d: Directory, k: int) -> Record:
    """A ``people`` entry."""
    p = d.people[k]
    return {"id": str(p.id), "first-name": p.first, "last-name": p.last,
            "email-address": p.email, "company-id": str(d.company_id(p.company)),
            "company-name": d.company_name(p.company), "administrator": p.admin,
            "user-type": p.kind, "title": p.title, "created-at": fmt(p.created_ms),
            "last-changed-on": fmt(p.created_ms), "deleted": False}  # fmt: skip


def project_v1(d: Directory, k: int) -> Record:
    """A ``projects`` entry."""
    p = d.projects[k]
    return {"id": str(p.id), "name": p.name, "description": f"Work for "
            f"{d.company_name(p.company)}.", "status": "archived" if p.archived else "active",
            "subStatus": "completed" if p.archived else "current",
            "company": {"id": str(d.company_id(p.company)), "name": d.company_name(p.company)},
            "created-on": fmt(p.created_ms), "last-changed-on": fmt(p.updated_ms),
            "startDate": fmt_v1(p.created_ms), "endDate": ""}  # fmt: skip


def company_v1(d: Directory, k: int) -> Record:
    """A ``companies`` entry."""
    return {"id": str(d.company_id(k)), "name": d.company_name(k),
            "isOwner": "1" if k == 0 else "0", "industry": "", "website": "",
            "countrycode": "US"}  # fmt: skip
