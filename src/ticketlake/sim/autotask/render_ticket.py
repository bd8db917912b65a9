"""Tickets, their notes, time entries, history rows and SLA results, as the API serves them
(every property of the Swagger model, nulls included, camelCase)."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.autotask import catalog
from ticketlake.sim.autotask.catalog import (
    BILLING_CODES,
    CATEGORIES,
    ISSUE_TYPES,
    PRIORITIES,
    QUEUES,
    SLAS,
    SOURCES,
    SUB_ISSUE_TYPES,
    TICKET_TYPES,
    UDFS,
)
from ticketlake.sim.autotask.ids import history_id, note_id, time_id
from ticketlake.sim.autotask.lifecycle import HOUR, Life
from ticketlake.sim.autotask.wire import fmt, fmt_date
from ticketlake.sim.autotask.world import World


def udfs(entity: str, values: tuple[str | None, ...]) -> list[dict[str, Any]]:
    """``userDefinedFields``: every UDF of the entity, unset ones with a null value."""
    return [{"name": u.name, "value": v} for u, v in zip(UDFS[entity], values, strict=True)]


def resource_id(w: World, idx: int) -> int | None:
    """The ID of a resource index (-1: nobody)."""
    return None if idx < 0 else w.directory.resources[idx].id


def _sla_targets(life: Life) -> tuple[int, int, int] | None:
    """(first response due, plan due, resolution due) in ms, or None without an SLA."""
    p = life.p
    if p.sla < 0:
        return None
    sla, k = SLAS[p.sla], p.priority  # PRIORITIES are in the order of the SLA targets
    return (
        p.created_ms + int(sla.first_response[k] * HOUR),
        p.created_ms + int(sla.plan[k] * HOUR),
        p.created_ms + int(sla.resolution[k] * HOUR),
    )


def _met(done: int | None, due: int, now_ms: int) -> bool | None:
    """Met when done by the due time; missed once past it; unknown while it can still be met."""
    if done is not None:
        return done <= due
    return False if now_ms > due else None


def sla_met(life: Life, now_ms: int) -> tuple[bool | None, bool | None, bool | None]:
    """(first response, resolution plan, resolution) met, as of ``now_ms``."""
    due = _sla_targets(life)
    if due is None:
        return None, None, None
    return (_met(life.first_response_ms, due[0], now_ms), _met(life.plan_ms, due[1], now_ms),
            _met(life.resolved_ms, due[2], now_ms))  # fmt: skip


def ticket_json(w: World, life: Life, now_ms: int) -> dict[str, Any]:
    """``TicketModel``."""
    p = life.p
    due = _sla_targets(life)
    first, _plan, resolved = sla_met(life, now_ms)
    met = (
        None
        if due is None or (resolved is None and first is not False)
        else bool(first and resolved)
    )
    alert = p.type == catalog.ALERT_TYPE
    contact = w.directory.contacts[p.contact] if p.contact >= 0 else None
    assigned = w.directory.resources[life.assigned]
    resolution = next((n.text for n in reversed(life.notes)
                       if n.note_type == catalog.RESOLUTION_NOTE), None)  # fmt: skip
    return {
        "id": p.id, "apiVendorID": 1 if alert else None,
        "assignedResourceID": assigned.id, "assignedResourceRoleID": assigned.role,
        "billingCodeID": None, "changeApprovalBoard": None, "changeApprovalStatus": None,
        "changeApprovalType": None, "changeInfoField1": None, "changeInfoField2": None,
        "changeInfoField3": None, "changeInfoField4": None, "changeInfoField5": None,
        "companyID": w.directory.company_id(p.company), "companyLocationID": None,
        "completedByResourceID": resource_id(w, life.completed_by),
        "completedDate": fmt(life.resolved_ms), "configurationItemID": None,
        "contactID": contact.id if contact else None, "contractID": None,
        "contractServiceBundleID": None, "contractServiceID": None,
        "createDate": fmt(p.created_ms), "creatorResourceID": resource_id(w, p.creator),
        "creatorType": 1 if p.creator >= 0 else 2, "currentServiceThermometerRating": None,
        "description": description(w, life),
        "dueDateTime": fmt(due[2] if due else p.created_ms + 72 * HOUR), "estimatedHours": 0.0,
        "externalID": None, "firstResponseAssignedResourceID": resource_id(
            w, p.assigned if life.first_response_ms is not None else -1),
        "firstResponseDateTime": fmt(life.first_response_ms),
        "firstResponseDueDateTime": fmt(due[0]) if due else None,
        "firstResponseInitiatingResourceID": resource_id(w, life.first_response_by),
        "hoursToBeScheduled": 0.0, "impersonatorCreatorResourceID": None,
        "issueType": ISSUE_TYPES[p.issue].value, "lastActivityDate": fmt(life.activity_ms),
        "lastActivityPersonType": 1 if life.activity_by >= 0 else 2,
        "lastActivityResourceID": resource_id(w, life.activity_by),
        "lastCustomerNotificationDateTime": fmt(life.visible_ms) if contact else None,
        "lastCustomerVisibleActivityDateTime": fmt(life.visible_ms),
        "lastTrackedModificationDateTime": fmt(life.tracked_ms),
        "monitorID": 7000 + p.index % 97 if alert else None,
        "monitorTypeID": 1 if alert else None, "opportunityID": None,
        "organizationalLevelAssociationID": None, "previousServiceThermometerRating": None,
        "priority": PRIORITIES[p.priority].value, "problemTicketId": None, "projectID": None,
        "purchaseOrderNumber": None, "queueID": QUEUES[life.queue].value,
        "resolution": resolution, "resolutionPlanDateTime": fmt(life.plan_ms),
        "resolutionPlanDueDateTime": fmt(due[1]) if due else None,
        "resolvedDateTime": fmt(life.resolved_ms),
        "resolvedDueDateTime": fmt(due[2]) if due else None, "rmaStatus": None, "rmaType": None,
        "rmmAlertID": f"{p.id:x}-{p.index % 9973:04d}" if alert else None,
        "serviceLevelAgreementHasBeenMet": met,
        "serviceLevelAgreementID": SLAS[p.sla].value if p.sla >= 0 else None,
        "serviceLevelAgreementPausedNextEventHours": None,
        "serviceThermometerTemperature": None, "source": SOURCES[p.source].value,
        "status": life.status,
        "subIssueType": SUB_ISSUE_TYPES[p.sub].value if p.sub >= 0 else None,
        "ticketCategory": CATEGORIES[p.category][0], "ticketNumber": p.number,
        "ticketType": TICKET_TYPES[p.type].value, "title": p.title,
        "userDefinedFields": udfs("Tickets", p.udfs),
    }  # fmt: skip


def description(w: World, life: Life) -> str:
    """The ticket's plain-text description."""
    p = life.p
    who = w.directory.contacts[p.contact] if p.contact >= 0 else None
    by = f"{who.first} {who.last}" if who else "the monitoring agent"
    return f"{p.title}. Reported by {by} via {SOURCES[p.source].label}."


