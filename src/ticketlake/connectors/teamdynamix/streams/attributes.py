"""Custom attributes of people, accounts and locations: one call per object read, and only the
objects that need it (``components.py`` says why no list brings them).

For each component:

- its definitions: one ``GET attributes/custom`` (shared with the reference stream, which
  stores them in ``attribute_defs``). A component that defines none costs no other call: its
  objects are stamped with no attributes;
- the objects due: never read (``attributes_at`` NULL), and accounts and locations whose
  ``ModifiedDate`` is later than their last read. People carry no modified date (reference
  §5), so a person is read once, and again only with ``--full`` or when the definitions change;
- one GET per object due, a few workers per endpoint (its budget paces them), each batch
  committed as it comes: an interrupted sync resumes with the objects still unread.

The definitions read are kept in the cursor. When they change, or with ``--full``, the stamps of
the component's objects are cleared in the same transaction that saves the new cursor, so every
object is read again even across an interruption. The objects come from this run's people search
and account and location lists, whose answers the people and reference streams share, so reading
starts at once (a person's attributes may land before the rest of their row); a run without
those streams reads the objects the store holds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.instants import parse_instant
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.components import OBJECTS, PERSON, Component
from ticketlake.connectors.teamdynamix.mapping_attributes import object_attributes
from ticketlake.connectors.teamdynamix.streams.refusals import Refusals
from ticketlake.connectors.teamdynamix.streams.tenant import TdxStream, TdxTenant
from ticketlake.connectors.together import together
from ticketlake.errors import AuthError, NotFound, PermissionDenied
from ticketlake.records import Batch

WORKERS = 12
"""Reads in flight per component: as many as the other per-ticket walks keep, so that a
second of answer time still leaves the 60-a-minute budget the pace (6 did not, at a
simulator's 20x time scale on a busy machine: 0.85x the ETA on 16,735 people)."""
FLUSH = 50
LISTS = {"account": ep.ACCOUNTS, "location": ep.LOCATIONS}

Known = tuple[object, float | None, float | None]
"""An object as the due test sees it: (id, its ModifiedDate, when its attributes were read)."""


@dataclass(frozen=True)
class Work:
    """What a run reads."""

    defined: dict[str, list[int]]
    """Definition ids per component kind."""
    again: set[str]
    """Components whose objects are all read again (their earlier reads forgotten first)."""
    due: dict[Component, list[object]]
    """The ids to read per component."""

    @property
    def cursor(self) -> dict[str, Any]:
        """The stream's cursor once these are read."""
        return {"definitions": self.defined}


def due(objects: Sequence[Known], *, again: bool) -> list[object]:
    """The ids to read: all with ``again``; else the never read and the modified since."""
    return [
        key
        for key, modified, read in objects
        if again or read is None or (modified is not None and modified > read)
    ]


class AttributesStream(TdxStream):
    """people, accounts and locations: attributes, attributes_at."""

    name = "attributes"
    tables = ("people", "accounts", "locations")

    def __init__(self, tenant: TdxTenant) -> None:
        super().__init__(tenant)
        self._planned: Work | None = None
        self._left: dict[str, int] = {}
        """Calls still to make per endpoint."""
        self._total = 0

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """One GET per object due; the run reads exactly these (no store query in between:
        the store is busy with the other streams' first batches then)."""
        self._planned = await self._work(ctx)
        return [
            CallEstimate(c.key, len(ids), exact=True, concurrency=WORKERS)
            for c, ids in self._planned.due.items()
            if ids and self._planned.defined[c.kind]
        ]

    async def run(self, ctx: StreamContext) -> None:
        """Clear what must be read again, then read every component's objects due at once."""
        work = self._planned or await self._work(ctx)
        if work.again:
            await self._restart(ctx, work)
        self._left = {c.key: len(ids) for c, ids in work.due.items() if work.defined[c.kind]}
        self._total = sum(self._left.values())
        ctx.reporter.update(total=self._total, done=0, remaining=dict(self._left))
        refusals = await together(
            *(self._read(ctx, c, ids, bool(work.defined[c.kind])) for c, ids in work.due.items())
        )
        if ctx.sink.cursor(self.name) is None and not work.again:
            await ctx.sink.write(Batch(ctx.connection, cursors={self.name: work.cursor}))
        notes = [r.note for r in refusals if r.note]
        ctx.reporter.update(remaining={}, note="; ".join(notes) if notes else None)

    async def _work(self, ctx: StreamContext) -> Work:
        # The store first: it is idle while the streams estimate, busy with their batches after.
        found = await asyncio.gather(*(self._stored(ctx, c) for c in OBJECTS))
        stored = dict(zip(OBJECTS, found, strict=True))
        defined, again = await self._definitions(ctx)
        known = {c: await self._known(ctx, c, stored[c]) for c in OBJECTS}
        return Work(defined, again, {c: due(k, again=c.kind in again) for c, k in known.items()})

    # What to read ------------------------------------------------------------------------
    async def _definitions(self, ctx: StreamContext) -> tuple[dict[str, list[int]], set[str]]:
        """Definition ids per component, and the components whose objects are all due again
        (``--full``, or definitions other than the cursor remembers)."""
        lists = await asyncio.gather(*(self.tenant.definitions(c.id) for c in OBJECTS))
        defined = {
            c.kind: sorted(int(d["ID"]) for d in rows if isinstance(d, dict) and d.get("ID"))
            for c, rows in zip(OBJECTS, lists, strict=True)
        }
        before = (ctx.sink.cursor(self.name) or {}).get("definitions")
        if ctx.full:
            return defined, {c.kind for c in OBJECTS}
        if not isinstance(before, dict):
            return defined, set()  # nothing was read with other definitions
        return defined, {c.kind for c in OBJECTS if before.get(c.kind) != defined[c.kind]}

    async def _known(self, ctx: StreamContext, c: Component, stored: list[Known]) -> list[Known]:
        """The component's objects as this run's people search or list finds them (answers
        shared with the stream that stores them, so reading need not wait for it), else as the
        store holds them (``stored``); each with its last read, from the store."""
        listed = await self._listed(ctx, c, {key: at for key, _, at in stored})
        return stored if listed is None else listed

    async def _listed(
        self, ctx: StreamContext, c: Component, read: dict[object, float | None]
    ) -> list[Known] | None:
        """The objects the owner stream brings in this run, or None when it is not in it (or
        its people search failed)."""
        if c.owner not in ctx.streams:
            return None
        if c.id == PERSON:
            uids = await self.tenant.people_uids
            return None if uids is None else [(u, None, read.get(u)) for u in uids]
        rows = await self.api.small_list(LISTS[c.kind])
        tz = self.tenant.tz
        return [
            (r["ID"], parse_instant(r.get("ModifiedDate"), tz), read.get(r["ID"]))
            for r in rows
            if isinstance(r, dict) and r.get("ID")
        ]

    async def _stored(self, ctx: StreamContext, c: Component) -> list[Known]:
        """The component's objects in the store, with their modified date and last read."""
        modified = "raw" if c.id != PERSON else "NULL"
        found = await ctx.sink.query(
            f"SELECT id, {modified}, attributes_at FROM {c.table} WHERE connection = $1",
            [ctx.connection],
        )
        tz = self.tenant.tz
        return [(key, _modified(raw, tz), _epoch(at)) for key, raw, at in found.rows]

    async def _restart(self, ctx: StreamContext, work: Work) -> None:
        """Forget the reads of the components due again, and save the definitions, at once."""
        rows: dict[str, Any] = {}
        for c in OBJECTS:
            if c.kind in work.again:
                read = [key for key, _, at in await self._stored(ctx, c) if at is not None]
                if read:
                    rows[c.table] = [{"id": key, "attributes_at": None} for key in read]
        cursor = {self.name: work.cursor}
        await ctx.sink.write(Batch(ctx.connection, rows=rows, cursors=cursor))

    # Reading -----------------------------------------------------------------------------
    async def _read(
        self, ctx: StreamContext, c: Component, ids: list[object], defined: bool
    ) -> Refusals:
        """Read each object's attributes (or, none being defined, stamp them all at once)."""
        refusals = Refusals("their custom attributes were not read", c.plural)
        if not defined:
            await self._write(ctx, c, ids, [[] for _ in ids])
            return refusals
        queue: asyncio.Queue[object] = asyncio.Queue()
        for key in ids:
            queue.put_nowait(key)
        batch: list[tuple[object, Any]] = []
        unread: list[object] = []
        fetch = self._reader(c)

        async def worker() -> None:
            while not queue.empty():
                key = queue.get_nowait()
                try:
                    found = await fetch(key)
                except NotFound:
                    unread.append(key)  # gone since it was listed
                except (PermissionDenied, AuthError) as exc:
                    refusals.refuse(exc)
                    unread.append(key)
                else:
                    refusals.ok()
                    attributes = found.get("Attributes") if isinstance(found, dict) else None
                    batch.append((key, attributes))
                if len(batch) + len(unread) >= FLUSH:
                    await self._flush(ctx, c, batch, unread)

        await together(*(worker() for _ in range(min(WORKERS, len(ids)))))
        await self._flush(ctx, c, batch, unread)
        return refusals

    def _reader(self, c: Component) -> Callable[[Any], Awaitable[Any]]:
        readers: dict[str, Callable[[Any], Awaitable[Any]]] = {
            "person": self.api.person,
            "account": self.api.account,
            "location": self.api.location,
        }
        return readers[c.kind]

    async def _flush(
        self,
        ctx: StreamContext,
        c: Component,
        batch: list[tuple[object, Any]],
        unread: list[object],
    ) -> None:
        """Write what the workers read, and stamp the objects that could not be read (not
        asked again until they change, or ``--full``); the lists are emptied first."""
        taken, missed = batch[:], unread[:]
        batch.clear()
        unread.clear()
        if taken:
            await self._write(ctx, c, [k for k, _ in taken], [a for _, a in taken])
        if missed:
            stamp = self._now()
            rows = [{"id": key, "attributes_at": stamp} for key in missed]
            await ctx.sink.write(Batch(ctx.connection, rows={c.table: rows}))
            self._progress(ctx, c, len(missed), 0)

    async def _write(
        self, ctx: StreamContext, c: Component, ids: list[object], attributes: list[Any]
    ) -> None:
        table = object_attributes(
            c.table, ids, attributes, connection=ctx.connection, read_at=self._now()
        )
        await ctx.sink.write(Batch(ctx.connection, rows={c.table: table}))
        self._progress(ctx, c, len(ids), len(ids))

    def _now(self) -> datetime:
        """The server's clock: ``attributes_at`` is compared with its ``ModifiedDate``."""
        return datetime.fromtimestamp(self.tenant.server_now(), UTC)

    def _progress(self, ctx: StreamContext, c: Component, objects: int, rows: int) -> None:
        if c.key in self._left:
            self._left[c.key] = max(0, self._left[c.key] - objects)
        done = self._total - sum(self._left.values())
        ctx.reporter.update(done=done, rows=rows, remaining=dict(self._left))


def _modified(raw: object, tz: Any) -> float | None:
    """An account's or location's ``ModifiedDate`` from its stored ``raw`` JSON."""
    if not isinstance(raw, str | bytes):
        return None
    try:
        found = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return parse_instant(found.get("ModifiedDate"), tz) if isinstance(found, dict) else None


def _epoch(value: object) -> float | None:
    return value.timestamp() if isinstance(value, datetime) else None
