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

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ticketlake.sim.control import CHANGES_PATH, TRUTH_PATH, dump_truth, read_counts
from ticketlake.sim.teamdynamix.tenant import Tenant

PATH = CHANGES_PATH
__all__ = ["KINDS", "PATH", "TRUTH_PATH", "changes", "truth"]
KINDS = ("tickets", "replies", "time_edits", "time_deletes")


async def changes(tenant: Tenant, request: Request) -> Response:
    """Apply the changes the body asks for; 400 for anything but counts of known kinds."""
    asked = await read_counts(request, KINDS)
    if isinstance(asked, Response):
        return asked
    done = {
        "tickets": tenant.touch(asked["tickets"]),
        "replies": tenant.reply(asked["replies"]),
        "time_edits": tenant.edit_time(asked["time_edits"]),
        "time_deletes": tenant.delete_time(asked["time_deletes"]),
    }
    return JSONResponse(done)


async def truth(tenant: Tenant, request: Request) -> Response:
    """Dump the truth into the absolute ``folder`` the body names."""
    return await dump_truth(request, tenant.dump_truth)
