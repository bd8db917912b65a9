"""The same Teamwork.com extraction the way its peers do it (reference part E).

**Airbyte's manifest** (``source-teamwork``, Projects v3 only, Basic auth): every stream but
``latestactivity`` pages with ``OffsetIncrement(page_size=10)`` injected as ``page`` and
``pageSize``, so it asks ``page=0,10,20…&pageSize=10`` (the site reads ``page=0`` as the first
page) and stops at the first page holding fewer than ten records: one page in ten. Nothing
asks for completed tasks or archived projects. Its incremental cursor (``updatedAt``;
``createdAt`` on time entries) has no ``start_time_option``: it filters client-side, so every
sync asks every page again and an edited time entry is never emitted again. ``latestactivity``
pages by cursor with 500 a page (one call here: the site returns no ``nextCursor``).
Its page sequence grows with the site: it is measured on its first ``slice`` calls per stream
and extrapolated from the count the site reports (``meta.page.count``, exact without
``skipCounts``), under the 50,000-records-a-request cap.

**singer-io ``tap-teamwork``** (Bearer key): ``next_page_key = ""`` everywhere, so each stream
reads its first page only (at the API's default size), its children (ticket, customer and
company details) once per record of that page; incremental streams send ``updatedAfter`` (the
bookmark less a second; ``updatedAtFrom`` on tickets). It is measured whole. Its Desk paths
(``desk/v1/…``, ``desk/v2/…``) are UNCONFIRMED and may be mistakes in the tap (reference C):
it is given the documented ``desk/api/v2/`` ones here, its best case."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bench._twclient import LIMITS, PlainClient

V3 = "projects/api/v3/"
DESK = "desk/api/v2/"
CAP = 50_000
START = "2000-01-01T00:00:00Z"
"""The peers' configured start date: before any of the site's data."""

AIRBYTE = {
    "projects": ("projects", None), "companies": ("companies", "companies"),
    "time_entries": ("time", "time_logs"), "people": ("people", "people"),
    "tasklists": ("tasklists", None), "tasks": ("tasks", "tasks"),
    "milestones": ("milestones", None), "tags": ("tags", None),
}  # fmt: skip
"""Airbyte's streams the site serves: path under v3, and the kind of record it yields."""
KEYS = {"projects": "projects", "companies": "companies", "time": "timelogs",
        "people": "people", "tasklists": "tasklists", "tasks": "tasks",
        "milestones": "milestones", "tags": "tags"}  # fmt: skip


@dataclass
class Reading:
    """What a peer got: record IDs per kind, and calls and virtual seconds per stream."""

    got: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))
    calls: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    per_api: Counter[str] = field(default_factory=Counter)


def offset_pages(visible: int) -> tuple[int, int]:
    """Calls and records of Airbyte's ``page=0,10,20…&pageSize=10`` over ``visible`` records
    (at most 50,000 reachable): page 0 is records 1–10, page 10k records 100k-9 … 100k; it
    stops after the first page with fewer than ten."""
    reach = min(visible, CAP)
    if reach < 10:
        return 1, reach
    full = reach // 100  # pages 10, 20 … 10·full are whole; the next is short or empty
    return full + 2, 10 + 10 * full + max(0, reach - (100 * full + 90))


def airbyte(client: PlainClient, slice_calls: int) -> tuple[Reading, dict[str, Any]]:
    """Airbyte's streams, each for at most ``slice_calls`` calls; the slice and the site's
    counts of what each stream can see."""
    seen, visible = Reading(), {}
    for stream, (path, kind) in AIRBYTE.items():
        before, started = client.calls[stream], client.seconds
        page = 0
        while client.calls[stream] - before < slice_calls:
            body = client.get(stream, f"{V3}{path}.json", {"page": page, "pageSize": 10})
            rows = body[KEYS[path]]
            if page == 0:
                visible[stream] = int(body["meta"]["page"]["count"])
            if kind:
                seen.got[kind] |= {r["id"] for r in rows}
            if len(rows) < 10:
                break
            page += 10
        seen.calls[stream] = client.calls[stream] - before
        seen.seconds[stream] = client.seconds - started
    client.get("latestactivity", f"{V3}latestactivity.json",
               {"pageSize": 500, "updatedAfter": START})  # fmt: skip
    seen.calls["latestactivity"] = 1
    return seen, visible


