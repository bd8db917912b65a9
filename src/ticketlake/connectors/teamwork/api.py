"""The Teamwork.com calls the streams and the checks make, named for what they read.

``TeamworkApi(transport)`` reads one site through a transport built by ``transport.py`` (or
anything with ``call(method, template, *, path, params)``):

- ``v3(resource, params)``: one page of a Projects v3 list (``meta.page.hasMore``, B3);
- ``desk(resource, params)``: one page of a Desk v2 list (``meta.page.hasMore`` or
  ``pagination.hasMorePages``: Desk clamps page sizes silently, so a short page is not the
  last, C);
- ``every_v3`` / ``every_desk``: every page of a small list, parsed;
- ``me()``: the key's own person (``me.json``);
- ``read(template, ...)``: any other allow-listed GET, parsed (what the onboarding checks
  read beyond the sync's lists: Spaces, the Projects v1 and v2 paths).

A ``Page`` keeps its records as the JSON texts the API sent and its ``included`` sideloads
parsed. The first page a stream's estimate asks for is kept (``prime``) for the stream's own
first call, so planning costs nothing extra.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
import msgspec
import orjson

from ticketlake.connectors.rows import JsonObject, parsed
from ticketlake.connectors.teamwork import endpoints as ep
from ticketlake.errors import SourceError

PAGE_SIZE = 500
"""Projects v3's largest page (B3)."""
DESK_PAGE_SIZE = 100
"""Desk lists clamp anything larger to 100 (C)."""
V3_KEYS = {"time": "timelogs", "workflows/{id}/stages": "stages"}
"""v3 resources whose list key is not the resource's name."""


class Caller(Protocol):
    """What the API needs of a transport."""

    async def call(
        self, method: str, template: str, *, path: Any = None, params: Any = None
    ) -> httpx.Response:
        """One call; its 2xx response, or a ``SourceError``."""
        ...


@dataclass(frozen=True)
class Page:
    """One page of a list."""

    items: list[JsonObject]
    has_more: bool
    count: int | None = None
    """How many records the list holds, as the server says (None: not said)."""
    included: dict[str, Any] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        """The records parsed into dicts."""
        return parsed(self.items)


class TeamworkApi:
    """Read calls against one Teamwork.com site."""

    def __init__(self, transport: Caller) -> None:
        self._t = transport
        self._primed: dict[bytes, Page] = {}

    async def v3(
        self, resource: str, params: Mapping[str, Any], *, path: Any = None, prime: bool = False
    ) -> Page:
        """One page of ``projects/api/v3/{resource}.json``."""
        key = V3_KEYS.get(resource, resource.rsplit("/", 1)[-1])
        return await self._page(ep.v3(resource), key, params, path, prime, _v3_more)

    async def desk(self, resource: str, params: Mapping[str, Any], *, prime: bool = False) -> Page:
        """One page of ``desk/api/v2/{resource}.json``."""
        key = resource.rsplit("/", 1)[-1]
        return await self._page(ep.desk(resource), key, params, None, prime, _desk_more)

    async def every_v3(
        self, resource: str, params: Mapping[str, Any] | None = None, *, path: Any = None
    ) -> list[dict[str, Any]]:
        """Every record of a small v3 list."""
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            asked = {"pageSize": PAGE_SIZE, **(params or {}), "page": page}
            answer = await self.v3(resource, asked, path=path)
            found += answer.rows()
            if not answer.has_more:
                return found
            page += 1

    async def every_desk(
        self, resource: str, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Every record of a small Desk list."""
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = await self.desk(
                resource, {"pageSize": DESK_PAGE_SIZE, **(params or {}), "page": page}
            )
            found += answer.rows()
            if not answer.has_more:
                return found
            page += 1

    async def me(self) -> dict[str, Any]:
        """The person the key or token belongs to."""
        body = await self.read(ep.v3("me"))
        person = body.get("person") if isinstance(body, dict) else None
        return person if isinstance(person, dict) else {}

    async def read(
        self, template: str, *, path: Any = None, params: Mapping[str, Any] | None = None
    ) -> Any:
        """One GET of an allow-listed ``template``, its JSON parsed (None: not JSON)."""
        asked = {k: _text(v) for k, v in (params or {}).items()}
        response = await self._t.call("GET", template, path=path, params=asked or None)
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError:
            return None

    async def _page(
        self,
        template: str,
        key: str,
        params: Mapping[str, Any],
        path: Any,
        prime: bool,
        more: Any,
    ) -> Page:
        asked = {k: _text(v) for k, v in params.items()}
        memo = orjson.dumps([template, path, asked], option=orjson.OPT_SORT_KEYS)
        if not prime and memo in self._primed:
            return self._primed.pop(memo)
        response = await self._t.call("GET", template, path=path, params=asked)
        page = _decode(response.content, key, template, more)
        if prime:
            self._primed[memo] = page
        return page


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Envelope(msgspec.Struct):
    meta: dict[str, Any] | None = None
    pagination: dict[str, Any] | None = None
    included: dict[str, Any] | None = None


def _decode(content: bytes, key: str, template: str, more: Any) -> Page:
    try:
        fields = msgspec.json.decode(content, type=dict[str, msgspec.Raw])
        items = msgspec.json.decode(fields[key], type=list[msgspec.Raw])
        envelope = msgspec.json.decode(content, type=_Envelope)
    except (msgspec.DecodeError, msgspec.ValidationError, KeyError):
        raise SourceError(
            f"{template} answered without a list of {key}",
            method="GET",
            endpoint=template,
            excerpt=content[:200].decode("utf-8", "replace"),
        ) from None
    has_more, count = more(envelope)
    return Page(items, has_more, count, envelope.included or {})


def _v3_more(envelope: _Envelope) -> tuple[bool, int | None]:
    page = (envelope.meta or {}).get("page") or {}
    count = page.get("count")
    return bool(page.get("hasMore")), count if isinstance(count, int) else None


def _desk_more(envelope: _Envelope) -> tuple[bool, int | None]:
    page = (envelope.meta or {}).get("page") or {}
    paging = envelope.pagination or {}
    more = page.get("hasMore", paging.get("hasMorePages"))
    count = page.get("count", paging.get("records"))
    return bool(more), count if isinstance(count, int) else None
