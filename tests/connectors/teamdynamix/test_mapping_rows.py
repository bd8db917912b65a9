"""The response body (JSON bytes) maps to exactly what the parsed objects map to."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pyarrow as pa
import pytest

from ticketlake.connectors.teamdynamix import mapping

EASTERN = ZoneInfo("America/New_York")
TICKET = {
    "ID": 5521, "Title": "Printer jams", "Classification": 46,
    "ClassificationName": "Service Request", "StatusID": 102, "StatusName": "In Process",
    "StatusClass": 2, "AccountID": 0, "AccountName": "None", "SlaID": 9, "SlaName": "Standard",
    "IsSlaViolated": False, "IsSlaRespondByViolated": None, "CreatedDate": "2026-01-05T14:30:00Z",
    "ModifiedDate": "2026-01-06T08:00:00.1234567Z", "RespondedDate": "0001-01-01T05:00:00Z",
    "RequestorUid": "00000000-0000-0000-0000-000000000000", "Description": "<p>x</p>",
    "Attributes": [{"ID": 1, "Name": "Room", "Value": "12", "ValueText": "12"}],
}  # fmt: skip
ENTRY = {"ID": 1, "ItemID": 5521, "ItemType": 9, "CreatedDate": "2026-01-06T08:00:00Z",
         "UpdateType": 2, "Body": 'Changed Status from "New" to "Open".',
         "IsPrivate": True}  # fmt: skip
TIME = {"TimeID": 3, "Component": 25, "TicketID": 5521, "ItemID": 77, "Minutes": 30,
        "TimeDate": "2026-04-06T00:00:00Z", "CreatedDate": "2026-04-06T15:30:00.607"}  # fmt: skip
USER = {"UID": "u-1", "ReferenceID": 7, "FullName": "Pat", "PrimaryEmail": "", "IsActive": True}

CASES: dict[str, tuple[Callable[[Any], pa.Table], list[dict[str, Any]]]] = {
    "search rows": (lambda r: mapping.tickets(r, connection="c", tz=EASTERN), [TICKET, {"ID": 2}]),
    "full tickets": (
        lambda r: mapping.tickets(r, connection="c", tz=EASTERN, details_at=True),
        [TICKET],
    ),
    "feed": (lambda r: mapping.events(r, connection="c", tz=EASTERN), [ENTRY]),
    "time": (lambda r: mapping.time_entries(r, connection="c", tz=EASTERN), [TIME]),
    "people": (lambda r: mapping.people(r, connection="c"), [USER]),
    "statuses": (
        lambda r: mapping.ref_values("status", r, connection="c"),
        [{"ID": 1, "Name": "New", "StatusClass": 1, "Order": 1}],
    ),
    "slas": (lambda r: mapping.slas(r, connection="c"), [TICKET, {"ID": 2, "SlaID": 9}]),
    "empty": (lambda r: mapping.tickets(r, connection="c", tz=EASTERN), []),
}


@pytest.mark.parametrize("case", CASES)
def test_bytes_and_objects_give_the_same_rows(case: str) -> None:
    function, rows = CASES[case]
    from_objects = function(rows)
    from_bytes = function(orjson.dumps(rows))
    assert from_bytes.schema == from_objects.schema
    plain = [c for c in from_objects.column_names if c != "raw"]
    assert from_bytes.select(plain).to_pylist() == from_objects.select(plain).to_pylist()
    if "raw" in from_objects.column_names:
        raws = from_bytes.column("raw").to_pylist()
        assert [json.loads(r) for r in raws] == rows


def test_a_number_where_a_name_is_expected_is_kept_as_text() -> None:
    table = mapping.people(b'[{"UID": "u-1", "FullName": 1234}]', connection="c")
    assert table.column("full_name").to_pylist() == ["1234"]
