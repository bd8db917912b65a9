"""Synthetic TeamDynamix tickets, as ``POST api/{appId}/tickets/search`` returns them.

Deterministic (row ``i`` is the same in every run and every process), standard library only (the
dlt worker imports it from a separate virtual environment), and faithful to the search row's
shape (reference §7.1: every Ticket field except the collections search leaves out, with the
API's "not set" conventions: 0 ids, "None" names, the empty GUID, 0001-01-01 sentinel dates,
variable fractional seconds). About 2.9 KB of JSON per ticket.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
NO_DATE = "0001-01-01T05:00:00Z"
STATUSES = ((101, "New", 1), (102, "In Process", 2), (103, "Resolved", 3), (104, "Closed", 3),
            (105, "Cancelled", 4), (106, "On Hold", 5), (107, "Requested", 6))  # fmt: skip
CLASSES = ((32, "Incident"), (46, "Service Request"), (33, "Problem"), (34, "Change"))
PRIORITIES = ((20, "Low", 3.0), (21, "Medium", 2.0), (22, "High", 1.0), (23, "Critical", 0.0))
WORDS = ("printer", "VPN", "password", "laptop", "email", "Wi-Fi", "Canvas", "license",
         "monitor", "badge", "phone", "Teams", "drive", "account", "projector",
         "scanner")  # fmt: skip
VERBS = ("does not work", "is slow", "needs reset", "request", "error after update",
         "cannot connect", "locked out", "replacement")  # fmt: skip

_TEMPLATE: dict[str, Any] = {
    "AppID": 42, "AppName": "IT Help Desk", "ParentID": 0, "ParentTitle": "", "ParentClass": 0,
    "FormID": 7, "FormName": "IT Request Form", "Description": None, "IsRichHtml": False,
    "SourceID": 5, "SourceName": "Email", "ImpactID": 0, "ImpactName": "None",
    "SlaBeginDate": NO_DATE, "IsOnHold": False, "PlacedOnHoldDate": None, "GoesOffHoldDate": None,
    "CreatedFullName": "Service Account", "CreatedEmail": "svc@example.edu",
    "RequestorPhone": "", "ActualMinutes": 0, "EstimatedMinutes": 0, "StartDate": NO_DATE,
    "EndDate": NO_DATE, "ResponsibleEmail": "", "ReviewerUid": None, "ReviewerFullName": "",
    "ReviewerEmail": "", "ReviewingGroupID": 0, "ReviewingGroupName": "", "TimeBudget": 0.0,
    "ExpensesBudget": 0.0, "TimeBudgetUsed": 0.0, "ExpensesBudgetUsed": 0.0,
    "IsConvertedToTask": False, "ConvertedToTaskDate": NO_DATE, "ConvertedToTaskUid": None,
    "ConvertedToTaskFullName": "", "TaskProjectID": 0, "TaskProjectName": "", "TaskPlanID": 0,
    "TaskPlanName": "", "TaskID": 0, "TaskTitle": "", "TaskStartDate": NO_DATE,
    "TaskEndDate": NO_DATE, "TaskPercentComplete": 0, "LocationRoomID": 0,
    "LocationRoomName": "None", "RefCode": None, "ServiceID": 0, "ServiceName": "",
    "ServiceOfferingID": 0, "ServiceOfferingName": "", "ServiceCategoryID": 0,
    "ServiceCategoryName": "", "ArticleID": 0, "ArticleSubject": "", "ArticleStatus": 0,
    "ArticleCategoryPathNames": "", "ArticleAppID": 0, "ArticleShortcutID": 0,
    "WorkflowID": 0, "WorkflowConfigurationID": EMPTY_GUID, "WorkflowName": "",
    "Attributes": [], "Attachments": [], "Tasks": [], "Notify": [],
    "TaskTemplateApplications": [],
}  # fmt: skip


def _uid(n: int) -> str:
    tail = n * 2654435761 % 2**48
    return f"5e1c9a20-{n % 65536:04x}-4{n % 4096:03x}-8{(n * 7) % 4096:03x}-{tail:012x}"


def _stamp(seconds: int) -> str:
    """A UTC timestamp in 2024-2026 with TDX's variable fractional seconds."""
    day, rest = divmod(seconds, 86400)
    year, day = 2024 + day // 336 % 3, day % 336
    month, mday = 1 + day // 28, 1 + day % 28
    hour, rest = divmod(rest, 3600)
    fraction = ("", ".5", ".27", ".123", ".4567")[seconds % 5]
    return f"{year}-{month:02d}-{mday:02d}T{hour:02d}:{rest // 60:02d}:{rest % 60:02d}{fraction}Z"


