"""Small lists: statuses, types, priorities, impacts, urgencies, sources, forms, time types,
custom attribute definitions (with choice labels), accounts and locations. One call each; they
have no modified-date filter, so every sync reads them again (that is the call needed to learn
they did not change)."""

from __future__ import annotations

import asyncio

import pyarrow as pa

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.connectors.teamdynamix.streams.tenant import REF_LISTS, TdxStream
from ticketlake.store.base import Batch


class ReferenceStream(TdxStream):
    """ref_values, attribute_defs, accounts, locations."""

    name = "reference"
    tables = ("ref_values", "attribute_defs", "accounts", "locations")

    def _templates(self) -> list[str]:
        lists = [*list(REF_LISTS.values()), ep.CUSTOM_ATTRIBUTES, ep.ACCOUNTS, ep.LOCATIONS]
        return lists + ([ep.TIME_TYPES] if self.tenant.settings.time_entries else [])

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """One call per list."""
        return [CallEstimate(f"GET {t}", 1, exact=True) for t in self._templates()]

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
            t.attribute_defs(), self.api.small_list(ep.ACCOUNTS), self.api.small_list(ep.LOCATIONS)
        )
        rows: dict[str, pa.Table] = {
            "ref_values": pa.concat_tables(refs),
            "attribute_defs": mapping.attribute_defs(defs, connection=conn),
            "accounts": mapping.accounts(accounts, connection=conn),
            "locations": mapping.locations(locations, connection=conn),
        }
        await ctx.sink.write(Batch(conn, rows=dict(rows)))
        ctx.reporter.update(
            done=1, total=1, rows=sum(r.num_rows for r in rows.values()), remaining={}
        )
