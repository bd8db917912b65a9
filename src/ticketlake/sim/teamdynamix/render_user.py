"""People as TDX serializes them: ``User``, the restricted search/lookup rows, group members."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamdynamix import catalog
from ticketlake.sim.teamdynamix.access import permissions
from ticketlake.sim.teamdynamix.object_attributes import person_attributes
from ticketlake.sim.teamdynamix.people import FUNCTIONAL_ROLES, Membership, Person
from ticketlake.sim.teamdynamix.render_ticket import account_name
from ticketlake.sim.teamdynamix.wire import (
    EMPTY_DATE,
    EMPTY_DATE_MIDNIGHT,
    NONE_NAME,
    fmt_ticks,
)
from ticketlake.sim.teamdynamix.world import World

BEID_INT = 412
_EASTERN = (2, "(GMT-05:00)Eastern Time(US and Canada)")
# Collections the restricted people endpoints do not fill (seed 004 remarks).
RESTRICTED = ("Applications", "Attributes", "GroupIDs", "OrgApplications", "Permissions")


def _org_apps(w: World, p: Person) -> list[dict[str, Any]]:
    out = []
    for app_id, role_id in p.org_apps:
        app = w.apps.by_id(app_id)
        if app is None:
            continue
        role = w.roles.get(role_id) if role_id else None
        out.append({
            "SecurityRoleId": role.id if role else None,
            "SecurityRoleName": role.name if role else None,
            "IsAdministrator": bool(role and role.is_admin), "ID": app.id, "Name": app.name,
            "Description": app.description, "SystemClass": app.app_class,
            "IsDefault": app.type == "Client Portal", "IsActive": True,
        })  # fmt: skip
    return out


def user_json(w: World, p: Person) -> dict[str, Any]:
    """The full ``TeamDynamix.Api.Users.User`` (GET api/people/{uid}, auth/getuser)."""
    customer = p.type_id == 2
    role = w.roles.global_role(p.security_role_id) if p.security_role_id else None
    tz_id, tz_name = _EASTERN if w.config.time_zone == "America/New_York" else (0, "")
    d: dict[str, Any] = {
        "UID": p.uid, "ReferenceID": p.ref_id, "BEID": w.config.beid, "BEIDInt": BEID_INT,
        "IsActive": p.is_active, "IsConfidential": p.is_confidential, "UserName": p.username,
        "FullName": p.full_name, "FirstName": p.first, "LastName": p.last, "MiddleName": "",
        "Birthday": EMPTY_DATE, "Salutation": "", "Nickname": "",
        "DefaultAccountID": p.account_id, "DefaultAccountName": account_name(p.account_id),
        "PrimaryEmail": p.email, "AlternateEmail": "", "ExternalID": "", "AlternateID": "",
        "Applications": [] if customer else list(p.applications),
        "SecurityRoleName": role.name if role and not customer else "",
        "SecurityRoleID": role.id if role and not customer else "",
        "Permissions": [] if customer else permissions(p, w.roles),
        "OrgApplications": [] if customer else _org_apps(w, p),
        "GroupIDs": [gid for gid, _ in w.directory.groups_of(p.uid)],
        "AlertEmail": p.email, "Company": p.company,
        "Title": p.title, "HomePhone": "", "PrimaryPhone": p.phone, "WorkPhone": p.phone,
        "Pager": "", "OtherPhone": "", "MobilePhone": "", "Fax": "",
        "DefaultPriorityID": 0, "DefaultPriorityName": NONE_NAME, "AboutMe": None,
        "WorkAddress": "", "WorkCity": "", "WorkState": "", "WorkZip": "", "WorkCountry": "",
        "HomeAddress": "", "HomeCity": "", "HomeState": "", "HomeZip": "", "HomeCountry": "",
        "DefaultRate": 0.0, "CostRate": 0.0, "IsEmployee": p.is_employee,
        "WorkableHours": 8.0 if not customer else 0.0, "IsCapacityManaged": False,
        "ReportTimeAfterDate": EMPTY_DATE_MIDNIGHT, "EndDate": EMPTY_DATE_MIDNIGHT,
        "ShouldReportTime": False, "ReportsToUID": "", "ReportsToFullName": "",
        "ResourcePoolID": -1, "ResourcePoolName": "", "TZID": tz_id, "TZName": tz_name,
        "TypeID": p.type_id, "AuthenticationUserName": p.auth_username,
        "AuthenticationProviderID": p.auth_provider_id,
        "Attributes": person_attributes(w.seed, p), "Gender": 0,
        "IMProvider": "", "IMHandle": "",
    }  # fmt: skip
    d.update({k: v for k, v in p.extra.items() if k in d and k not in _NOT_EDITABLE})
    return d


_NOT_EDITABLE = {"UID", "ReferenceID", "BEID", "BEIDInt", "UserName", "TypeID", "FullName"}


def restricted_user_json(w: World, p: Person) -> dict[str, Any]:
    """A people/search or people/lookup row: the User shape without its collections filled."""
    d = user_json(w, p)
    for key in RESTRICTED:
        d[key] = []
    return d


def listing_json(p: Person) -> dict[str, Any]:
    """A people/userlist row (limited user information; the row shape is UNCONFIRMED)."""
    return {
        "UID": p.uid, "ReferenceID": p.ref_id, "UserName": p.username, "FullName": p.full_name,
        "FirstName": p.first, "LastName": p.last, "PrimaryEmail": p.email,
        "IsActive": p.is_active, "IsEmployee": p.is_employee,
        "IsConfidential": p.is_confidential, "TypeID": p.type_id,
        "DefaultAccountID": p.account_id, "DefaultAccountName": account_name(p.account_id),
        "AuthenticationUserName": p.auth_username,
    }  # fmt: skip


def member_json(w: World, p: Person, m: Membership) -> dict[str, Any]:
    """``TeamDynamix.Api.Users.GroupMember``: membership flags plus the person's basics."""
    return {"IsPrimaryGroup": m.is_primary, "IsGroupManager": m.is_manager,
            "IsGroupNotified": m.is_notified, "AddedToGroupDate": fmt_ticks(m.added_ticks),
            **restricted_user_json(w, p)}  # fmt: skip


def user_group_json(group_id: int, m: Membership) -> dict[str, Any]:
    """``TeamDynamix.Api.Users.UserGroup`` (GET api/people/{uid}/groups)."""
    name = next((g.name for g in catalog.GROUPS if g.id == group_id), "")
    return {"GroupID": group_id, "GroupName": name, "IsPrimary": m.is_primary,
            "IsManager": m.is_manager, "IsNotified": m.is_notified}  # fmt: skip


def functional_role_json(p: Person, link_index: int) -> dict[str, Any]:
    """A functional role link (shape of the psclient samples)."""
    link = p.functional_roles[link_index]
    return {"ID": link.id, "FunctionalRoleID": link.role_id, "UID": p.uid,
            "FunctionalRoleName": dict(FUNCTIONAL_ROLES).get(link.role_id),
            "StandardRate": 0.0, "CostRate": 0.0, "CreatedDate": fmt_ticks(link.created_ticks),
            "Comments": None, "IsPrimary": link.is_primary}  # fmt: skip
