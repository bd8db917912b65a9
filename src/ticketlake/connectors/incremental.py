"""Incremental reads by a date the source stamps on what changes: the overlap-and-dedupe rule.

Every connector reads what changed since its last pass the same way (TeamDynamix tickets by
``ModifiedDate``, time entries by ``CreatedDate`` and ``StatusDate``; Autotask entities by
``lastActivityDate`` or ``lastModifiedDateTime``, reference A5):

- the next pass starts at the newest date the last pass *read* (``newest``): a date on the
  server's clock, never ours, so a server whose clock runs behind loses nothing;
- it re-reads an overlap below that date (``floor``): edits committed out of date order, and
  dates a zone misreading shifted;
- a row is known by its id *and* its date (``identities``): what the overlap, or two windows
  meeting at an edge, brings twice is the same row and is dropped, while an edit in between
  makes a new one. What is written twice anyway is upserted on its key, so nothing doubles.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from ticketlake.connectors.rows import JsonObject, Row, Rows

KeysOf = Callable[[Sequence[Row] | Sequence[JsonObject]], list[Hashable]]
"""The identity of each of a batch of source rows."""


def floor(since: float | None, overlap: float) -> float | None:
    """Where a pass starts reading (epoch seconds): ``overlap`` seconds below the last pass's
    ``since``; ``None`` for a first pass, which reads everything."""
    return None if since is None else since - overlap


def newest(known: float | None, table: pa.Table, column: str = "modified_at") -> float | None:
    """The later of ``known`` and the newest ``column`` among the mapped rows of ``table``
    (epoch seconds): the next pass's ``since`` once these rows are committed."""
    found = pc.max(table.column(column)).as_py() if table.num_rows else None
    seen = None if found is None else found.timestamp()
    return max((t for t in (known, seen) if t is not None), default=None)


def identities(id_field: str, date_field: str) -> KeysOf:
    """Source rows' identities as (id, date) pairs, read from parsed rows or their JSON text."""

    def keys(rows: Sequence[Row] | Sequence[JsonObject]) -> list[Hashable]:
        found = Rows(rows).values((id_field, date_field))
        return list(zip(found[id_field], found[date_field], strict=True))

    return keys
