"""Autotask tickets to the canonical ``tickets`` table.

Picklist values become their labels (reference A7: the labels are the tenant's, read from
``entityInformation/fields``); the queue is the responsible group, the company the account,
the contact the requester and the assigned resource the responsible person (people ids say
which: ``contact:ID``, ``resource:ID``); the status class is read from the status picklist
(``picklists.status_class``); the SLA fields are the ticket's own (first response and
resolution due dates, "has been met"); UDFs are the attributes (picklist UDFs by label).
``modified_at`` is ``lastActivityDate``, the field incremental reads steer by (A5). Times are UTC
(A10).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC

import pyarrow as pa
import pyarrow.compute as pc

from ticketlake.connectors import columns as col
from ticketlake.connectors.autotask.picklists import udf_values
from ticketlake.connectors.rows import Column, JsonObject, Row, Rows
from ticketlake.connectors.timestamps import timestamps

RESOURCE, CONTACT = "resource:", "contact:"
"""How people ids say what a person is (resources and contacts have separate id series)."""

KIND_WORDS = (
    ("service request", "service_request"),
    ("incident", "incident"),
    ("problem", "problem"),
    ("change", "change"),
    ("alert", "alert"),
)
"""A ticket type's label -> the canonical ``kind`` (Autotask's ticket types, A7)."""

_LABELLED = (  # canonical id column, canonical name column, Autotask field
    ("type_id", "type", "issueType"),
    ("status_id", "status", "status"),
    ("priority_id", "priority", "priority"),
    ("source_id", "source", "source"),
    ("responsible_group_id", "responsible_group", "queueID"),
    ("sla_id", "sla", "serviceLevelAgreementID"),
)
_INSTANTS = (
    ("created_at", "createDate"),
    ("modified_at", "lastActivityDate"),
    ("responded_at", "firstResponseDateTime"),
    ("completed_at", "completedDate"),
    ("respond_by", "firstResponseDueDateTime"),
    ("resolve_by", "resolvedDueDateTime"),
)
_FIELDS = (
    "id", "ticketNumber", "title", "description", "ticketType", "ticketCategory", "companyID",
    "companyLocationID", "contactID", "assignedResourceID", "resolvedDateTime",
    "serviceLevelAgreementHasBeenMet", "userDefinedFields",
    *(f for _, _, f in _LABELLED), *(f for _, f in _INSTANTS),
)  # fmt: skip


@dataclass(frozen=True)
class Lookups:
    """What ticket records carry only as values: picklist labels, status classes, company
    names, picklist UDFs' labels."""

    labels: Mapping[str, Mapping[int, str]] = field(default_factory=dict)
    """Tickets field -> value -> label (``entityInformation/fields``)."""
    classes: Mapping[int, str] = field(default_factory=dict)
    """status value -> canonical status class."""
    companies: Mapping[int, str] = field(default_factory=dict)
    udfs: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def person_ids(values: Column, prefix: str) -> pa.Array:
    """Resource or contact ids as people ids (``resource:29682885``); none stays null."""
    ids = col.ids(values)
    return pc.binary_join_element_wise(pa.scalar(prefix), pc.cast(ids, pa.string()), "")


def company_ids(values: Column) -> pa.Array:
    """Company ids as they are: company 0 is the MSP's own (Autotask's internal company), a
    real account, not the "none" a zero id means elsewhere."""
    return col.array(values, pa.int64())


def kinds(labels: pa.Array) -> pa.Array:
    """Ticket type labels as canonical kinds (an unknown type: its label in snake case)."""
    out = []
    for label in labels.to_pylist():
        words = (label or "").lower()
        found = next((k for w, k in KIND_WORDS if w in words), None)
        out.append(found or ("_".join(words.split()) or None))
    return pa.array(out, pa.string())


def tickets(
    rows: Sequence[Row] | Sequence[JsonObject], *, connection: str, lookups: Lookups
) -> pa.Table:
    """Ticket records (as sent) as the canonical tickets table."""
    found, raw = Rows(rows).fields(_FIELDS)
    n = len(raw)
    columns: dict[str, pa.Array] = {
        "connection": col.constant(connection, n),
        "id": col.ids(found["id"]),
        "number": col.text(found["ticketNumber"]),
        "title": col.text(found["title"]),
        "description": col.text(found["description"]),
        "account_id": company_ids(found["companyID"]),
        "location_id": col.ids(found["companyLocationID"]),
        "requester_id": person_ids(found["contactID"], CONTACT),
        "responsible_person_id": person_ids(found["assignedResourceID"], RESOURCE),
        "sla_violated": pc.invert(col.bools(found["serviceLevelAgreementHasBeenMet"])),
        "raw": raw,
    }
    for id_col, name_col, source in _LABELLED:
        ids = col.ids(found[source])
        columns[id_col] = ids
        columns[name_col] = col.mapped(ids, lookups.labels.get(source, {}))
    columns["status_class"] = col.mapped(columns["status_id"], lookups.classes)
    ticket_types = col.mapped(col.ids(found["ticketType"]), lookups.labels.get("ticketType", {}))
    columns["kind"] = kinds(ticket_types)
    columns["category"] = col.mapped(
        col.ids(found["ticketCategory"]), lookups.labels.get("ticketCategory", {})
    )
    columns["account"] = col.mapped(columns["account_id"], lookups.companies)
    for name, source in _INSTANTS:
        columns[name] = timestamps(found[source], UTC)
    resolved = timestamps(found["resolvedDateTime"], UTC)
    columns["completed_at"] = pc.coalesce(columns["completed_at"], resolved)
    columns["attributes"] = col.json_text(
        [udf_values(u, lookups.udfs) for u in found["userDefinedFields"]]
    )
    return col.table("tickets", columns)
