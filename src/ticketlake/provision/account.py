"""Steps 3-4 of the guide: the dedicated account, active, with the global role, IT Tickets with
the application role, the standard applications the reads need, and the Accts/Depts named.

``Applications`` and ``OrgApplications`` are full-replace collections (seed 004): each PATCH
sends the whole list read a moment ago, so nothing the account has is dropped by omission.
What is removed is named in the plan: applications and administrator roles the integration
never uses (least privilege), unless ``--keep-excess``. The API cannot change a password or a
user type (seed 004), so an account that cannot log in to the API (SSO, a customer) is left as
it is and a new dedicated account is created instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ticketlake.provision import endpoints as ep
from ticketlake.provision.step import Step
from ticketlake.provision.survey import AccountState, AppGrant
from ticketlake.provision.target import NEW_ACCOUNT, PASSWORD, USER_TYPE, Target

LOGIN_TYPES = {1: "User", 9: "ServiceAccount"}


def cannot_log_in(a: AccountState) -> str:
    """Why the account cannot use the API's password login, or ``""`` (as far as we can tell:
    ``AuthenticationProviderID`` null or 0 may be TeamDynamix or SSO authentication)."""
    if a.type_id not in LOGIN_TYPES:
        return f"its type ({a.type_id}) cannot sign in to TeamDynamix"
    if a.auth_provider_id not in (None, 0):
        return f"it signs in through authentication provider {a.auth_provider_id} (SSO)"
    return ""


@dataclass
class AccountOutcome:
    """What the plan does about the account."""

    uid: str
    username: str
    created: bool
    steps: list[Step] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)


def describe(a: AccountState) -> str:
    """One line about an account as it stands."""
    provider = "unknown (null)" if a.auth_provider_id is None else str(a.auth_provider_id)
    grants = (
        ", ".join(
            f"{g.name or g.id}" + (f" as {g.role_id}" if g.role_id else "") for g in a.org_apps
        )
        or "none"
    )
    return (
        f"account {a.username!r} ({a.full_name}): {'active' if a.is_active else 'INACTIVE'}, "
        f"type {LOGIN_TYPES.get(a.type_id, a.type_id)}, authentication provider {provider}, "
        f"global role {a.security_role_name or a.security_role_id or 'none'}, applications "
        f"{', '.join(a.applications) or 'none'}; organization applications {grants}"
    )


def new_account(
    t: Target, username: str, global_ref: str, app_ref: str, why: str
) -> AccountOutcome:
    """Create a dedicated full user with a password, the roles and the applications."""
    first, last = t.names()
    body = {
        "FirstName": first,
        "LastName": last,
        "UserName": username,
        "Password": PASSWORD,
        "TypeID": USER_TYPE,
        "IsEmployee": False,
        "IsActive": True,
        "SecurityRoleID": global_ref,
        "Applications": list(t.standard_apps),
        "OrgApplications": [{"ID": t.app_id, "SecurityRoleID": app_ref}],
    }
    step = Step(
        "POST",
        ep.PEOPLE,
        f"create the dedicated account {username!r}: {why}",
        body=body,
        creates=NEW_ACCOUNT,
    )
    out = AccountOutcome(NEW_ACCOUNT, username, True, [step])
    out.steps += _acct_depts(t, NEW_ACCOUNT, USER_TYPE, out.manual)
    return out


def repair(
    t: Target, a: AccountState, global_ref: str, app_ref: str, role_perms: set[str] | None
) -> AccountOutcome:
    """Steps that bring an existing account to the guide, nothing else."""
    out = AccountOutcome(a.uid, a.username, False, facts=[describe(a)])
    if not a.is_active:
        out.steps.append(
            Step("PUT", ep.ACTIVE, "activate the account", {"uid": a.uid}, {"status": True})
        )
    ops = _role_op(a, global_ref, role_perms) + _apps_op(t, a) + _org_apps_op(t, a, app_ref)
    if ops:
        why = "; ".join(op.pop("why") for op in ops)
        out.steps.append(Step("PATCH", ep.PERSON, why, {"uid": a.uid}, body=ops))
    out.steps += _acct_depts(t, a.uid, a.type_id, out.manual)
    return out


def _role_op(a: AccountState, ref: str, role_perms: set[str] | None) -> list[dict[str, Any]]:
    if a.security_role_id.lower() != ref.lower():
        why = f"global role {a.security_role_name or 'none'} -> the guide's (step 2)"
    elif role_perms is not None and set(a.permissions) != role_perms:
        why = "re-assign the global role: the account's permissions differ from the role's"
    else:
        return []
    return [{"op": "add", "path": "/SecurityRoleID", "value": ref, "why": why}]


def _apps_op(t: Target, a: AccountState) -> list[dict[str, Any]]:
    words = t.excess_words()
    drop = (
        [] if t.keep_excess else [x for x in a.applications if any(w in x.lower() for w in words)]
    )
    kept = [x for x in a.applications if x not in drop]
    add = [x for x in t.standard_apps if x not in kept]
    if not add and not drop:
        return []
    parts = ([f"add {', '.join(add)}"] if add else []) + (
        [f"remove {', '.join(drop)} (not read; least privilege)"] if drop else []
    )
    why = f"applications: {'; '.join(parts)}"
    return [{"op": "add", "path": "/Applications", "value": kept + add, "why": why}]


def _org_apps_op(t: Target, a: AccountState, app_ref: str) -> list[dict[str, Any]]:
    kept: list[AppGrant] = []
    dropped: list[str] = []
    for g in a.org_apps:
        if g.id != t.app_id and not t.keep_excess and _excess(t, g):
            dropped.append(g.name or str(g.id))
        elif g.id != t.app_id:
            kept.append(g)
    current = next((g for g in a.org_apps if g.id == t.app_id), None)
    if current is not None and current.role_id.lower() == app_ref.lower() and not dropped:
        return []
    value = [{"ID": t.app_id, "SecurityRoleID": app_ref}] + [
        {"ID": g.id, "SecurityRoleID": g.role_id} for g in kept
    ]
    change = "assign IT Tickets" if current is None else "IT Tickets role -> the guide's"
    removed = f"; remove {', '.join(dropped)} (not read; least privilege)" if dropped else ""
    why = f"organization applications: {change} (step 4){removed}"
    return [{"op": "add", "path": "/OrgApplications", "value": value, "why": why}]


def _excess(t: Target, g: AppGrant) -> bool:
    kind = g.system_class.lower()
    return g.is_admin or "ticket" in kind or any(w in kind for w in t.excess_words())


def _acct_depts(t: Target, uid: str, type_id: int, manual: list[str]) -> list[Step]:
    if not t.acct_depts:
        return []
    ids = ", ".join(str(i) for i in t.acct_depts)
    if type_id != USER_TYPE:
        manual.append(
            f"Add Accts/Depts {ids} to the account in TDAdmin: bulk/changeacctdepts "
            "skips anyone but full users (seed 001) and the account is a "
            f"{LOGIN_TYPES.get(type_id, type_id)}."
        )
        return []
    body = {"UserUIDs": [uid], "AccountIDs": list(t.acct_depts), "ReplaceExistingAccounts": False}
    why = f"add Accts/Depts {ids}, keeping the account's others (add-only)"
    return [Step("POST", ep.CHANGE_ACCTDEPTS, why, body=body)]
