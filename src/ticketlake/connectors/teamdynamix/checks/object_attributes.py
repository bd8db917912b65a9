"""Custom attributes of people, accounts and locations: defined, readable, and what they cost.

For each component the check reads the definitions (one ``GET attributes/custom``) and, when
there are any, one object the way the sync reads every one (``GET people/{uid}`` of the service
account itself, the first account, the first location), so a refusal shows here and not hours
into a backfill. The summary says what the first sync will spend on them: one call per object
(``components.py``), priced at the endpoint's limit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from ticketlake.checks.outcome import Outcome, failed, passed
from ticketlake.connectors.base import CallEstimate
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.components import (
    OBJECTS,
    PERSON,
    Component,
    definitions_query,
)
from ticketlake.errors import AuthError, NotFound, PermissionDenied
from ticketlake.readable import duration
from ticketlake.sync.plan import build_plan

FIX = (
    "Custom attributes of people, accounts and locations are read one object at a time; the "
    "service account's security role (Step 2) needs View People from Accts/Depts and View All "
    "Accts/Depts, and the account needs the TDPeople application."
)
REFUSED_FIX: dict[str, str] = {
    "person": "People's custom attributes come with each person read on its own "
    "(GET api/people/{uid}), which needs the TDPeople application: give the service account "
    "access to it (TDAdmin, Users and Roles, the account's Applications) and the View People "
    "from Accts/Depts permission in its security role.",
    "account": "Accounts' custom attributes come with each account read on its own "
    "(GET api/accounts/{id}), which TeamDynamix allows only for the Accts/Depts the account "
    "belongs to, unless its security role has View All Accts/Depts: add that permission.",
    "location": "Locations' custom attributes come with each location read on its own "
    "(GET api/locations/{id}); TeamDynamix does not document which permission that needs: "
    "check that the service account can open a location in TDAdmin, Locations and Rooms.",
}


async def check_object_attributes(ctx: CheckContext) -> Outcome:
    """Each component's definitions, one object read as the sync reads them, and the cost."""
    said: list[str] = []
    for c in OBJECTS:
        params = definitions_query(c.id, ctx.app_id)
        defs = [d for d in await ctx.api.small_list(ep.CUSTOM_ATTRIBUTES, params) if _named(d)]
        if not defs:
            said.append(f"{c.plural}: no custom attributes defined (nothing to read)")
            continue
        sample = await _sample(ctx, c)
        if sample is not None:
            key, read = sample
            try:
                await read(key)
            except (PermissionDenied, AuthError, NotFound) as exc:
                return failed(
                    f"GET {c.endpoint} refused (HTTP {exc.status}): the custom attributes of "
                    f"{c.plural} cannot be read",
                    REFUSED_FIX[c.kind],
                    2,
                    impact=f"the custom attributes of {c.plural} will be missing from the store",
                )
        said.append(_cost(ctx, c, defs, await _count(ctx, c)))
    return passed("; ".join(said))


def _named(definition: Any) -> bool:
    return isinstance(definition, dict) and bool(definition.get("Name"))


async def _sample(
    ctx: CheckContext, c: Component
) -> tuple[Any, Callable[[Any], Awaitable[Any]]] | None:
    """One object to read the way the sync will, and how to read it (None: none to read)."""
    if c.id == PERSON:
        uid = (ctx.found.user or {}).get("UID")
        return (uid, ctx.api.person) if uid else None
    listed = await ctx.api.small_list(ep.ACCOUNTS if c.kind == "account" else ep.LOCATIONS)
    first = next((r["ID"] for r in listed if isinstance(r, dict) and r.get("ID")), None)
    if first is None:
        return None
    return first, ctx.api.account if c.kind == "account" else ctx.api.location


async def _count(ctx: CheckContext, c: Component) -> tuple[int, bool]:
    """How many objects the first sync reads, and whether that is a lower bound."""
    if c.id == PERSON:
        return ctx.found.people or 0, ctx.found.people_capped
    listed = await ctx.api.small_list(ep.ACCOUNTS if c.kind == "account" else ep.LOCATIONS)
    return len(listed), False


def _cost(
    ctx: CheckContext, c: Component, defs: list[dict[str, Any]], counted: tuple[int, bool]
) -> str:
    """``people: Campus, Support Tier (one call per person: 518 calls on the first sync,
    about 8 min 00 s; then only new people)``."""
    names = ", ".join(str(d["Name"]) for d in defs[:6]) + (", ..." if len(defs) > 6 else "")
    objects, more = counted
    plan = build_plan([CallEstimate(c.key, objects)], ctx.transport.limits_in_force())
    took = f"about {duration(plan.eta)}" if plan.eta else "no rate-limit wait"
    calls = f"{'at least ' if more else ''}{objects:,} call{'' if objects == 1 else 's'}"
    later = "new people" if c.id == PERSON else f"new and changed {c.plural}"
    return (
        f"{c.plural}: {names} (one call per {c.kind}: {calls} on the first sync, {took}; "
        f"then only {later})"
    )
