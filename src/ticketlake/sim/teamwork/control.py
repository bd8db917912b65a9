"""The simulator's own control surface, beside the Teamwork API (not part of it).

``POST /_simulator/changes`` makes changes the way the site's people would, so an incremental
sync can be tried against a served site::

    {"tasks": 10, "tickets": 5, "time_edits": 3, "time_deletes": 1}

``tasks``: a stage move (completing or reopening some) and a comment; ``tickets``: a reply and a
status change; ``time_edits``: time logs lengthened by 15 minutes (``updatedAt`` moves);
``time_deletes``: time logs deleted (seen with ``showDeleted=true``). The answer lists the IDs
changed under the same names. ``POST /_simulator/truth`` with ``{"folder": "/abs/path"}`` writes
the ground truth as it stands now; ``GET /_simulator/form`` is the connection form the scenario
says the customer filled in.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ticketlake.sim.control import (
    CHANGES_PATH,
    TRUTH_PATH,
    bound_routes,
    dump_truth,
    read_counts,
)
from ticketlake.sim.teamwork.tenant import Tenant

KINDS = ("tasks", "tickets", "time_edits", "time_deletes")


async def changes(tenant: Tenant, request: Request) -> Response:
    """Apply the changes the body asks for; 400 for anything but counts of known kinds."""
    from ticketlake.sim.teamwork import changes as make

    asked = await read_counts(request, KINDS)
    if isinstance(asked, Response):
        return asked
    at = int(tenant.now() * 1000)
    return JSONResponse({
        "tasks": make.touch_tasks(tenant, asked["tasks"], at),
        "tickets": make.touch_tickets(tenant, asked["tickets"], at),
        "time_edits": make.edit_time(tenant, asked["time_edits"], at),
        "time_deletes": make.delete_time(tenant, asked["time_deletes"], at),
    })  # fmt: skip


async def truth(tenant: Tenant, request: Request) -> Response:
    """Dump the truth into the absolute ``folder`` the body names."""
    return await dump_truth(request, tenant.dump_truth)


async def form(tenant: Tenant, request: Request) -> Response:
    """The connection form as the scenario's customer filled it in."""
    return JSONResponse({**vars(tenant.site.form), "scenario": tenant.config.scenario})


def routes(tenant: Tenant) -> list[Route]:
    """The control routes, bound to the tenant."""
    return bound_routes(tenant, [(CHANGES_PATH, changes, "POST"), (TRUTH_PATH, truth, "POST"),
                                 ("/_simulator/form", form, "GET")])  # fmt: skip
