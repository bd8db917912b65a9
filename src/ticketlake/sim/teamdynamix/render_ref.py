"""Reference data as TDX serializes it: statuses, types, priorities..., accounts, locations."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamdynamix import catalog
from ticketlake.sim.teamdynamix.catalog import (
    ACCOUNT_ATTRIBUTES,
    ACCOUNT_BASE_ID,
    ACCOUNT_NAMES,
    BUILDINGS,
    CATALOG_EPOCH_TICKS,
    COMPONENT_ATTRIBUTES,
    GROUPS,
    LOCATION_ATTRIBUTES,
    SLAS,
    STATUSES,
    TICKET_COMPONENT,
    TIME_TYPES,
    TYPES,
    Factor,
)
from ticketlake.sim.teamdynamix.object_attributes import (
    account_values,
    attributes_json,
    location_values,
)
from ticketlake.sim.teamdynamix.render_parts import attribute_json
from ticketlake.sim.teamdynamix.roles import OrgApp
from ticketlake.sim.teamdynamix.wire import EMPTY_GUID, NONE_NAME, fmt_ticks
from ticketlake.sim.teamdynamix.world import World

_CREATED = fmt_ticks(CATALOG_EPOCH_TICKS + 1_234_567)
_MODIFIED = fmt_ticks(CATALOG_EPOCH_TICKS + 86_400 * 10_000_000 * 400 + 7_654_321)


def statuses(w: World) -> list[dict[str, Any]]:
    """``TicketStatus[]`` (active statuses of the ticketing app)."""
    app = w.apps.tickets
    return [{"ID": s.id, "AppID": app.id, "AppName": app.name, "Name": s.name,
             "Description": "", "Order": s.order, "StatusClass": s.status_class,
             "IsActive": True, "IsDefault": s.is_default,
             "RequireGoesOffHold": s.require_goes_off_hold, "DoNotReopen": s.do_not_reopen}
            for s in STATUSES]  # fmt: skip


def types(w: World) -> list[dict[str, Any]]:
    """``TicketType[]``."""
    app = w.apps.tickets
    out = []
    for t in TYPES:
        sla = SLAS[2] if t.sla else None
        out.append({
            "ID": t.id, "AppID": app.id, "AppName": app.name, "Name": t.name,
            "Description": "", "CategoryID": t.category_id, "CategoryName": t.category_name,
            "FullName": f"{t.category_name} - {t.name}", "IsActive": True,
            "ReviewerUid": None, "ReviewerFullName": "", "ReviewerEmail": "",
            "ReviewingGroupID": 0, "ReviewingGroupName": NONE_NAME, "NotifyReviewer": False,
            "DefaultSLAID": sla.id if sla else 0, "DefaultSLAName": sla.name if sla else NONE_NAME,
            "WorkspaceID": 0, "WorkspaceName": NONE_NAME,
        })  # fmt: skip
    return out


def factors(items: tuple[Factor, ...]) -> list[dict[str, Any]]:
    """Priorities, impacts or urgencies (``ID, Name, Description, Order, IsActive, IsDefault``)."""
    return [{"ID": f.id, "Name": f.name, "Description": "", "Order": f.order,
             "IsActive": True, "IsDefault": f.is_default} for f in items]  # fmt: skip


def sources() -> list[dict[str, Any]]:
    """``TicketSource[]``."""
    return [{"ID": f.id, "Name": f.name, "Description": "", "IsActive": True}
            for f in catalog.SOURCES]  # fmt: skip


def forms(w: World) -> list[dict[str, Any]]:
    """The active ticket forms of the application."""
    app = w.apps.tickets
    return [{"ID": f.id, "AppID": app.id, "AppName": app.name, "Name": f.name,
             "Description": "", "IsActive": True, "IsDefaultForApp": f.is_default,
             "IsPinned": False, "ShouldExpandHelp": False, "CreatedDate": _CREATED,
             "CreatedUid": EMPTY_GUID, "CreatedFullName": "", "ModifiedDate": _MODIFIED,
             "ModifiedUid": EMPTY_GUID, "ModifiedFullName": ""}
            for f in catalog.FORMS]  # fmt: skip


def attribute_defs(component: int = TICKET_COMPONENT) -> list[dict[str, Any]]:
    """One component's custom attribute definitions with their ``Choices`` (tickets: 9)."""
    return [attribute_json(a, "", "") for a in COMPONENT_ATTRIBUTES.get(component, ())]


