"""Tickets as TDX serializes them (``TeamDynamix.Api.Tickets.Ticket``).

Search results are the same type with the heavy collections not loaded: ``Attributes``,
``Attachments``, ``Tasks`` and ``Notify`` come back empty and ``Description`` null (our
reading of "not included"; a client must load a ticket individually for them).
"""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamdynamix import catalog
from ticketlake.sim.teamdynamix.catalog import (
    ATTRIBUTES,
    BUILDINGS,
    CLASSIFICATION_NAMES,
    FORMS,
    GROUPS,
    IMPACTS,
    PRIORITIES,
    SLAS,
    SOURCES,
    STATUSES,
    TYPES,
    URGENCIES,
)
from ticketlake.sim.teamdynamix.lifecycle import DAY, Life
from ticketlake.sim.teamdynamix.profile import Attrs
from ticketlake.sim.teamdynamix.render_parts import attribute_json, task_json
from ticketlake.sim.teamdynamix.wire import EMPTY_DATE, NONE_NAME, fmt_ms, fmt_opt_ms
from ticketlake.sim.teamdynamix.world import World

_ROOM_NAMES = {rid: name for b in BUILDINGS for rid, name in b.rooms}
_ACCOUNT_NAMES = {catalog.ACCOUNT_BASE_ID + i: n for i, n in enumerate(catalog.ACCOUNT_NAMES)}


def account_name(account_id: int) -> str:
    """The name of an account/department (``None`` when unset)."""
    return _ACCOUNT_NAMES.get(account_id, NONE_NAME)


def who(w: World, idx: int) -> tuple[str | None, str, str]:
    """(UID or null, full name, email) of a person index (-1 = nobody)."""
    p = w.person(idx)
    return (None, "", "") if p is None else (p.uid, p.full_name, p.email)


def sla_state(life: Life, now_ms: int) -> dict[str, Any]:
    """The SLA fields: targets from the priority's SLA, violations as of ``now_ms``."""
    p = life.p
    if not TYPES[p.type].sla:
        return {"SlaID": 0, "SlaName": NONE_NAME, "IsSlaViolated": False,
                "IsSlaRespondByViolated": None, "IsSlaResolveByViolated": None,
                "RespondByDate": EMPTY_DATE, "ResolveByDate": EMPTY_DATE,
                "SlaBeginDate": EMPTY_DATE}  # fmt: skip
    sla = SLAS[p.priority]
    respond_by = p.created_ms + sla.respond_minutes * 60_000
    resolve_by = p.created_ms + sla.resolve_minutes * 60_000
    respond_late = (life.responded_ms if life.responded_ms is not None else now_ms) > respond_by
    resolve_late = (life.completed_ms if life.completed_ms is not None else now_ms) > resolve_by
    return {"SlaID": sla.id, "SlaName": sla.name, "IsSlaViolated": respond_late or resolve_late,
            "IsSlaRespondByViolated": respond_late, "IsSlaResolveByViolated": resolve_late,
            "RespondByDate": fmt_ms(respond_by), "ResolveByDate": fmt_ms(resolve_by),
            "SlaBeginDate": fmt_ms(p.created_ms)}  # fmt: skip


