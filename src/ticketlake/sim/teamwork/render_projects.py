"""Projects v3 records as the API serves them: every documented property, nulls included
(reference B4, the SDK's models and the documentation sample of sparse fieldsets)."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamwork import catalog
from ticketlake.sim.teamwork.directory import Directory
from ticketlake.sim.teamwork.tasks import TaskLife, Timelog
from ticketlake.sim.teamwork.wire import fmt, fmt_date, ref

Record = dict[str, Any]


def person_id(d: Directory, k: int | None) -> int | None:
    """A person index's ID (None stays None)."""
    return None if k is None else d.people[k].id


def project_json(d: Directory, k: int) -> Record:
    """Project ``k``."""
    p = d.projects[k]
    return {"id": p.id, "name": p.name, "description": f"Work for {d.company_name(p.company)}.",
            "type": "normal", "status": "archived" if p.archived else "active",
            "subStatus": "completed" if p.archived else "current",
            "companyId": d.company_id(p.company), "company": ref(d.company_id(p.company),
                                                                 "companies"),
            "ownerId": person_id(d, p.owner), "ownedBy": person_id(d, p.owner),
            "categoryId": None, "tagIds": None, "startDate": fmt_date(p.created_ms),
            "endDate": None, "createdAt": fmt(p.created_ms), "createdBy": person_id(d, p.owner),
            "updatedAt": fmt(p.updated_ms), "updatedBy": person_id(d, p.owner),
            "completedAt": fmt(p.updated_ms) if p.archived else None,
            "completedBy": person_id(d, p.owner) if p.archived else None,
            "isStarred": False, "isBillable": True, "defaultPrivacy": "open",
            "logo": None, "announcement": None}  # fmt: skip


def tasklist_json(d: Directory, k: int, lst: int) -> Record:
    """List ``lst`` of project ``k`` (the last list of some projects is completed)."""
    p = d.projects[k]
    done = lst == 3 and p.completed_list
    return {"id": d.tasklist_id(k, lst), "name": catalog.TASKLIST_NAMES[lst],
            "description": "", "displayOrder": lst, "project": ref(p.id, "projects"),
            "projectId": p.id, "milestone": None, "milestoneId": None, "isPrivate": False,
            "isPinned": False, "isBillable": None, "status": "completed" if done else "new",
            "createdAt": fmt(p.created_ms), "updatedAt": fmt(p.updated_ms if done
                                                             else p.created_ms),
            "defaultTaskId": None, "lockdownId": None, "icon": None}  # fmt: skip


def task_json(d: Directory, t: TaskLife) -> Record:
    """A task (status ``new``, ``reopened`` or ``completed``)."""
    stage = t.stages[-1][1]
    done = t.status == "completed"
    progress = 100 if done else 25 * [s for s, _ in catalog.STAGES].index(stage)
    return {"id": t.id, "name": t.name, "description": f"{t.name}.",
            "descriptionContentType": "TEXT", "priority": t.priority, "progress": progress,
            "startDate": fmt_date(t.created_ms), "dueDate": fmt_date(t.due_ms),
            "estimateMinutes": t.estimate,
            "tasklist": ref(d.tasklist_id(t.project, t.lst), "tasklists"),
            "tasklistId": d.tasklist_id(t.project, t.lst), "parentTask": None,
            "parentTaskId": None,
            "assignees": [ref(person_id(d, k), "users") for k in t.assignees],
            "tags": [ref(tag, "tags") for tag in t.tags], "predecessors": [],
            "workflowStages": [{"workflowId": catalog.WORKFLOW_ID, "stageId": stage}],
            "createdBy": person_id(d, t.creator), "createdAt": fmt(t.created_ms),
            "updatedBy": person_id(d, t.updated_by), "updatedAt": fmt(t.updated_ms),
            "deletedBy": None, "deletedAt": None,
            "completedBy": person_id(d, t.completed_by) if done else None,
            "completedAt": fmt(t.completed_ms) if done else None, "status": t.status,
            "isPrivate": False, "hasDeskTickets": False}  # fmt: skip


