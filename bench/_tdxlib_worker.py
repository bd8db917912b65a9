"""tdxlib against the simulator, run by ``bench.extraction`` in ``build/bench-venv``.

``python _tdxlib_worker.py BASE_URL USERNAME PASSWORD APP_ID TIME_SCALE SLICE``

tdxlib's own code runs unchanged; only its clock is compressed by the simulator's time scale
(its ``time.time``/``time.sleep`` and ``datetime.utcnow``), so its rate-limit sleeps last as
long in simulated time as they would against a real tenant. Its HTTP calls are counted at the
``requests`` functions it uses. Prints one JSON line.
"""

from __future__ import annotations

import datetime
import json
import sys
import time
import types
from email.utils import parsedate_to_datetime
from typing import Any

import requests
import tdxlib.tdx_integration as integration
import tdxlib.tdx_ticket_integration as tickets_module

BASE, USERNAME, PASSWORD, APP_ID, SCALE, SLICE = sys.argv[1:7]
scale = float(SCALE)


def _server_now() -> float:
    answer = requests.get(f"{BASE}/api/applications", timeout=10)
    return parsedate_to_datetime(answer.headers["Date"]).timestamp()


_v0, _m0 = _server_now(), time.monotonic()


def vnow() -> float:
    """The simulator's clock: the same formula, anchored on its Date header."""
    return _v0 + (time.monotonic() - _m0) * scale


class _VirtualDateTime(datetime.datetime):
    @classmethod
    def utcnow(cls) -> datetime.datetime:  # type: ignore[override]
        return datetime.datetime.fromtimestamp(vnow(), datetime.UTC).replace(tzinfo=None)


counts: dict[str, int] = {"calls": 0, "throttled": 0}


def _counted(method: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        response = method(*args, **kwargs)
        counts["calls"] += 1
        counts["throttled"] += response.status_code == 429
        return response

    return call


clock = types.SimpleNamespace(time=vnow, sleep=lambda s: time.sleep(max(0.0, s) / scale))
dates = types.SimpleNamespace(datetime=_VirtualDateTime, timedelta=datetime.timedelta)
http = types.SimpleNamespace(
    get=_counted(requests.get), post=_counted(requests.post), put=_counted(requests.put),
    patch=_counted(requests.patch), delete=_counted(requests.delete),
    exceptions=requests.exceptions,
)  # fmt: skip
for module in (integration, tickets_module):
    for name, shim in (("time", clock), ("datetime", dates), ("requests", http)):
        if hasattr(module, name):
            setattr(module, name, shim)

tdx = tickets_module.TDXTicketIntegration(
    config={"full_host": "127.0.0.1", "sandbox": "false", "username": USERNAME,
            "password": PASSWORD, "ticket_app_id": APP_ID, "auth_type": "password",
            "caching": "false"},
    skip_initial_auth=True,
)  # fmt: skip
tdx.config.api_url = f"{BASE}/api"
tdx.auth()

start_v = vnow()
found = tdx.search_tickets({}, max_results=int(SLICE), closed=True, cancelled=True)
search_calls, search_seconds = counts["calls"], vnow() - start_v
per_ticket_start = vnow()
feeds = 0
for ticket in found:
    full = tdx.get_ticket_by_id(ticket.get_id())
    feed = tdx.get_ticket_feed(ticket.get_id()) or []
    feeds += len(feed)
    assert full is not None
print(
    json.dumps(
        {
            "tickets": len(found),
            "search_calls": search_calls,
            "search_virtual_seconds": round(search_seconds, 1),
            "per_ticket_calls": counts["calls"] - search_calls,
            "virtual_seconds": round(vnow() - per_ticket_start, 1),
            "feed_entries": feeds,
            "throttled": counts["throttled"],
            "tdxlib_version": "0.6.x",
        }
    )
)
