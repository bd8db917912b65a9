"""TDX tickets (search rows or full tickets) to the canonical ``tickets`` table, and the SLA
dimension derived from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from functools import lru_cache
from typing import Any

import pyarrow as pa

from ticketlake.connectors import columns as col
from ticketlake.connectors.rows import Column, Row, Rows
from ticketlake.connectors.teamdynamix import mapping_columns as tdx
from ticketlake.connectors.timestamps import timestamps

STATUS_CLASSES: dict[object, str | None] = col.enum_table(
    {
        0: None,
        1: "new",
        2: "in_process",
        3: "completed",
        4: "cancelled",
        5: "on_hold",
        6: "requested",
        "None": None,
        "New": "new",
        "InProcess": "in_process",
        "Completed": "completed",
        "Cancelled": "cancelled",
        "OnHold": "on_hold",
        "Requested": "requested",
    }
)
"""TDX ``StatusClass`` (the number, or the enum name) -> canonical ``status_class``."""

KINDS: dict[object, str | None] = col.enum_table(
    {
        9: "ticket",
        32: "incident",
        33: "problem",
        34: "change",
        35: "release",
        36: "ticket_template",
        46: "service_request",
        77: "major_incident",
    }
)
"""TDX ``TicketClass`` (``Classification``) -> canonical ``kind``."""

# canonical name column, canonical id column, TDX id field, TDX name field, Lookups attribute
_REFERENCES = (
    ("type", "type_id", "TypeID", "TypeName", "types"),
    ("status", "status_id", "StatusID", "StatusName", "statuses"),
    ("priority", "priority_id", "PriorityID", "PriorityName", "priorities"),
    ("impact", "impact_id", "ImpactID", "ImpactName", "impacts"),
    ("urgency", "urgency_id", "UrgencyID", "UrgencyName", "urgencies"),
    ("source", "source_id", "SourceID", "SourceName", "sources"),
    ("account", "account_id", "AccountID", "AccountName", "accounts"),
    ("location", "location_id", "LocationID", "LocationName", "locations"),
    ("responsible_group", "responsible_group_id", "ResponsibleGroupID", "ResponsibleGroupName",
     "groups"),
)  # fmt: skip
_INSTANTS = (
    ("created_at", "CreatedDate"),
    ("modified_at", "ModifiedDate"),
    ("responded_at", "RespondedDate"),
    ("completed_at", "CompletedDate"),
    ("respond_by", "RespondByDate"),
    ("resolve_by", "ResolveByDate"),
)
_FLAGS = (
    ("sla_violated", "IsSlaViolated"),
    ("sla_respond_violated", "IsSlaRespondByViolated"),
    ("sla_resolve_violated", "IsSlaResolveByViolated"),
)
_FIELDS = (
    "ID", "Title", "Classification", "ClassificationName", "TypeCategoryName", "StatusClass",
    "RequestorUid", "ResponsibleUid", "SlaID", "SlaName",
    *(r[2] for r in _REFERENCES), *(r[3] for r in _REFERENCES),
    *(i[1] for i in _INSTANTS), *(f[1] for f in _FLAGS),
)  # fmt: skip
_DETAIL_FIELDS = ("Description", "Attributes")


@dataclass(frozen=True)
class Lookups:
    """Reference names by id, for rows that carry an id but no name (and status classes)."""

    types: Mapping[int, str] = field(default_factory=dict)
    statuses: Mapping[int, str] = field(default_factory=dict)
    priorities: Mapping[int, str] = field(default_factory=dict)
    impacts: Mapping[int, str] = field(default_factory=dict)
    urgencies: Mapping[int, str] = field(default_factory=dict)
    sources: Mapping[int, str] = field(default_factory=dict)
    accounts: Mapping[int, str] = field(default_factory=dict)
    locations: Mapping[int, str] = field(default_factory=dict)
    groups: Mapping[int, str] = field(default_factory=dict)
    status_classes: Mapping[int, str] = field(default_factory=dict)
    """status id -> canonical status_class, for rows without ``StatusClass``."""

    @classmethod
    def from_tdx(cls, **lists: Iterable[Row]) -> Lookups:
        """Lookups from TDX lists by attribute name: ``from_tdx(statuses=[...], types=[...])``."""
        names = {k: {r["ID"]: r["Name"] for r in rows if r.get("ID")} for k, rows in lists.items()}
        classes = {
            r["ID"]: STATUS_CLASSES.get(r.get("StatusClass"))
            for r in lists.get("statuses", ())
            if r.get("ID")
        }
        names["status_classes"] = {k: v for k, v in classes.items() if v}
        return cls(**names)


def tickets(
    rows: Sequence[Row] | bytes,
    *,
    connection: str,
    tz: tzinfo,
    lookups: Lookups | None = None,
    details_at: bool = False,
) -> pa.Table:
    """Canonical ``tickets`` rows from TDX tickets.

    ``rows`` are parsed objects, or the response body (a JSON array) as bytes: the fast path
    for bulk pages. ``details_at=False`` (search rows): description, attributes and details_at
    are left out of the table, so an upsert keeps what an earlier details fetch stored.
    ``details_at=True``
    (full tickets from ``GET tickets/{id}``): they are included, ``details_at`` being each
    ticket's ``ModifiedDate`` (the version the details belong to).
    """
    lookups = lookups or Lookups()
    src, raw = Rows(rows).fields(_FIELDS + (_DETAIL_FIELDS if details_at else ()))
    out: dict[str, pa.Array] = {
        "connection": col.constant(connection, len(raw)),
        "id": col.array(src["ID"], pa.int64()),
        "number": col.id_text(src["ID"]),
        "title": col.text(src["Title"]),
        "kind": _kinds(src["Classification"], src["ClassificationName"]),
        "category": tdx.names(src["TypeCategoryName"]),
        "requester_id": tdx.uids(src["RequestorUid"]),
        "responsible_person_id": tdx.uids(src["ResponsibleUid"]),
        "sla_id": col.ids(src["SlaID"]),
        "sla": tdx.names(src["SlaName"]),
        "raw": raw,
    }
    for name, id_name, id_field, name_field, lookup in _REFERENCES:
        out[id_name] = col.ids(src[id_field])
        out[name] = col.fill_names(
            tdx.names(src[name_field]), out[id_name], getattr(lookups, lookup)
        )
    out["status_class"] = col.fill_names(
        col.mapped(src["StatusClass"], STATUS_CLASSES), out["status_id"], lookups.status_classes
    )
    for name, source in _INSTANTS:
        out[name] = timestamps(src[source], tz)
    for name, source in _FLAGS:
        out[name] = col.bools(src[source])
    if details_at:
        out["description"] = col.text(src["Description"])
        out["attributes"] = col.json_text([attribute_values(a) for a in src["Attributes"]])
        out["details_at"] = out["modified_at"]
    return col.table("tickets", out)


def attribute_values(attributes: Sequence[Row] | None) -> dict[str, Any]:
    """A ticket's custom attributes as name -> display value (``ValueText``, else ``Value``)."""
    values: dict[str, Any] = {}
    for attribute in attributes or ():
        shown = attribute.get("ValueText")
        if shown in (None, ""):
            shown = attribute.get("Value")
        values[str(attribute.get("Name"))] = None if shown == "" else shown
    return values


