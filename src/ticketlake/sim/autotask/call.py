"""One API call as a handler sees it, and how bodies and ``search`` parameters are read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson
from starlette.requests import Request

from ticketlake.sim.autotask.directory import Resource
from ticketlake.sim.autotask.wire import ApiError
from ticketlake.sim.autotask.zones import Zone

if TYPE_CHECKING:
    from ticketlake.sim.autotask.tenant import Tenant


@dataclass
class Call:
    """A routed, authenticated call."""

    tenant: Tenant
    request: Request
    zone: Zone
    user: Resource
    entity: str
    arg: str
    """The path's last part where it carries a value (an ID); "" otherwise."""
    sees: bool
    """Whether the call may see the entity's records (security level and zone)."""

    def origin(self) -> str:
        """``scheme://host:port`` as the client reached us."""
        return f"{self.request.url.scheme}://{self.request.url.netloc}"


def json_value(raw: bytes | str, what: str) -> Any:
    """Parsed JSON, or Autotask's 500 naming what was not JSON."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ApiError(500, f"The {what} is not valid JSON.") from exc


async def body_or_none(request: Request) -> Any:
    """The JSON body, or None when there is none."""
    raw = await request.body()
    return json_value(raw, "request body") if raw.strip() else None


def search_param(request: Request) -> Any:
    """The ``search`` query parameter as JSON, or None when absent."""
    value = request.query_params.get("search")
    return None if value is None else json_value(value, "search parameter")
