"""The ASGI app: zones by path prefix, routing, authentication, the tenant's budget, the
request log.

Every zone serves ``/{zone}/ATServicesRest/...`` (and the bootstrap host the bare
``/ATServicesRest/...``), paths in any case, trailing slashes tolerated. Beside them, not part
of Autotask's API, ``/_simulator/...`` changes the tenant and dumps its truth (``control.py``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from ticketlake.sim.autotask import control, routes
from ticketlake.sim.autotask.auth import authenticate
from ticketlake.sim.autotask.call import Call
from ticketlake.sim.autotask.config import SimConfig
from ticketlake.sim.autotask.models import ENTITIES
from ticketlake.sim.autotask.routes import PERMISSIONS
from ticketlake.sim.autotask.tenant import Tenant
from ticketlake.sim.autotask.wire import ApiError
from ticketlake.sim.autotask.zones import split
from ticketlake.sim.requestlog import RequestRecord, WriteRecord
from ticketlake.sim.responses import rfc1123
from ticketlake.sim.tenantapp import tenant_app

Handler = Callable[[Call], Awaitable[Response]]
_ENTITY = {e.lower(): e for e in ENTITIES}
WRONG_ZONE = "Authentication failed: this zone does not hold the API user's database."
NO_WRITES = "This simulated tenant does not create, change or delete records."


@dataclass(frozen=True)
class Target:
    """What a request path and method lead to."""

    kind: str
    """``api``, ``write``, ``zone`` or ``versions``."""
    handler: Handler | None = None
    entity: str = ""
    arg: str = ""
    endpoint: str = ""


def _not_found(request: Request) -> ApiError:
    return ApiError(404, f"No HTTP resource was found that matches the request URI "
                         f"'{request.url}'.", dotnet=True)  # fmt: skip


def _not_allowed(method: str) -> ApiError:
    return ApiError(405, f"The requested resource does not support http method '{method}'.",
                    dotnet=True)  # fmt: skip


def _entity_target(request: Request, entity: str, tail: list[str]) -> Target:
    method = request.method
    gets: dict[tuple[str, ...], Handler] = {
        ("query",): routes.query_get,
        ("query", "count"): routes.count,
        ("entityinformation",): routes.entity_information,
        ("entityinformation", "fields"): routes.fields,
        ("entityinformation", "userdefinedfields"): routes.udfs,
    }
    posts: dict[tuple[str, ...], Handler] = {
        ("query",): routes.query_post,
        ("query", "count"): routes.count,
        ("query", "next"): routes.query_next,
    }
    key = tuple(tail)
    if key == ("query", "next") and method == "GET" and "search" in request.query_params:
        return Target("api", routes.query_next, entity, endpoint=entity)
    if key in gets or key in posts:
        handler = (gets if method == "GET" else posts if method == "POST" else {}).get(key)
        if handler is None:
            raise _not_allowed(method)
        return Target("api", handler, entity, endpoint=entity)
    if len(key) == 1 and key[0].lstrip("-").isdigit():
        if method == "GET":
            return Target("api", routes.item, entity, key[0], entity)
        if method == "DELETE":
            return Target("write", entity=entity, endpoint=entity)
        raise _not_allowed(method)
    if method in ("POST", "PUT", "PATCH", "DELETE") and (not key or key[0].isdigit()):
        return Target("write", entity=entity, endpoint=entity)
    if not key:
        raise _not_allowed(method)
    raise _not_found(request)


def target(request: Request, rest: str) -> Target:
    """Route a path below ``/ATServicesRest``."""
    parts = [p for p in rest.split("/") if p]
    low = [p.lower() for p in parts]
    if low == ["versioninformation"]:
        if request.method != "GET":
            raise _not_allowed(request.method)
        return Target("versions")
    if len(low) < 2 or low[0] != "v1.0":
        raise _not_found(request)  # V2.0 included: it has no routes (reference A1)
    if low[1:] == ["zoneinformation"] and request.method == "GET":
        return Target("zone")
    if low[1:] == ["thresholdinformation"] and request.method == "GET":
        return Target("api", routes.threshold, endpoint="ThresholdInformation")
    entity = _ENTITY.get(low[1])
    if entity is None:
        raise _not_found(request)
    return _entity_target(request, entity, low[2:])


def create_app(config: SimConfig | None = None, tenant: Tenant | None = None) -> Starlette:
    """A simulated Autotask tenant as an ASGI app; ``app.state.tenant`` is the ``Tenant``."""
    tenant = tenant or Tenant(config or SimConfig())
    return tenant_app(tenant, control.routes(tenant), dispatch)


async def dispatch(tenant: Tenant, request: Request) -> Response:
    """Answer one request and log it."""
    now = tenant.now()
    state = {"who": "", "delay": 0.0, "write": False}
    try:
        response = await _answer(tenant, request, now, state)
    except ApiError as exc:
        response = exc.response()
    response.headers["Date"] = rfc1123(now)
    write = bool(state["write"]) or (
        request.method not in ("GET", "HEAD") and "/query" not in request.url.path.lower()
    )
    tenant.requests.append(RequestRecord(request.method, request.url.path,
                                         response.status_code, _client(request), write, now,
                                         str(state["who"]), _seconds(state["delay"])))  # fmt: skip
    if write:
        body = (await request.body()).decode("utf-8", "replace")
        tenant.writes.append(WriteRecord(request.method, request.url.path, request.url.query,
                                         body, response.status_code, now))  # fmt: skip
    return response


def _seconds(value: object) -> float:
    return value if isinstance(value, float) else 0.0


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def _answer(tenant: Tenant, request: Request, now: float,
                  state: dict[str, object]) -> Response:  # fmt: skip
    where = split(request.url.path)
    if where is None:
        raise _not_found(request)
    zone, rest = where
    t = target(request, rest)
    if t.kind == "versions":
        return routes.version_information()
    if t.kind == "zone":
        return routes.zone_information(tenant, request)
    readings = tenant.config.readings
    user = authenticate(tenant.world.directory, request, readings.not_api_only == "allow")
    state["who"] = user.username
    home = zone.key == tenant.zone
    if not home and readings.wrong_zone == "401":
        raise ApiError(401, WRONG_ZONE)
    if home:
        tenant.budget.admit(now)
    with tenant.budget.thread(user.tracking_id or "", t.endpoint):
        delay = readings.call_seconds + (tenant.budget.latency(now) if home else 0.0)
        state["delay"] = delay
        await tenant.wait(delay)
        if t.kind == "write":
            state["write"] = True
            raise ApiError(500, NO_WRITES if user.level.can_write(t.entity)
                           else PERMISSIONS.format("change"))  # fmt: skip
        sees = home and (not t.entity or user.level.can_read(t.entity))
        assert t.handler is not None
        return await t.handler(Call(tenant, request, zone, user, t.entity, t.arg, sees))
