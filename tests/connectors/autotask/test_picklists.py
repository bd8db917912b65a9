"""Autotask picklists and UDFs as the mapping reads them: string values as integers, a status
class from the label, UDF values shown by their labels in either shape tenants send."""

from __future__ import annotations

import pytest

from ticketlake.connectors.autotask.mapping_tickets import kinds
from ticketlake.connectors.autotask.picklists import labels, status_class, udf_labels, udf_values

STATUS = {
    "name": "status",
    "isPickList": True,
    "picklistValues": [
        {"value": "1", "label": "New", "sortOrder": 0, "isActive": True},
        {"value": "5", "label": "Complete", "sortOrder": 1, "isActive": True},
        {"value": "x", "label": "not a value", "sortOrder": 2},
    ],
}


def test_picklist_values_are_read_as_the_numbers_records_carry() -> None:
    assert labels([STATUS, {"name": "title", "isPickList": False}]) == {
        "status": {1: "New", 5: "Complete"}
    }


@pytest.mark.parametrize(
    ("value", "label", "expected"),
    [
        (5, "Done and dusted", "completed"),  # Complete is value 5, whatever it is called
        (1, "New", "new"),
        (8, "In Progress", "in_process"),
        (7, "Waiting Customer", "on_hold"),
        (12, "On Hold - Parts", "on_hold"),
        (13, "Cancelled by client", "cancelled"),
        (14, "Resolved", "completed"),
        (19, "Customer Note Added", "in_process"),
    ],
)
def test_a_status_class_is_read_from_the_label(value: int, label: str, expected: str) -> None:
    assert status_class(value, label) == expected


def test_udfs_show_picklist_labels_in_either_shape() -> None:
    causes = [{"value": "2", "label": "User error"}]
    udfs = udf_labels(
        [
            {"name": "Root Cause", "isPickList": True, "picklistValues": causes},
            {"name": "Customer PO", "isPickList": False, "picklistValues": None},
        ]
    )
    listed = [{"name": "Root Cause", "value": "2"}, {"name": "Customer PO", "value": "PO-1"}]
    assert udf_values(listed, udfs) == {"Root Cause": "User error", "Customer PO": "PO-1"}
    assert udf_values({"Root Cause": "2"}, udfs) == {"Root Cause": "User error"}  # {} form
    assert udf_values([{"name": "Root Cause", "value": None}], udfs) == {"Root Cause": None}
    assert udf_values(None, udfs) is None


def test_ticket_types_are_canonical_kinds() -> None:
    import pyarrow as pa

    found = kinds(pa.array(["Service Request", "Incident", "Change Request", "Alert", "Problem",
                            "Internal Project", None]))  # fmt: skip
    assert found.to_pylist() == ["service_request", "incident", "change", "alert", "problem",
                                 "internal_project", None]  # fmt: skip
