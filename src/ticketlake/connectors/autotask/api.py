"""The Autotask calls the streams and the checks make, named for what they read.

``AutotaskApi(transport)`` reads one tenant through a transport built by
``connectors/autotask/transport.py`` (or the checks' recorded view of it: anything with
``call(method, template, *, path, params, json)`` and ``server_now()``). Its interface:

- ``first_page(entity, filters)`` / ``next_page(entity, page)`` / ``pages(entity, filters)``:
  a query (``POST V1.0/{Entity}/query``, ``MaxRecords`` 500 and ``id`` always included) and its
  later pages, each ``nextPageUrl`` POSTed with the same body and only on the zone's host
  (``paging.py``). A ``Page`` holds the records as the JSON texts the API sent (the mapping
  decodes only the fields it reads) and the body to resend. ``records(...)`` reads every page
  of a small entity as dicts.
- ``count(entity, filters)``: ``query/count``.
- ``item(entity, id)``: ``GET V1.0/{Entity}/{id}``; None when missing (404 or ``{"item":
  null}``, both seen, reference A9).
- ``fields(entity)``, ``udfs(entity)``, ``information(entity)``: the entity's field metadata
  with picklists (values are strings, A7), its UDF definitions, and what the API user may do
  with it; read at most once per run and shared.
- ``threshold()``: the tenant's usage of its hourly threshold.

A 500 that says the resource lacks permissions (A9) becomes ``PermissionDenied`` naming the
security-level section that grants the read. The plan's probes are the very calls the streams
start with: ``first_page(..., prime=True)`` keeps the answer for the stream's own first call.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import httpx
import msgspec
import orjson

from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask.filters import Filter
from ticketlake.connectors.autotask.gauge import usage
from ticketlake.connectors.autotask.paging import next_call
from ticketlake.connectors.autotask.spec import SETUP_GUIDE
from ticketlake.connectors.rows import JsonObject, Rows, parsed
from ticketlake.errors import NotFound, PermissionDenied, SourceError
from ticketlake.transport.client import parse_body
from ticketlake.transport.rolling import Usage

if TYPE_CHECKING:
    from ticketlake.transport import Transport

MAX_RECORDS = 500
PERMISSION_WORDS = "adequate permissions"
AREAS = {
    ep.TICKETS: ("Service Desk", 110), ep.NOTES: ("Service Desk", 110),
    ep.HISTORY: ("Service Desk", 110), ep.SLA_RESULTS: ("Service Desk", 110),
    ep.CATEGORIES: ("Service Desk", 110), ep.DELETED_TICKETS: ("Service Desk", 110),
    ep.DELETED_ACTIVITY: ("Service Desk", 110), ep.TIME: ("Timesheet", 112),
    ep.COMPANIES: ("CRM", 108), ep.CONTACTS: ("CRM", 108), ep.RESOURCES: ("Admin", 113),
    ep.ROLES: ("Admin", 113), ep.DEPARTMENTS: ("Admin", 113),
}  # fmt: skip
"""The security-level section (and its step in the setup guide) that grants reading each
entity."""


class Caller(Protocol):
    """What the API needs of a transport (``Transport`` or the checks' recorded view)."""

    async def call(
        self,
        method: str,
        template: str,
        *,
        path: Any = None,
        params: Any = None,
        json: Any = None,
    ) -> httpx.Response:
        """One call; its 2xx response, or a ``SourceError``."""
        ...

    def server_now(self) -> float:
        """The server's clock as the transport estimates it."""
        ...


@dataclass(frozen=True)
class Page:
    """One page of a query: its records as JSON texts, the next page's URL, and the body the
    query was sent with (POSTed again for the next page)."""

    entity: str
    items: list[JsonObject]
    next_url: str | None
    body: dict[str, Any]

    def rows(self) -> list[dict[str, Any]]:
        """The records parsed into dicts."""
        return parsed(self.items)

    def last_id(self) -> int | None:
        """The highest ``id`` on the page (results come in ``id`` order)."""
        ids = Rows(self.items).values(("id",))["id"]
        found = [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]
        return max(found) if found else None


class _Envelope(msgspec.Struct):
    items: list[msgspec.Raw] | None = None
    pageDetails: dict[str, Any] | None = None


_ENVELOPE = msgspec.json.Decoder(_Envelope)


def query_body(
    filters: Sequence[Filter], include: Sequence[str] | None = None, max_records: int = MAX_RECORDS
) -> dict[str, Any]:
    """A ``QueryModel``: ``id`` is always among ``IncludeFields`` (a result over 500 records
    must include it, reference A3)."""
    body: dict[str, Any] = {"MaxRecords": max_records, "Filter": list(filters)}
    if include:
        body["IncludeFields"] = ["id", *(f for f in include if f.lower() != "id")]
    return body


class AutotaskApi:
    """Read calls against one Autotask tenant."""

    def __init__(self, transport: Caller, zone_root: Callable[[], str] | None = None) -> None:
        self._t = transport
        self._zone_root = zone_root or (lambda: str(getattr(transport, "base_url", "")))
        self._primed: dict[bytes, Page] = {}
        self._once: dict[str, asyncio.Task[Any]] = {}

    @classmethod
    def of(cls, transport: Transport) -> AutotaskApi:
        """The API over a connection's transport."""
        return cls(transport, lambda: transport.base_url)

    def server_now(self) -> float:
        """The server's clock as the transport estimates it (epoch seconds)."""
        return self._t.server_now()

    async def _call(self, entity: str, method: str, template: str, **options: Any) -> bytes:
        try:
            response = await self._t.call(method, template, **options)
        except SourceError as exc:
            raise _explained(exc, entity) from None
        return response.content

    # Queries ---------------------------------------------------------------------------
    async def first_page(
        self,
        entity: str,
        filters: Sequence[Filter],
        *,
        include: Sequence[str] | None = None,
        max_records: int = MAX_RECORDS,
        prime: bool = False,
    ) -> Page:
        """The first page of a query (``prime``: kept for the next identical ask)."""
        body = query_body(filters, include, max_records)
        key = orjson.dumps([entity, body], option=orjson.OPT_SORT_KEYS)
        if not prime and key in self._primed:
            return self._primed.pop(key)
        content = await self._call(entity, "POST", ep.query(entity), json=body)
        page = _page(entity, content, body)
        if prime:
            self._primed[key] = page
        return page

    async def next_page(self, page: Page) -> Page:
        """The page after ``page``: its ``nextPageUrl`` POSTed with the same body."""
        if page.next_url is None:
            raise ValueError("the last page has no next page")
        path, params = next_call(page.next_url, self._zone_root(), page.entity)
        content = await self._call(
            page.entity, "POST", ep.next_page(page.entity), path=path, params=params,
            json=page.body,
        )  # fmt: skip
        return _page(page.entity, content, page.body)

    async def pages(
        self, entity: str, filters: Sequence[Filter], *, include: Sequence[str] | None = None
    ) -> AsyncIterator[Page]:
        """Every page of a query, in ``id`` order."""
        page = await self.first_page(entity, filters, include=include)
        yield page
        while page.next_url:
            page = await self.next_page(page)
            yield page

    async def records(
        self, entity: str, filters: Sequence[Filter], *, include: Sequence[str] | None = None
    ) -> list[dict[str, Any]]:
        """Every record of a query, parsed (for small entities)."""
        found: list[dict[str, Any]] = []
        async for page in self.pages(entity, filters, include=include):
            found += page.rows()
        return found

    async def count(self, entity: str, filters: Sequence[Filter]) -> int:
        """How many records a filter matches (``query/count``)."""
        body = {"Filter": list(filters)}
        answer = parse_body(await self._call(entity, "POST", ep.count(entity), json=body))
        found = answer.get("queryCount") if isinstance(answer, dict) else None
        if not isinstance(found, int):
            raise SourceError(f"{entity} query/count did not say how many", endpoint=entity)
        return found

    async def item(self, entity: str, record_id: int) -> dict[str, Any] | None:
        """One record; None when it does not exist (404, or ``{"item": null}``)."""
        try:
            content = await self._call(entity, "GET", ep.item(entity), path={"id": record_id})
        except NotFound:
            return None
        answer = parse_body(content)
        found = answer.get("item") if isinstance(answer, dict) else None
        return found if isinstance(found, dict) else None

    # Metadata (once per run) -----------------------------------------------------------
    async def fields(self, entity: str) -> list[dict[str, Any]]:
        """``entityInformation/fields``: every field, picklists with string values."""
        return _list(await self._once_for(entity, ep.fields(entity)), "fields")

    async def udfs(self, entity: str) -> list[dict[str, Any]]:
        """``entityInformation/userDefinedFields``: the entity's UDF definitions."""
        return _list(await self._once_for(entity, ep.udfs(entity)), "fields")

    async def information(self, entity: str) -> dict[str, Any]:
        """``entityInformation``: what the API user may do with the entity."""
        answer = await self._once_for(entity, ep.information(entity))
        info = answer.get("info") if isinstance(answer, dict) else None
        return info if isinstance(info, dict) else {}

    async def _once_for(self, entity: str, template: str) -> Any:
        if template not in self._once:
            task = asyncio.ensure_future(self._call(entity, "GET", template))
            # Its error reaches every awaiter; when all were cancelled it is still retrieved.
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
            self._once[template] = task
        return parse_body(await asyncio.shield(self._once[template]))

    async def threshold(self) -> Usage:
        """The tenant's usage of its hourly threshold (``ThresholdInformation``)."""
        return usage(parse_body(await self._call("", "GET", ep.THRESHOLD_INFORMATION)))


def _page(entity: str, content: bytes, body: dict[str, Any]) -> Page:
    try:
        envelope = _ENVELOPE.decode(content)
    except msgspec.DecodeError:
        envelope = _Envelope()
    if envelope.items is None:  # another spelling (the Swagger's PascalCase)
        return _lenient_page(entity, content, body)
    details = envelope.pageDetails or {}
    next_url = details.get("nextPageUrl")
    return Page(entity, list(envelope.items), next_url or None, body)


def _lenient_page(entity: str, content: bytes, body: dict[str, Any]) -> Page:
    answer = parse_body(content)
    fields = {str(k).lower(): v for k, v in answer.items()} if isinstance(answer, dict) else {}
    items = fields.get("items")
    if not isinstance(items, list):
        raise SourceError(
            f"the {entity} query answered without items", endpoint=ep.query(entity),
            excerpt=content[:200].decode("utf-8", "replace"),
        )  # fmt: skip
    details = fields.get("pagedetails") or {}
    lowered = {str(k).lower(): v for k, v in details.items()} if isinstance(details, dict) else {}
    next_url = lowered.get("nextpageurl")
    raw = [msgspec.Raw(orjson.dumps(i)) for i in items]
    return Page(entity, raw, next_url if isinstance(next_url, str) and next_url else None, body)


def _list(answer: Any, key: str) -> list[dict[str, Any]]:
    found = answer.get(key) if isinstance(answer, dict) else None
    return [f for f in found if isinstance(f, dict)] if isinstance(found, list) else []


def _explained(exc: SourceError, entity: str) -> SourceError:
    """A permission refusal (Autotask's 500) as ``PermissionDenied`` naming the section."""
    if PERMISSION_WORDS not in exc.excerpt.lower() or entity not in AREAS:
        return exc
    area, step = AREAS[entity]
    return PermissionDenied(
        f"the API user's security level may not read {entity} ({area})",
        method=exc.method,
        endpoint=exc.endpoint,
        status=exc.status,
        excerpt=exc.excerpt,
        fix=f"grant read access in the {area} section ({SETUP_GUIDE.cite(step)})",
    )