def account(k: int, *, full: bool) -> dict[str, Any]:
    """Account ``k`` of the catalog; ``full`` (``GET api/accounts/{id}``) fills its
    ``Attributes``, which the list leaves empty ("The Attributes property will not be
    included", reference §6)."""
    aid = ACCOUNT_BASE_ID + k
    values = account_values(k) if full else None
    return {
        "ID": aid, "Name": ACCOUNT_NAMES[k], "ParentID": None, "ParentName": None,
        "IsActive": True, "Address1": "", "Address2": "", "Address3": "", "Address4": "",
        "City": "", "StateName": "", "StateAbbr": "", "PostalCode": "", "Country": "",
        "Phone": "", "Fax": "", "Url": "", "Notes": "", "CreatedDate": _CREATED,
        "ModifiedDate": _MODIFIED, "Code": f"D{aid % 1000:03d}", "IndustryID": 0,
        "IndustryName": "", "ManagerUID": EMPTY_GUID, "ManagerFullName": "",
        "ManagerEmail": "", "Domain": "",
        "Attributes": attributes_json(ACCOUNT_ATTRIBUTES, values) if values else [],
    }  # fmt: skip


def accounts(visible: set[int] | None) -> list[dict[str, Any]]:
    """Active accounts/departments (only the member ones without View All Accts/Depts)."""
    return [
        account(k, full=False)
        for k in range(len(ACCOUNT_NAMES))
        if visible is None or ACCOUNT_BASE_ID + k in visible
    ]


def location(k: int, *, full: bool) -> dict[str, Any]:
    """Building ``k`` of the catalog; ``full`` (``GET api/locations/{id}``) fills its
    ``Attributes``, which the list leaves empty (our reading: the reference is silent)."""
    b = BUILDINGS[k]
    values = location_values(k, b) if full else None
    return {
        "ID": b.id, "Name": b.name, "Description": "", "ExternalID": "", "IsActive": True,
        "Address": f"{100 + b.id % 100} Campus Drive", "City": b.city, "State": "MI",
        "PostalCode": "48109", "Country": "United States", "IsRoomRequired": False,
        "Attributes": attributes_json(LOCATION_ATTRIBUTES, values) if values else [],
        "RoomsCount": len(b.rooms), "Rooms": None, "CreatedDate": _CREATED,
        "CreatedUid": EMPTY_GUID, "CreatedFullName": "", "ModifiedDate": _MODIFIED,
        "ModifiedUid": EMPTY_GUID, "ModifiedFullName": "", "Latitude": None, "Longitude": None,
    }  # fmt: skip


def locations() -> list[dict[str, Any]]:
    """Active locations (buildings)."""
    return [location(k, full=False) for k in range(len(BUILDINGS))]


def time_types() -> list[dict[str, Any]]:
    """``TimeType[]``."""
    return [{"ID": t.id, "Name": t.name, "Code": t.code, "GLAccount": "", "HelpText": "",
             "IsBillable": t.billable, "IsLimited": False, "IsActive": True,
             "IsTimeOffTimeType": False} for t in TIME_TYPES]  # fmt: skip


def group(w: World, g: catalog.Group) -> dict[str, Any]:
    """``TeamDynamix.Api.Users.Group``."""
    app = w.apps.tickets
    return {"ID": g.id, "Name": g.name, "Description": g.description, "IsActive": True,
            "ExternalID": "", "CreatedDate": _CREATED, "ModifiedDate": _MODIFIED,
            "PlatformApplications": [{"AppID": app.id, "AppName": app.name,
                                      "AppDescription": app.description,
                                      "AppClass": app.app_class}]}  # fmt: skip


def groups(w: World) -> list[dict[str, Any]]:
    """Every group."""
    return [group(w, g) for g in GROUPS]


def application(a: OrgApp) -> dict[str, Any]:
    """``TeamDynamix.Api.Apps.OrgApplication``."""
    return {"AppID": a.id, "Name": a.name, "Description": a.description, "Type": a.type,
            "AppClass": a.app_class, "ExternalUrl": None, "Purpose": None, "Active": True,
            "PartialUrl": a.partial_url}  # fmt: skip
