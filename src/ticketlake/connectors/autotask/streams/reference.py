"""Reference data, read whole every sync (no modified date: reference A5): picklists to
``ref_values`` (statuses with their class), the queues to ``groups``, roles, departments and
ticket categories to ``ref_values``, UDF definitions to ``attribute_defs``; and the SLA
dimension (``slas``: the SLA picklist with the tickets stored under each).

The picklists come from ``entityInformation/fields`` of each entity (values are strings there,
A7), one call per entity and run, shared with the streams that label records.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pyarrow as pa

from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask import mapping_directory as mapping
from ticketlake.connectors.autotask.picklists import by_field
from ticketlake.connectors.autotask.streams.tenant import AtStream, after
from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.records import Batch

PICKLISTS: dict[tuple[str, str], str] = {
    (ep.TICKETS, "status"): "status",
    (ep.TICKETS, "priority"): "priority",
    (ep.TICKETS, "source"): "source",
    (ep.TICKETS, "issueType"): "type",
    (ep.TICKETS, "subIssueType"): "sub_type",
    (ep.TICKETS, "ticketType"): "ticket_type",
    (ep.TICKETS, "queueID"): "queue",
    (ep.TICKETS, "serviceLevelAgreementID"): "sla",
    (ep.NOTES, "noteType"): "note_type",
    (ep.NOTES, "publish"): "publish",
    (ep.TIME, "timeEntryType"): "time_type",
    (ep.RESOURCES, "licenseType"): "license_type",
    (ep.RESOURCES, "userType"): "security_level",
    (ep.COMPANIES, "companyType"): "company_type",
}
"""(entity, picklist field) -> the ``ref_values`` kind its values are stored as."""
RECORDS = {ep.ROLES: ("role", "name"), ep.DEPARTMENTS: ("department", "name"),
           ep.CATEGORIES: ("category", "name")}  # fmt: skip
"""Small entities stored as ``ref_values``: entity -> (kind, the field naming a record)."""
UDF_COMPONENTS = {ep.TICKETS: "ticket", ep.COMPANIES: "account", ep.CONTACTS: "person"}
"""Entities whose UDF definitions are stored -> ``attribute_defs.component``."""
FIELD_ENTITIES = tuple(dict.fromkeys(entity for entity, _ in PICKLISTS))


class ReferenceStream(AtStream):
    """ref_values, groups (queues), attribute_defs."""

    name = "reference"
    tables = ("ref_values", "groups", "attribute_defs")

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """One call per entity's fields, per UDF list, per small entity."""
        return [
            *(CallEstimate(ep.key("GET", ep.fields(e)), 1, exact=True) for e in FIELD_ENTITIES),
            *(CallEstimate(ep.key("GET", ep.udfs(e)), 1, exact=True) for e in UDF_COMPONENTS),
            *(CallEstimate(ep.key("POST", ep.query(e)), 1, exact=True) for e in RECORDS),
        ]

    async def run(self, ctx: StreamContext) -> None:
        """Read every list at once and commit them together."""
        conn = ctx.connection
        fields, udfs, records = await asyncio.gather(
            asyncio.gather(*(self.api.fields(e) for e in FIELD_ENTITIES)),
            asyncio.gather(*(self.api.udfs(e) for e in UDF_COMPONENTS)),
            asyncio.gather(*(self.tenant.small(e) for e in RECORDS)),
        )
        picks = {e: by_field(f) for e, f in zip(FIELD_ENTITIES, fields, strict=True)}
        refs = [
            mapping.ref_values(kind, picks[entity].get(field, []), connection=conn)
            for (entity, field), kind in PICKLISTS.items()
        ]
        for (kind, named), listed in zip(RECORDS.values(), records, strict=True):
            values = mapping.records_as_choices(listed, named)
            refs.append(mapping.ref_values(kind, values, connection=conn))
        defs = [
            mapping.attribute_defs(u, connection=conn, component=component)
            for u, component in zip(udfs, UDF_COMPONENTS.values(), strict=True)
        ]
        queues = picks[ep.TICKETS].get("queueID", [])
        rows: dict[str, Any] = {
            "ref_values": pa.concat_tables(refs),
            "groups": mapping.groups(queues, connection=conn),
            "attribute_defs": pa.concat_tables(defs),
        }
        await ctx.sink.write(Batch(conn, rows=rows))
        ctx.reporter.update(done=1, total=1, rows=sum(t.num_rows for t in rows.values()),
                            remaining={})  # fmt: skip


SLA_COUNTS = """
SELECT sla_id, count(*) FROM tickets
WHERE connection = $1 AND deleted_at IS NULL AND sla_id IS NOT NULL GROUP BY sla_id
"""


class SlasStream(AtStream):
    """slas: the SLA picklist, with how many stored tickets each covers."""

    name = "slas"
    tables = ("slas",)

    async def run(self, ctx: StreamContext) -> None:
        """Once the tickets are stored: each SLA and its tickets."""
        await after(ctx, "tickets", "deletions")
        names = (await self.tenant.labels(ep.TICKETS)).get("serviceLevelAgreementID", {})
        counts = dict((await ctx.sink.query(SLA_COUNTS, [ctx.connection])).rows)
        ids = sorted(set(names) | set(counts))
        table = pa.table(
            {
                "connection": [ctx.connection] * len(ids),
                "id": pa.array(ids, pa.int64()),
                "name": pa.array([names.get(i) for i in ids], pa.string()),
                "ticket_count": pa.array([int(counts.get(i, 0)) for i in ids], pa.int64()),
            }
        )
        await ctx.sink.write(Batch(ctx.connection, rows={"slas": table}))
        ctx.reporter.update(done=1, total=1, rows=table.num_rows, remaining={})
