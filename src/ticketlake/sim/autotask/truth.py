"""Ground truth: everything the tenant holds, as the API serves it (camelCase records), one
JSON-lines file per entity, written by ``ticketlake.sim.truthfile``.

The truth is what the database holds, not what a given security level may see; deleted records
are only in the two deletion logs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ticketlake.sim.autotask.fieldinfo import fields_json, udfs_json
from ticketlake.sim.autotask.models import ENTITIES
from ticketlake.sim.autotask.wire import fmt
from ticketlake.sim.truthfile import write_truth

if TYPE_CHECKING:
    from ticketlake.sim.autotask.tenant import Tenant

FILES = {
    "tickets": "Tickets", "ticket_notes": "TicketNotes", "time_entries": "TimeEntries",
    "ticket_history": "TicketHistory", "sla_results": "ServiceLevelAgreementResults",
    "resources": "Resources", "companies": "Companies", "contacts": "Contacts",
    "roles": "Roles", "departments": "Departments", "ticket_categories": "TicketCategories",
    "deleted_ticket_logs": "DeletedTicketLogs",
    "deleted_ticket_activity_logs": "DeletedTicketActivityLogs",
}  # fmt: skip
NAMES = (*FILES, "picklists", "udf_definitions")


def _records(t: Tenant, entity: str) -> Iterator[dict[str, Any]]:
    table = t.table(entity)
    for row in table.scan(-1, None, None):
        yield table.record(row)


def _picklists(t: Tenant) -> Iterator[dict[str, Any]]:
    for entity in ENTITIES:
        for f in fields_json(entity, t.world.setup.levels)["fields"]:
            for v in f["picklistValues"] or []:
                yield {"entity": entity, "field": f["name"], **v}


def _udfs(t: Tenant) -> Iterator[dict[str, Any]]:
    for entity in ENTITIES:
        for f in udfs_json(entity)["fields"]:
            yield {"entity": entity, **f}


def iter_truth(t: Tenant, name: str) -> Iterator[dict[str, Any]]:
    """Every record of kind ``name`` (one of ``NAMES``)."""
    if name in FILES:
        return _records(t, FILES[name])
    if name == "picklists":
        return _picklists(t)
    if name == "udf_definitions":
        return _udfs(t)
    raise KeyError(f"unknown truth file {name!r}; one of {', '.join(NAMES)}")


def dump(t: Tenant, folder: Path) -> Path:
    """Write every truth file and the manifest into ``folder``."""
    cfg = t.config
    manifest = {
        "source": "autotask", "seed": cfg.seed, "tickets": cfg.tickets,
        "scenario": cfg.scenario, "as_of": fmt(t.world.as_of_ms), "data_now": fmt(t.data_now_ms),
        "zone": t.zone, "api_user": t.api_user.username,
    }  # fmt: skip
    return write_truth(folder, NAMES, lambda name: iter_truth(t, name), manifest)
