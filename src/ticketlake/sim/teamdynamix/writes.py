"""What the People API's write endpoints do to a person (they really change the tenant)."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamdynamix import rand, roles
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.directory import Directory
from ticketlake.sim.teamdynamix.http import Fields
from ticketlake.sim.teamdynamix.people import FunctionalRoleLink, Membership, Person
from ticketlake.sim.teamdynamix.roles import AppLayout

# User field -> Person attribute, for the fields the API may edit.
EDITABLE = {
    "firstname": "first", "lastname": "last", "primaryemail": "email", "isactive": "is_active",
    "isconfidential": "is_confidential", "defaultaccountid": "account_id", "title": "title",
    "securityroleid": "security_role_id", "authenticationusername": "auth_username",
    "authenticationproviderid": "auth_provider_id", "isemployee": "is_employee",
    "company": "company", "workphone": "phone",
}  # fmt: skip
FORBIDDEN = {"password", "beid", "beidint", "typeid", "uid", "username", "referenceid"}


def org_apps(value: Any, apps: AppLayout) -> list[tuple[int, str]]:
    """``OrgApplications`` from a body; entries with an invalid role are dropped (documented)."""
    out = []
    for item in value or []:
        f = Fields(item)
        app = apps.by_id(f.int_value("ID") or f.int_value("AppID") or 0)
        role = str(f.get("SecurityRoleId") or "").lower()
        if app is None:
            continue
        if app.type == "Ticketing" and not any(r.id == role for r in roles.APP_ROLES):
            continue
        out.append((app.id, role if app.type == "Ticketing" else ""))
    return out


def set_field(person: Person, name: str, value: Any, apps: AppLayout) -> None:
    """Set one User field (case-insensitive name)."""
    key = name.lower()
    if key in FORBIDDEN:
        raise ApiError(400, f"The field {name} cannot be changed through this method.")
    if key == "applications":
        if value is not None:  # null means no change; [] clears
            person.applications = [str(v) for v in value]
    elif key == "orgapplications":
        if value is not None:
            person.org_apps = org_apps(value, apps)
    elif key in EDITABLE:
        setattr(person, EDITABLE[key], value)
    else:
        person.extra[name] = value


def create(d: Directory, seed: int, body: Fields, apps: AppLayout) -> Person:
    """``POST api/people``: a new user (or customer) from a ``NewUser`` body."""
    first, last = body.get("FirstName"), body.get("LastName")
    username = str(body.get("UserName") or body.get("PrimaryEmail") or "")
    if not first or not last or not username:
        raise ApiError(400, "FirstName, LastName and UserName are required.")
    if d.by_username(username) is not None:
        raise ApiError(400, f"A person with the username {username} already exists.")
    rng = rand.stream(seed, rand.PERSON, 900_000 + len(d.people))
    type_id = body.int_value("TypeID", 1) or 1
    person = Person(
        uid=rand.guid(rng), ref_id=2_000_000 + len(d.people), first=str(first), last=str(last),
        username=username, email=str(body.get("PrimaryEmail") or ""),
        account_id=body.int_value("DefaultAccountID", 0) or 0, type_id=type_id,
        is_active=body.bool_value("IsActive") is not False,
        password=str(body.get("Password")) if body.get("Password") else None,
    )  # fmt: skip
    for key, value in (body.raw or {}).items():
        if key.lower() not in FORBIDDEN | {"firstname", "lastname", "primaryemail",
                                           "defaultaccountid", "isactive"}:  # fmt: skip
            set_field(person, key, value, apps)
    d.add(person)
    return person


def patch(person: Person, operations: Any, apps: AppLayout) -> None:
    """``PATCH api/people/{uid}``: JSON Patch ``add``/``replace``/``remove`` on User fields."""
    if not isinstance(operations, list):
        raise ApiError(400, "The patch document must be a JSON array of operations.")
    for raw in operations:
        op = Fields(raw)
        kind, path = str(op.get("op") or "").lower(), str(op.get("path") or "")
        name = path.strip("/").split("/")[0]
        if kind not in ("add", "replace", "remove") or not name:
            raise ApiError(400, f"Unsupported patch operation {raw!r}.")
        value = None if kind == "remove" else op.get("value")
        if kind == "remove" and name.lower() in ("applications", "orgapplications"):
            value = []
        set_field(person, name, value, apps)


def update(person: Person, body: Fields, apps: AppLayout) -> None:
    """``POST api/people/{uid}``: the editable fields of a ``User`` body."""
    for key, value in (body.raw or {}).items():
        if key.lower() in FORBIDDEN:
            continue  # sent back unchanged from a GET: ignored, as documented
        set_field(person, key, value, apps)


def join_group(d: Directory, person: Person, group_id: int, m: Membership) -> None:
    """Add (or update) a membership; only full users may join groups."""
    if group_id not in d.members:
        raise ApiError(404, f"Group {group_id} was not found.")
    if person.type_id != 1:
        raise ApiError(400, "Only full users can be added to groups.")
    if m.is_primary:
        for other in d.members.values():
            if person.uid in other:
                other[person.uid].is_primary = False
    d.members[group_id][person.uid] = m


def leave_group(d: Directory, person: Person, group_id: int) -> None:
    """Remove a membership (no error when there is none)."""
    d.members.get(group_id, {}).pop(person.uid, None)


def set_functional_role(person: Person, role_id: int, is_primary: bool) -> None:
    """Add a functional role or update its primary flag."""
    for link in person.functional_roles:
        if link.role_id == role_id:
            link.is_primary = is_primary
            return
    person.functional_roles.append(
        FunctionalRoleLink(person.ref_id * 10 + len(person.functional_roles), role_id, is_primary)
    )
