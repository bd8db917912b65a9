"""Ticket details from Report Builder rows keyed by attribute-id columns (reference §3.5)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ticketlake.connectors.teamdynamix.mapping import report_details
from ticketlake.errors import ConfigError
from ticketlake.records import Batch
from ticketlake.store import open_store

BUILDINGS = [{"ID": 1, "Name": "North"}, {"ID": 2, "Name": "South"}]
DEFS = [
    {"ID": 18375, "Name": "Building", "Choices": BUILDINGS},
    {"ID": 18376, "Name": "Room", "Choices": []},
]


def report(rows: list[dict[str, Any]], *extra: dict[str, Any]) -> dict[str, Any]:
    columns = [
        {"HeaderText": "Ticket ID", "ColumnName": "TicketID", "DataType": 0},
        {"HeaderText": "Bldg", "ColumnName": "18375", "DataType": 0},
        {"HeaderText": "Room #", "ColumnName": "18376", "DataType": 0},
        *extra,
    ]
    return {"ID": 77, "DisplayedColumns": columns, "DataRows": rows}


def test_attribute_columns_become_attributes_by_name() -> None:
    rows = [{"TicketID": 5521, "18375": "North", "18376": "3.14"}]
    [row] = report_details(report(rows), connection="c1", attribute_defs=DEFS).to_pylist()
    assert (row["connection"], row["id"]) == ("c1", 5521)
    assert json.loads(row["attributes"]) == {"Building": "North", "Room": "3.14"}


def test_choice_ids_are_turned_into_labels() -> None:
    rows = [{"TicketID": 1, "18375": "2", "18376": ""}, {"TicketID": 2, "18375": "1, 2"}]
    table = report_details(report(rows), connection="c1", attribute_defs=DEFS)
    assert [json.loads(a) for a in table.column("attributes").to_pylist()] == [
        {"Building": "South", "Room": None},
        {"Building": "North, South", "Room": None},
    ]


def test_without_definitions_header_texts_name_the_attributes() -> None:
    rows = [{"TicketID": 1, "18375": "North", "18376": "12"}]
    [row] = report_details(report(rows), connection="c1").to_pylist()
    assert json.loads(row["attributes"]) == {"Bldg": "North", "Room #": "12"}


def test_description_and_modified_date_columns_are_used_when_present() -> None:
    extra = (
        {"HeaderText": "Description", "ColumnName": "Description"},
        {"HeaderText": "Modified", "ColumnName": "ModifiedDate"},
    )
    rows = [{"TicketID": 1, "Description": "<p>x</p>", "ModifiedDate": "2026-01-06T03:00:00"}]
    table = report_details(report(rows, *extra), connection="c1", tz=ZoneInfo("America/New_York"))
    [row] = table.to_pylist()
    assert row["description"] == "<p>x</p>"
    assert row["details_at"] == datetime(2026, 1, 6, 8, 0, tzinfo=UTC)


def test_without_those_columns_the_table_leaves_them_out() -> None:
    table = report_details(report([{"TicketID": 1}]), connection="c1")
    assert table.column_names == ["connection", "id", "attributes"]


def test_a_report_without_ticket_ids_is_a_configuration_error() -> None:
    bad = {"ID": 77, "DisplayedColumns": [{"ColumnName": "18375"}], "DataRows": []}
    with pytest.raises(ConfigError, match="no ticket ID column"):
        report_details(bad, connection="c1")


def test_without_a_connection_the_store_fills_it_in() -> None:
    table = report_details(report([{"TicketID": 1, "18376": "7"}]), attribute_defs=DEFS)
    assert "connection" not in table.column_names
    store = open_store("duckdb:///:memory:")
    try:
        store.write(Batch("c1", rows={"tickets": table}))
        [(connection, attributes)] = store.query(
            'SELECT "connection", attributes FROM tickets'
        ).rows
    finally:
        store.close()
    assert connection == "c1"
    assert json.loads(str(attributes)) == {"Building": None, "Room": "7"}