def slas(ticket_rows: Sequence[Row] | bytes, *, connection: str) -> pa.Table:
    """The SLA dimension seen in ``ticket_rows``: id, name, and how many of the rows use it.

    TDX has no SLA list endpoint, so SLAs are known only through tickets. ``ticket_count``
    counts the given rows: pass every ticket, or drop the column before an incremental upsert.
    """
    counts: dict[int, int] = {}
    labels: dict[int, str | None] = {}
    src, _ = Rows(ticket_rows).fields(("SlaID", "SlaName"))
    ids_, names_ = (col.array(src["SlaID"], pa.int64()), col.text(src["SlaName"]))
    for sla_id, name in zip(ids_.to_pylist(), names_.to_pylist(), strict=True):
        if not sla_id:
            continue
        counts[sla_id] = counts.get(sla_id, 0) + 1
        if name not in (None, "", "None"):
            labels[sla_id] = name
    ordered = sorted(counts)
    return col.table(
        "slas",
        {
            "connection": col.constant(connection, len(ordered)),
            "id": pa.array(ordered, pa.int64()),
            "name": pa.array([labels.get(i) for i in ordered], pa.string()),
            "ticket_count": pa.array([counts[i] for i in ordered], pa.int64()),
        },
    )


def _kinds(classes: Column, class_names: Column) -> pa.Array:
    get = KINDS.get
    codes, names = (_listed(classes), _listed(class_names))
    return pa.array([get(c) or _snake(n) for c, n in zip(codes, names, strict=True)], pa.string())


def _listed(values: Column) -> Sequence[Any]:
    listed: Sequence[Any] = values.to_pylist() if isinstance(values, pa.Array) else values
    return listed


@lru_cache(maxsize=64)
def _snake_text(name: str) -> str | None:
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name)
    return "_".join(w.lower() for w in words) or None


def _snake(name: object) -> str | None:
    """``"Service Request"`` / ``"ServiceRequest"`` -> ``service_request`` (unknown classes)."""
    if not isinstance(name, str) or name in ("", "None"):
        return None
    return _snake_text(name)
