"""The handlers of the REST API: queries and their pages, counts, items, entity information,
thresholds; and the unauthenticated zone discovery and version list."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from ticketlake.sim.autotask import query as q
from ticketlake.sim.autotask.call import Call, body_or_none, search_param
from ticketlake.sim.autotask.config import THRESHOLD, TIMEFRAME_MINUTES
from ticketlake.sim.autotask.fieldinfo import entity_json, fields_json, udfs_json
from ticketlake.sim.autotask.tables import Record
from ticketlake.sim.autotask.wire import ApiError
from ticketlake.sim.autotask.zones import BY_KEY, rest_base
from ticketlake.sim.responses import json_response

ZONE_UNKNOWN = "Zone information could not be determined"
VERSIONS = ["V1.0", "V2.0"]
PERMISSIONS = "The logged in Resource does not have the adequate permissions to {} this entity."


def zone_information(tenant: Any, request: Request) -> Response:
    """``GET V1.0/zoneInformation?user=`` (no auth): where the user's database lives."""
    user = request.query_params.get("user", "").strip().lower()
    if not user or user not in tenant.world.directory.by_username:
        raise ApiError(500, ZONE_UNKNOWN)
    zone = BY_KEY[tenant.zone]
    origin = f"{request.url.scheme}://{request.url.netloc}"
    return json_response({"zoneName": zone.name, "url": rest_base(origin, zone),
                          "webUrl": f"{origin}/{zone.web}/", "ci": zone.ci})  # fmt: skip


def version_information() -> Response:
    """``GET /versioninformation``: V1.0 and V2.0 (only V1.0 has zone information)."""
    return json_response({"apiVersions": VERSIONS})


def _refuse_unseen(call: Call, verb: str) -> bool:
    """True when the call sees nothing (answer empty); raises under the "error" reading."""
    if call.sees:
        return False
    if call.tenant.config.readings.restricted == "error" and call.zone.key == call.tenant.zone:
        raise ApiError(500, PERMISSIONS.format(verb))
    return True


def _page(call: Call, query: q.Query, after: int, search: str | None) -> Response:
    readings = call.tenant.config.readings
    if _refuse_unseen(call, "query"):
        items, last = list[Record](), None
    else:
        items, last = q.run(call.tenant.table(call.entity), query, after)
    if last is not None and query.include and "id" not in query.include:
        if readings.include_without_id == "error":
            raise ApiError(500, "IncludeFields must include id when a query returns more than "
                                "500 records.")  # fmt: skip
        last = None
    next_url = None
    if last is not None:
        base = f"{rest_base(call.origin(), call.zone)}V1.0/{call.entity}/query/next"
        next_url = f"{base}?paging={q.token(last, query.body)}"
        if search is not None:
            next_url += f"&search={quote(search, safe='')}"
    return json_response({"items": items, "pageDetails": {
        "count": len(items), "requestCount": query.max_records, "prevPageUrl": None,
        "nextPageUrl": next_url}})  # fmt: skip


def _query_of(call: Call, body: Any) -> q.Query:
    return q.parse_query(body, call.entity, call.tenant.config.readings)


async def query_post(call: Call) -> Response:
    """``POST {Entity}/query`` with a ``QueryModel`` body."""
    return _page(call, _query_of(call, await body_or_none(call.request)), -1, None)


async def query_get(call: Call) -> Response:
    """``GET {Entity}/query?search=``."""
    search = search_param(call.request)
    if search is None:
        raise ApiError(500, "The search parameter is required.")
    return _page(call, _query_of(call, search), -1, call.request.query_params["search"])


async def query_next(call: Call) -> Response:
    """``POST {Entity}/query/next?paging=`` with the query's body again (or ``GET`` on the
    next page of a ``?search=`` query)."""
    after, carried = q.untoken(call.request.query_params.get("paging", ""))
    body = await body_or_none(call.request) if call.request.method == "POST" else None
    search = call.request.query_params.get("search")
    if body is None and search is not None:
        body = search_param(call.request)
    if body is None:
        if call.tenant.config.readings.next_without_body == "error":
            raise ApiError(500, "The query is missing: POST the next page with the query's "
                                "body.")  # fmt: skip
        body = carried
    return _page(call, _query_of(call, body), after, search)


async def count(call: Call) -> Response:
    """``POST|GET {Entity}/query/count``: ``{"queryCount": n}``."""
    body = (
        search_param(call.request)
        if call.request.method == "GET"
        else await body_or_none(call.request)
    )
    query = _query_of(call, body)
    n = 0 if _refuse_unseen(call, "query") else q.count(call.tenant.table(call.entity), query)
    return json_response({"queryCount": n})


async def item(call: Call) -> Response:
    """``GET {Entity}/{id}``: ``{"item": {...}}``; a missing record per the tenant's reading."""
    try:
        rid = int(call.arg)
    except ValueError as exc:
        raise ApiError(500, f"{call.arg} is not a valid id.") from exc
    table = call.tenant.table(call.entity)
    row = None if _refuse_unseen(call, "query") else table.find(rid)
    if row is None:
        if call.tenant.config.readings.missing_item == "null":
            return json_response({"item": None})
        raise ApiError(404, f"No {call.entity} with id {rid} was found.")
    return json_response({"item": table.record(row)})


async def entity_information(call: Call) -> Response:
    """``GET {Entity}/entityInformation``."""
    return json_response(entity_json(call.entity, call.user.level))


async def fields(call: Call) -> Response:
    """``GET {Entity}/entityInformation/fields``."""
    return json_response(fields_json(call.entity, call.tenant.world.setup.levels))


async def udfs(call: Call) -> Response:
    """``GET {Entity}/entityInformation/userDefinedFields``."""
    return json_response(udfs_json(call.entity))


async def threshold(call: Call) -> Response:
    """``GET ThresholdInformation``: the tenant's usage of its hourly threshold."""
    used = call.tenant.budget.usage(call.tenant.now())
    return json_response({"externalRequestThreshold": THRESHOLD,
                          "requestThresholdTimeframe": TIMEFRAME_MINUTES,
                          "currentTimeframeRequestCount": used})  # fmt: skip
