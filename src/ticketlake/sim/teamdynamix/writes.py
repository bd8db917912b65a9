"""What the People API's write endpoints do to a person (they really change the tenant)."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamdynamix import rand
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.directory import Directory
from ticketlake.sim.teamdynamix.http import Fields
from ticketlake.sim.teamdynamix.people import FunctionalRoleLink, Membership, Person
from ticketlake.sim.teamdynamix.rolebook import RoleBook

# User field -> Person attribute, for the fields the API may edit.
EDITABLE = {
    "firstname": "first", "lastname": "last", "primaryemail": "email", "isactive": "is_active",
    "isconfidential": "is_confidential", "defaultaccountid": "account_id", "title": "title",
    "securityroleid": "security_role_id", "authenticationusername": "auth_username",
    "authenticationproviderid": "auth_provider_id", "isemployee": "is_employee",
    "company": "company", "workphone": "phone",
}  # fmt: skip
FORBIDDEN = {"password", "beid", "beidint", "typeid", "uid", "username", "referenceid"}


def org_apps(value: Any, book: RoleBook) -> list[tuple[int, str]]:
    """``OrgApplications`` from a body; entries with an invalid role are dropped (documented)."""
    out = []
    for item in value or []:
        f = Fields(item)
        app = book.apps.by_id(f.int_value("ID") or f.int_value("AppID") or 0)
        role = str(f.get("SecurityRoleId") or "").lower()
        if app is None:
            continue
        if app.type == "Ticketing" and book.app_role(app.id, role) is None:
            continue
        out.append((app.id, role if app.type == "Ticketing" else ""))
    return out


def set_role(person: Person, role_id: Any, book: RoleBook) -> None:
    """Give the person a global security role, and with it exactly the role's permissions
    (our reading, UNCONFIRMED: assigning a role, even the one held, drops permissions
    customised on the person)."""
    role = book.global_role(str(role_id or ""))
    if role is None:
        raise ApiError(400, f"The security role {role_id} is not a valid global security role.")
    person.security_role_id = role.id
    person.permissions = None


def set_field(person: Person, name: str, value: Any, book: RoleBook) -> None:
    """Set one User field (case-insensitive name)."""
    key = name.lower()
    if key in FORBIDDEN:
        raise ApiError(400, f"The field {name} cannot be changed through this method.")
    if key == "applications":
        if value is not None:  # null means no change; [] clears
            person.applications = [str(v) for v in value]
    elif key == "orgapplications":
        if value is not None:
            person.org_apps = org_apps(value, book)
    elif key == "securityroleid":
        set_role(person, value, book)
    elif key == "authenticationproviderid":
        person.auth_provider_id = int(value or 0)  # null: the organization's default (ours: TDX)
    elif key in EDITABLE:
        setattr(person, EDITABLE[key], value)
    else:
        person.extra[name] = value


def create(d: Directory, seed: int, body: Fields, book: RoleBook) -> Person:
    """``POST api/people``: a new user (or customer) from a ``NewUser`` body.

    NewUser [DOC member pages]: FirstName and LastName required; UserName required for users
    (max 100); SecurityRoleID "required when creating Users"; Password "the password of the
    new user"; AuthenticationProviderID null = TeamDynamix or SSO authentication (here:
    TeamDynamix's, so the password works). Users (1), customers (2) and service accounts (9)
    are created; a service account needs a role like a user (our reading, UNCONFIRMED).
    """
    first, last = body.get("FirstName"), body.get("LastName")
    type_id = body.int_value("TypeID", 1) or 1
    username = str(body.get("UserName") or "")
    login = type_id in (1, 9)
    if not first or not last or (login and not username):
        raise ApiError(400, "FirstName, LastName and (for users) UserName are required.")
    if type_id not in (1, 2, 9):
        raise ApiError(400, f"People of type {type_id} cannot be created through this method.")
    if len(username) > 100:
        raise ApiError(400, "UserName may be at most 100 characters long.")
    if login and not body.get("SecurityRoleID"):
        raise ApiError(400, "SecurityRoleID is required when creating users.")
    username = username or str(body.get("PrimaryEmail") or f"customer{len(d.people)}")
    if d.by_username(username) is not None:
        raise ApiError(400, f"A person with the username {username} already exists.")
    rng = rand.stream(seed, rand.PERSON, 900_000 + len(d.people))
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
            set_field(person, key, value, book)
    d.add(person)
    return person


def patch(person: Person, operations: Any, book: RoleBook) -> None:
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
        set_field(person, name, value, book)


def update(person: Person, body: Fields, book: RoleBook) -> None:
    """``POST api/people/{uid}``: the editable fields of a ``User`` body."""
    for key, value in (body.raw or {}).items():
        if key.lower() in FORBIDDEN:
            continue  # sent back unchanged from a GET: ignored, as documented
        set_field(person, key, value, book)


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
