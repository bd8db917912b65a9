"""Satisfaction survey responses, from the survey report the connection names.

TeamDynamix has no survey endpoint (reference §8); where a tenant exposes responses through a
Report Builder report, ``survey_report_id`` names it. One ``GET reports/{id}?withData=true``
per sync brings every response (a report takes no filter through the API), upserted by
response, so a sync reads them all again: one call, whatever changed.
"""

from __future__ import annotations

import asyncio

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.mapping_surveys import survey_responses
from ticketlake.connectors.teamdynamix.streams.tenant import TdxStream
from ticketlake.errors import SourceError
from ticketlake.records import Batch


class SurveysStream(TdxStream):
    """survey_responses."""

    name = "survey_responses"
    tables = ("survey_responses",)

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """One report call."""
        return [CallEstimate(f"GET {ep.REPORT}", 1, exact=True)]

    async def run(self, ctx: StreamContext) -> None:
        """Every response the report holds, in one call and one transaction."""
        report_id = self.tenant.settings.survey_report_id
        if report_id is None:  # pragma: no cover - build_streams adds the stream only with one
            return
        report = await self.api.report(report_id)
        if not isinstance(report, dict):
            raise SourceError(
                f"survey report {report_id} did not come back as a report",
                fix="check the survey report ID in the connection and that the report is "
                "shared with the service account",
            )
        table = await asyncio.to_thread(
            survey_responses, report, connection=ctx.connection, tz=self.tenant.tz
        )
        most = report.get("MaxResults")
        if isinstance(most, int) and 0 < most <= table.num_rows:
            ctx.reporter.update(
                note=f"the survey report stops at its MaxResults ({most:,} rows): raise the "
                "report's maximum in Report Builder to read every response"
            )
        await ctx.sink.write(Batch(ctx.connection, rows={"survey_responses": table}))
        ctx.reporter.update(done=1, total=1, rows=table.num_rows, remaining={})
