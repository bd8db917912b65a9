"""The model's Arrow shape, where connectors build rows and stores load them."""

from __future__ import annotations

import pyarrow as pa
import pytest

from ticketlake.records import arrow_schema, arrow_type


def test_schema_uses_utc_microseconds_dates_and_json_text() -> None:
    schema = arrow_schema("time_entries")
    assert schema.field("created_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("work_date").type == pa.date32()
    assert schema.field("raw").type == pa.string()
    assert schema.names[:2] == ["connection", "id"]


def test_schema_of_a_subset_keeps_model_order() -> None:
    assert arrow_schema("tickets", ["title", "id"]).names == ["id", "title"]


def test_a_column_type_is_the_model_s_own() -> None:
    assert arrow_type("people", "id") == pa.string()  # TDX UIDs
    assert arrow_type("accounts", "id") == pa.int64()
    assert arrow_type("tickets", "attributes") == pa.string()  # JSON travels as text


def test_a_table_the_model_lacks_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="no canonical table named 'ticket'"):
        arrow_schema("ticket")