def timelog_json(d: Directory, t: Timelog, project: int, task: int | None) -> Record:
    """A time log (``task`` is the task's ID, None for time on a Desk ticket)."""
    return {"id": t.id, "description": t.description, "billable": t.billable,
            "minutes": t.minutes, "timeLogged": fmt(t.logged_ms),
            "user": ref(person_id(d, t.user), "users"), "task": ref(task, "tasks"),
            "project": ref(d.projects[project].id, "projects"), "tags": [],
            "createdAt": fmt(t.created_ms), "loggedBy": person_id(d, t.user),
            "updatedAt": fmt(t.updated_ms), "updatedBy": person_id(d, t.user),
            "deletedAt": fmt(t.deleted_ms), "deletedBy": person_id(d, t.user)
            if t.deleted_ms else None, "deleted": t.deleted_ms is not None,
            "invoiceNumber": None, "hasStartTime": True}  # fmt: skip


def comment_json(d: Directory, t: TaskLife, pos: int) -> Record:
    """Comment ``pos`` of a task."""
    c = t.comments[pos]
    return {"id": c.id, "body": c.body, "htmlBody": f"<p>{c.body}</p>",
            "contentType": "TEXT", "object": ref(t.id, "tasks"),
            "project": ref(d.projects[t.project].id, "projects"),
            "postedBy": person_id(d, c.by), "postedDateTime": fmt(c.posted_ms),
            "lastEditedBy": person_id(d, c.by) if c.edited_ms else None,
            "dateLastEdited": fmt(c.edited_ms), "deleted": False, "deletedBy": None,
            "dateDeleted": None}  # fmt: skip


def person_json(d: Directory, k: int) -> Record:
    """Person ``k``."""
    p = d.people[k]
    return {"id": p.id, "firstName": p.first, "lastName": p.last, "title": p.title,
            "email": p.email, "isAdmin": p.admin, "isClientUser": p.company != 0,
            "isServiceAccount": False, "isPlaceholderResource": False, "type": p.kind,
            "userCost": None, "userRate": None, "companyId": d.company_id(p.company),
            "company": ref(d.company_id(p.company), "companies"), "avatarUrl": "",
            "lastLogin": None, "deleted": False, "createdAt": fmt(p.created_ms),
            "updatedAt": fmt(p.created_ms)}  # fmt: skip


def company_json(d: Directory, k: int) -> Record:
    """Company ``k`` (0: the site owner's)."""
    name = d.company_name(k)
    made = fmt(d.start_ms - (500 - k) * 86_400_000)
    return {"id": d.company_id(k), "name": name, "addressOne": f"{k + 1} Main Street",
            "addressTwo": "", "city": "Springfield", "state": "", "zip": "", "countryCode": "US",
            "phone": "", "fax": "", "emailOne": f"info@{name.lower().replace(' ', '')}.example",
            "emailTwo": "", "emailThree": "", "website": "", "clientManagedBy": None,
            "industry": None, "industryId": None, "isOwnerCompany": k == 0, "tags": [],
            "createdAt": made, "updatedAt": made, "status": "active"}  # fmt: skip


def milestone_json(d: Directory, k: int, m: int) -> Record:
    """Milestone ``m`` of project ``k`` (fields of the documentation sample)."""
    p = d.projects[k]
    deadline = p.created_ms + (m + 1) * 45 * 86_400_000
    return {"id": d.milestone_id(k, m), "name": f"Phase {m + 1}", "description": "",
            "deadline": fmt(deadline), "completed": p.archived, "projectId": p.id,
            "createdOn": fmt(p.created_ms), "lastChangedOn": fmt(p.created_ms),
            "creatorUserId": person_id(d, p.owner), "createdBy": person_id(d, p.owner),
            "reminder": False, "private": False,
            "status": "completed" if p.archived else "upcoming",
            "userFollowingComments": False, "userFollowingChanges": False, "canEdit": True,
            "canComplete": True, "responsiblePartyIds": [person_id(d, p.owner)],
            "commentsCount": 0}  # fmt: skip


def tag_json(k: int) -> Record:
    """Tag ``k``."""
    ident, name, color = catalog.TAGS[k]
    return {"id": ident, "name": name, "color": color, "projectId": None, "count": None}


def customfield_json(k: int) -> Record:
    """Custom field ``k``."""
    ident, name, kind, entity = catalog.CUSTOM_FIELDS[k]
    return {"id": ident, "name": name, "type": kind, "entity": entity, "description": "",
            "options": None, "required": False, "private": False, "deleted": False,
            "projectId": None}  # fmt: skip


def stage_json(k: int) -> Record:
    """Workflow stage ``k``."""
    ident, name = catalog.STAGES[k]
    return {
        "id": ident,
        "name": name,
        "color": None,
        "displayOrder": k,
        "workflow": ref(catalog.WORKFLOW_ID, "workflows"),
        "showCompletedTasks": k == 4,
    }
