"""``entityInformation``, ``entityInformation/fields`` and ``.../userDefinedFields``
(reference A7): field metadata with picklists (values as strings, sub-issue types linked to
their issue type) and the UDF definitions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ticketlake.sim.autotask import catalog
from ticketlake.sim.autotask.catalog import UDFS, Pick
from ticketlake.sim.autotask.filters import NOT_QUERYABLE
from ticketlake.sim.autotask.levels import Level
from ticketlake.sim.autotask.models import MODELS, TYPE_NAMES, Prop

_PICKLISTS: dict[tuple[str, str], Sequence[Pick]] = {
    ("Tickets", "status"): catalog.STATUSES, ("Tickets", "priority"): catalog.PRIORITIES,
    ("Tickets", "queueID"): catalog.QUEUES, ("Tickets", "source"): catalog.SOURCES,
    ("Tickets", "issueType"): catalog.ISSUE_TYPES,
    ("Tickets", "subIssueType"): catalog.SUB_ISSUE_TYPES,
    ("Tickets", "ticketType"): catalog.TICKET_TYPES,
    ("Tickets", "serviceLevelAgreementID"): [Pick(s.value, s.label) for s in catalog.SLAS],
    ("Tickets", "creatorType"): catalog.PERSON_TYPES,
    ("Tickets", "lastActivityPersonType"): catalog.PERSON_TYPES,
    ("TicketNotes", "noteType"): catalog.NOTE_TYPES, ("TicketNotes", "publish"): catalog.PUBLISH,
    ("TimeEntries", "timeEntryType"): catalog.TIME_ENTRY_TYPES,
    ("Resources", "licenseType"): catalog.LICENSE_TYPES,
    ("Companies", "companyType"): catalog.COMPANY_TYPES,
    ("Contacts", "isActive"): catalog.CONTACT_ACTIVE,
    ("DeletedTicketActivityLogs", "typeID"): (Pick(1, "Ticket Note"), Pick(2, "Time Entry")),
}  # fmt: skip
_PARENT = {("Tickets", "subIssueType"): "issueType"}
_REFERENCES = {"companyID": "Company", "contactID": "Contact", "ticketID": "Ticket",
               "roleID": "Role", "assignedResourceRoleID": "Role", "billingCodeID": "BillingCode",
               "ticketCategory": "TicketCategory", "defaultServiceDeskRoleID": "Role"}  # fmt: skip
_LENGTHS = {"title": 255, "description": 8000, "resolution": 32000, "summaryNotes": 32000,
            "internalNotes": 32000, "detail": 8000}  # fmt: skip


def picklist_json(values: Sequence[Pick], parent: bool = False) -> list[dict[str, Any]]:
    """``PickListValue``s: ``value`` and ``parentValue`` are strings."""
    return [{"value": str(p.value), "label": p.label, "isDefaultValue": p.is_default,
             "sortOrder": k, "parentValue": str(p.parent) if parent and p.parent else "",
             "isActive": p.active, "isSystem": p.is_system}
            for k, p in enumerate(values)]  # fmt: skip


def _reference(prop: Prop) -> str:
    if prop.name in _REFERENCES:
        return _REFERENCES[prop.name]
    return "Resource" if prop.name.endswith(("ResourceID", "UserID")) else ""


def _field(entity: str, prop: Prop, levels: Sequence[Level]) -> dict[str, Any]:
    picks = _PICKLISTS.get((entity, prop.name))
    if entity == "Resources" and prop.name == "userType":
        picks = [Pick(lv.id, lv.name, is_system=lv.id < 100) for lv in levels]
    if entity == "Tickets" and prop.name == "ticketCategory":
        picks = [Pick(c[0], c[1], is_default=c[5]) for c in catalog.CATEGORIES]
    ref = "" if picks else _reference(prop)
    return {
        "name": prop.name, "dataType": TYPE_NAMES[prop.type],
        "length": _LENGTHS.get(prop.name, 100) if prop.type == "s" else 0,
        "isRequired": prop.name == "id", "isReadOnly": prop.name == "id" or prop.type == "t",
        "isQueryable": prop.name.lower() not in NOT_QUERYABLE.get(entity, set()),
        "isReference": bool(ref), "referenceEntityType": ref, "isPickList": picks is not None,
        "picklistValues": picklist_json(picks, (entity, prop.name) in _PARENT)
        if picks is not None else None,
        "picklistParentValueField": _PARENT.get((entity, prop.name), ""),
        "isSupportedWebhookField": False,
    }  # fmt: skip


def fields_json(entity: str, levels: Sequence[Level]) -> dict[str, Any]:
    """``FieldInformationResultModel`` of an entity."""
    return {"fields": [_field(entity, p, levels) for p in MODELS[entity] if p.type != "a"]}


def udfs_json(entity: str) -> dict[str, Any]:
    """``UserDefinedFieldInformationResultModel`` of an entity."""
    return {"fields": [{
        "name": u.name, "label": u.name, "type": "string",
        "length": 0 if u.choices else 100, "description": "", "isRequired": False,
        "isReadOnly": False, "isQueryable": True, "isReference": False,
        "referenceEntityType": "", "isPickList": bool(u.choices),
        "picklistValues": picklist_json(u.choices) if u.choices else None,
        "picklistParentValueField": "", "defaultValue": "", "isSupportedWebhookField": False,
    } for u in UDFS.get(entity, ())]}  # fmt: skip


def entity_json(entity: str, level: Level) -> dict[str, Any]:
    """``EntityInformationResultModel``; the ``userAccessFor*`` values follow the security
    level (our reading of the untyped ``RestUserAccessLevel``: "All" or "None")."""
    read, write = level.can_read(entity), level.can_write(entity)
    child = entity.startswith("Deleted") or entity in ("TicketHistory",
                                                       "ServiceLevelAgreementResults")  # fmt: skip
    writable = not child
    return {"info": {
        "name": entity, "canCreate": writable, "canDelete": False, "canQuery": True,
        "canUpdate": writable, "userAccessForCreate": "All" if write and writable else "None",
        "userAccessForDelete": "None", "userAccessForQuery": "All" if read else "None",
        "userAccessForUpdate": "All" if write and writable else "None",
        "hasUserDefinedFields": bool(UDFS.get(entity)), "supportsWebhookCallouts":
        entity in ("Tickets", "TicketNotes", "Companies", "Contacts"),
    }}  # fmt: skip
