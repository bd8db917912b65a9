"""The ASGI app: prefixes, routing, rate limits, authentication, the request log.

Serves ``/TDWebApi/api/...`` (production) and ``/SBTDWebApi/api/...`` (sandbox) from the same
tenant. Every response carries a ``Date`` header in virtual time. Beside them, not part of the
TeamDynamix API, ``/_simulator/changes`` makes changes in the tenant (``control.py``).
"""

from __future__ import annotations

import re

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ticketlake.sim.responses import rfc1123
from ticketlake.sim.teamdynamix import access, control
from ticketlake.sim.teamdynamix.access import DENIED, ApiError
from ticketlake.sim.teamdynamix.config import SimConfig
from ticketlake.sim.teamdynamix.http import (
    Call,
    Fields,
    error_response,
    query_fields,
    read_body,
)
from ticketlake.sim.teamdynamix.people import Person
from ticketlake.sim.teamdynamix.routes import all_ops
from ticketlake.sim.teamdynamix.routing import Op, Router
from ticketlake.sim.teamdynamix.tenant import RequestRecord, Tenant, WriteRecord
from ticketlake.sim.teamdynamix.tokens import TokenError
from ticketlake.sim.tenantapp import tenant_app

PREFIXES = ("/TDWebApi/", "/SBTDWebApi/")
_PREFIX = re.compile(r"^/(?:TDWebApi|SBTDWebApi)/(api(?:/.*)?)$", re.IGNORECASE)


def create_app(config: SimConfig | None = None, tenant: Tenant | None = None) -> Starlette:
    """A simulated TeamDynamix tenant as an ASGI app; ``app.state.tenant`` is the ``Tenant``."""
    tenant = tenant or Tenant(config or SimConfig())
    router = Router(all_ops())

    async def changes(request: Request) -> Response:
        return await control.changes(tenant, request)

    async def truth(request: Request) -> Response:
        return await control.truth(tenant, request)

    routes = [Route(control.PATH, changes, methods=["POST"]),
              Route(control.TRUTH_PATH, truth, methods=["POST"])]  # fmt: skip
    return tenant_app(tenant, routes, lambda t, request: _dispatch(t, router, request))


def _authenticate(tenant: Tenant, request: Request, now: float) -> Person:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, DENIED)
    try:
        username = tenant.tokens.check(token.strip(), now)
    except TokenError as exc:
        raise ApiError(401, DENIED) from exc
    person = tenant.world.directory.by_username(username)
    if person is None:
        raise ApiError(401, DENIED)
    access.require_active(person)
    return person


async def _dispatch(tenant: Tenant, router: Router, request: Request) -> Response:
    now = tenant.clock.now()
    client = request.client.host if request.client else "unknown"
    m = _PREFIX.match(request.url.path)
    op, params, exists = router.match(request.method, m.group(1)) if m else (None, {}, False)
    headers: dict[str, str] = {}
    body = None
    try:
        if op is None:
            if exists:
                raise ApiError(405, f"The requested resource does not support http method "
                                    f"'{request.method}'.")  # fmt: skip
            raise ApiError(404, "No HTTP resource was found that matches the request URI "
                                f"'{request.url}'.")  # fmt: skip
        response = await _run(tenant, op, params, request, now, headers, client)
    except ApiError as exc:
        response = error_response(exc.status, exc.message)
    response.headers.update(headers)
    response.headers["Date"] = rfc1123(now)
    # A non-GET call to a path we do not serve is a write attempt too (e.g. creating a ticket).
    write = op.write if op is not None else request.method not in ("GET", "HEAD", "OPTIONS")
    tenant.requests.append(
        RequestRecord(request.method, request.url.path, response.status_code, client, write, now)
    )
    if write:
        body = getattr(request.state, "fields", None)
        tenant.writes.append(
            WriteRecord(
                request.method, request.url.path, request.url.query, body, response.status_code, now
            )
        )
    return response


async def _run(tenant: Tenant, op: Op, params: dict[str, str], request: Request, now: float,
               headers: dict[str, str], client: str) -> Response:  # fmt: skip
    limit = tenant.limiter.limits.get(op.key)
    person: Person | None = None
    auth_error: ApiError | None = None
    if op.auth:
        try:
            person = _authenticate(tenant, request, now)
        except ApiError as exc:
            auth_error = exc
    if limit is not None and (limit.scope != "user" or person is not None):
        who = {"ip": client, "org": tenant.config.beid}.get(limit.scope) or (
            person.uid if person else client
        )
        verdict = tenant.limiter.hit(op.key, who)
        if verdict is not None:
            headers.update(verdict.headers)
            if not verdict.allowed:
                raise ApiError(429, "Rate limit exceeded. Please try again later.")
    if auth_error is not None:
        raise auth_error
    fields = await read_body(request) if request.method in ("POST", "PUT", "PATCH") else None
    request.state.fields = fields.raw if fields is not None else None
    call = Call(tenant, request, params, fields or Fields(None), query_fields(request), person)
    return await op.handler(call)
