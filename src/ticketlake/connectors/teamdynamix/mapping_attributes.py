"""Custom attribute values of people, accounts and locations, as partial rows of their tables.

Values become the same ``attributes`` object a ticket has: attribute name -> display value
(``ValueText``, else ``Value``; choice ids shown as their labels). Only the key,
``attributes`` and ``attributes_at`` are written: the people and reference streams own the
other columns, so the two never overwrite each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pyarrow as pa

from ticketlake.connectors import columns as col
from ticketlake.connectors.rows import Row
from ticketlake.connectors.teamdynamix.mapping_tickets import attribute_values
from ticketlake.records import arrow_type


def object_attributes(
    table: str,
    ids: Sequence[object],
    attributes: Sequence[Sequence[Row] | None],
    *,
    connection: str,
    read_at: datetime,
) -> pa.Table:
    """Rows of ``table`` (people, accounts, locations): each object's ``id`` with its
    ``Attributes[]`` as name -> display value, read at ``read_at``."""
    kind = arrow_type(table, "id")
    return col.table(
        table,
        {
            "connection": col.constant(connection, len(ids)),
            "id": col.array(list(ids), kind),
            "attributes": col.json_text([attribute_values(a) for a in attributes]),
            "attributes_at": pa.array([read_at] * len(ids), pa.timestamp("us", tz="UTC")),
        },
    )
