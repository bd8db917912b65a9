"""(being built)"""

from __future__ import annotations

from starlette.responses import Response

from ticketlake.sim.teamwork.call import Call
from ticketlake.sim.teamwork.wire import ApiError


def route(call: Call) -> Response:
    """Not served yet."""
    raise ApiError(404, "Not found", call.api)
