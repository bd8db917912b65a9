"""Which objects' custom attributes a sync reads: the never read, accounts and locations
modified since their last read, everything when asked again; and what gets stored for them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from ticketlake.connectors.teamdynamix.mapping_attributes import object_attributes
from ticketlake.connectors.teamdynamix.streams.attributes import due

READ = 1_800_000_000.0


def test_never_read_objects_are_due() -> None:
    assert due([("u-1", None, None), ("u-2", None, READ)], again=False) == ["u-1"]


def test_an_object_modified_after_its_last_read_is_due_again() -> None:
    objects = [(1, READ + 60, READ), (2, READ - 60, READ), (3, None, READ)]
    assert due(objects, again=False) == [1]


def test_asked_again_every_object_is_due() -> None:
    assert due([(1, None, READ), (2, READ - 60, READ)], again=True) == [1, 2]


def test_attributes_are_stored_as_name_to_label_with_when_they_were_read() -> None:
    at = datetime(2026, 11, 1, 9, tzinfo=UTC)
    tier = {"ID": 18402, "Name": "Support Tier", "Value": "26312", "ValueText": "Tier 2"}
    unset = {"ID": 18403, "Name": "VIP", "Value": "", "ValueText": ""}
    table = object_attributes(
        "accounts", [30101, 30102], [[tier, unset], []], connection="c1", read_at=at
    )
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [30101, 30102]
    assert [json.loads(r["attributes"]) for r in rows] == [
        {"Support Tier": "Tier 2", "VIP": None},
        {},
    ]
    assert {r["attributes_at"] for r in rows} == {at}
    assert table.column_names == ["connection", "id", "attributes", "attributes_at"]
