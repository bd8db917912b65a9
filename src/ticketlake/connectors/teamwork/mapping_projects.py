"""Teamwork.com Projects to the canonical model.

- A task is a ticket of ``kind`` ``task``: its workflow stage is its status (``status_id`` the
  stage's ID, ``status`` its name), its ``status`` (``new``, ``reopened``, ``completed``) its
  status class with the stage's help (completed; new in the workflow's first stage; in process
  otherwise), its project the ``category`` and its project's company the ``account``; the
  first assignee is responsible, the creator the requester. ``attributes`` keep the project,
  the task list, progress and the estimate.
- A comment on a task is a ``comment`` event ``comment:{id}``; comments on other objects
  (milestones, notebooks, links, files) are not ticket events and are left out.
- A time log is a time entry: its task as ``ticket_id`` (time on a Desk ticket has no task:
  ``ticket_id`` stays null), its user, minutes, billable, the day it was logged.
- People are ``user:{id}``; companies are accounts; projects, task lists and workflow stages
  are reference values (kinds ``project``, ``tasklist``, ``status``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ticketlake.connectors.teamwork.rows import Row, instant, person, raw, ref

USER = "user"
COMPLETED = "completed"


def stage_of(task: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """(workflow ID, stage ID) of a task's first workflow."""
    stages = task.get("workflowStages") or []
    first = stages[0] if stages and isinstance(stages[0], Mapping) else {}
    return ref(first.get("workflowId")), ref(first.get("stageId"))


def status_class(task: Mapping[str, Any], first_stage: bool) -> str:
    """completed, new (in the workflow's first stage, never reopened) or in_process."""
    if task.get("status") == COMPLETED or task.get("completedAt"):
        return "completed"
    return "new" if first_stage and task.get("status") != "reopened" else "in_process"


def _included(included: Mapping[str, Any], kind: str, ident: int | None) -> Mapping[str, Any]:
    found = (included.get(kind) or {}).get(str(ident)) if ident is not None else None
    return found if isinstance(found, Mapping) else {}


def task_row(
    task: Mapping[str, Any],
    included: Mapping[str, Any],
    stages: Mapping[int, tuple[str, bool]],
    companies: Mapping[int, str],
) -> Row:
    """One task as a ticket (``stages``: stage ID -> (name, whether first); ``companies``:
    company ID -> name)."""
    tasklist = _included(included, "tasklists", ref(task.get("tasklist")))
    project = _included(included, "projects", ref(tasklist.get("project")))
    company = ref(project.get("companyId")) or ref(project.get("company"))
    _, stage = stage_of(task)
    name, first = stages.get(stage, (None, False)) if stage is not None else (None, False)
    assignees = task.get("assignees") or []
    users = [a for a in assignees if isinstance(a, Mapping) and a.get("type") in (None, "users")]
    return {
        "id": task["id"],
        "number": str(task["id"]),
        "title": task.get("name"),
        "description": task.get("description"),
        "kind": "task",
        "status_id": stage,
        "status": name or task.get("status"),
        "status_class": status_class(task, first),
        "priority": task.get("priority"),
        "account_id": company,
        "account": companies.get(company) if company else None,
        "category": project.get("name"),
        "requester_id": person(USER, task.get("createdBy")),
        "responsible_person_id": person(USER, users[0]) if users else None,
        "created_at": instant(task.get("createdAt")),
        "modified_at": instant(task.get("updatedAt")),
        "completed_at": instant(task.get("completedAt")),
        "attributes": raw(
            {
                "project": project.get("name"),
                "tasklist": tasklist.get("name"),
                "progress": task.get("progress"),
                "estimateMinutes": task.get("estimateMinutes"),
            }
        ),
        "deleted_at": instant(task.get("deletedAt")),
        "raw": raw(task),
    }


def comment_row(comment: Mapping[str, Any]) -> Row | None:
    """A comment on a task as an event (None for comments on other objects)."""
    target = comment.get("object") or {}
    if not isinstance(target, Mapping) or target.get("type") != "tasks":
        return None
    body = comment.get("htmlBody")
    return {
        "id": f"comment:{comment['id']}",
        "ticket_id": ref(target),
        "kind": "comment",
        "created_at": instant(comment.get("postedDateTime")),
        "author_id": person(USER, comment.get("postedBy")),
        "body_html": body,
        "body_text": comment.get("body"),
        "is_private": None,
        "origin": "feed",
        "raw": raw(comment),
    }


def time_row(log: Mapping[str, Any]) -> Row:
    """A time log as a time entry (its task as the ticket)."""
    logged = instant(log.get("timeLogged"))
    return {
        "id": log["id"],
        "ticket_id": ref(log.get("task")),
        "person_id": person(USER, log.get("user")),
        "work_date": logged.date() if logged else None,
        "minutes": float(log.get("minutes") or 0),
        "billable": log.get("billable"),
        "description": log.get("description"),
        "created_at": instant(log.get("createdAt")),
        "modified_at": instant(log.get("updatedAt")),
        "raw": raw(log),
    }


def person_row(p: Mapping[str, Any]) -> Row:
    """A Projects person."""
    name = " ".join(str(n) for n in (p.get("firstName"), p.get("lastName")) if n)
    return {
        "id": f"{USER}:{p['id']}",
        "kind": p.get("type") or USER,
        "reference_id": p["id"],
        "username": p.get("email"),
        "full_name": name or None,
        "email": p.get("email"),
        "title": p.get("title"),
        "is_active": not p.get("deleted"),
        "is_employee": not p.get("isClientUser"),
        "default_account_id": ref(p.get("companyId")) or ref(p.get("company")),
        "raw": raw(p),
    }


def account_row(c: Mapping[str, Any]) -> Row:
    """A company."""
    return {
        "id": c["id"],
        "name": c.get("name"),
        "is_active": c.get("status") != "deleted",
        "raw": raw(c),
    }


def ref_row(kind: str, record: Mapping[str, Any], name: str = "name", **extra: Any) -> Row:
    """A reference value."""
    order = record.get("displayOrder")
    return {
        "kind": kind,
        "id": record["id"],
        "name": record.get(name),
        "sort_order": float(order) if isinstance(order, int | float) else None,
        "is_active": record.get("state", "active") != "deleted",
        "raw": raw(record),
        "status_class": None,
        **extra,
    }


def stage_rows(stages: Sequence[Mapping[str, Any]]) -> list[Row]:
    """Workflow stages as statuses (the last is completed, the first new)."""
    ordered = sorted(stages, key=lambda s: (s.get("displayOrder") or 0, s["id"]))
    last = len(ordered) - 1
    return [
        ref_row(
            "status",
            s,
            status_class="new" if k == 0 else "completed" if k == last else "in_process",
        )
        for k, s in enumerate(ordered)
    ]