def ticket_json(w: World, life: Life, now_ms: int, *, full: bool) -> dict[str, Any]:
    """One ticket: ``full`` for GET tickets/{id}, otherwise the search-result shape."""
    p, app = life.p, w.apps.tickets
    t, status = TYPES[p.type], STATUSES[life.status]
    creator, requester = who(w, p.creator), who(w, p.requester)
    req = w.directory.people[p.requester]
    modifier, responsible = who(w, life.modified_by), who(w, life.responsible)
    responder, completer = who(w, life.responded_by), who(w, life.completed_by)
    group = GROUPS[life.group]
    building = BUILDINGS[p.building] if p.building >= 0 else None
    end = life.completed_ms if life.completed_ms is not None else now_ms
    priority, form = PRIORITIES[p.priority], FORMS[t.form]
    d: dict[str, Any] = {
        "ID": p.id, "ParentID": 0, "ParentTitle": "", "ParentClass": 0,
        "TypeID": t.id, "TypeName": t.name, "TypeCategoryID": t.category_id,
        "TypeCategoryName": t.category_name, "Classification": t.classification,
        "ClassificationName": CLASSIFICATION_NAMES[t.classification],
        "FormID": form.id, "FormName": form.name, "Title": p.title,
        "Description": description(w, life) if full else None, "IsRichHtml": True,
        "Uri": f"api/{app.id}/tickets/{p.id}",
        "AccountID": p.account_id, "AccountName": account_name(p.account_id),
        "SourceID": SOURCES[p.source].id, "SourceName": SOURCES[p.source].name,
        "StatusID": status.id, "StatusName": status.name, "StatusClass": status.status_class,
        "ImpactID": IMPACTS[p.impact].id, "ImpactName": IMPACTS[p.impact].name,
        "UrgencyID": URGENCIES[p.urgency].id, "UrgencyName": URGENCIES[p.urgency].name,
        "PriorityID": priority.id, "PriorityName": priority.name, "PriorityOrder": priority.order,
        **sla_state(life, now_ms),
        "IsOnHold": life.hold_ms is not None, "PlacedOnHoldDate": fmt_opt_ms(life.hold_ms),
        "GoesOffHoldDate": EMPTY_DATE,
        "CreatedDate": fmt_ms(p.created_ms), "CreatedUid": creator[0],
        "CreatedFullName": creator[1], "CreatedEmail": creator[2],
        "ModifiedDate": fmt_ms(life.modified_ms), "ModifiedUid": modifier[0],
        "ModifiedFullName": modifier[1],
        "RequestorName": requester[1], "RequestorFirstName": req.first,
        "RequestorLastName": req.last, "RequestorEmail": requester[2],
        "RequestorPhone": req.phone, "RequestorUid": requester[0],
        "ActualMinutes": sum(x.minutes for x in life.work if not x.deleted),
        "EstimatedMinutes": 0,
        "DaysOld": max(0, (end - p.created_ms) // DAY),
        "StartDate": EMPTY_DATE, "EndDate": EMPTY_DATE,
        "ResponsibleUid": responsible[0], "ResponsibleFullName": responsible[1],
        "ResponsibleEmail": responsible[2], "ResponsibleGroupID": group.id,
        "ResponsibleGroupName": group.name,
        "RespondedDate": fmt_opt_ms(life.responded_ms), "RespondedUid": responder[0],
        "RespondedFullName": responder[1],
        "CompletedDate": fmt_opt_ms(life.completed_ms), "CompletedUid": completer[0],
        "CompletedFullName": completer[1],
        "ReviewerUid": None, "ReviewerFullName": "", "ReviewerEmail": "",
        "ReviewingGroupID": 0, "ReviewingGroupName": NONE_NAME,
        "TimeBudget": 0.0, "ExpensesBudget": 0.0, "TimeBudgetUsed": 0.0,
        "ExpensesBudgetUsed": 0.0, "IsConvertedToTask": False,
        "ConvertedToTaskDate": EMPTY_DATE, "ConvertedToTaskUid": None,
        "ConvertedToTaskFullName": "", "TaskProjectID": 0, "TaskProjectName": NONE_NAME,
        "TaskPlanID": 0, "TaskPlanName": NONE_NAME, "TaskID": 0, "TaskTitle": "",
        "TaskStartDate": EMPTY_DATE, "TaskEndDate": EMPTY_DATE, "TaskPercentComplete": 0,
        "LocationID": building.id if building else 0,
        "LocationName": building.name if building else NONE_NAME,
        "LocationRoomID": p.room, "LocationRoomName": _ROOM_NAMES.get(p.room, NONE_NAME),
        "RefCode": "", "ServiceID": 0, "ServiceName": NONE_NAME, "ServiceOfferingID": 0,
        "ServiceOfferingName": NONE_NAME, "ServiceCategoryID": 0,
        "ServiceCategoryName": NONE_NAME, "ArticleID": 0, "ArticleSubject": "",
        "ArticleStatus": 0, "ArticleCategoryPathNames": "", "ArticleAppID": 0,
        "ArticleShortcutID": 0, "AppID": app.id, "AppName": app.name,
        "WorkflowID": 0, "WorkflowConfigurationID": 0, "WorkflowName": "",
        "Attributes": attributes(p.attrs) if full else [],
        "Attachments": [],
        "Tasks": [task_json(w, life, k) for k in range(len(life.tasks))] if full else [],
        "Notify": [],
    }  # fmt: skip
    return d


def description(w: World, life: Life) -> str:
    """The ticket's HTML description."""
    p = life.p
    req = w.directory.people[p.requester]
    return (
        f"<p>{p.title}.</p><p>Reported by {req.full_name} ({account_name(p.account_id)}) "
        f"via {SOURCES[p.source].name}.</p>"
    )


def attribute_values(a: Attrs) -> list[tuple[str, str]]:
    """(Value, ValueText) of each ticket attribute, in ``ATTRIBUTES`` order ("" when unset)."""
    out: list[tuple[str, str]] = []
    for which, idx in ((catalog.CATEGORY, a.category), (catalog.TIER, a.tier),
                       (catalog.BUILDING, a.building)):  # fmt: skip
        choices = ATTRIBUTES[which].choices
        out.append((str(choices[idx][0]), choices[idx][1]) if idx >= 0 else ("", ""))
    svc = ATTRIBUTES[catalog.SERVICES].choices
    out.append((",".join(str(svc[k][0]) for k in a.services),
                ", ".join(svc[k][1] for k in a.services)))  # fmt: skip
    out.append((a.asset_tag, a.asset_tag))
    return out


def attributes(a: Attrs) -> list[dict[str, Any]]:
    """The ticket's ``Attributes[]``: choice attributes carry the choice ID in ``Value``."""
    return [
        attribute_json(defn, value, text)
        for defn, (value, text) in zip(ATTRIBUTES, attribute_values(a), strict=True)
    ]
