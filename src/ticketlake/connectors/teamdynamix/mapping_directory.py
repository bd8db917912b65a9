"""Who and what tickets refer to: people, groups and members, accounts, locations, custom
attribute definitions and the small reference lists (statuses, types, priorities ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

import pyarrow as pa

from ticketlake.connectors import columns as col
from ticketlake.connectors.rows import Row, Rows
from ticketlake.connectors.teamdynamix import mapping_columns as tdx
from ticketlake.connectors.teamdynamix.mapping_tickets import STATUS_CLASSES
from ticketlake.connectors.timestamps import timestamps

ATTRIBUTE_COMPONENTS: dict[object, str | None] = col.enum_table(
    {
        3: "issue",
        9: "ticket",
        14: "account",
        27: "asset",
        28: "vendor",
        31: "person",
        47: "service",
        63: "configuration_item",
        71: "location",
        80: "location_room",
        87: "service_offering",
    }
)
"""TDX ``CustomAttributeComponent`` -> canonical ``attribute_defs.component``."""


def people(rows: Sequence[Row] | bytes, *, connection: str) -> pa.Table:
    """Canonical ``people`` from TDX users (``User``); the id is the ``UID``."""
    src, raw = Rows(rows).fields(
        (
            "UID",
            "ReferenceID",
            "UserName",
            "FullName",
            "PrimaryEmail",
            "Title",
            "IsActive",
            "IsEmployee",
            "TypeID",
            "DefaultAccountID",
        )
    )
    return col.table(
        "people",
        {
            "connection": col.constant(connection, len(raw)),
            "id": tdx.uids(src["UID"]),
            "reference_id": col.ids(src["ReferenceID"]),
            "username": tdx.names(src["UserName"]),
            "full_name": tdx.names(src["FullName"]),
            "email": tdx.names(src["PrimaryEmail"]),
            "title": tdx.names(src["Title"]),
            "is_active": col.bools(src["IsActive"]),
            "is_employee": col.bools(src["IsEmployee"]),
            "user_type": col.ids(src["TypeID"]),
            "default_account_id": col.ids(src["DefaultAccountID"]),
            "raw": raw,
        },
    )


def groups(rows: Sequence[Row] | bytes, *, connection: str, tz: tzinfo) -> pa.Table:
    """Canonical ``groups`` from TDX groups."""
    src, raw = Rows(rows).fields(
        ("ID", "Name", "Description", "IsActive", "CreatedDate", "ModifiedDate")
    )
    return col.table(
        "groups",
        {
            "connection": col.constant(connection, len(raw)),
            "id": col.array(src["ID"], pa.int64()),
            "name": col.text(src["Name"]),
            "description": col.text(src["Description"]),
            "is_active": col.bools(src["IsActive"]),
            "created_at": timestamps(src["CreatedDate"], tz),
            "modified_at": timestamps(src["ModifiedDate"], tz),
            "raw": raw,
        },
    )


def group_members(group_id: int, members: Sequence[Row] | bytes, *, connection: str) -> pa.Table:
    """Canonical ``group_members`` of one group from its member rows (users with ``UID``)."""
    src, _ = Rows(members).fields(("UID", "IsPrimary", "IsManager"))
    return col.table(
        "group_members",
        {
            "connection": col.constant(connection, len(src["UID"])),
            "group_id": col.constant(group_id, len(src["UID"]), pa.int64()),
            "person_id": tdx.uids(src["UID"]),
            "is_primary": col.bools(src["IsPrimary"]),
            "is_manager": col.bools(src["IsManager"]),
        },
    )


def accounts(rows: Sequence[Row] | bytes, *, connection: str) -> pa.Table:
    """Canonical ``accounts`` (accounts / departments)."""
    return _named("accounts", rows, connection)


def locations(rows: Sequence[Row] | bytes, *, connection: str) -> pa.Table:
    """Canonical ``locations``."""
    return _named("locations", rows, connection)


def _named(table: str, rows: Sequence[Row] | bytes, connection: str) -> pa.Table:
    src, raw = Rows(rows).fields(("ID", "Name", "IsActive"))
    return col.table(
        table,
        {
            "connection": col.constant(connection, len(raw)),
            "id": col.array(src["ID"], pa.int64()),
            "name": col.text(src["Name"]),
            "is_active": col.bools(src["IsActive"]),
            "raw": raw,
        },
    )


def attribute_defs(
    rows: Sequence[Row] | bytes, *, connection: str, component: str = "ticket"
) -> pa.Table:
    """Canonical ``attribute_defs`` with ``choices`` as choice id (text) -> label.

    ``component`` is what the list was asked for (``componentId=9``: tickets); a row's own
    ``ComponentID``, when the API sends one, wins.
    """
    src, raw = Rows(rows).fields(("ID", "Name", "FieldType", "DataType", "Choices", "ComponentID"))
    found = col.mapped(src["ComponentID"], ATTRIBUTE_COMPONENTS).to_pylist()
    components = [c or component for c in found]
    return col.table(
        "attribute_defs",
        {
            "connection": col.constant(connection, len(raw)),
            "id": col.array(src["ID"], pa.int64()),
            "name": col.text(src["Name"]),
            "component": pa.array(components, pa.string()),
            "field_type": tdx.names(src["FieldType"]),
            "data_type": tdx.names(src["DataType"]),
            "choices": col.json_text([choice_labels(c) for c in src["Choices"]]),
            "raw": raw,
        },
    )


def choice_labels(choices: Sequence[Row] | None) -> dict[str, str]:
    """An attribute's choices as choice id (text) -> label."""
    return {str(c.get("ID")): str(c.get("Name")) for c in choices or ()}


def ref_values(kind: str, rows: Sequence[Row] | bytes, *, connection: str) -> pa.Table:
    """Canonical ``ref_values`` of one ``kind`` (status, type, priority, impact, urgency,
    source, time_type, form); ``status_class`` is filled for statuses only.
    """
    src, raw = Rows(rows).fields(("ID", "Name", "StatusClass", "Order", "IsActive"))
    classes = col.mapped(src["StatusClass"], STATUS_CLASSES if kind == "status" else {})
    return col.table(
        "ref_values",
        {
            "connection": col.constant(connection, len(raw)),
            "kind": col.constant(kind, len(raw)),
            "id": col.array(src["ID"], pa.int64()),
            "name": col.text(src["Name"]),
            "status_class": classes,
            "sort_order": col.floats(src["Order"]),
            "is_active": col.bools(src["IsActive"]),
            "raw": raw,
        },
    )
