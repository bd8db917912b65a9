"""People, groups and group members.

``people/search`` with ``MaxResults`` null returns every matching user in one call (reference
§5); ``IsActive`` null keeps inactive people, whom old tickets still name. Groups come from
``groups/search`` and their members from one ``groups/{id}/members`` call per group: every group
once a day, and between those only groups new or modified (no date shows a membership change,
so a member added to an unchanged group arrives within a day). A member who left a group read
is deleted in the same transaction that writes the current members.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pyarrow as pa

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.connectors.teamdynamix.streams.tenant import TdxStream
from ticketlake.records import Batch

MEMBER_WORKERS = 8
MEMBERS_EVERY = 86400.0
"""Seconds after which every group's members are read again (a membership change moves no
date the API shows)."""
EVERYONE: dict[str, Any] = {"MaxResults": None, "IsActive": None}
"""The people search for everyone, active or not."""


class PeopleStream(TdxStream):
    """people."""

    name = "people"
    tables = ("people",)

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """One search, made now: the run gets its answer, and the people it finds size the
        reading of their custom attributes (``streams/attributes.py``)."""
        found: list[str] | None = None
        try:
            rows = await self.api.search_people(EVERYONE, prime=True)
            found = [str(r["UID"]) for r in rows if isinstance(r, dict) and r.get("UID")]
        finally:
            if not self.tenant.people_uids.done():
                self.tenant.people_uids.set_result(found)
        return [CallEstimate(f"POST {ep.PEOPLE_SEARCH}", 1, exact=True)]

    async def run(self, ctx: StreamContext) -> None:
        """Every person in one call."""
        rows = await self.api.search_people(EVERYONE)
        table = mapping.people(rows, connection=ctx.connection)
        await ctx.sink.write(Batch(ctx.connection, rows={"people": table}))
        ctx.reporter.update(done=1, total=1, rows=table.num_rows, remaining={})


ALL_GROUPS: dict[str, Any] = {"IsActive": None}
"""A GroupSearch for every group, active or not."""


class GroupsStream(TdxStream):
    """groups and group_members."""

    name = "groups"
    tables = ("groups", "group_members")

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """The search, made now (the run gets its answer), and one members call per group
        whose members are due (``_due``)."""
        groups = await self.api.search_groups(ALL_GROUPS, prime=True)
        due = self._due(ctx, groups)
        return [
            CallEstimate(f"POST {ep.GROUP_SEARCH}", 1, exact=True),
            CallEstimate(
                f"GET {ep.GROUP_MEMBERS}", len(due), exact=True, concurrency=MEMBER_WORKERS
            ),
        ]

    def _due(self, ctx: StreamContext, groups: list[Any]) -> list[int]:
        """Groups whose members to read: all of them once a day (``MEMBERS_EVERY``: no date
        tells a membership changed), else the groups new or modified since the last read."""
        cursor = (None if ctx.full else ctx.sink.cursor(self.name)) or {}
        read_at, known = cursor.get("members_at"), cursor.get("modified") or {}
        ids = _group_ids(groups)
        if read_at is None or self.tenant.server_now() - read_at >= MEMBERS_EVERY:
            return ids
        modified = _modified(groups)
        return [g for g in ids if known.get(str(g)) != modified.get(str(g))]

    async def run(self, ctx: StreamContext) -> None:
        """Groups, then the due groups' members at once; one transaction for all."""
        groups = await self.api.search_groups(ALL_GROUPS)
        ids = self._due(ctx, groups)
        whole = ids == _group_ids(groups)
        ctx.reporter.update(
            total=len(ids) + 1, done=1, remaining={f"GET {ep.GROUP_MEMBERS}": len(ids)}
        )
        members = await self._members(ctx, ids)
        tables = [
            mapping.group_members(g, [_member(r) for r in m], connection=ctx.connection)
            for g, m in members.items()
        ]
        member_table = pa.concat_tables(tables) if tables else None
        rows: dict[str, Any] = {
            "groups": mapping.groups(groups, connection=ctx.connection, tz=self.tenant.tz)
        }
        if member_table is not None:
            rows["group_members"] = member_table
        gone = await self._departed(ctx, member_table, set(ids))
        previous = (ctx.sink.cursor(self.name) or {}).get("members_at")
        cursor = {
            "members_at": self.tenant.server_now() if whole or previous is None else previous,
            "modified": _modified(groups),
        }
        await ctx.sink.write(
            Batch(
                ctx.connection,
                rows=rows,
                deletes={"group_members": gone},
                cursors={self.name: cursor},
            )
        )
        ctx.reporter.update(rows=sum(t.num_rows for t in rows.values()), remaining={})

    async def _members(self, ctx: StreamContext, ids: list[int]) -> dict[int, list[Any]]:
        found: dict[int, list[Any]] = {}
        gate = asyncio.Semaphore(MEMBER_WORKERS)

        async def one(group_id: int) -> None:
            async with gate:
                found[group_id] = await self.api.group_members(group_id)
            ctx.reporter.update(
                done=len(found) + 1, remaining={f"GET {ep.GROUP_MEMBERS}": len(ids) - len(found)}
            )

        await asyncio.gather(*(one(g) for g in ids))
        return found

    async def _departed(
        self, ctx: StreamContext, current: pa.Table | None, read: set[int]
    ) -> list[dict[str, object]]:
        """Stored members of the groups just read that are not among their members now."""
        stored = await ctx.sink.query(
            "SELECT group_id, person_id FROM group_members WHERE connection = $1", [ctx.connection]
        )
        now: set[tuple[object, object]] = set()
        if current is not None:
            now = set(
                zip(
                    current.column("group_id").to_pylist(),
                    current.column("person_id").to_pylist(),
                    strict=True,
                )
            )
        return [
            {"group_id": g, "person_id": p}
            for g, p in stored.rows
            if g in read and (g, p) not in now
        ]


def _modified(groups: list[Any]) -> dict[str, Any]:
    """Group ID (as text, a JSON key) -> its ModifiedDate as the API wrote it."""
    return {
        str(g["ID"]): g.get("ModifiedDate") for g in groups if isinstance(g, dict) and g.get("ID")
    }


def _group_ids(groups: list[Any]) -> list[int]:
    return [int(g["ID"]) for g in groups if isinstance(g, dict) and g.get("ID")]


def _member(row: dict[str, Any]) -> dict[str, Any]:
    """A ``GroupMember`` row with the flags under the names ``UserGroup`` uses.

    The member shape is UNCONFIRMED (reference §5): ``UserGroup`` (a person's groups) says
    ``IsPrimary``/``IsManager``; a ``GroupMember`` may say ``IsPrimaryGroup``/``IsGroupManager``.
    """
    if "IsPrimary" not in row and "IsPrimaryGroup" in row:
        row = row | {"IsPrimary": row["IsPrimaryGroup"]}
    if "IsManager" not in row and "IsGroupManager" in row:
        row = row | {"IsManager": row["IsGroupManager"]}
    return row
