"""The Teamwork shapes the simulator must stay faithful to: the documentation samples in
``../shared/reference/samples/teamwork`` and the property lists the reference (part B4, the
official Go SDK's models) gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

_CANDIDATES = (Path(__file__).resolve().parents[4] / "shared", Path("/work/shared"))
TASK_KEYS = {
    "id",
    "name",
    "description",
    "descriptionContentType",
    "priority",
    "progress",
    "startDate",
    "dueDate",
    "estimateMinutes",
    "tasklist",
    "parentTask",
    "assignees",
    "tags",
    "predecessors",
    "workflowStages",
    "createdBy",
    "createdAt",
    "updatedBy",
    "updatedAt",
    "deletedBy",
    "deletedAt",
    "completedBy",
    "completedAt",
    "status",
}
"""``Task`` of twapi-go-sdk ``projects/task.go``."""
TIMELOG_KEYS = {
    "id",
    "description",
    "billable",
    "minutes",
    "timeLogged",
    "user",
    "task",
    "project",
    "tags",
    "createdAt",
    "loggedBy",
    "updatedAt",
    "updatedBy",
    "deletedAt",
    "deletedBy",
    "deleted",
}
"""``Timelog`` of twapi-go-sdk ``projects/timelog.go``."""
PEOPLE_KEYS = {
    "id",
    "firstName",
    "lastName",
    "title",
    "email",
    "isAdmin",
    "type",
    "userCost",
    "userRate",
    "company",
    "deleted",
    "createdAt",
    "updatedAt",
}
COMMENT_KEYS = {
    "id",
    "body",
    "htmlBody",
    "contentType",
    "object",
    "project",
    "postedBy",
    "postedDateTime",
    "lastEditedBy",
    "dateLastEdited",
    "deleted",
    "deletedBy",
    "dateDeleted",
}
TASKLIST_KEYS = {
    "id",
    "name",
    "description",
    "project",
    "milestone",
    "createdAt",
    "updatedAt",
    "status",
}
DESK_TICKET_KEYS = {
    "id",
    "createdAt",
    "updatedAt",
    "createdBy",
    "updatedBy",
    "state",
    "activities",
    "agent",
    "bcc",
    "message",
    "cc",
    "contact",
    "customer",
    "files",
    "happinessSurveySentAt",
    "imagesHidden",
    "inbox",
    "isRead",
    "messageCount",
    "messages",
    "notifyCustomer",
    "originalRecipient",
    "previewText",
    "priority",
    "readonly",
    "resolutionTimeMins",
    "responseTimeMins",
    "source",
    "spam_rules",
    "spam_score",
    "status",
    "subject",
    "suggestions",
    "tags",
    "timelogs",
    "type",
}
"""``Ticket`` (with ``BaseEntity``) of Teamwork/desksdkgo ``models/ticket.go``."""
DESK_TIMELOG_KEYS = {"id", "billable", "description", "date", "seconds", "timezoneOffset",
                     "ticket", "user"}  # fmt: skip


def reference_dir() -> Path:
    """The shared reference folder beside the repository (a visible skip when absent)."""
    for root in _CANDIDATES:
        if (root / "reference" / "samples" / "teamwork").is_dir():
            return root / "reference"
    pytest.skip("the shared API reference (../shared/reference) is not beside this clone")


def sample(name: str) -> Any:
    """A JSON sample of ``samples/teamwork``."""
    return json.loads((reference_dir() / "samples" / "teamwork" / name).read_text())