def note_json(w: World, life: Life, k: int) -> dict[str, Any]:
    """``TicketNoteModel`` of note ``k`` of the ticket."""
    n, p = life.notes[k], life.p
    return {
        "id": n.nid or note_id(p.index, k), "createDateTime": fmt(n.ms),
        "creatorResourceID": resource_id(w, n.author), "description": n.text,
        "impersonatorCreatorResourceID": None, "impersonatorUpdaterResourceID": None,
        "lastActivityDate": fmt(n.ms), "noteType": n.note_type, "publish": n.publish,
        "ticketID": p.id, "title": n.title, "soapParentPropertyId": p.id,
        "userDefinedFields": [],
    }  # fmt: skip


def time_json(w: World, life: Life, k: int) -> dict[str, Any]:
    """``TimeEntryModel`` of time entry ``k`` of the ticket."""
    x, p = life.work[k], life.p
    who = w.directory.resources[x.resource]
    code, _, billable = BILLING_CODES[x.billing]
    hours = round(x.minutes / 60, 4)
    return {
        "id": x.eid or time_id(p.index, k), "billingApprovalDateTime": None,
        "billingApprovalLevelMostRecent": None, "billingApprovalResourceID": None,
        "billingCodeID": code, "contractID": None, "contractServiceBundleID": None,
        "contractServiceID": None, "createDateTime": fmt(x.created_ms),
        "creatorUserID": who.id, "dateWorked": fmt_date(x.start_ms),
        "endDateTime": fmt(x.start_ms + x.minutes * 60_000),
        "hoursToBill": hours if billable else 0.0, "hoursWorked": hours,
        "impersonatorCreatorResourceID": None, "impersonatorUpdaterResourceID": None,
        "internalBillingCodeID": code, "internalNotes": "", "isNonBillable": not billable,
        "lastModifiedDateTime": fmt(x.modified_ms), "lastModifiedUserID": who.id,
        "offsetHours": 0.0, "resourceID": who.id, "roleID": who.role,
        "showOnInvoice": billable, "startDateTime": fmt(x.start_ms),
        "summaryNotes": x.summary, "taskID": None, "ticketID": p.id, "timeEntryType": 2,
        "userDefinedFields": [],
    }  # fmt: skip


