"""What exists today, read with the admin key: the ticketing application, the two roles the
guide asks for (license, permissions, how many users hold them), the permission IDs, and the
integration account (active, type, authentication provider, roles, applications)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ticketlake.connectors.teamdynamix.checks.access import is_ticketing
from ticketlake.provision import endpoints as ep
from ticketlake.transport import Transport


@dataclass(frozen=True)
class RoleState:
    """A ``SecurityRole`` as the API shows it."""

    id: str
    name: str
    app_id: int
    license_type: int
    license_name: str
    permissions: tuple[str, ...]
    user_count: int


@dataclass(frozen=True)
class AppGrant:
    """One of the account's ``OrgApplications``."""

    id: int
    role_id: str
    name: str
    is_admin: bool
    system_class: str


@dataclass(frozen=True)
class AccountState:
    """The integration account's ``User``."""

    uid: str
    username: str
    full_name: str
    is_active: bool
    type_id: int
    auth_provider_id: int | None
    security_role_id: str
    security_role_name: str
    permissions: tuple[str, ...]
    applications: tuple[str, ...]
    org_apps: tuple[AppGrant, ...]
    default_account_id: int


@dataclass(frozen=True)
class Survey:
    """Everything the plan is computed from."""

    app: dict[str, Any] | None
    global_role: RoleState | None
    app_role: RoleState | None
    global_permissions: dict[str, str]
    """Permission name -> ID for global roles."""
    app_permissions: dict[str, str]
    """Permission name -> ID for roles of the ticketing application."""
    account: AccountState | None
    alternate: AccountState | None
    """The replacement account, looked up when the named one cannot log in to the API."""
    reads: int


def role_state(raw: dict[str, Any]) -> RoleState:
    """A role from its JSON."""
    return RoleState(
        id=str(raw.get("ID") or ""),
        name=str(raw.get("Name") or ""),
        app_id=int(raw.get("AppID") or 0),
        license_type=int(raw.get("LicenseType") or 0),
        license_name=str(raw.get("LicenseTypeName") or ""),
        permissions=tuple(str(p) for p in raw.get("Permissions") or ()),
        user_count=int(raw.get("UserCount") or 0),
    )


def account_state(raw: dict[str, Any]) -> AccountState:
    """The account from its ``User`` JSON."""
    provider = raw.get("AuthenticationProviderID")
    grants = tuple(
        AppGrant(
            int(a.get("ID") or 0),
            str(a.get("SecurityRoleId") or ""),
            str(a.get("Name") or ""),
            bool(a.get("IsAdministrator")),
            str(a.get("SystemClass") or ""),
        )
        for a in raw.get("OrgApplications") or ()
        if isinstance(a, dict)
    )
    return AccountState(
        uid=str(raw.get("UID") or ""),
        username=str(raw.get("UserName") or ""),
        full_name=str(raw.get("FullName") or ""),
        is_active=bool(raw.get("IsActive")),
        type_id=int(raw.get("TypeID") or 0),
        auth_provider_id=None if provider is None else int(provider),
        security_role_id=str(raw.get("SecurityRoleID") or ""),
        security_role_name=str(raw.get("SecurityRoleName") or ""),
        permissions=tuple(str(p) for p in raw.get("Permissions") or ()),
        applications=tuple(str(a) for a in raw.get("Applications") or ()),
        org_apps=grants,
        default_account_id=int(raw.get("DefaultAccountID") or 0),
    )


class Reader:
    """The reads of a survey, counted."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.calls = 0

    async def json(self, method: str, template: str, **kw: Any) -> Any:
        """One allowed read."""
        self.calls += 1
        return await self.transport.json(method, template, **kw)

    async def role(self, name: str, app_id: int) -> RoleState | None:
        """The role named exactly ``name`` (case-insensitive) in ``app_id`` (0: global)."""
        rows = await self.json("POST", ep.ROLE_SEARCH, json={"NameLike": name, "AppID": app_id})
        for row in rows if isinstance(rows, list) else ():
            if isinstance(row, dict) and str(row.get("Name", "")).lower() == name.lower():
                return role_state(row)
        return None

    async def permission_ids(self, app_id: int, license_type: int) -> dict[str, str]:
        """Permission name -> ID offered to ``app_id``'s roles of ``license_type``."""
        params = {"forAppId": app_id, "forLicenseType": license_type}
        rows = await self.json("GET", ep.PERMISSIONS, params=params)
        return {
            str(r.get("Name")): str(r.get("ID"))
            for r in rows
            if isinstance(r, dict) and r.get("Name") is not None
        }

    async def account(self, username: str) -> AccountState | None:
        """The person whose user name is ``username``, active or not."""
        body = {"SearchText": username, "MaxResults": 50}
        rows = await self.json("POST", ep.PEOPLE_SEARCH, json=body)
        for row in rows if isinstance(rows, list) else ():
            if isinstance(row, dict) and str(row.get("UserName", "")).lower() == username.lower():
                return await self.person(str(row["UID"]))
        return None

    async def person(self, uid: str) -> AccountState:
        """A person by UID (the full ``User``)."""
        return account_state(await self.json("GET", ep.PERSON, path={"uid": uid}))

    async def app(self, app_id: int) -> dict[str, Any] | None:
        """The platform application ``app_id``, when the tenant has it."""
        rows = await self.json("GET", ep.APPLICATIONS)
        for row in rows if isinstance(rows, list) else ():
            if isinstance(row, dict) and row.get("AppID") == app_id:
                return row
        return None


async def survey(
    transport: Transport,
    *,
    app_id: int,
    username: str,
    global_role: str,
    app_role: str,
    license_type: int,
    alternate: str,
    unusable: Callable[[AccountState], str],
) -> Survey:
    """Read what exists today (no write); ``alternate`` is read when ``unusable`` says why
    the account named ``username`` cannot serve."""
    r = Reader(transport)
    app = await r.app(app_id)
    ticketing = app is not None and is_ticketing(app)
    account = await r.account(username)
    other = await r.account(alternate) if account is not None and unusable(account) else None
    found = Survey(
        app=app,
        global_role=await r.role(global_role, 0),
        app_role=await r.role(app_role, app_id) if ticketing else None,
        global_permissions=await r.permission_ids(0, license_type),
        app_permissions=await r.permission_ids(app_id, license_type) if ticketing else {},
        account=account,
        alternate=other,
        reads=0,
    )
    return Survey(**{**found.__dict__, "reads": r.calls})