def airbyte_whole(seen: Reading, visible: dict[str, int]) -> dict[str, Any]:
    """The slice extrapolated: each stream's calls and records from the site's count, its
    virtual seconds at the slice's seconds a call, never under the Projects budget."""
    calls, records, seconds = {"latestactivity": 1}, {}, 0.0
    for stream, (_path, kind) in AIRBYTE.items():
        n, got = offset_pages(visible[stream])
        calls[stream] = n
        seconds += seen.seconds[stream] / seen.calls[stream] * n
        if kind:
            records[kind] = records.get(kind, 0) + got
    total = sum(calls.values())
    floor = total / LIMITS["projects"] * 60
    return {"calls": total, "calls_per_stream": calls, "records": records,
            "virtual_seconds": round(max(seconds, floor), 1),
            "budget_floor_seconds": round(floor, 1)}  # fmt: skip


SINGER = (
    ("projects", f"{V3}projects.json", "projects", None, True),
    ("tasks", f"{V3}tasks.json", "tasks", "tasks", True),
    ("milestones", f"{V3}milestones.json", "milestones", None, True),
    ("tags", f"{V3}tags.json", "tags", None, False),
    ("users", f"{DESK}users.json", "users", "people", True),
    ("inboxes", f"{DESK}inboxes.json", "inboxes", None, False),
    ("ticket_types", f"{DESK}tickettypes.json", "tickettypes", None, False),
    ("tickets", f"{DESK}tickets.json", "tickets", "desk_tickets", True),
    ("customers", f"{DESK}customers.json", "customers", "customers", False),
    ("companies", f"{DESK}companies.json", "companies", "desk_companies", True),
    ("ticket_search", f"{DESK}search/tickets.json", "tickets", "desk_tickets", True),
    ("ticket_priorities", f"{DESK}ticketpriorities.json", "ticketpriorities", None, False),
)
"""singer-io's streams the site serves: name, path, data key, kind, incremental."""
DETAILS = {"tickets": "ticket_details", "customers": "customer_details",
           "companies": "company_details"}  # fmt: skip
"""Children fetched once per parent record (``{DESK}{parent}/{id}.json``)."""


def _since(stream: str, bookmark: str) -> dict[str, str]:
    return {"updatedAtFrom" if stream == "tickets" else "updatedAfter": bookmark}


def singer(client: PlainClient, bookmarks: dict[str, str] | None = None) -> Reading:
    """One sync: each stream's first page (updated after its bookmark, or the start date),
    each record's details; ``bookmarks`` are updated to the newest ``updatedAt`` seen."""
    seen, apis = Reading(), Counter(client.per_api)
    marks = bookmarks if bookmarks is not None else {}
    for stream, path, key, kind, incremental in SINGER:
        before, started = sum(client.calls.values()), client.seconds
        params = _since(stream, marks.get(stream, START)) if incremental else {}
        body = client.get(stream, path, params) or {}
        rows = body.get(key) or []
        if kind:
            seen.got[kind] |= {r["id"] for r in rows}
        if stream in DETAILS:
            for r in rows:
                detail = client.get(DETAILS[stream], f"{DESK}{stream}/{r['id']}.json")
                messages = ((detail or {}).get("included") or {}).get("messages") or []
                seen.got["desk_messages"] |= {m["id"] for m in messages}
        newest = max((str(r.get("updatedAt") or "") for r in rows), default="")
        if incremental and newest:
            marks[stream] = _less_a_second(newest)
        seen.calls[stream] = sum(client.calls.values()) - before
        seen.seconds[stream] = client.seconds - started
    seen.per_api = client.per_api - apis
    return seen


def _less_a_second(stamp: str) -> str:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")) - timedelta(seconds=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def singer_figures(seen: Reading) -> dict[str, Any]:
    """Calls and virtual seconds of a sync, never under each API's budget."""
    floor = max(n / LIMITS[a] * 60 for a, n in seen.per_api.items())
    spent = sum(seen.seconds.values())
    return {"calls": sum(seen.calls.values()), "calls_per_stream": dict(seen.calls),
            "virtual_seconds": round(max(spent, floor), 1),
            "budget_floor_seconds": round(floor, 1)}  # fmt: skip
