"""Spaces (``/spaces/api/v1/...``, reference D): spaces, their pages, users; ``page`` and
``pageSize`` with ``meta.page`` (our reading: like v3), ``updatedAfterDate``, ``filter[title]``
(contains), ``include=``. Paging past the first page without ``updatedAfterDate`` is "syncing
data" without it: the account's Spaces limit is reduced (D).

The seed-003 form's Spaces versions map onto these paths (UNCONFIRMED: the reference knows
only ``/spaces/api/v1/``): v0 (by user ID) reads ``users/{userId}.json``, v2 (by space ID)
``spaces/{spaceId}.json`` and ``spaces/{spaceId}/pages.json``.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ticketlake.sim.responses import json_response
from ticketlake.sim.teamwork import render_spaces as rs
from ticketlake.sim.teamwork.call import Call
from ticketlake.sim.teamwork.listing import v3_list
from ticketlake.sim.teamwork.wire import ApiError, fmt

Record = dict[str, Any]


def _list(call: Call, key: str, records: list[Record]) -> Response:
    after = call.time("updatedAfterDate")
    if after is None and call.number("page", 1) > 1:
        call.tenant.limits.reduce_spaces()
    if after is not None:
        records = [r for r in records if (r.get("updatedAt") or "") > (fmt(after) or "")]
    title = (call.param("filter[title]") or "").lower()
    if title:
        records = [r for r in records if title in str(r.get("title", "")).lower()]
    users = {u["id"]: u for u in rs.users(call.tenant)}

    def side(page: list[Record], asked: set[str]) -> dict[str, dict[str, Record]]:
        ids = {r["createdBy"]["id"] for r in page if r.get("createdBy")}
        return {"users": {str(i): users[i] for i in sorted(ids) if i in users}} if (
            "users" in asked) else {}  # fmt: skip

    return json_response(v3_list(call, key, range(len(records)), records.__getitem__, side))


def _space(call: Call, ident: int) -> int:
    ids = call.tenant.site.space_ids
    if ident not in ids:
        raise ApiError(404, f"space {ident} not found", "spaces")
    return ids.index(ident)


def route(call: Call) -> Response:
    """Answer a Spaces path (already authenticated and counted)."""
    t, p = call.tenant, call.parts
    if p == ["spaces"]:
        return _list(call, "spaces", rs.spaces(t))
    if p == ["users"]:
        return _list(call, "users", rs.users(t))
    if len(p) == 2 and p[0] == "spaces":
        return json_response({"space": rs.spaces(t)[_space(call, call.ident(p[1]))]})
    if len(p) == 3 and p[0] == "spaces" and p[2] == "pages":
        return _list(call, "pages", rs.pages(t, _space(call, call.ident(p[1]))))
    if len(p) == 2 and p[0] in ("users", "pages"):
        every = rs.users(t) if p[0] == "users" else rs.pages(t)
        found = next((r for r in every if r["id"] == call.ident(p[1])), None)
        if found is None:
            raise ApiError(404, "not found", "spaces")
        return json_response({p[0][:-1]: found})
    raise ApiError(404, "Not found", "spaces")
