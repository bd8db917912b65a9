"""(being built)"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ticketlake.sim.teamwork.sites import Place
from ticketlake.sim.teamwork.tenant import Tenant
from ticketlake.sim.teamwork.wire import ApiError


async def route(tenant: Tenant, request: Request, place: Place, now: float) -> Response:
    """Not served yet."""
    raise ApiError(404, "Not found", "launchpad")
