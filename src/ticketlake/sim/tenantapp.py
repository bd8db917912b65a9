"""A simulated tenant as an ASGI app: its control routes, then every other path to its
dispatcher; ``app.state.tenant`` is the tenant."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

T = TypeVar("T")
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def tenant_app(
    tenant: T,
    control: Sequence[BaseRoute],
    dispatch: Callable[[T, Request], Awaitable[Response]],
) -> Starlette:
    """``tenant`` served: the ``control`` routes first, then any path and method of
    ``METHODS`` answered by ``dispatch(tenant, request)``."""

    async def endpoint(request: Request) -> Response:
        return await dispatch(tenant, request)

    app = Starlette(routes=[*control, Route("/{path:path}", endpoint, methods=METHODS)])
    app.state.tenant = tenant
    return app