def sla_json(w: World, life: Life, sla_id: int, now_ms: int) -> dict[str, Any]:
    """``ServiceLevelAgreementResultsModel`` of the ticket (it has an SLA)."""
    p = life.p
    first, plan, resolved = sla_met(life, now_ms)

    def hours(ms: int | None) -> float | None:
        return None if ms is None else round((ms - p.created_ms) / HOUR, 2)

    return {
        "id": sla_id, "firstResponseElapsedHours": hours(life.first_response_ms),
        "firstResponseInitiatingResourceID": resource_id(w, life.first_response_by),
        "firstResponseResourceID": resource_id(
            w, p.assigned if life.first_response_ms is not None else -1),
        "isFirstResponseMet": first, "isResolutionMet": resolved, "isResolutionPlanMet": plan,
        "resolutionElapsedHours": hours(life.resolved_ms),
        "resolutionPlanElapsedHours": hours(life.plan_ms),
        "resolutionPlanResourceID": resource_id(w, life.assigned if life.plan_ms else -1),
        "resolutionResourceID": resource_id(w, life.completed_by),
        "serviceLevelAgreementName": SLAS[p.sla].label, "ticketID": p.id,
        "soapParentPropertyId": p.id, "userDefinedFields": [],
    }  # fmt: skip


_STATUS_NAMES = {s.value: s.label for s in catalog.STATUSES}


def history_rows(w: World, life: Life) -> list[dict[str, Any]]:
    """``TicketHistoryModel`` rows: the ticket's creation, then each status change and
    reassignment (our wording of ``action`` and ``detail``)."""
    p = life.p
    rows = [_history(history_id(p.index, 0), "Created", p.created_ms,
                     f"Ticket created ({SOURCES[p.source].label})", resource_id(w, p.creator),
                     p.id)]  # fmt: skip
    for k, c in enumerate(life.changes):
        if c.to_resource >= 0:
            detail = (f"Primary Resource changed to "
                      f"{w.directory.resources[c.to_resource].first} "
                      f"{w.directory.resources[c.to_resource].last}")  # fmt: skip
        else:
            detail = (f"Status changed from {_STATUS_NAMES[c.from_status]} to "
                      f"{_STATUS_NAMES[c.to_status]}")  # fmt: skip
        rows.append(_history(c.hid or history_id(p.index, k + 1), "Edited", c.ms, detail,
                             resource_id(w, c.actor), p.id))  # fmt: skip
    return rows


def _history(hid: int, action: str, ms: int, detail: str, who: int | None,
             ticket: int) -> dict[str, Any]:  # fmt: skip
    return {
        "id": hid,
        "action": action,
        "date": fmt(ms),
        "detail": detail,
        "resourceID": who,
        "ticketID": ticket,
        "soapParentPropertyId": ticket,
        "userDefinedFields": [],
    }
