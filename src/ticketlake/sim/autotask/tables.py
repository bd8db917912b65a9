"""The served entities as tables: rows in ID order, the columns a filter can use, and how a
row becomes a record. Tickets and their children are regenerated per row; the small entities
are lists; TicketHistory is generated ticket by ticket."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc

from ticketlake.sim.autotask.columns import Columns, alive
from ticketlake.sim.autotask.ids import HISTORY_BASE, HISTORY_SLOTS
from ticketlake.sim.autotask.index import Rows

Record = dict[str, Any]
_CHUNK = 4096


class Table(Protocol):
    """What a query needs of an entity."""

    entity: str

    def columns(self) -> Columns:
        """Indexed columns by lower-cased field name (row-aligned)."""
        ...

    def scan(self, after: int, pre: pa.Array | None, hint: int | None) -> Iterator[int]:
        """Rows with an ID above ``after`` that exist and pass ``pre``, in ID order
        (``hint``: a ticket ID every wanted row belongs to, when the filter says so)."""
        ...

    def record(self, row: int) -> Record:
        """The record of a row."""
        ...

    def row_id(self, row: int) -> int:
        """The ID of a row."""
        ...

    def find(self, rid: int) -> int | None:
        """The row of an existing record, or None."""
        ...


class IndexedTable:
    """Rows with columns (tickets, notes, time entries, SLA results)."""

    def __init__(self, entity: str, rows: Rows, render: Callable[[int], Record]) -> None:
        self.entity, self.rows, self._render = entity, rows, render

    def columns(self) -> Columns:
        """The rows' columns and their IDs."""
        return {**self.rows.cols, "id": self.rows.id}

    def scan(self, after: int, pre: pa.Array | None, hint: int | None) -> Iterator[int]:
        """Rows above ``after``, alive and passing ``pre``."""
        start = bisect.bisect_right(self.rows.id, after)
        ok = alive(self.rows.gone)
        if pre is not None:
            ok = pc.and_(ok, pre)
        hits = pc.indices_nonzero(ok.slice(start))
        for k in range(0, len(hits), _CHUNK):
            for idx in hits.slice(k, _CHUNK).to_pylist():
                yield start + idx

    def record(self, row: int) -> Record:
        """The regenerated record."""
        return self._render(row)

    def row_id(self, row: int) -> int:
        """The row's ID."""
        return self.rows.id[row]

    def find(self, rid: int) -> int | None:
        """The row holding ``rid`` when it is not deleted."""
        row = bisect.bisect_left(self.rows.id, rid)
        if row < len(self.rows.id) and self.rows.id[row] == rid and not self.rows.gone[row]:
            return row
        return None


class ListTable:
    """A small entity kept as records (the reference entities, the deletion logs); the list is
    made once per table, that is once per request."""

    def __init__(self, entity: str, records: Callable[[], list[Record]]) -> None:
        self.entity, self._make = entity, records
        self._list: list[Record] | None = None

    @property
    def records(self) -> list[Record]:
        """The records, in ID order."""
        if self._list is None:
            self._list = self._make()
        return self._list

    def columns(self) -> Columns:
        """None: a scan renders nothing, the records are at hand."""
        return {}

    def scan(self, after: int, pre: pa.Array | None, hint: int | None) -> Iterator[int]:
        """Positions of records above ``after``."""
        ids = [r["id"] for r in self.records]
        yield from range(bisect.bisect_right(ids, after), len(ids))

    def record(self, row: int) -> Record:
        """The record at a position."""
        return self.records[row]

    def row_id(self, row: int) -> int:
        """Its ID."""
        return int(self.records[row]["id"])

    def find(self, rid: int) -> int | None:
        """The position of ``rid``."""
        return next((k for k, r in enumerate(self.records) if r["id"] == rid), None)


class HistoryTable:
    """TicketHistory: each ticket's rows generated on demand; a row is its history ID."""

    entity = "TicketHistory"

    def __init__(self, tickets: int, rows_of: Callable[[int], list[Record]],
                 ticket_of: Callable[[int], int | None],
                 extra: dict[int, int]) -> None:  # fmt: skip
        self._tickets, self._rows_of, self._ticket_of = tickets, rows_of, ticket_of
        self._extra = extra
        """History IDs of rows added after start-up -> their ticket index."""
        self._cache: dict[int, Record] = {}

    def columns(self) -> Columns:
        """None."""
        return {}

    def _load(self, i: int) -> list[Record]:
        rows = self._rows_of(i)
        self._cache = {r["id"]: r for r in rows}
        return rows

    def scan(self, after: int, pre: pa.Array | None, hint: int | None) -> Iterator[int]:
        """History IDs above ``after``, ticket by ticket (only ``hint``'s ticket if given)."""
        if hint is not None:
            i = self._ticket_of(hint)
            indexes: range | list[int] = [] if i is None else [i]
        else:
            indexes = range(max(0, (after - HISTORY_BASE) // HISTORY_SLOTS), self._tickets)
        for i in indexes:
            for r in self._load(i):
                if r["id"] > after and r["id"] < HISTORY_BASE + self._tickets * HISTORY_SLOTS:
                    yield r["id"]
        for hid in sorted(h for h, i in self._extra.items() if h > after):
            if hint is None or self._ticket_of(hint) == self._extra[hid]:
                self._load(self._extra[hid])
                yield hid

    def record(self, row: int) -> Record:
        """The row (from the ticket just generated)."""
        return self._cache[row]

    def row_id(self, row: int) -> int:
        """The row is its ID."""
        return row

    def find(self, rid: int) -> int | None:
        """The history row ``rid`` when its ticket exists."""
        i = self._extra.get(rid)
        if i is None and rid >= HISTORY_BASE:
            i = (rid - HISTORY_BASE) // HISTORY_SLOTS
        if i is None or not 0 <= i < self._tickets:
            return None
        return rid if rid in {r["id"] for r in self._load(i)} else None
