"""Conforming rows to the model's Arrow shape before they are loaded."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from ticketlake.errors import StoreError
from ticketlake.store.arrow import conform


def test_connection_is_added_from_the_batch() -> None:
    data = conform("accounts", pa.table({"id": [1, 2]}), connection="c1")
    assert data.column("connection").to_pylist() == ["c1", "c1"]


def test_rows_of_another_connection_are_refused() -> None:
    data = pa.table({"connection": ["c2"], "id": [1]})
    with pytest.raises(StoreError, match="another connection"):
        conform("accounts", data, connection="c1")


def test_unknown_columns_are_refused() -> None:
    with pytest.raises(StoreError, match="no column"):
        conform("accounts", pa.table({"id": [1], "colour": ["red"]}), connection="c1")


def test_missing_key_columns_are_refused() -> None:
    with pytest.raises(StoreError, match="lack key column"):
        conform("ref_values", [{"id": 1, "name": "New"}], connection="c1")


def test_values_are_cast_to_the_model_types() -> None:
    data = pa.table({"id": pa.array([1], pa.int32()), "name": ["A"]})
    assert conform("accounts", data, connection="c1").schema.field("id").type == pa.int64()


def test_json_values_in_records_become_json_text() -> None:
    data = conform("accounts", [{"id": 1, "raw": {"ID": 1, "Name": "A"}}], connection="c1")
    assert json.loads(data.column("raw")[0].as_py()) == {"ID": 1, "Name": "A"}


def test_the_last_row_of_a_composite_key_wins() -> None:
    records = [
        {"kind": "status", "id": 1, "name": "old"},
        {"kind": "type", "id": 1, "name": "a type"},
        {"kind": "status", "id": 1, "name": "new"},
    ]
    data = conform("ref_values", records, connection="c1")
    assert data.select(["kind", "name"]).to_pylist() == [
        {"kind": "type", "name": "a type"},
        {"kind": "status", "name": "new"},
    ]
