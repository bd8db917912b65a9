"""TDX tickets to canonical ``tickets`` rows (reference §7.1, §7.2, §0 conventions)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from ticketlake.connectors.teamdynamix.mapping import Lookups, slas, tickets
from ticketlake.records import Batch, arrow_schema
from ticketlake.store import open_store

EASTERN = ZoneInfo("America/New_York")
EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
REQUESTER = "4c1e2b3a-1111-4000-8000-000000000001"


def search_row(**changes: Any) -> dict[str, Any]:
    """A ticket as ``tickets/search`` returns it (no Attributes, no Description)."""
    row: dict[str, Any] = {
        "ID": 5521,
        "AppID": 42,
        "Classification": 32,
        "ClassificationName": "Incident",
        "TypeID": 12,
        "TypeName": "Printer",
        "TypeCategoryName": "Hardware",
        "Title": "Printer on 3rd floor jams",
        "AccountID": 0,
        "AccountName": "None",
        "SourceID": 5,
        "SourceName": "Email",
        "StatusID": 102,
        "StatusName": "In Process",
        "StatusClass": 2,
        "ImpactID": 0,
        "ImpactName": "",
        "UrgencyID": 7,
        "UrgencyName": "Low",
        "PriorityID": 20,
        "PriorityName": "Medium",
        "SlaID": 9,
        "SlaName": "Standard",
        "IsSlaViolated": True,
        "IsSlaRespondByViolated": None,
        "IsSlaResolveByViolated": False,
        "RespondByDate": "2026-01-05T17:30:00Z",
        "ResolveByDate": "2026-01-07T14:30:00.5Z",
        "CreatedDate": "2026-01-05T14:30:00Z",
        "ModifiedDate": "2026-01-06T08:00:00.123Z",
        "RequestorUid": REQUESTER,
        "ResponsibleUid": EMPTY_GUID,
        "ResponsibleGroupID": 300,
        "ResponsibleGroupName": "Service Desk",
        "RespondedDate": "0001-01-01T05:00:00Z",
        "CompletedDate": "0001-01-01T00:00:00Z",
        "LocationID": 0,
        "LocationName": "None",
    }
    row.update(changes)
    return row


def full_ticket(**changes: Any) -> dict[str, Any]:
    """A ticket as ``GET tickets/{id}`` returns it (with Attributes and Description)."""
    attributes = [
        {"ID": 11634, "Name": "Lifecycle", "FieldType": "dropdown", "Value": "26193",
         "ValueText": "Production", "ChoicesText": "Production"},
        {"ID": 11636, "Name": "Room", "FieldType": "textbox", "Value": "3.14", "ValueText": "3.14"},
        {"ID": 11637, "Name": "Notes", "FieldType": "textarea", "Value": "", "ValueText": ""},
    ]  # fmt: skip
    return search_row(**{"Description": "<p>It jams.</p>", "Attributes": attributes, **changes})


def one(table: pa.Table) -> dict[str, Any]:
    [row] = table.to_pylist()
    return row


def test_search_row_maps_every_column_it_carries() -> None:
    row = one(tickets([search_row()], connection="c1", tz=EASTERN))
    assert row["connection"] == "c1"
    assert (row["id"], row["number"], row["title"]) == (5521, "5521", "Printer on 3rd floor jams")
    assert (row["kind"], row["type_id"], row["type"], row["category"]) == (
        "incident", 12, "Printer", "Hardware"
    )  # fmt: skip
    assert (row["status_id"], row["status"], row["status_class"]) == (
        102,
        "In Process",
        "in_process",
    )
    assert (row["priority"], row["urgency"], row["source"]) == ("Medium", "Low", "Email")
    assert (row["requester_id"], row["responsible_group_id"], row["responsible_group"]) == (
        REQUESTER, 300, "Service Desk"
    )  # fmt: skip
    assert row["created_at"] == datetime(2026, 1, 5, 14, 30, tzinfo=UTC)
    assert row["modified_at"] == datetime(2026, 1, 6, 8, 0, 0, 123000, tzinfo=UTC)
    assert row["resolve_by"] == datetime(2026, 1, 7, 14, 30, 0, 500000, tzinfo=UTC)
    assert (row["sla_id"], row["sla"]) == (9, "Standard")
    assert (row["sla_violated"], row["sla_respond_violated"], row["sla_resolve_violated"]) == (
        True, None, False
    )  # fmt: skip
    assert json.loads(row["raw"]) == search_row()


def test_not_set_values_become_null() -> None:
    row = one(tickets([search_row()], connection="c1", tz=EASTERN))
    assert (row["account_id"], row["account"]) == (None, None)
    assert (row["impact_id"], row["impact"]) == (None, None)
    assert (row["location_id"], row["location"]) == (None, None)
    assert row["responsible_person_id"] is None
    assert (row["responded_at"], row["completed_at"]) == (None, None)


def test_search_rows_leave_details_out_so_stored_details_survive() -> None:
    table = tickets([search_row()], connection="c1", tz=EASTERN)
    assert not {"description", "attributes", "details_at", "deleted_at"} & set(table.column_names)
    assert table.schema == arrow_schema("tickets", table.column_names)


def test_full_tickets_carry_details_as_of_their_modified_date() -> None:
    row = one(tickets([full_ticket()], connection="c1", tz=EASTERN, details_at=True))
    assert row["description"] == "<p>It jams.</p>"
    assert json.loads(row["attributes"]) == {
        "Lifecycle": "Production",
        "Room": "3.14",
        "Notes": None,
    }
    assert row["details_at"] == row["modified_at"]


def test_full_ticket_without_attributes_has_an_empty_attribute_object() -> None:
    row = one(tickets([full_ticket(Attributes=[])], connection="c1", tz=EASTERN, details_at=True))
    assert json.loads(row["attributes"]) == {}


def test_kind_follows_the_classification() -> None:
    rows = [
        search_row(ID=1, Classification=46, ClassificationName="Service Request"),
        search_row(ID=2, Classification=34, ClassificationName="Change"),
        search_row(ID=3, Classification=99, ClassificationName="Security Event"),
    ]
    table = tickets(rows, connection="c1", tz=EASTERN)
    assert table.column("kind").to_pylist() == ["service_request", "change", "security_event"]


def test_status_class_from_enum_names_and_numbers() -> None:
    rows = [search_row(ID=i, StatusClass=c) for i, c in enumerate([1, 3, 4, 5, 6, "OnHold", 0])]
    table = tickets(rows, connection="c1", tz=EASTERN)
    assert table.column("status_class").to_pylist() == [
        "new", "completed", "cancelled", "on_hold", "requested", "on_hold", None
    ]  # fmt: skip


def test_lookups_fill_names_and_status_class_that_rows_lack() -> None:
    lookups = Lookups.from_tdx(
        statuses=[{"ID": 102, "Name": "In Process", "StatusClass": 2}],
        accounts=[{"ID": 200, "Name": "Finance"}],
    )
    row = search_row(StatusName=None, StatusClass=None, AccountID=200, AccountName=None)
    del row["TypeName"]
    got = one(tickets([row], connection="c1", tz=EASTERN, lookups=lookups))
    assert (got["status"], got["status_class"], got["account"]) == (
        "In Process",
        "in_process",
        "Finance",
    )
    assert (got["type_id"], got["type"]) == (12, None)


def test_rows_missing_fields_still_map() -> None:
    table = tickets([{"ID": 8, "Title": "bare"}], connection="c1", tz=EASTERN)
    assert one(table.select(["id", "title", "status", "created_at"])) == {
        "id": 8, "title": "bare", "status": None, "created_at": None
    }  # fmt: skip


def test_no_rows_give_an_empty_table_with_the_model_schema() -> None:
    table = tickets([], connection="c1", tz=EASTERN)
    assert table.num_rows == 0
    assert table.schema == arrow_schema("tickets", table.column_names)


def test_slas_are_derived_from_tickets() -> None:
    rows = [
        search_row(ID=1, SlaID=9, SlaName="Standard"),
        search_row(ID=2, SlaID=9, SlaName="Standard"),
        search_row(ID=3, SlaID=4, SlaName="VIP"),
        search_row(ID=4, SlaID=0, SlaName="None"),
    ]
    table = slas(rows, connection="c1")
    assert table.select(["id", "name", "ticket_count"]).to_pylist() == [
        {"id": 4, "name": "VIP", "ticket_count": 1},
        {"id": 9, "name": "Standard", "ticket_count": 2},
    ]


def test_a_later_search_row_keeps_the_details_a_full_ticket_stored() -> None:
    store = open_store("duckdb:///:memory:")
    try:
        full = tickets([full_ticket()], connection="c1", tz=EASTERN, details_at=True)
        store.write(Batch("c1", rows={"tickets": full}))
        newer = search_row(StatusName="Resolved", ModifiedDate="2026-01-08T08:00:00Z")
        store.write(Batch("c1", rows={"tickets": tickets([newer], connection="c1", tz=EASTERN)}))
        [(status, description, details_at, modified_at)] = store.query(
            "SELECT status, description, details_at, modified_at FROM tickets"
        ).rows
    finally:
        store.close()
    assert (status, description) == ("Resolved", "<p>It jams.</p>")
    assert details_at == datetime(2026, 1, 6, 8, 0, 0, 123000, tzinfo=UTC)
    assert modified_at == datetime(2026, 1, 8, 8, 0, tzinfo=UTC)  # so details are due again