def ticket(i: int) -> dict[str, Any]:
    """Synthetic ticket number ``i`` (ids start at 1)."""
    h = i * 2654435761 % 4294967296
    status_id, status, status_class = STATUSES[h % 7]
    class_id, class_name = CLASSES[(h >> 3) % 4]
    priority_id, priority, priority_order = PRIORITIES[(h >> 5) % 4]
    created = 3_000_000 + i * 83 + h % 600
    modified = created + h % 400_000
    done = status_class in (3, 4)
    sla = (h >> 7) % 3
    requester, responsible = (h >> 9) % 20_000, (h >> 11) % 300
    row = dict(_TEMPLATE)
    row.update({
        "ID": i, "Uri": f"api/42/tickets/{i}", "Classification": class_id,
        "ClassificationName": class_name, "TypeID": 10 + h % 40, "TypeName": f"Type {h % 40}",
        "TypeCategoryID": 3 + h % 6, "TypeCategoryName": f"Category {h % 6}",
        "Title": f"{WORDS[h % 16].capitalize()} {VERBS[(h >> 4) % 8]} (ref {i})",
        "AccountID": 200 + h % 120, "AccountName": f"Department {h % 120}",
        "StatusID": status_id, "StatusName": status, "StatusClass": status_class,
        "UrgencyID": 7 + h % 3, "UrgencyName": ("Low", "Medium", "High")[h % 3],
        "PriorityID": priority_id, "PriorityName": priority, "PriorityOrder": priority_order,
        "SlaID": (0, 9, 11)[sla], "SlaName": ("None", "Standard", "VIP")[sla],
        "IsSlaViolated": sla > 0 and h % 9 == 0, "IsSlaRespondByViolated": None,
        "IsSlaResolveByViolated": sla > 0 and h % 13 == 0,
        "RespondByDate": _stamp(created + 14_400) if sla else NO_DATE,
        "ResolveByDate": _stamp(created + 259_200) if sla else NO_DATE,
        "CreatedDate": _stamp(created), "CreatedUid": _uid(responsible),
        "ModifiedDate": _stamp(modified), "ModifiedUid": _uid(responsible),
        "ModifiedFullName": f"Technician {responsible}",
        "RequestorName": f"Person {requester}", "RequestorFirstName": "Person",
        "RequestorLastName": str(requester), "RequestorEmail": f"p{requester}@example.edu",
        "RequestorUid": _uid(requester + 1000), "DaysOld": h % 700,
        "ResponsibleUid": _uid(responsible) if h % 4 else EMPTY_GUID,
        "ResponsibleFullName": f"Technician {responsible}" if h % 4 else "",
        "ResponsibleGroupID": 300 + h % 25, "ResponsibleGroupName": f"Group {h % 25}",
        "RespondedDate": _stamp(created + h % 7200) if status_class != 1 else NO_DATE,
        "RespondedUid": _uid(responsible) if status_class != 1 else None,
        "RespondedFullName": f"Technician {responsible}" if status_class != 1 else "",
        "CompletedDate": _stamp(modified) if done else NO_DATE,
        "CompletedUid": _uid(responsible) if done else None,
        "CompletedFullName": f"Technician {responsible}" if done else "",
        "LocationID": (0, 71, 72, 73)[h % 4],
        "LocationName": ("None", "Main", "North", "Lab")[h % 4],
    })  # fmt: skip
    return row


def pages(start: int, count: int, size: int) -> Iterator[list[dict[str, Any]]]:
    """Tickets ``start .. start+count-1`` in lists of at most ``size`` (search responses)."""
    for first in range(start, start + count, size):
        yield [ticket(i) for i in range(first, min(first + size, start + count))]


def bodies(
    start: int, count: int, size: int, dumps: Callable[[Any], bytes]
) -> Iterator[tuple[int, bytes]]:
    """(last ticket id, JSON array body) per page, one ticket dict alive at a time: the bench
    plays the API, and the API's memory is not the client's."""
    for first in range(start, start + count, size):
        last = min(first + size, start + count) - 1
        yield last, b"[" + b",".join(dumps(ticket(i)) for i in range(first, last + 1)) + b"]"
