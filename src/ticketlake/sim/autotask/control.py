"""The simulator's own control surface, beside the Autotask API (not part of it).

``POST /_simulator/changes`` makes changes the way the tenant's people would, so an incremental
sync can be tried against a served tenant:

    {"tickets": 10, "ticket_deletes": 1, "note_deletes": 2, "time_edits": 3, "time_deletes": 1}

``tickets``: a status change and a note (sometimes a time entry) on existing tickets;
``ticket_deletes``, ``note_deletes``, ``time_deletes``: deletions, logged where
DeletedTicketLogs and DeletedTicketActivityLogs show them; ``time_edits``: time entries
lengthened. The answer lists the IDs changed under the same names.

``POST /_simulator/truth`` with ``{"folder": "/abs/path"}`` writes the ground truth as it
stands now. ``POST /_simulator/load`` with ``{"other_integrations_rph": N}`` changes the load
other integrations put on the tenant. ``POST /_simulator/zone`` with ``{"zone":
"webservices14"}`` moves the tenant to another zone (zoneInformation follows; the old zone
answers as a wrong one). ``GET /_simulator/emails`` lists the suspension e-mails sent.
"""

from __future__ import annotations

import dataclasses

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ticketlake.sim.autotask.tenant import Tenant
from ticketlake.sim.autotask.zones import BY_KEY
from ticketlake.sim.control import (
    CHANGES_PATH,
    TRUTH_PATH,
    bound_routes,
    dump_truth,
    is_count,
    read_counts,
    read_object,
    refusal,
)

KINDS = ("tickets", "ticket_deletes", "note_deletes", "time_edits", "time_deletes")


async def changes(tenant: Tenant, request: Request) -> Response:
    """Apply the changes the body asks for; 400 for anything but counts of known kinds."""
    asked = await read_counts(request, KINDS)
    if isinstance(asked, Response):
        return asked
    return JSONResponse({
        "tickets": tenant.touch(asked["tickets"]),
        "ticket_deletes": tenant.delete_tickets(asked["ticket_deletes"]),
        "note_deletes": tenant.delete_notes(asked["note_deletes"]),
        "time_edits": tenant.edit_time(asked["time_edits"]),
        "time_deletes": tenant.delete_time(asked["time_deletes"]),
    })  # fmt: skip


async def truth(tenant: Tenant, request: Request) -> Response:
    """Dump the truth into the absolute ``folder`` the body names."""
    return await dump_truth(request, tenant.dump_truth)


async def load(tenant: Tenant, request: Request) -> Response:
    """Set the requests per hour other integrations make."""
    asked = await read_object(request) or {}
    rph = asked.get("other_integrations_rph")
    if not is_count(rph) or len(asked) != 1:
        return refusal('expected {"other_integrations_rph": a count}')
    tenant.budget.other_rph = rph if isinstance(rph, int) else 0
    return JSONResponse({"other_integrations_rph": rph})


async def zone(tenant: Tenant, request: Request) -> Response:
    """Move the tenant to another zone."""
    asked = await read_object(request) or {}
    key = str(asked.get("zone", "")).lower()
    if key not in BY_KEY:
        return refusal(f'expected {{"zone": one of {", ".join(BY_KEY)}}}')
    tenant.zone = key
    return JSONResponse({"zone": key})


async def emails(tenant: Tenant, request: Request) -> Response:
    """The suspension e-mails the tenant's administrators received."""
    return JSONResponse([dataclasses.asdict(e) for e in tenant.budget.emails])


def routes(tenant: Tenant) -> list[Route]:
    """The control routes, bound to the tenant."""
    return bound_routes(tenant, [(CHANGES_PATH, changes, "POST"), (TRUTH_PATH, truth, "POST"),
                                 ("/_simulator/load", load, "POST"),
                                 ("/_simulator/zone", zone, "POST"),
                                 ("/_simulator/emails", emails, "GET")])  # fmt: skip
