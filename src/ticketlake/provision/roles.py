"""Steps 1-2 of the guide: the two roles exist with exactly the guide's license and permissions.

A missing role is created; a role that differs is edited only when no one but the integration
account holds it (``UserCount``); a role others hold is left alone, its difference shown for
the customer to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ticketlake.provision import endpoints as ep
from ticketlake.provision.step import Step
from ticketlake.provision.survey import RoleState
from ticketlake.provision.target import TECHNICIAN_REPORTING


@dataclass(frozen=True)
class RoleWant:
    """One role the guide asks for."""

    label: str
    name: str
    app_id: int
    permissions: tuple[str, ...]
    """Permission names."""
    offered: dict[str, str]
    """Permission name -> ID the tenant offers for this role's application."""
    placeholder: str
    held_by_account: bool


@dataclass
class RoleOutcome:
    """What the plan does about one role."""

    ref: str
    """The role's ID, or the placeholder of the role a step creates."""
    steps: list[Step] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def plan_role(want: RoleWant, found: RoleState | None) -> RoleOutcome:
    """Create, edit, verify or leave the role."""
    missing = [p for p in want.permissions if p not in want.offered]
    ids = [want.offered[p] for p in want.permissions if p in want.offered]
    if missing:
        blocked = f"the tenant offers no permission named {', '.join(missing)} for {want.label}"
        return RoleOutcome(found.id if found else want.placeholder, blocked=[blocked])
    body = {
        "Name": want.name,
        "AppID": want.app_id,
        "LicenseType": TECHNICIAN_REPORTING,
        "Permissions": ids,
    }
    if found is None:
        why = f"create {want.label} {want.name!r} (Technician + Reporting, {_listed(want)})"
        step = Step("POST", ep.ROLES, why, body=body, creates=want.placeholder)
        return RoleOutcome(want.placeholder, [step], [f"{want.label} {want.name!r}: missing"])
    license = found.license_name or found.license_type
    fact = (
        f"{want.label} {want.name!r}: exists, {license}, {len(found.permissions)} "
        f"permission(s), held by {found.user_count} user(s)"
    )
    diff = _difference(found, ids, want.offered)
    if not diff:
        return RoleOutcome(found.id, facts=[fact + "; as the guide asks"])
    others = found.user_count - (1 if want.held_by_account else 0)
    if others > 0:
        decision = (
            f"{want.label} {want.name!r} differs from the guide ({diff}) but {others} "
            "other user(s) hold it: not edited. Fix it in TDAdmin, or name a role of "
            "your own with --global-role/--app-role."
        )
        return RoleOutcome(found.id, facts=[fact], decisions=[decision])
    edit = {k: v for k, v in body.items() if k != "AppID"}
    step = Step(
        "PUT", ep.ROLE, f"edit {want.label} {want.name!r}: {diff}", {"id": found.id}, body=edit
    )
    return RoleOutcome(found.id, [step], [fact])


def _listed(want: RoleWant) -> str:
    return ", ".join(want.permissions) if want.permissions else "no permission"


def _difference(found: RoleState, ids: list[str], offered: dict[str, str]) -> str:
    names = {v: k for k, v in offered.items()}
    parts = []
    if found.license_type != TECHNICIAN_REPORTING:
        parts.append(
            f"license {found.license_name or found.license_type} -> Technician + Reporting"
        )
    extra = [names.get(p, p) for p in found.permissions if p not in ids]
    lacking = [names.get(p, p) for p in ids if p not in found.permissions]
    if extra:
        parts.append(f"remove {', '.join(extra)}")
    if lacking:
        parts.append(f"add {', '.join(lacking)}")
    return "; ".join(parts)
