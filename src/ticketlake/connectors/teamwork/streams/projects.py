"""The streams of a Projects connection: tasks (tickets), comments (events), time logs (time
entries), people and companies, and projects and task lists as reference values."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.instants import format_floor
from ticketlake.connectors.observed import observed_changes
from ticketlake.connectors.teamwork import endpoints as ep
from ticketlake.connectors.teamwork import mapping_projects as mp
from ticketlake.connectors.teamwork.api import PAGE_SIZE, Page
from ticketlake.connectors.teamwork.chain import Chain
from ticketlake.connectors.teamwork.rows import table, tables
from ticketlake.connectors.teamwork.streams.chained import ChainedStream, Deletes, small_lists
from ticketlake.connectors.teamwork.streams.tenant import TwStream
from ticketlake.records import Batch

EVERYTHING = {
    "includeCompletedTasks": True,
    "showCompletedLists": True,
    "includeArchivedProjects": True,
}
"""Completed tasks, tasks in completed lists and archived projects are hidden unless asked
for (B4)."""


def v3_params(chain: Chain, first: bool, **extra: Any) -> dict[str, Any]:
    """A chained ask: updated at or after ``chain.after`` (``updatedAfter`` is strictly after,
    in whole seconds: one second less), in update order, the count only on the first ask."""
    params: dict[str, Any] = {
        "orderBy": "updatedAt",
        "orderMode": "asc",
        "page": chain.page,
        "pageSize": PAGE_SIZE,
        "skipCounts": not first,
        **extra,
    }
    if chain.after is not None:
        params["updatedAfter"] = format_floor(chain.after - 1)
    return params


class TasksStream(ChainedStream):
    """Every task, completed and archived ones included, as tickets of kind ``task``."""

    name = "tasks"
    tables = ("tickets", "ref_values", "ticket_events")
    template = ep.v3("tasks")

    async def ask(self, chain: Chain, first: bool, prime: bool = False) -> Page:
        """A page of tasks with their task lists and projects."""
        params = v3_params(chain, first, include="tasklists,projects", **EVERYTHING)
        return await self.api.v3("tasks", params, prime=prime)

    async def map(
        self, ctx: StreamContext, rows: list[dict[str, Any]], page: Page
    ) -> tuple[dict[str, pa.Table], Deletes]:
        """Tasks, their workflows' stages, and the status changes seen since the last sync."""
        workflows = {w for w in (mp.stage_of(t)[0] for t in rows) if w is not None}
        stage_rows = [
            s for w in sorted(workflows) for s in mp.stage_rows(await self.tenant.stages(w))
        ]
        stages = {s["id"]: (str(s["name"]), s["status_class"] == "new") for s in stage_rows}
        companies = {
            c["id"]: str(c.get("name") or "")
            for c in await self.tenant.once("v3 companies", lambda: self.api.every_v3("companies"))
        }
        tickets = table("tickets", [mp.task_row(t, page.included, stages, companies) for t in rows])
        events = await observed_changes(ctx.sink, ctx.connection, tickets)
        return tables(
            {"tickets": tickets.to_pylist(), "ref_values": stage_rows, "ticket_events": events}
        ), {}


class CommentsStream(ChainedStream):
    """Comments on tasks, as events."""

    name = "comments"
    tables = ("ticket_events",)
    template = ep.v3("comments")

    @staticmethod
    def date(record: dict[str, Any]) -> object:
        """A comment's last change: its edit, else its posting (comments have no
        ``updatedAt``)."""
        return record.get("dateLastEdited") or record.get("postedDateTime")

    async def ask(self, chain: Chain, first: bool, prime: bool = False) -> Page:
        """A page of comments (dated by their last edit, else their posting)."""
        params = v3_params(chain, first, includeArchivedProjects=True)
        return await self.api.v3("comments", params, prime=prime)

    async def map(
        self, ctx: StreamContext, rows: list[dict[str, Any]], page: Page
    ) -> tuple[dict[str, pa.Table], Deletes]:
        """Comments on tasks; deleted ones removed."""
        kept = [r for r in rows if not r.get("deleted")]
        gone = [{"id": f"comment:{r['id']}"} for r in rows if r.get("deleted")]
        events = [e for e in (mp.comment_row(r) for r in kept) if e is not None]
        return tables({"ticket_events": events}), {"ticket_events": gone} if gone else {}


class TimeStream(ChainedStream):
    """Every time log (deleted ones deleted), as time entries."""

    name = "time"
    tables = ("time_entries",)
    template = ep.v3("time")

    async def ask(self, chain: Chain, first: bool, prime: bool = False) -> Page:
        """A page of time logs, deleted ones included."""
        params = v3_params(chain, first, showDeleted=True, includeArchivedProjects=True)
        return await self.api.v3("time", params, prime=prime)

    async def map(
        self, ctx: StreamContext, rows: list[dict[str, Any]], page: Page
    ) -> tuple[dict[str, pa.Table], Deletes]:
        """Live time logs upserted, deleted ones deleted."""
        live = [mp.time_row(r) for r in rows if not r.get("deleted")]
        gone = [{"id": r["id"]} for r in rows if r.get("deleted")]
        return tables({"time_entries": live}), {"time_entries": gone} if gone else {}


class DirectoryStream(TwStream):
    """People, companies, projects and task lists, read whole each sync (small lists)."""

    name = "directory"
    tables = ("people", "accounts", "ref_values")

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """A call for each list, and one for the stages of the tasks' workflow."""
        lists = ("people", "companies", "projects", "tasklists", "workflows/{id}/stages")
        return small_lists(*(ep.v3(x) for x in lists))

    async def run(self, ctx: StreamContext) -> None:
        """One batch with all of them."""
        api = self.api
        people = await api.every_v3("people")
        companies = await self.tenant.once("v3 companies", lambda: api.every_v3("companies"))
        projects = await api.every_v3("projects", {"includeArchivedProjects": True})
        lists = await api.every_v3(
            "tasklists", {"showCompleted": True, "includeArchivedProjects": True}
        )
        refs = [mp.ref_row("project", p, is_active=p.get("status") == "active") for p in projects]
        refs += [mp.ref_row("tasklist", x) for x in lists]
        rows = tables(
            {
                "people": [mp.person_row(p) for p in people],
                "accounts": [mp.account_row(c) for c in companies],
                "ref_values": refs,
            }
        )
        await ctx.sink.write(Batch(ctx.connection, rows=dict(rows)))
        ctx.reporter.update(done=1, total=1, rows=sum(t.num_rows for t in rows.values()))
