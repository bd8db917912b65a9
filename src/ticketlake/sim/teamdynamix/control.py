"""The simulator's own control surface, beside the TeamDynamix API (not part of it).

``POST /_simulator/changes`` makes changes in the tenant the way its people would in the web
UI, so an incremental sync can be tried against a served tenant (the CLI, the benchmarks):

    {"tickets": 10, "replies": 5, "time_edits": 3, "time_deletes": 1}

``tickets``: status changes with a comment (and sometimes a time entry) on open tickets
(``Tenant.touch``); ``replies``: answers to existing comments (``Tenant.reply``);
``time_edits``/``time_deletes``: existing time entries edited or deleted. The answer lists the
IDs changed under the same names.

``POST /_simulator/truth`` with ``{"folder": "/abs/path"}`` writes the tenant's ground truth as
it stands now (``Tenant.dump_truth``), to compare a store with after changes.

Nothing here is reachable under ``/TDWebApi``; clients of the TeamDynamix API never see it.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ticketlake.sim.teamdynamix.tenant import Tenant

PATH = "/_simulator/changes"
TRUTH_PATH = "/_simulator/truth"
KINDS = ("tickets", "replies", "time_edits", "time_deletes")


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


async def changes(tenant: Tenant, request: Request) -> Response:
    """Apply the changes the body asks for; 400 for anything but counts of known kinds."""
    try:
        asked: Any = json.loads(await request.body() or b"{}")
    except ValueError:
        return JSONResponse({"Message": "the body is not JSON"}, status_code=400)
    pairs = asked.items() if isinstance(asked, dict) else [("body", None)]
    wrong = [k for k, v in pairs if k not in KINDS or not _count(v)]
    if wrong:
        return JSONResponse(
            {"Message": f"expected counts of {', '.join(KINDS)}; not: {', '.join(wrong)}"},
            status_code=400,
        )
    done = {
        "tickets": tenant.touch(asked.get("tickets", 0)),
        "replies": tenant.reply(asked.get("replies", 0)),
        "time_edits": tenant.edit_time(asked.get("time_edits", 0)),
        "time_deletes": tenant.delete_time(asked.get("time_deletes", 0)),
    }
    return JSONResponse(done)


async def truth(tenant: Tenant, request: Request) -> Response:
    """Dump the truth into the absolute ``folder`` the body names."""
    try:
        folder = json.loads(await request.body() or b"{}").get("folder")
    except (ValueError, AttributeError):
        folder = None
    if not isinstance(folder, str) or not Path(folder).is_absolute():
        return JSONResponse({"Message": 'expected {"folder": an absolute path}'}, status_code=400)
    written = await asyncio.to_thread(tenant.dump_truth, folder)
    return JSONResponse({"folder": str(written)})
