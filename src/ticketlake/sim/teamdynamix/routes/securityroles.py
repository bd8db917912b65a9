"""SecurityRoles section [DOC https://solutions.teamdynamix.com/TDWebApi/Home/section/SecurityRoles]:
get, search, the permissions an application offers, create and edit.

Editing (``PUT``) "can only be performed by special key-based administrative service
accounts"; creating is taken to be restricted the same way (UNCONFIRMED). Reads need any
signed-in account. Roles live in ``world.roles`` (``rolebook.py``).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamdynamix import access
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.http import Call, Fields
from ticketlake.sim.teamdynamix.rolebook import LICENSE_TYPES, StoredRole, license_type
from ticketlake.sim.teamdynamix.routing import Op
from ticketlake.sim.teamdynamix.wire import fmt_ms


def role_json(call: Call, role: StoredRole) -> dict[str, Any]:
    """``TeamDynamix.Api.Roles.SecurityRole``."""
    return {
        "ID": role.id, "Name": role.name, "CreatedDate": fmt_ms(role.created_ms),
        "ModifiedDate": fmt_ms(role.modified_ms),
        "UserCount": call.world.roles.user_count(role, call.world.directory),
        "AppID": role.app_id, "Permissions": list(role.permissions),
        "LicenseType": role.license_type, "LicenseTypeName": LICENSE_TYPES[role.license_type],
    }  # fmt: skip


def _role(call: Call) -> StoredRole:
    role = call.world.roles.get(call.params["securityRoleId"])
    if role is None:
        raise ApiError(404, f"The security role {call.params['securityRoleId']} was not found.")
    return role


async def get_role(call: Call) -> Response:
    """``GET api/securityroles/{id}``."""
    return json_response(role_json(call, _role(call)))


async def search(call: Call) -> Response:
    """``POST api/securityroles/search``: ``SecurityRoleSearch`` {NameLike, AppID (0 = global
    roles), LicenseTypeID (null = any)}."""
    f = call.body
    found = call.world.roles.search(
        str(f.get("NameLike") or ""), f.int_value("AppID", 0) or 0, f.int_value("LicenseTypeID")
    )
    return json_response([role_json(call, r) for r in found])


async def permissions(call: Call) -> Response:
    """``GET api/securityroles/permissions?forAppId=&forLicenseType=&onlyDefault=``:
    ``Permission[]``."""
    q = call.query
    app_id = q.int_value("forAppId", 0) or 0
    raw = q.get("forLicenseType")
    license = None if raw in (None, "", "null") else license_type(raw)
    offered = call.world.roles.permissions(app_id, license)
    if q.bool_value("onlyDefault"):
        defaults = set(call.world.roles.defaults(app_id, license or 3))
        offered = [p for p in offered if p.id in defaults]
    return json_response([
        {"ID": p.id, "Name": p.name, "Description": "", "SectionID": p.section_id,
         "SectionName": p.section_name}
        for p in offered
    ])  # fmt: skip


def _validated(call: Call, body: Fields, app_id: int, current: StoredRole | None) -> StoredRole:
    name = str(body.get("Name") or "").strip()
    if not name:
        raise ApiError(400, "Name is required.")
    license = license_type(body.get("LicenseType"))
    book = call.world.roles
    if call.query.bool_value("useDefaultPermissions"):
        granted = book.defaults(app_id, license)
    else:
        granted = [str(p) for p in body.get("Permissions") or []]
        offered = {p.id for p in book.permissions(app_id, license)}
        unknown = [p for p in granted if p not in offered]
        if unknown:
            raise ApiError(400, f"The permission(s) {', '.join(unknown)} are not available to "
                                "this application and license type.")  # fmt: skip
    now = int(call.tenant.clock.now() * 1000)
    created = current.created_ms if current else now
    role_id = current.id if current else book.new_id()
    admin = current.is_admin if current else False
    return StoredRole(role_id, name, app_id, license, list(dict.fromkeys(granted)), created, now,
                      admin)  # fmt: skip


async def create(call: Call) -> Response:
    """``POST api/securityroles?useDefaultPermissions=``: a new role; ``AppID`` 0 = global."""
    access.require_key_admin(call.user)
    app_id = call.body.int_value("AppID", 0) or 0
    if app_id:
        call.world.roles.permissions(app_id, None)  # 404 unless the app has roles
    role = call.world.roles.create(_validated(call, call.body, app_id, None))
    return json_response(role_json(call, role))


async def update(call: Call) -> Response:
    """``PUT api/securityroles/{id}?useDefaultPermissions=``: edits Name, LicenseType and
    Permissions (``AppID`` is not editable; a different one is ignored)."""
    access.require_key_admin(call.user)
    current = _role(call)
    role = call.world.roles.replace(_validated(call, call.body, current.app_id, current))
    return json_response(role_json(call, role))


OPS = [
    Op("GET", "api/securityroles/permissions", permissions),
    Op("POST", "api/securityroles/search", search),
    Op("GET", "api/securityroles/{securityRoleId}", get_role),
    Op("POST", "api/securityroles", create, write=True),
    Op("PUT", "api/securityroles/{securityRoleId}", update, write=True),
]
