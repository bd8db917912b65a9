"""Ticket details from a Report Builder report (``GET api/reports/{id}?withData=true``).

A report's ``DataRows`` are objects keyed by each column's ``ColumnName``; custom-attribute
columns are named by the attribute's id as text (``"18375"``, reference §3.5). With the
tenant's attribute definitions they become the same ``attributes`` object a full ticket gives:
attribute name -> display value (choice ids turned into their labels).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, tzinfo
from typing import Any

import pyarrow as pa

from ticketlake.connectors import columns as col
from ticketlake.connectors.rows import Row
from ticketlake.connectors.teamdynamix.mapping_directory import choice_labels
from ticketlake.connectors.timestamps import timestamps
from ticketlake.errors import ConfigError

_TICKET_ID = ("ticketid", "id")
_DESCRIPTION = ("description",)
_MODIFIED = ("modifieddate", "lastmodifieddate")


def report_details(
    report: Row,
    *,
    connection: str | None = None,
    tz: tzinfo = UTC,
    attribute_defs: Sequence[Row] = (),
) -> pa.Table:
    """Per-ticket ``attributes`` (and ``description``/``details_at`` when the report has
    Description / ModifiedDate columns) from a report's rows, as a partial ``tickets`` table.

    Without ``connection`` the table has no connection column (``Store.write`` takes the
    batch's). Raises :class:`ConfigError` when the report has no ticket ID column.
    """
    columns = [c for c in report.get("DisplayedColumns") or () if c.get("ColumnName")]
    id_column = _find(columns, _TICKET_ID)
    if id_column is None:
        raise ConfigError(
            f"report {report.get('ID', '?')} has no ticket ID column",
            fix="add the ticket ID column to the Report Builder report",
        )
    defs = {str(d.get("ID")): d for d in attribute_defs}
    attributes = [
        (str(c["ColumnName"]), _attribute_name(c, defs), _choices(c, defs))
        for c in columns
        if str(c["ColumnName"]).isdigit()
    ]
    rows: Sequence[Row] = report.get("DataRows") or ()
    out: dict[str, pa.Array] = {
        "id": col.array([r.get(id_column) for r in rows], pa.int64()),
        "attributes": col.json_text([_row_attributes(r, attributes) for r in rows]),
    }
    if connection is not None:
        out["connection"] = col.constant(connection, len(rows))
    description = _find(columns, _DESCRIPTION)
    if description is not None:
        out["description"] = col.text([r.get(description) for r in rows])
    modified = _find(columns, _MODIFIED)
    if modified is not None:
        out["details_at"] = timestamps([r.get(modified) for r in rows], tz)
    return col.table("tickets", out)


def has_description(report: Row) -> bool:
    """Whether the report has a Description column (without one, ``report_details`` leaves
    every ticket's description out)."""
    columns = [c for c in report.get("DisplayedColumns") or () if c.get("ColumnName")]
    return _find(columns, _DESCRIPTION) is not None


def _find(columns: Sequence[Row], wanted: Sequence[str]) -> str | None:
    for column in columns:
        name = str(column["ColumnName"])
        if name.lower() in wanted:
            return name
    return None


def _attribute_name(column: Row, defs: Mapping[str, Row]) -> str:
    known = defs.get(str(column["ColumnName"]))
    if known and known.get("Name"):
        return str(known["Name"])
    return str(column.get("HeaderText") or column["ColumnName"])


def _choices(column: Row, defs: Mapping[str, Row]) -> dict[str, str]:
    known = defs.get(str(column["ColumnName"]))
    return choice_labels(known.get("Choices")) if known else {}


def _row_attributes(
    row: Row, attributes: Sequence[tuple[str, str, dict[str, str]]]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column, name, choices in attributes:
        value = row.get(column)
        values[name] = None if value == "" else _label(value, choices)
    return values


def _label(value: Any, choices: Mapping[str, str]) -> Any:
    """Choice ids (one, or comma-separated) as their labels; anything else as it is."""
    if not choices or value is None:
        return value
    parts = [p.strip() for p in str(value).split(",")]
    if all(p in choices for p in parts):
        return ", ".join(choices[p] for p in parts)
    return value
