"""Autotask resources, contacts and companies to ``people`` and ``accounts``; picklists, queues,
roles, departments, ticket categories and UDF definitions to the reference tables.

People keep the source's two kinds apart: a resource (a technician, an API user) is
``resource:ID``, a contact (a customer's person, who raises tickets) ``contact:ID``, and
``people.kind`` says which; ``reference_id`` is the Autotask ID. The queues are the groups
tickets are assigned to (the ticket's ``queueID`` picklist); roles and departments have no
ticket of their own to belong to and land in ``ref_values`` (kinds ``role``, ``department``).
UDF definitions have no ID in Autotask: ``attribute_defs.id`` is a stable digest of the
component and the name.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc

from ticketlake.connectors import columns as col
from ticketlake.connectors.autotask.mapping_tickets import (
    CONTACT,
    RESOURCE,
    company_ids,
    person_ids,
)
from ticketlake.connectors.autotask.picklists import Choice, choices, status_class, udf_values
from ticketlake.connectors.rows import JsonObject, Row, Rows

_RESOURCE_FIELDS = ("id", "userName", "firstName", "lastName", "email", "title", "isActive",
                    "resourceType", "userType", "userDefinedFields")  # fmt: skip
_CONTACT_FIELDS = ("id", "firstName", "lastName", "emailAddress", "title", "isActive",
                   "companyID", "userDefinedFields")  # fmt: skip
_COMPANY_FIELDS = ("id", "companyName", "isActive", "userDefinedFields")


def _names(first: list[object], last: list[object]) -> pa.Array:
    joined = [
        " ".join(str(p) for p in (f, s) if p) or None for f, s in zip(first, last, strict=True)
    ]
    return pa.array(joined, pa.string())


def _attributes(values: list[object], udfs: Mapping[str, Mapping[str, str]]) -> pa.Array:
    return col.json_text([udf_values(u, udfs) or {} for u in values])


def resources(
    rows: Sequence[Row] | Sequence[JsonObject],
    *,
    connection: str,
    read_at: datetime,
) -> pa.Table:
    """Resources as people of kind ``resource``."""
    found, raw = Rows(rows).fields(_RESOURCE_FIELDS)
    n = len(raw)
    return col.table(
        "people",
        {
            "connection": col.constant(connection, n),
            "id": person_ids(found["id"], RESOURCE),
            "kind": col.constant("resource", n),
            "reference_id": col.ids(found["id"]),
            "username": col.text(found["userName"]),
            "full_name": _names(found["firstName"], found["lastName"]),
            "email": col.text(found["email"]),
            "title": col.text(found["title"]),
            "is_active": col.bools(found["isActive"]),
            "is_employee": pc.equal(col.text(found["resourceType"]), "Employee"),
            "user_type": col.ids(found["userType"]),
            "attributes": _attributes(found["userDefinedFields"], {}),
            "attributes_at": col.constant(read_at, n, pa.timestamp("us", tz="UTC")),
            "raw": raw,
        },
    )


def contacts(
    rows: Sequence[Row] | Sequence[JsonObject],
    *,
    connection: str,
    udfs: Mapping[str, Mapping[str, str]],
    read_at: datetime,
) -> pa.Table:
    """Contacts as people of kind ``contact`` (``isActive`` is 1 or 0 for contacts)."""
    found, raw = Rows(rows).fields(_CONTACT_FIELDS)
    n = len(raw)
    active = col.ids(found["isActive"])
    return col.table(
        "people",
        {
            "connection": col.constant(connection, n),
            "id": person_ids(found["id"], CONTACT),
            "kind": col.constant("contact", n),
            "reference_id": col.ids(found["id"]),
            "full_name": _names(found["firstName"], found["lastName"]),
            "email": col.text(found["emailAddress"]),
            "title": col.text(found["title"]),
            "is_active": pc.fill_null(pc.equal(active, 1), False),
            "is_employee": col.constant(False, n, pa.bool_()),
            "default_account_id": company_ids(found["companyID"]),
            "attributes": _attributes(found["userDefinedFields"], udfs),
            "attributes_at": col.constant(read_at, n, pa.timestamp("us", tz="UTC")),
            "raw": raw,
        },
    )


def accounts(
    rows: Sequence[Row] | Sequence[JsonObject],
    *,
    connection: str,
    udfs: Mapping[str, Mapping[str, str]],
    read_at: datetime,
) -> pa.Table:
    """Companies as accounts."""
    found, raw = Rows(rows).fields(_COMPANY_FIELDS)
    n = len(raw)
    return col.table(
        "accounts",
        {
            "connection": col.constant(connection, n),
            "id": company_ids(found["id"]),
            "name": col.text(found["companyName"]),
            "is_active": col.bools(found["isActive"]),
            "attributes": _attributes(found["userDefinedFields"], udfs),
            "attributes_at": col.constant(read_at, n, pa.timestamp("us", tz="UTC")),
            "raw": raw,
        },
    )


def ref_values(kind: str, values: Iterable[Choice], *, connection: str) -> pa.Table:
    """Picklist values as ``ref_values`` of ``kind`` (statuses with their class)."""
    listed = list(values)
    n = len(listed)
    classes = [status_class(c.value, c.label) if kind == "status" else None for c in listed]
    return col.table(
        "ref_values",
        {
            "connection": col.constant(connection, n),
            "kind": col.constant(kind, n),
            "id": pa.array([c.value for c in listed], pa.int64()),
            "name": pa.array([c.label for c in listed], pa.string()),
            "status_class": pa.array(classes, pa.string()),
            "sort_order": pa.array([c.sort_order for c in listed], pa.float64()),
            "is_active": pa.array([c.active for c in listed], pa.bool_()),
            "raw": col.json_text([dict(c.raw) for c in listed]),
        },
    )


def records_as_choices(rows: Sequence[Mapping[str, object]], name: str) -> list[Choice]:
    """Records of a small entity (roles, departments, categories) as picklist-like values."""
    found = []
    for r in rows:
        rid = r.get("id")
        if isinstance(rid, int) and not isinstance(rid, bool):
            active = r.get("isActive")
            found.append(
                Choice(rid, str(r.get(name) or ""), None,
                       active if isinstance(active, bool) else None, None, r)
            )  # fmt: skip
    return found


def groups(queues: Iterable[Choice], *, connection: str) -> pa.Table:
    """The ticket queues as groups."""
    listed = list(queues)
    n = len(listed)
    return col.table(
        "groups",
        {
            "connection": col.constant(connection, n),
            "id": pa.array([c.value for c in listed], pa.int64()),
            "name": pa.array([c.label for c in listed], pa.string()),
            "is_active": pa.array([c.active for c in listed], pa.bool_()),
            "raw": col.json_text([dict(c.raw) for c in listed]),
        },
    )


def definition_id(component: str, name: str) -> int:
    """A UDF definition's stable id (Autotask gives UDFs none): a digest of where and what."""
    return zlib.crc32(f"{component}:{name}".encode())


def attribute_defs(
    udfs: Sequence[Mapping[str, object]], *, connection: str, component: str
) -> pa.Table:
    """UDF definitions of one entity as ``attribute_defs`` (choices: value -> label)."""
    n = len(udfs)
    return col.table(
        "attribute_defs",
        {
            "connection": col.constant(connection, n),
            "id": pa.array(
                [definition_id(component, str(u.get("name"))) for u in udfs], pa.int64()
            ),
            "name": pa.array([str(u.get("name")) for u in udfs], pa.string()),
            "component": col.constant(component, n),
            "field_type": pa.array(
                ["picklist" if u.get("isPickList") else "text" for u in udfs], pa.string()
            ),
            "data_type": col.text([u.get("type") for u in udfs]),
            "choices": col.json_text([{str(c.value): c.label for c in choices(u)} for u in udfs]),
            "raw": col.json_text(list(udfs)),
        },
    )


def choice_list(fields: Iterable[Mapping[str, object]], name: str) -> list[Choice]:
    """The picklist values of the field called ``name`` (none when absent)."""
    return next((choices(f) for f in fields if f.get("name") == name), [])
