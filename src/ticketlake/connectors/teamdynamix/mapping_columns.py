"""The values TeamDynamix sends for "not set", as column builders of the TDX mapping.

TDX marks "not set" with values rather than nulls (reference §0): ``0`` ids (the model's own
rule, ``columns.ids``), ``"None"`` or ``""`` names, the empty GUID. Every other builder is
generic (``ticketlake.connectors.columns``).
"""

from __future__ import annotations

import pyarrow as pa

from ticketlake.connectors.columns import nulled
from ticketlake.connectors.rows import Column

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
_NO_NAME = pa.array(["None", ""], pa.string())
_NO_UID = pa.array([EMPTY_GUID, ""], pa.string())


def names(values: Column) -> pa.Array:
    """Display names; ``"None"`` and ``""`` become null."""
    return nulled(values, _NO_NAME)


def uids(values: Column) -> pa.Array:
    """Person and other GUIDs; the empty GUID and ``""`` become null."""
    return nulled(values, _NO_UID)
