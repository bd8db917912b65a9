"""The plan: what exists today, what will change, the exact calls and when they can be sent.

Computed from a ``Survey`` alone (pure), so a dry run, an apply and a second apply all decide
the same way from the same tenant state. An empty plan is the proof of idempotence.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketlake.provision.account import AccountOutcome, cannot_log_in, new_account, repair
from ticketlake.provision.roles import RoleOutcome, RoleWant, plan_role
from ticketlake.provision.step import Step, schedule
from ticketlake.provision.survey import AccountState, Survey
from ticketlake.provision.target import GLOBAL_PERMISSIONS, NEW_APP_ROLE, NEW_GLOBAL_ROLE, Target


@dataclass(frozen=True)
class Plan:
    """Everything ``provision`` shows before it writes, and all it will write."""

    target: Target
    survey: Survey
    facts: tuple[str, ...]
    steps: tuple[Step, ...]
    at: tuple[float, ...]
    """Seconds from the first write at which each step can be sent (the limits permitting)."""
    decisions: tuple[str, ...]
    """What the customer must decide (a role others hold differs from the guide)."""
    manual: tuple[str, ...]
    """Steps the API cannot do, to do in TDAdmin."""
    blocked: tuple[str, ...]
    """Why nothing can be applied (no ticketing application, a permission missing)."""
    account_uid: str
    """The account's UID, or ``target.NEW_ACCOUNT`` when the plan creates it."""
    username: str
    """The user name the connection will log in as."""
    new_account: bool

    @property
    def changes(self) -> bool:
        """Whether applying would write anything."""
        return bool(self.steps)

    @property
    def seconds(self) -> float:
        """How long the writes take at the documented limits (the last one's start)."""
        return self.at[-1] if self.at else 0.0


def make_plan(t: Target, s: Survey) -> Plan:
    """The plan for target ``t`` given what the survey found."""
    app_facts, blocked = _application(t, s)
    if blocked:
        return Plan(t, s, tuple(app_facts), (), (), (), (), tuple(blocked), "", t.username, False)
    account = s.account
    usable = account if account is not None and not cannot_log_in(account) else None
    holder = usable or s.alternate
    role = s.global_role
    holds = holder is not None and role is not None and holder.security_role_id == role.id
    g = plan_role(_global_want(t, s, holds), role)
    a = plan_role(_app_want(t, s, holder), s.app_role)
    acct = _account(t, s, g, a)
    steps = [*g.steps, *a.steps, *acct.steps]
    return Plan(
        target=t,
        survey=s,
        facts=(*app_facts, *g.facts, *a.facts, *acct.facts),
        steps=tuple(steps),
        at=tuple(schedule(steps)),
        decisions=(*g.decisions, *a.decisions),
        manual=tuple(acct.manual),
        blocked=(*g.blocked, *a.blocked),
        account_uid=acct.uid,
        username=acct.username,
        new_account=acct.created,
    )


def _application(t: Target, s: Survey) -> tuple[list[str], list[str]]:
    if s.app is None:
        return [], [f"the tenant has no application {t.app_id}: give the IT Tickets app ID"]
    name, kind = s.app.get("Name"), s.app.get("Type") or s.app.get("AppClass")
    fact = f"application {t.app_id}: {name} ({kind})"
    if not s.app_permissions and not s.app_role:
        return [fact], [f"application {t.app_id} ({name}) is not a ticketing application"]
    return [fact], []


def _global_want(t: Target, s: Survey, held: bool) -> RoleWant:
    return RoleWant(
        "global role",
        t.global_role,
        0,
        GLOBAL_PERMISSIONS,
        s.global_permissions,
        NEW_GLOBAL_ROLE,
        held,
    )


def _app_want(t: Target, s: Survey, holder: AccountState | None) -> RoleWant:
    held = False
    if holder is not None and s.app_role is not None:
        role_id = s.app_role.id
        held = any(x.id == t.app_id and x.role_id == role_id for x in holder.org_apps)
    return RoleWant(
        "IT Tickets role", t.app_role, t.app_id, (), s.app_permissions, NEW_APP_ROLE, held
    )


def _account(t: Target, s: Survey, g: RoleOutcome, a: RoleOutcome) -> AccountOutcome:
    perms = None if s.global_role is None or g.steps else set(s.global_role.permissions)
    if g.steps and s.global_role is not None:  # the role is edited: it will hold these
        perms = {s.global_permissions[p] for p in GLOBAL_PERMISSIONS}
    account = s.account
    if account is None:
        return new_account(t, t.username, g.ref, a.ref, "no account has this user name")
    why = cannot_log_in(account)
    if not why:
        return repair(t, account, g.ref, a.ref, perms)
    if s.alternate is not None:
        out = repair(t, s.alternate, g.ref, a.ref, perms)
        out.facts.insert(
            0,
            f"account {account.username!r} cannot log in to the API ({why}); "
            f"the dedicated account {s.alternate.username!r} is used",
        )
        return out
    reason = (
        f"account {account.username!r} cannot log in to the API ({why}) and the API cannot "
        "set a password or change a user type (seed 004); it is left untouched"
    )
    out = new_account(t, t.replacement_username, g.ref, a.ref, reason)
    out.facts.insert(0, reason)
    return out
