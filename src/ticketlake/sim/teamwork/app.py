"""The ASGI app: sites by Host header or path prefix, the API each path belongs to,
authentication, the account's budgets, the request log.

Paths are the vendor's (``/projects/api/v3/tasks.json``, ``/tasks.json``,
``/desk/api/v2/tickets.json``, ``/spaces/api/v1/spaces.json``, ``/launchpad/v1/token.json``),
with or without ``.json``. Beside them, not part of Teamwork's API, ``/_simulator/...`` changes
the site and dumps its truth (``control.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ticketlake.sim.requestlog import RequestRecord
from ticketlake.sim.responses import rfc1123
from ticketlake.sim.teamwork import control, desk, oauth, projects_v1, projects_v3, spaces
from ticketlake.sim.teamwork.auth import authenticate
from ticketlake.sim.teamwork.call import Call
from ticketlake.sim.teamwork.config import SimConfig
from ticketlake.sim.teamwork.sites import Place, locate, relocate
from ticketlake.sim.teamwork.tenant import Tenant
from ticketlake.sim.teamwork.wire import Api, ApiError, unauthorized
from ticketlake.sim.tenantapp import tenant_app

ROOTS: tuple[tuple[str, Api, Callable[[Call], Response]], ...] = (
    ("/projects/api/v3/", "v3", projects_v3.route),
    ("/projects/api/v2/", "v3", projects_v1.v2_route),
    ("/desk/api/v2/", "desk", desk.route),
    ("/spaces/api/v1/", "spaces", spaces.route),
)


def create_app(config: SimConfig | None = None, tenant: Tenant | None = None) -> Starlette:
    """A simulated Teamwork.com site as an ASGI app; ``app.state.tenant`` is the ``Tenant``."""
    tenant = tenant or Tenant(config or SimConfig())
    return tenant_app(tenant, control.routes(tenant), dispatch)


async def dispatch(tenant: Tenant, request: Request) -> Response:
    """Answer one request and log it."""
    now = tenant.now()
    who = {"person": ""}
    try:
        response = await _answer(tenant, request, now, who)
    except ApiError as exc:
        response = exc.response()
    response.headers["Date"] = rfc1123(now)
    client = request.client.host if request.client else "unknown"
    tenant.requests.append(RequestRecord(request.method, request.url.path,
                                         response.status_code, client,
                                         request.method not in ("GET", "HEAD"), now,
                                         who["person"]))  # fmt: skip
    return response


def _api_of(rest: str) -> tuple[Api, Callable[[Call], Response], str] | None:
    low = rest.lower()
    for root, api, handler in ROOTS:
        if low.startswith(root):
            return api, handler, rest[len(root) :]
    if low.endswith(".json") and not low.startswith(("/desk/", "/spaces/", "/projects/api/")):
        return "v1", projects_v1.route, rest[1:]
    return None


def _parts(tail: str) -> list[str]:
    parts = [p for p in tail.lower().split("/") if p]
    if parts and parts[-1].endswith(".json"):
        parts[-1] = parts[-1][: -len(".json")]
    return parts


async def _answer(tenant: Tenant, request: Request, now: float, who: dict[str, str]) -> Response:
    site = tenant.site
    place = locate(request, site.region, site.name)
    if place.central or place.rest.lower().startswith(("/launchpad/", "/.well-known/")):
        return await oauth.route(tenant, request, place, now)
    found = _api_of(place.rest)
    if found is None:
        raise ApiError(404, "Not found")
    api, handler, tail = found
    if place.name != site.name:
        raise unauthorized(api)
    if place.region != site.region:
        if tenant.config.readings.wrong_region == "redirect":
            right = relocate(place, site.region, site.name)
            return RedirectResponse(right + place.rest, status_code=302)
        raise unauthorized(api)
    person = authenticate(request, site.keys, tenant.grants.tokens, tenant.world.directory, api)
    who["person"] = tenant.world.directory.people[person].email
    if api == "desk" and not site.desk_enabled:
        raise ApiError(tenant.config.readings.desk_disabled_status,
                       "Teamwork Desk is not enabled on this site", api)  # fmt: skip
    if request.method not in ("GET", "HEAD") and not _is_search(api, tail):
        raise ApiError(405, "This simulated site answers reads only", api)
    headers = tenant.limits.admit(api, now)
    await tenant.wait(tenant.config.call_seconds)
    try:
        response = handler(Call(tenant, request, place, person, api, _parts(tail)))
    except ApiError as exc:
        exc.headers.update(headers)
        raise
    response.headers.update(headers)
    return response


def _is_search(api: Api, tail: str) -> bool:
    """Desk's documented POST of a filter (C)."""
    return api == "desk" and tail.lower().startswith("search/")


__all__ = ["Place", "create_app", "dispatch"]
