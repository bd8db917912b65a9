"""The TeamDynamix calls the streams make, named for what they read.

A thin layer over the transport: it fills ``{appId}``, sends the documented bodies, and keeps
two small memories for one run:

- small lists (statuses, types …) are read once and shared by every stream that needs them;
- a *primed* answer: the plan's probes (the first ticket window, the first feed page) are the
  very calls the streams start with, so the streams get them back instead of asking twice.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import msgspec
import orjson

from ticketlake.connectors.rows import JsonObject, json_objects
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.transport.client import parse_body

if TYPE_CHECKING:
    from ticketlake.transport import Transport

Json = Any


def _key(method: str, template: str, path: Any, params: Any, body: Any) -> bytes:
    return orjson.dumps([method, template, path, params, body], option=orjson.OPT_SORT_KEYS)


class TdxApi:
    """Read calls against one ticketing application."""

    def __init__(self, transport: Transport, app_id: int) -> None:
        self._t = transport
        self.app_id = app_id
        self._primed: dict[bytes, Json] = {}
        self._lists: dict[str, asyncio.Task[Json]] = {}

    def server_now(self) -> float:
        """The server's clock as the transport estimates it (epoch seconds)."""
        return self._t.server_now()

    async def server_clock(self) -> float:
        """The server's clock once an answer told it (after the login, if none came yet)."""
        return await self._t.server_clock()

    async def _call(
        self,
        method: str,
        template: str,
        *,
        path: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        body: Any = None,
        prime: bool = False,
        objects: bool = False,
    ) -> Json:
        """The parsed answer, or with ``objects`` a list answer's elements as JSON texts."""
        full_path = {"appId": self.app_id} | (path or {})
        key = _key(method, template, full_path, params, body)
        if not prime and key in self._primed:
            return self._primed.pop(key)
        response = await self._t.call(method, template, path=full_path, params=params, json=body)
        result = _objects(response.content) if objects else parse_body(response.content)
        if prime:
            self._primed[key] = result
        return result

    async def _list(self, template: str, params: dict[str, Any] | None = None) -> Json:
        memo = f"{template}?{params}"
        if memo not in self._lists:
            shared = asyncio.ensure_future(self._call("GET", template, params=params))
            # Its error reaches every awaiter; when all were cancelled (a sync stopped), it is
            # still retrieved here, so asyncio does not report it as never retrieved.
            shared.add_done_callback(lambda t: t.cancelled() or t.exception())
            self._lists[memo] = shared
        return await asyncio.shield(self._lists[memo])

    # Tickets -----------------------------------------------------------------------------
    async def search_tickets(
        self, body: dict[str, Any], *, prime: bool = False
    ) -> list[JsonObject]:
        """``POST tickets/search`` with a bare TicketSearch body: each ticket as the JSON text
        the API sent (the bulk path: the mapping decodes only the fields it reads)."""
        found: list[JsonObject] = await self._call(
            "POST", ep.TICKET_SEARCH, body=body, prime=prime, objects=True
        )
        return found

    async def ticket(self, ticket_id: int) -> Json:
        """``GET tickets/{id}``: the full ticket, with Attributes and Description."""
        return await self._call("GET", ep.TICKET, path={"id": ticket_id})

    async def ticket_feed(self, ticket_id: int) -> list[Json]:
        """``GET tickets/{id}/feed``: one ticket's feed entries."""
        return _rows(await self._call("GET", ep.TICKET_FEED, path={"id": ticket_id}))

    async def app_feed(self, params: dict[str, Any], *, prime: bool = False) -> Json:
        """``GET tickets/feed``: one ItemUpdatesPage of the application-wide feed."""
        return await self._call("GET", ep.APP_FEED, params=params, prime=prime)

    async def ticket_tasks(self, ticket_id: int) -> list[Json]:
        """``GET tickets/{id}/tasks``."""
        return _rows(await self._call("GET", ep.TICKET_TASKS, path={"id": ticket_id}))

    async def report(self, report_id: int) -> Json:
        """``GET reports/{id}?withData=true``: every row of a Report Builder report."""
        return await self._call(
            "GET", ep.REPORT, path={"id": report_id}, params={"withData": "true"}
        )

    # Time --------------------------------------------------------------------------------
    async def search_time(self, body: dict[str, Any]) -> list[Json]:
        """``POST time/search`` (a flat array, or an object holding one; reference §4)."""
        return _rows(await self._call("POST", ep.TIME_SEARCH, body=body))

    # People and groups -------------------------------------------------------------------
    async def search_people(self, body: dict[str, Any], *, prime: bool = False) -> list[Json]:
        """``POST people/search`` (rows without ``Attributes``: seed 004)."""
        return _rows(await self._call("POST", ep.PEOPLE_SEARCH, body=body, prime=prime))

    async def person(self, uid: str) -> Json:
        """``GET people/{uid}``: the full user, with ``Attributes``."""
        return await self._call("GET", ep.PERSON, path={"uid": uid})

    async def search_groups(self, body: dict[str, Any], *, prime: bool = False) -> list[Json]:
        """``POST groups/search``."""
        return _rows(await self._call("POST", ep.GROUP_SEARCH, body=body, prime=prime))

    async def group_members(self, group_id: int) -> list[Json]:
        """``GET groups/{id}/members``."""
        return _rows(await self._call("GET", ep.GROUP_MEMBERS, path={"id": group_id}))

    # Accounts and locations ---------------------------------------------------------------
    async def account(self, account_id: int) -> Json:
        """``GET accounts/{id}``: the full account, with the ``Attributes`` the list leaves out."""
        return await self._call("GET", ep.ACCOUNT, path={"id": account_id})

    async def location(self, location_id: int) -> Json:
        """``GET locations/{id}``: the full location, with ``Attributes``."""
        return await self._call("GET", ep.LOCATION, path={"id": location_id})

    # Small lists (read once per run) -----------------------------------------------------
    async def small_list(self, template: str, params: dict[str, Any] | None = None) -> list[Json]:
        """A reference list such as ``tickets/statuses``, read at most once per run."""
        return _rows(await self._list(template, params))


def _objects(content: bytes) -> list[JsonObject]:
    """A list answer's elements as their JSON texts. An answer that is not a bare array (a
    wrapper object, ``null``) is parsed as ``_rows`` reads it and its elements re-encoded."""
    try:
        return json_objects(content)
    except ValueError:
        return [msgspec.Raw(orjson.dumps(row)) for row in _rows(parse_body(content))]


def _rows(answer: Json) -> list[Json]:
    """A list answer, tolerating a wrapper object (``{"Items": [...]}``) or ``null``."""
    if answer is None:
        return []
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict):
        for value in answer.values():
            if isinstance(value, list):
                return value
    return [answer]
