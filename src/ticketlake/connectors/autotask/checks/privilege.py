"""An API-only user, and no more access than reading needs.

REST exposes no permission list, and no check may try a write to find out. What a level may do
is inferred from what Autotask shows without one: the API user's ``Resources`` record (its
security level and license type, named by the picklists of ``entityInformation/fields``) and,
per entity ticketlake reads, ``entityInformation``'s ``userAccessForCreate``, ``...Update``
and ``...Delete`` (our reading: "None" when the level may not; the values are untyped in the
Swagger).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ticketlake.checks.commands import recheck
from ticketlake.checks.outcome import Outcome, failed, passed, warned
from ticketlake.connectors.autotask.checks.areas import AREAS, LEVELS, NONE, joined, named
from ticketlake.connectors.autotask.checks.commands import edit_set

if TYPE_CHECKING:
    from ticketlake.connectors.autotask.checks.context import CheckContext

API_ONLY_FIX = (
    "REST needs an API user: create one (Admin, Account Settings & Users, Resources/Users, "
    "+ New, New API User) with a security level copied from API User (system) (API-only), not "
    "a person's login, then enter its user name with "
    + edit_set("api_username=USER")
    + " (it asks for its secret and tracking identifier)."
)
SYSTEM_FIX = (
    "Do not give the integration the system level itself: copy it (right-click API User "
    f"(system) (API-only), Copy Security Level, in {LEVELS}), set every section to No "
    "Permission, grant only the views ticketlake needs (Security level, steps 6-15), and "
    "give the copy to the API user; then run " + recheck() + "."
)
WRITE_FIX = (
    f"In the API user's security level ({LEVELS}) take away every add, edit and delete "
    "permission: ticketlake only reads (Security level, step 6); then run " + recheck() + "."
)
MORE_THAN_READING = (
    "the data is complete; the risk is the account's: whoever holds its credentials can change "
    "Autotask, although ticketlake only reads"
)
WRITES = {"userAccessForCreate": "create", "userAccessForUpdate": "edit",
          "userAccessForDelete": "delete"}  # fmt: skip
READ = tuple(e for area in AREAS for e in area.entities)
"""Every entity whose counts the area checks read (the streams' entities)."""


async def check_api_only(ctx: CheckContext) -> Outcome:
    """The API user's license and security level are API-only (REST requires it, A2)."""
    user = await ctx.api_user()
    if user is None:
        return warned(
            f"the API user {ctx.username} is not among the resources the security level shows: "
            "its license and level cannot be read",
            API_ONLY_FIX, 113,
            impact="the data is as the other checks say; whether the user is API-only is unknown",
        )  # fmt: skip
    level = ctx.found.level
    assert level is not None
    if level.api_only is False:
        return failed(
            f"{ctx.username} has {level.describe()}: not an API-only user",
            API_ONLY_FIX, 104,
            impact="Autotask may refuse the user's API calls, and a person's login is read",
        )  # fmt: skip
    if level.api_only is None:
        return passed(f"{ctx.username}: {level.describe()} (API-only not stated by either)")
    return passed(f"{ctx.username} has {level.describe()}")


async def check_least_privilege(ctx: CheckContext) -> Outcome:
    """Warn on the system level and on any entity the level may create, edit or delete."""
    found: list[tuple[str, str, int]] = []
    level = ctx.found.level
    if level is not None and level.system:
        found.append((
            f"the API user has the system level {level.level}, which may read and change "
            "everything", SYSTEM_FIX, 104,
        ))  # fmt: skip
    writable = await _writable(ctx)
    if writable:
        found.append((f"its security level may {'; '.join(writable)}", WRITE_FIX, 106))
    if not found:
        read = f"the {len(READ)} entities ticketlake reads"
        return passed(f"no add, edit or delete access to {read}; a restricted security level")
    summary = "; ".join(text for text, _, _ in found)
    fixes = " ".join(dict.fromkeys(fix for _, fix, _ in found))
    return warned(summary, fixes, found[0][2], impact=MORE_THAN_READING)


async def _writable(ctx: CheckContext) -> list[str]:
    """``create and edit tickets and companies``-style phrases: the entities the level may
    change, grouped by what it may do to them."""
    by_verbs: dict[tuple[str, ...], list[str]] = {}
    for entity in READ:
        info = await ctx.entity_info(entity)
        verbs = tuple(
            verb
            for key, verb in WRITES.items()
            if isinstance(info.get(key), str) and info[key].strip().lower() != NONE
        )
        if verbs:
            by_verbs.setdefault(verbs, []).append(entity)
    return [f"{joined(verbs)} {named(found)}" for verbs, found in by_verbs.items()]
