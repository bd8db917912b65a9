"""Small lists: statuses, types, priorities, impacts, urgencies, sources, forms, time types,
custom attribute definitions (with choice labels) of tickets, people, accounts and locations,
accounts and locations. One call each; they have no modified-date filter, so every sync reads
them again (that is the call needed to learn they did not change). The values of the people's,
accounts' and locations' attributes are the attributes stream's (``attributes.py``)."""

from __future__ import annotations

import asyncio

import pyarrow as pa

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.connectors.teamdynamix.components import OBJECTS, TICKET
from ticketlake.connectors.teamdynamix.streams.tenant import REF_LISTS, TdxStream
from ticketlake.records import Batch


class ReferenceStream(TdxStream):
    """ref_values, attribute_defs, accounts, locations."""

    name = "reference"
    tables = ("ref_values", "attribute_defs", "accounts", "locations")

    def _templates(self) -> list[str]:
        lists = [*list(REF_LISTS.values()), ep.ACCOUNTS, ep.LOCATIONS]
        return lists + ([ep.TIME_TYPES] if self.tenant.settings.time_entries else [])

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """One call per list, and per component's attribute definitions."""
        lists = [CallEstimate(f"GET {t}", 1, exact=True) for t in self._templates()]
        defs = CallEstimate(f"GET {ep.CUSTOM_ATTRIBUTES}", len(COMPONENTS), exact=True)
        return [*lists, defs]

    async def run(self, ctx: StreamContext) -> None:
        """Read every list at once and commit them together."""
        t, conn = self.tenant, ctx.connection
        kinds = list(REF_LISTS)
        lists = await asyncio.gather(*(t.ref_list(k) for k in kinds))
        refs = [
            mapping.ref_values(k, rows, connection=conn)
            for k, rows in zip(kinds, lists, strict=True)
        ]
        if t.settings.time_entries:
            refs.append(
                mapping.ref_values(
                    "time_type", await self.api.small_list(ep.TIME_TYPES), connection=conn
                )
            )
        defs, accounts, locations = await asyncio.gather(
            self._definitions(conn),
            self.api.small_list(ep.ACCOUNTS),
            self.api.small_list(ep.LOCATIONS),
        )
        rows: dict[str, pa.Table] = {
            "ref_values": pa.concat_tables(refs),
            "attribute_defs": defs,
            "accounts": mapping.accounts(accounts, connection=conn),
            "locations": mapping.locations(locations, connection=conn),
        }
        await ctx.sink.write(Batch(conn, rows=dict(rows)))
        ctx.reporter.update(
            done=1, total=1, rows=sum(r.num_rows for r in rows.values()), remaining={}
        )

    async def _definitions(self, connection: str) -> pa.Table:
        """Every component's attribute definitions, each row saying its component."""
        lists = await asyncio.gather(*(self.tenant.definitions(c) for c in COMPONENTS.values()))
        return pa.concat_tables(
            mapping.attribute_defs(rows, connection=connection, component=kind)
            for kind, rows in zip(COMPONENTS, lists, strict=True)
        )


COMPONENTS: dict[str, int] = {"ticket": TICKET} | {c.kind: c.id for c in OBJECTS}
"""attribute_defs.component -> the TDX component whose definitions the stream reads."""
