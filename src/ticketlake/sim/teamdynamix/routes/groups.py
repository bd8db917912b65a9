"""Group section: search, get (needs TDPeople), members (needs TDPeople, our reading)."""

from __future__ import annotations

from starlette.responses import Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamdynamix import access, render_ref, roles
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.catalog import GROUPS, Group
from ticketlake.sim.teamdynamix.http import Call
from ticketlake.sim.teamdynamix.render_user import member_json
from ticketlake.sim.teamdynamix.routing import Op


def _group(call: Call) -> Group:
    gid = call.int_param("id")
    group = next((g for g in GROUPS if g.id == gid), None)
    if group is None:
        raise ApiError(404, f"Group {gid} was not found.")
    return group


async def search(call: Call) -> Response:
    """``POST api/groups/search``: ``GroupSearch`` {NameLike, IsActive, HasAppID, ...}."""
    f = call.body
    name = str(f.get("NameLike") or "").lower()
    active = f.bool_value("IsActive")
    has_app = f.int_value("HasAppID")
    limit = f.int_value("MaxResults")
    out = [
        render_ref.group(call.world, g) for g in GROUPS
        if name in g.name.lower() and active is not False
        and (not has_app or has_app == call.world.app_id)
    ]  # fmt: skip
    return json_response(out[:limit] if limit and limit > 0 else out)


async def get_group(call: Call) -> Response:
    """``GET api/groups/{id}``."""
    access.require_standard_app(call.user, roles.TD_PEOPLE)
    return json_response(render_ref.group(call.world, _group(call)))


async def members(call: Call) -> Response:
    """``GET api/groups/{id}/members``: ``GroupMember[]``."""
    access.require_standard_app(call.user, roles.TD_PEOPLE)
    d = call.world.directory
    group = _group(call)
    out = []
    for uid, m in d.members[group.id].items():
        person = d.get(uid)
        if person is not None:
            out.append(member_json(call.world, person, m))
    return json_response(out)


OPS = [
    Op("POST", "api/groups/search", search),
    Op("GET", "api/groups/{id}", get_group),
    Op("GET", "api/groups/{id}/members", members),
]
