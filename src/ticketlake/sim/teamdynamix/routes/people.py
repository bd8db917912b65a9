"""People section, reads: search, lookup, get, userlist, a person's groups and roles."""

from __future__ import annotations

import uuid

from starlette.responses import Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamdynamix import access, roles
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.http import Call
from ticketlake.sim.teamdynamix.people import Person
from ticketlake.sim.teamdynamix.render_user import (
    functional_role_json,
    listing_json,
    restricted_user_json,
    user_group_json,
    user_json,
)
from ticketlake.sim.teamdynamix.routing import Op

USER_TYPES = {"none": 0, "user": 1, "customer": 2, "resourceplaceholder": 8, "serviceaccount": 9}


def find_person(call: Call, key: str) -> Person:
    """A person by UID (or by username, as some clients call it); 404 when unknown."""
    try:
        person = call.world.directory.get(str(uuid.UUID(key)))
    except ValueError:
        person = call.world.directory.by_username(key)
    if person is None:
        raise ApiError(404, f"The person {key} was not found.")
    return person


def _text_match(p: Person, text: str) -> bool:
    return any(text in s.lower() for s in (p.full_name, p.email, p.username))


async def search(call: Call) -> Response:
    """``POST api/people/search`` (needs TDPeople): a ``UserSearch``; MaxResults null = all."""
    access.require_standard_app(call.user, roles.TD_PEOPLE)
    f = call.body
    text = str(f.get("SearchText") or "").lower()
    active, employee = f.bool_value("IsActive"), f.bool_value("IsEmployee")
    accounts = set(f.int_list("AccountIDs") or []) or None
    app_name = f.get("AppName")
    limit = f.int_value("MaxResults")
    out = []
    for p in call.world.directory.people:
        if (
            (text and not _text_match(p, text))
            or (active is not None and p.is_active != active)
            or (employee is not None and p.is_employee != employee)
            or (accounts is not None and p.account_id not in accounts)
            or (app_name and app_name not in p.applications)
        ):
            continue
        out.append(restricted_user_json(call.world, p))
        if limit is not None and limit > 0 and len(out) >= limit:
            break
    return json_response(out)


async def lookup(call: Call) -> Response:
    """``GET api/people/lookup?searchText=&maxResults=`` (1-100, default 50)."""
    text = str(call.query.get("searchText") or "").lower()
    limit = call.query.int_value("maxResults", 50) or 50
    limit = limit if 1 <= limit <= 100 else 50
    out = []
    for p in call.world.directory.people:
        if p.is_active and (not text or _text_match(p, text)):
            out.append(restricted_user_json(call.world, p))
            if len(out) >= limit:
                break
    return json_response(out)


async def get_person(call: Call) -> Response:
    """``GET api/people/{uid}`` (needs TDPeople): the full ``User``."""
    access.require_standard_app(call.user, roles.TD_PEOPLE)
    return json_response(user_json(call.world, find_person(call, call.params["uid"])))


async def userlist(call: Call) -> Response:
    """``GET api/people/userlist?isActive=&isConfidential=&isEmployee=&userType=``."""
    q = call.query
    active, conf, employee = (q.bool_value("isActive"), q.bool_value("isConfidential"),
                              q.bool_value("isEmployee"))  # fmt: skip
    raw_type = str(q.get("userType") or "None")
    user_type = int(raw_type) if raw_type.isdigit() else USER_TYPES.get(raw_type.lower(), 0)
    out = [
        listing_json(p) for p in call.world.directory.people
        if (active is None or p.is_active == active)
        and (conf is None or p.is_confidential == conf)
        and (employee is None or p.is_employee == employee)
        and (user_type == 0 or p.type_id == user_type)
    ]  # fmt: skip
    return json_response(out)


async def person_groups(call: Call) -> Response:
    """``GET api/people/{uid}/groups``: ``UserGroup[]``."""
    person = find_person(call, call.params["uid"])
    return json_response(
        [user_group_json(gid, m) for gid, m in call.world.directory.groups_of(person.uid)]
    )


async def functional_roles(call: Call) -> Response:
    """``GET api/people/{uid}/functionalroles``."""
    person = find_person(call, call.params["uid"])
    return json_response(
        [functional_role_json(person, k) for k in range(len(person.functional_roles))]
    )


OPS = [
    Op("POST", "api/people/search", search),
    Op("GET", "api/people/lookup", lookup),
    Op("GET", "api/people/userlist", userlist),
    Op("GET", "api/people/{uid}", get_person),
    Op("GET", "api/people/{uid}/groups", person_groups),
    Op("GET", "api/people/{uid}/functionalroles", functional_roles),
]
