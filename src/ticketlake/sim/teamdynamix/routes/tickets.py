"""Tickets section: search, get, per-ticket and application-wide feeds, tasks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from starlette.responses import Response

from ticketlake.sim.responses import json_array_stream, json_response
from ticketlake.sim.teamdynamix import access
from ticketlake.sim.teamdynamix.access import ApiError
from ticketlake.sim.teamdynamix.http import Call
from ticketlake.sim.teamdynamix.index import REF_SLOTS
from ticketlake.sim.teamdynamix.lifecycle import Life
from ticketlake.sim.teamdynamix.render_parts import feed_json, task_id, task_json
from ticketlake.sim.teamdynamix.render_ticket import ticket_json
from ticketlake.sim.teamdynamix.routing import Op
from ticketlake.sim.teamdynamix.search import TicketQuery
from ticketlake.sim.teamdynamix.wire import fmt_ms, ticks_to_ms_ceil, ticks_to_ms_floor

DEFAULT_RETURN_COUNT, MAX_RETURN_COUNT = 25, 100
DEFAULT_REPLY_COUNT, MAX_REPLY_COUNT = 3, 100
"""``ReplyCount`` (reference §3.3): replies listed per entry, 0-100, default 3."""


def ticket_app(call: Call) -> set[int] | None:
    """Check the app in the path; returns the Accts/Depts the account sees (None = all)."""
    access.require_ticket_app(call.user, call.world.apps, call.int_param("appId"))
    return access.visible_accounts(call.user, call.world.roles)


def visible_life(call: Call, ticket_id: int) -> Life:
    """The ticket, or 404 when it does not exist, 401 when the account may not see it."""
    visible = ticket_app(call)
    i = call.tenant.ticket_index(ticket_id)
    if i is None:
        raise ApiError(404, f"Ticket {ticket_id} was not found.")
    if visible is not None and call.tenant.index.account[i] not in visible:
        raise ApiError(401, "You do not have permission to view this ticket.")
    return call.tenant.life(i)


async def search(call: Call) -> Response:
    """``POST api/{appId}/tickets/search``: a bare ``TicketSearch``; a JSON array back."""
    visible = ticket_app(call)
    t = call.tenant
    query = TicketQuery.parse(call.body, t)
    lives = query.run(t, visible)
    now = t.data_now_ms
    return json_array_stream(ticket_json(t.world, life, now, full=False) for life in lives)


async def get_ticket(call: Call) -> Response:
    """``GET api/{appId}/tickets/{id}``: the full ticket."""
    life = visible_life(call, call.int_param("id"))
    return json_response(ticket_json(call.world, life, call.tenant.data_now_ms, full=True))


async def ticket_feed(call: Call) -> Response:
    """``GET api/{appId}/tickets/{id}/feed``: the ticket's entries, newest first, each with
    all its replies (``ItemUpdate[]``; the reference names no reply limit here)."""
    life = visible_life(call, call.int_param("id"))
    access.require_feed(call.user)
    order = sorted(range(len(life.events)), key=lambda k: (life.events[k].ms, k), reverse=True)
    entries = [feed_json(call.world, life, pos) for pos in order]
    top = call.query.int_value("top", 0) or 0
    return json_response(entries[:top] if top > 0 else entries)


def _app_feed_entries(
    call: Call, visible: set[int] | None, after: int | None, upto: int | None, replies: int
) -> Iterator[tuple[int, dict[str, Any]]]:
    t = call.tenant
    for ms, ref in t.index.feed_newest_first(after, upto):
        i, pos = divmod(ref, REF_SLOTS)
        if visible is not None and t.index.account[i] not in visible:
            continue
        yield ms, feed_json(t.world, t.life(i), pos, replies)


async def app_feed(call: Call) -> Response:
    """``GET api/{appId}/tickets/feed``: an ``ItemUpdatesPage``, newest first, ``NextDateTo``
    the first omitted entry's date (null on the last page). Which parameter bounds which side,
    and whether the latest bound includes its instant, is the tenant's ``feed_bounds``
    reading (``Readings``)."""
    visible = ticket_app(call)
    access.require_feed(call.user)
    q = call.query
    reading = call.tenant.config.readings.feed_bounds
    earliest, latest = ("DateTo", "DateFrom") if reading == "doc" else ("DateFrom", "DateTo")
    lo, hi = q.date(earliest, call.world), q.date(latest, call.world)
    count = q.int_value("ReturnCount", DEFAULT_RETURN_COUNT) or DEFAULT_RETURN_COUNT
    count = min(max(count, 1), MAX_RETURN_COUNT)
    replies = q.int_value("ReplyCount", DEFAULT_REPLY_COUNT)
    replies = min(max(DEFAULT_REPLY_COUNT if replies is None else replies, 0), MAX_REPLY_COUNT)
    after = None if lo is None else ticks_to_ms_floor(lo)
    if hi is None:
        upto = None
    elif reading == "ours":
        upto = ticks_to_ms_floor(hi)
    else:  # exclusive: only entries before the instant
        upto = ticks_to_ms_ceil(hi) - 1
    entries: list[dict[str, Any]] = []
    next_to: str | None = None
    for ms, entry in _app_feed_entries(call, visible, after, upto, replies):
        if len(entries) == count:
            next_to = fmt_ms(ms)
            break
        entries.append(entry)
    as_of = fmt_ms(int(call.tenant.clock.now() * 1000))
    return json_response({"Entries": entries, "AsOfDate": as_of, "NextDateTo": next_to})


async def tasks(call: Call) -> Response:
    """``GET api/{appId}/tickets/{ticketId}/tasks``."""
    life = visible_life(call, call.int_param("id"))
    return json_response([task_json(call.world, life, k) for k in range(len(life.tasks))])


async def task(call: Call) -> Response:
    """``GET api/{appId}/tickets/{ticketId}/tasks/{id}``."""
    life = visible_life(call, call.int_param("ticketId"))
    wanted = call.int_param("id")
    for k in range(len(life.tasks)):
        if task_id(life.p.index, k) == wanted:
            return json_response(task_json(call.world, life, k))
    raise ApiError(404, f"Task {wanted} was not found on ticket {life.p.id}.")


OPS = [
    Op("POST", "api/{appId}/tickets/search", search),
    Op("GET", "api/{appId}/tickets/feed", app_feed),
    Op("GET", "api/{appId}/tickets/{id}", get_ticket),
    Op("GET", "api/{appId}/tickets/{id}/feed", ticket_feed),
    Op("GET", "api/{appId}/tickets/{id}/tasks", tasks),
    Op("GET", "api/{appId}/tickets/{ticketId}/tasks/{id}", task),
]
