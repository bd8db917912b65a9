"""People section, writes (seed 004): create, patch, update, activate, groups, roles.

A standard account needs the matching global permission (our reading: "Create People",
"Edit People", "Manage Groups"); the key-based admin account may do everything.
"""

from __future__ import annotations

from starlette.responses import Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamdynamix import access, writes
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.http import Call
from ticketlake.sim.teamdynamix.people import Membership, Person
from ticketlake.sim.teamdynamix.render_user import user_json
from ticketlake.sim.teamdynamix.routes.people import find_person
from ticketlake.sim.teamdynamix.routing import Op

OK = {"Message": "The operation was successful."}


def _target(call: Call, permission: str) -> Person:
    access.require_permission(call.user, permission, call.world.roles)
    return find_person(call, call.params["uid"])


async def create(call: Call) -> Response:
    """``POST api/people``: creates a person; 201 with the new ``User``."""
    access.require_permission(call.user, "Create People", call.world.roles)
    person = writes.create(call.world.directory, call.world.seed, call.body, call.world.roles)
    return json_response(user_json(call.world, person), 201)


async def patch(call: Call) -> Response:
    """``PATCH api/people/{uid}``: a JSON Patch document."""
    person = _target(call, "Edit People")
    writes.patch(person, call.body.raw, call.world.roles)
    return json_response(user_json(call.world, person))


async def update(call: Call) -> Response:
    """``POST api/people/{uid}``: new values from a ``User`` body."""
    person = _target(call, "Edit People")
    writes.update(person, call.body, call.world.roles)
    return json_response(user_json(call.world, person))


async def set_active(call: Call) -> Response:
    """``PUT api/people/{uid}/isactive?status=``."""
    person = _target(call, "Edit People")
    status = call.query.bool_value("status")
    if status is None:
        raise ApiError(400, "The status parameter is required.")
    person.is_active = status
    return json_response(OK)


async def join_group(call: Call) -> Response:
    """``PUT api/people/{uid}/groups/{groupId}?isPrimary=&isNotified=&isManager=``."""
    person = _target(call, "Manage Groups")
    q = call.query
    m = Membership(
        person.uid,
        bool(q.bool_value("isPrimary")),
        bool(q.bool_value("isManager")),
        bool(q.bool_value("isNotified")),
    )
    writes.join_group(call.world.directory, person, call.int_param("groupId"), m)
    return json_response(OK)


async def leave_group(call: Call) -> Response:
    """``DELETE api/people/{uid}/groups/{groupId}``."""
    person = _target(call, "Manage Groups")
    writes.leave_group(call.world.directory, person, call.int_param("groupId"))
    return json_response(OK)


async def add_groups(call: Call) -> Response:
    """``POST api/people/{uid}/groups?removeOtherGroups=``: body ``Int32[]`` of group IDs."""
    person = _target(call, "Manage Groups")
    ids = call.body.raw
    if not isinstance(ids, list):
        raise ApiError(400, "The body must be a JSON array of group IDs.")
    d = call.world.directory
    if call.query.bool_value("removeOtherGroups"):
        for gid, _ in d.groups_of(person.uid):
            if gid not in ids:
                writes.leave_group(d, person, gid)
    for gid in ids:
        if int(gid) in d.members and person.uid not in d.members[int(gid)]:
            writes.join_group(d, person, int(gid), Membership(person.uid))
    return json_response(OK)


async def set_role(call: Call) -> Response:
    """``PUT api/people/{uid}/functionalroles/{roleId}?isPrimary=``."""
    person = _target(call, "Edit People")
    writes.set_functional_role(person, call.int_param("roleId"),
                               bool(call.query.bool_value("isPrimary")))  # fmt: skip
    return json_response(OK)


async def remove_role(call: Call) -> Response:
    """``DELETE api/people/{uid}/functionalroles/{roleId}``."""
    person = _target(call, "Edit People")
    role_id = call.int_param("roleId")
    person.functional_roles = [r for r in person.functional_roles if r.role_id != role_id]
    return json_response(OK)


OPS = [
    Op("POST", "api/people", create, write=True),
    Op("PATCH", "api/people/{uid}", patch, write=True),
    Op("POST", "api/people/{uid}", update, write=True),
    Op("PUT", "api/people/{uid}/isactive", set_active, write=True),
    Op("PUT", "api/people/{uid}/groups/{groupId}", join_group, write=True),
    Op("DELETE", "api/people/{uid}/groups/{groupId}", leave_group, write=True),
    Op("POST", "api/people/{uid}/groups", add_groups, write=True),
    Op("PUT", "api/people/{uid}/functionalroles/{roleId}", set_role, write=True),
    Op("DELETE", "api/people/{uid}/functionalroles/{roleId}", remove_role, write=True),
]
