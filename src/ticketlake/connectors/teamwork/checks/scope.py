"""What the connection reads: the API type enabled on the site, an API version that serves
what ticketlake needs (said plainly, naming the one to choose), the space or user the Spaces
form names, and what the key's user may see."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from ticketlake.checks.outcome import Outcome, failed, passed, warned
from ticketlake.connectors.teamwork import coverage
from ticketlake.connectors.teamwork.api import TeamworkApi
from ticketlake.connectors.teamwork.checks import guide as g
from ticketlake.connectors.teamwork.checks.context import CheckContext
from ticketlake.connectors.teamwork.endpoints import desk, spaces, v3

EDIT = "`ticketlake connections edit {connection} --set "
ONE = {"pageSize": 1}
PROBES: dict[str, tuple[str, Callable[[TeamworkApi], Awaitable[Any]]]] = {
    "projects": (v3("projects"), lambda api: api.v3("projects", ONE)),
    "desk": (desk("tickets"), lambda api: api.desk("tickets", ONE)),
    "spaces": (spaces("spaces"), lambda api: api.read(spaces("spaces"), params=ONE)),
}
NAMES = {"projects": "Projects", "desk": "Desk", "spaces": "Spaces"}


async def check_api_type(ctx: CheckContext) -> Outcome:
    """The API type's first list answers (Desk and Spaces must be enabled on the site)."""
    kind = str(ctx.settings.value("api_type"))
    path, probe = PROBES[kind]
    answer = await ctx.read(probe)
    if answer.status == 200 and kind == "spaces":
        return passed(f"Teamwork Spaces answers on this site; {coverage.SPACES}")
    if answer.status == 200:
        return passed(f"Teamwork {NAMES[kind]} answers on this site")
    if answer.status in (403, 404) and kind != "projects":
        return failed(
            f"Teamwork {NAMES[kind]} is not enabled on this site ({path} -> HTTP {answer.status})",
            f"Choose the API type the site has ({EDIT}api_type="
            f"projects`), or have an administrator enable {NAMES[kind]} on the site; "
            "then check again.",
            g.API_TYPE,
        )
    return failed(
        f"{path} answered HTTP {answer.status}",
        "See the evidence; check again once Teamwork answers.",
        g.API_TYPE,
    )


async def check_api_version(ctx: CheckContext) -> Outcome:
    """The version chosen can read what ticketlake needs (Spaces: the space or user named)."""
    kind, version = str(ctx.settings.value("api_type")), ctx.settings.value("api_version")
    if kind == "projects":
        return await _projects(ctx, str(version))
    if kind == "spaces":
        return await _spaces(ctx, str(version))
    return passed(f"Desk is read through its API v2 (the form's {version or 'default'})")


async def _projects(ctx: CheckContext, version: str) -> Outcome:
    """v3 is what a sync reads; v1 is read through v3 (warned); v2 is refused by the sync
    too (``coverage.py``)."""
    if version == "v3":
        return passed("Projects v3: tasks, projects, people, time and comments")
    fix = coverage.choose_v3(ctx.connection)
    if version != "v2":
        return warned(coverage.V1, fix, g.API_VERSION, impact=coverage.V1_IMPACT)
    path = "projects/api/v2/tasks.json"
    answer = await ctx.read(lambda api: api.read(path, params=ONE))
    return failed(f"{coverage.V2} ({path} -> HTTP {answer.status})", fix, g.API_VERSION)


async def _spaces(ctx: CheckContext, version: str) -> Outcome:
    if version == "v2":
        ident, field, step = ctx.settings.value("space_id"), "space_id", g.SPACE_ID
        template = spaces("spaces/{id}")
    else:
        ident, field, step = ctx.settings.value("user_id"), "user_id", g.USER_ID
        template = spaces("users/{id}")
    path = template.replace("{id}", str(ident))
    answer = await ctx.read(lambda api: api.read(template, path={"id": ident}))
    if answer.status == 200:
        return passed(f"Spaces {version}: {field.replace('_', ' ')} {ident} found")
    listed = await ctx.read(lambda api: api.read(spaces("spaces")))
    body = listed.body if isinstance(listed.body, dict) else {}
    found = [str(s.get("id")) for s in body.get("spaces", [])][:10]
    return failed(
        f"no {field.replace('_', ' ')} {ident} on this site ({path} -> HTTP "
        f"{answer.status}); the site's spaces: {', '.join(found) or 'none seen'}",
        f"Copy the {field.replace('_', ' ')} again and enter it: {EDIT}{field}=ID`.",
        step,
    )


async def check_permissions(ctx: CheckContext) -> Outcome:
    """The key's (or the signed-in) user is an administrator, who sees every project."""
    me = ctx.found.me
    who = me.get("email") or "the user"
    if me.get("isAdmin"):
        return passed(f"{who} is an administrator: every project is visible")
    if ctx.oauth:
        fix, step = ("Authorize again signed in as an administrator of the site.", g.SIGN_IN)
    else:
        fix, step = (
            "Use an administrator's API key (their Profile, Edit my details, API and "
            "mobile): `ticketlake connections edit {connection} --secret api_key`.",
            g.KEY_STEPS,
        )
    return warned(
        f"{who} is not an administrator: Teamwork shows them only the projects they are on",
        fix,
        step,
        impact="projects, tasks, time and comments of the projects this user is not on are missing",
    )
