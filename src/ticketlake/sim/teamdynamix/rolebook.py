"""The organization's security roles as tenant state: created, edited and counted through the
SecurityRoles section (``GET/PUT api/securityroles/{id}``, ``POST api/securityroles[/search]``,
``GET api/securityroles/permissions``).

A role is ``TeamDynamix.Api.Roles.SecurityRole`` [DOC type page]: ``ID`` (Guid), ``Name``
(required), ``CreatedDate``, ``ModifiedDate``, ``UserCount``, ``AppID`` (0 for a global role,
not editable), ``Permissions`` (permission IDs, nullable), ``LicenseType`` (required) and
``LicenseTypeName``. License type values: Enterprise 1, Technician 3, TeamMember 4, Client 6,
TeamMemberWithReporting 10 [DOC member pages]; ProjectManager 2, StudentTechnician 5,
ClientWithReporting 7, ProjectManagerWithReporting 8, TechnicianWithReporting 9 [CLIENT:
teamdynamix-psclient enum]. Permission rows have ``ID``, ``Name``, ``Description``,
``SectionID`` and ``SectionName`` [CLIENT: keller4 TeamDynamix-PowerShell]; a permission's ID
is its name in this tenant (the reading ``roles.py`` already makes for ``User.Permissions``).

Our readings (UNCONFIRMED): a role's permissions must be among those the application offers
for its license type (a Client license offers no write permission); names are unique within
an application; ``useDefaultPermissions=true`` replaces the permissions with the defaults,
which include write permissions, as a new role's defaults in TDAdmin may.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from ticketlake.sim.teamdynamix import roles
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.directory import Directory
from ticketlake.sim.teamdynamix.roles import AppLayout, Role

LICENSE_TYPES = {
    1: "Enterprise", 2: "Project Manager", 3: "Technician", 4: "Team Member",
    5: "Student Technician", 6: "Client", 7: "Client + Reporting",
    8: "Project Manager + Reporting", 9: "Technician + Reporting", 10: "Team Member + Reporting",
}  # fmt: skip
_LICENSE_BY_NAME = {name: value for value, name in LICENSE_TYPES.items()}
CLIENT_LICENSES = (6, 7)
APP_PERMISSIONS = (
    "Add Tickets", "Edit Tickets", "Delete Tickets", "Assign Tickets", "Merge Tickets",
    "Manage Application",
)  # fmt: skip
DEFAULTS = {
    0: (roles.VIEW_PEOPLE, roles.VIEW_ACCOUNT_REQUESTS, "Create People", "Edit People"),
    1: ("Add Tickets", "Edit Tickets"),
}
"""The permissions ``useDefaultPermissions`` grants (global roles, application roles)."""


@dataclass
class StoredRole:
    """One security role of the organization."""

    id: str
    name: str
    app_id: int
    license_type: int
    permissions: list[str]
    created_ms: int
    modified_ms: int
    is_admin: bool = False


@dataclass(frozen=True)
class Permission:
    """A permission an application offers."""

    id: str
    name: str
    section_id: int
    section_name: str


@dataclass
class RoleBook:
    """Every security role: the seeded ones of ``roles.py`` plus those created through the API."""

    apps: AppLayout
    created_ms: int
    by_id: dict[str, StoredRole] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for app_id, seeded in ((0, roles.GLOBAL_ROLES), (self.apps.tickets.id, roles.APP_ROLES)):
            for r in seeded:
                self.by_id[r.id] = _stored(r, app_id, self.created_ms)

    def get(self, role_id: str) -> StoredRole | None:
        """The role with this ID (case-insensitive)."""
        return self.by_id.get(role_id.lower())

    def global_role(self, role_id: str) -> StoredRole | None:
        """The role, when it is a global (top-level) one."""
        role = self.get(role_id)
        return role if role is not None and role.app_id == 0 else None

    def app_role(self, app_id: int, role_id: str) -> StoredRole | None:
        """The role, when it belongs to the application ``app_id``."""
        role = self.get(role_id)
        return role if role is not None and role.app_id == app_id and app_id else None

    def search(self, name_like: str, app_id: int, license_type: int | None) -> list[StoredRole]:
        """``SecurityRoleSearch``: name contains ``name_like``; ``app_id`` 0 = global roles."""
        text = name_like.lower()
        return [
            r for r in self.by_id.values()
            if text in r.name.lower() and r.app_id == app_id
            and (license_type is None or r.license_type == license_type)
        ]  # fmt: skip

    def permissions(self, app_id: int, license_type: int | None) -> list[Permission]:
        """The permissions ``app_id`` offers (to roles of ``license_type``, when given)."""
        if app_id == 0:
            ids = [*roles.READ_PERMISSIONS, *roles.WRITE_PERMISSIONS]
            section = (1, "People and Accounts")
        else:
            app = self.apps.by_id(app_id)
            if app is None or app.type != "Ticketing":
                raise ApiError(404, f"The application {app_id} has no security roles.")
            ids, section = list(APP_PERMISSIONS), (app_id, app.name)
        if license_type in CLIENT_LICENSES:
            ids = [p for p in ids if p.lower().startswith("view")]
        return [Permission(p, p, *section) for p in ids]

    def defaults(self, app_id: int, license_type: int) -> list[str]:
        """The permissions ``useDefaultPermissions`` grants."""
        offered = {p.id for p in self.permissions(app_id, license_type)}
        return [p for p in DEFAULTS[0 if app_id == 0 else 1] if p in offered]

    def user_count(self, role: StoredRole, directory: Directory) -> int:
        """How many people hold the role (global: their security role; else the app's)."""
        if role.app_id == 0:
            return sum(
                1 for p in directory.people if p.type_id != 2 and p.security_role_id == role.id
            )
        return sum(1 for p in directory.people if (role.app_id, role.id) in p.org_apps)

    def create(self, role: StoredRole) -> StoredRole:
        """Add a new role (validated by the caller)."""
        self._unique(role)
        self.by_id[role.id] = role
        return role

    def _unique(self, role: StoredRole) -> None:
        for other in self.by_id.values():
            same = other.app_id == role.app_id and other.name.lower() == role.name.lower()
            if same and other.id != role.id:
                raise ApiError(400, f"A security role named {role.name} already exists.")

    def replace(self, role: StoredRole) -> StoredRole:
        """Store an edited role."""
        self._unique(role)
        self.by_id[role.id] = role
        return role

    def new_id(self) -> str:
        """A fresh role ID (deterministic: the tenant's data is a function of its seed)."""
        return str(uuid.UUID(int=0x6A1E_0000_0000_4000_8000_0000_0000_0000 + len(self.by_id)))


def license_type(value: object) -> int:
    """A ``LicenseTypes`` value (number or enum name); 400 for anything else or None (0)."""
    if isinstance(value, str) and not value.isdigit():
        name = value.replace("With", " + ").lower()
        found = [n for k, n in LICENSE_TYPES.items() if n.replace(" ", "").lower() ==
                 name.replace(" ", "")]  # fmt: skip
        if found:
            return _LICENSE_BY_NAME[found[0]]
        raise ApiError(400, f"The license type {value!r} is not valid.")
    try:
        number = int(str(value))
    except ValueError:
        number = -1
    if number not in LICENSE_TYPES:
        raise ApiError(400, "LicenseType is required and must be a valid license type.")
    return number


def _stored(r: Role, app_id: int, created_ms: int) -> StoredRole:
    return StoredRole(r.id, r.name, app_id, _LICENSE_BY_NAME[r.license], list(r.permissions),
                      created_ms, created_ms, r.is_admin)  # fmt: skip
