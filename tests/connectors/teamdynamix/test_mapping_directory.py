"""People, groups, members, accounts, locations, attribute definitions, reference lists."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ticketlake.connectors.teamdynamix.mapping import (
    accounts,
    attribute_defs,
    group_members,
    groups,
    locations,
    people,
    ref_values,
)

SAMPLES = Path("/work/shared/reference/samples/teamdynamix")
EASTERN = ZoneInfo("America/New_York")


def sample(name: str) -> object:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"reference sample {path} is not on this machine")
    return json.loads(path.read_text())


def test_people_from_the_real_user_sample() -> None:
    user = sample("psclient/user_get_person.json")
    [row] = people([user], connection="c1").to_pylist()  # type: ignore[list-item]
    assert row["id"] == "313f362a-b885-4ea9-996a-6cc9c9eb039b"
    assert (row["reference_id"], row["full_name"], row["user_type"]) == (1000000, "API User", 3)
    assert (row["email"], row["title"], row["default_account_id"]) == (None, None, None)
    assert (row["is_active"], row["is_employee"]) == (True, True)


def test_people_search_result_maps_every_user() -> None:
    users = sample("psclient/people_search_result.json")
    table = people(users, connection="c1")  # type: ignore[arg-type]
    assert table.num_rows == len(users)  # type: ignore[arg-type]
    assert None not in table.column("id").to_pylist()


def test_groups_with_dates() -> None:
    group = {"ID": 300, "Name": "Service Desk", "Description": "", "IsActive": True}
    rows = [
        {**group, "CreatedDate": "2019-03-01T12:00:00Z", "ModifiedDate": "0001-01-01T05:00:00Z"}
    ]
    [row] = groups(rows, connection="c1", tz=EASTERN).to_pylist()
    assert (row["id"], row["name"], row["is_active"]) == (300, "Service Desk", True)
    assert (row["created_at"], row["modified_at"]) == (datetime(2019, 3, 1, 12, tzinfo=UTC), None)


def test_group_members_of_one_group() -> None:
    members = [
        {"UID": "u-1", "FullName": "A", "IsPrimary": True, "IsManager": False},
        {"UID": "u-2", "FullName": "B", "IsPrimary": False, "IsManager": True},
    ]
    table = group_members(300, members, connection="c1")
    assert table.select(["group_id", "person_id", "is_primary", "is_manager"]).to_pylist() == [
        {"group_id": 300, "person_id": "u-1", "is_primary": True, "is_manager": False},
        {"group_id": 300, "person_id": "u-2", "is_primary": False, "is_manager": True},
    ]


def test_accounts_and_locations() -> None:
    rows = [{"ID": 200, "Name": "Finance", "IsActive": True}]
    assert accounts(rows, connection="c1").select(["id", "name"]).to_pylist() == [
        {"id": 200, "name": "Finance"}
    ]
    assert locations(rows, connection="c1").column("is_active").to_pylist() == [True]


def test_attribute_definitions_carry_choice_labels_by_id() -> None:
    choices = [{"ID": 26193, "Name": "Production"}, {"ID": 26190, "Name": "Test"}]
    rows = [{"ID": 11634, "Name": "Lifecycle", "FieldType": "dropdown", "DataType": "String",
             "Choices": choices}]  # fmt: skip
    [row] = attribute_defs(rows, connection="c1").to_pylist()
    assert (row["id"], row["name"], row["component"], row["field_type"]) == (
        11634, "Lifecycle", "ticket", "dropdown"
    )  # fmt: skip
    assert json.loads(row["choices"]) == {"26193": "Production", "26190": "Test"}


def test_attribute_definitions_from_the_real_sample() -> None:
    rows = sample("psclient/custom_attributes_componentId63.json")
    table = attribute_defs(rows, connection="c1", component="configuration_item")  # type: ignore[arg-type]
    assert table.column("name").to_pylist() == ["Test1", "test2"]
    assert table.column("component").to_pylist() == ["configuration_item"] * 2
    assert [json.loads(c) for c in table.column("choices").to_pylist()] == [{}, {}]


def test_statuses_carry_their_status_class() -> None:
    rows = [
        {"ID": 101, "Name": "New", "StatusClass": 1, "Order": 1.0, "IsActive": True},
        {"ID": 103, "Name": "Resolved", "StatusClass": 3, "Order": 3.5, "IsActive": True},
    ]
    table = ref_values("status", rows, connection="c1")
    assert table.select(["kind", "id", "name", "status_class", "sort_order"]).to_pylist() == [
        {"kind": "status", "id": 101, "name": "New", "status_class": "new", "sort_order": 1.0},
        {"kind": "status", "id": 103, "name": "Resolved", "status_class": "completed",
         "sort_order": 3.5},
    ]  # fmt: skip


def test_other_reference_kinds_have_no_status_class() -> None:
    rows = [{"ID": 20, "Name": "Medium", "Order": 2.0, "IsActive": True, "StatusClass": 2}]
    [row] = ref_values("priority", rows, connection="c1").to_pylist()
    assert (row["kind"], row["name"], row["status_class"]) == ("priority", "Medium", None)
