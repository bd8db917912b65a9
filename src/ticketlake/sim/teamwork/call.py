"""One API call as a handler sees it: the site, the caller, the parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.datastructures import QueryParams
from starlette.requests import Request

from ticketlake.sim.teamwork.sites import Place
from ticketlake.sim.teamwork.wire import Api, ApiError, parse_bool, parse_int, parse_time

if TYPE_CHECKING:
    from ticketlake.sim.teamwork.tenant import Tenant


@dataclass
class Call:
    """A routed, authenticated call."""

    tenant: Tenant
    request: Request
    place: Place
    person: int
    api: Api
    parts: list[str]
    """The path below the API's root, ``.json`` removed, in lower case."""

    @property
    def q(self) -> QueryParams:
        """The query parameters."""
        return self.request.query_params

    def flag(self, name: str) -> bool:
        """A boolean parameter, in any case."""
        return parse_bool(self.param(name))

    def param(self, name: str) -> str | None:
        """A parameter by name, its name in any case."""
        low = name.lower()
        for key, value in self.q.multi_items():
            if key.lower() == low:
                return value
        return None

    def time(self, name: str) -> int | None:
        """A time parameter in ms (None when absent or empty)."""
        text = self.param(name)
        return parse_time(text, name, self.api) if text else None

    def number(self, name: str, default: int) -> int:
        """An integer parameter."""
        return parse_int(self.param(name), default, name, self.api)

    def ident(self, text: str) -> int:
        """An ID from the path; 404 when it is not a number."""
        if not text.isdigit():
            raise ApiError(404, f"no such item: {text}", self.api)
        return int(text)
