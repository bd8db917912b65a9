"""Request and response plumbing shared by the route modules (ASP.NET Web API manners)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import orjson
from starlette.requests import Request
from starlette.responses import Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.people import Person
from ticketlake.sim.teamdynamix.wire import parse_instant

if TYPE_CHECKING:
    from ticketlake.sim.teamdynamix.tenant import Tenant
    from ticketlake.sim.teamdynamix.world import World

_MISSING = object()


class Fields:
    """A JSON object (or query string) read the way ASP.NET binds it: keys case-insensitive."""

    def __init__(self, data: Any) -> None:
        self.raw = data
        self._d = {str(k).lower(): v for k, v in data.items()} if isinstance(data, dict) else {}

    def has(self, name: str) -> bool:
        """Whether the key was sent (even as null)."""
        return name.lower() in self._d

    def get(self, name: str, default: Any = None) -> Any:
        """The value sent for ``name`` (``default`` when absent)."""
        return self._d.get(name.lower(), default)

    def int_list(self, name: str) -> list[int] | None:
        """A list of integers; ``None`` when absent, null or empty (no filtering)."""
        v = self.get(name)
        if v is None or v == [] or v == "":
            return None
        items = v if isinstance(v, list) else str(v).split(",")
        try:
            return [int(x) for x in items]
        except (TypeError, ValueError) as exc:
            raise ApiError(400, f"The request is invalid: {name} must be integers.") from exc

    def str_list(self, name: str) -> list[str] | None:
        """A list of strings (GUIDs); ``None`` when absent, null or empty."""
        v = self.get(name)
        if not v:
            return None
        return [str(x).lower() for x in (v if isinstance(v, list) else [v])]

    def int_value(self, name: str, default: int | None = None) -> int | None:
        """An optional integer."""
        v = self.get(name)
        if v is None or v == "":
            return default
        try:
            return int(v)
        except (TypeError, ValueError) as exc:
            raise ApiError(400, f"The request is invalid: {name} must be an integer.") from exc

    def bool_value(self, name: str) -> bool | None:
        """An optional boolean (``true``/``false`` in JSON or a query string)."""
        v = self.get(name)
        if v is None or v == "":
            return None
        if isinstance(v, bool):
            return v
        return str(v).lower() == "true"

    def date(self, name: str, world: World) -> int | None:
        """An optional date as 100 ns ticks."""
        try:
            return parse_instant(self.get(name), world.tz)
        except ValueError as exc:
            raise ApiError(400, f"The request is invalid: {name} is not a date.") from exc


@dataclass
class Call:
    """One request as a handler sees it."""

    tenant: Tenant
    request: Request
    params: dict[str, str]
    body: Fields
    query: Fields
    person: Person | None

    @property
    def world(self) -> World:
        """The tenant's world."""
        return self.tenant.world

    @property
    def user(self) -> Person:
        """The authenticated account (handlers of authenticated routes only)."""
        assert self.person is not None
        return self.person

    def int_param(self, name: str) -> int:
        """A path parameter declared as an integer."""
        return int(self.params[name])


def error_response(status: int, message: str) -> Response:
    """TDX's error body: ``{"Message": "..."}``."""
    return json_response({"Message": message}, status)


async def read_body(request: Request) -> Fields:
    """The request body: JSON (the documented type) or form-encoded; 415 for anything else."""
    raw = await request.body()
    if not raw.strip():
        return Fields(None)
    ctype = request.headers.get("content-type", "application/json").split(";")[0].strip()
    if ctype == "application/x-www-form-urlencoded":
        return Fields(dict(parse_qsl(raw.decode("utf-8", "replace"))))
    if ctype not in ("application/json", "text/json"):
        raise ApiError(415, f"The request entity's media type '{ctype}' is not supported for "
                            "this resource.")  # fmt: skip
    try:
        return Fields(orjson.loads(raw))
    except ValueError as exc:
        raise ApiError(400, "The request is invalid: the body is not valid JSON.") from exc


def query_fields(request: Request) -> Fields:
    """The query string, case-insensitive."""
    return Fields(dict(request.query_params))


def chain(*parts: Iterable[Any]) -> Iterator[Any]:
    """Items of several iterables in turn."""
    for part in parts:
        yield from part
