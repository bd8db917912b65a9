"""Column builders every mapping uses: source values in, a canonical Arrow column out."""

from __future__ import annotations

import json

import pyarrow as pa

from ticketlake.connectors import columns as col


def test_a_zero_id_is_no_id_and_a_digit_string_is_an_id() -> None:
    assert col.ids([5, 0, None, "12", "x"]).to_pylist() == [5, None, None, 12, None]


def test_markers_of_not_set_become_null_and_other_values_stay() -> None:
    markers = pa.array(["", "n/a"], pa.string())
    assert col.nulled(["Help desk", "", "n/a", None], markers).to_pylist() == [
        "Help desk",
        None,
        None,
        None,
    ]
    assert col.nulled([3, -1], pa.array([-1], pa.int64())).to_pylist() == [3, None]


def test_a_number_sent_for_a_name_is_kept_as_its_text() -> None:
    assert col.text(["A", 1234, 1.5]).to_pylist() == ["A", "1234", "1.5"]


def test_a_flag_that_is_missing_stays_unknown() -> None:
    assert col.bools([True, None, False]).to_pylist() == [True, None, False]


def test_codes_translate_as_ints_or_as_text() -> None:
    table = col.enum_table({1: "incident", 2: "problem"})
    assert col.mapped([1, "2", 3], table).to_pylist() == ["incident", "problem", None]


def test_names_left_out_are_filled_from_a_lookup_and_given_ones_kept() -> None:
    names = pa.array(["Open", None, None], pa.string())
    ids = pa.array([1, 2, 9], pa.int64())
    filled = col.fill_names(names, ids, {1: "New", 2: "Closed"})
    assert filled.to_pylist() == ["Open", "Closed", None]


def test_json_text_keeps_nulls_and_encodes_objects() -> None:
    encoded = col.json_text([{"Room": "12"}, None]).to_pylist()
    assert json.loads(encoded[0]) == {"Room": "12"}
    assert encoded[1] is None


def test_a_table_takes_the_model_s_order_and_types() -> None:
    table = col.table("accounts", {"name": col.text(["Math"]), "id": col.ids([7])})
    assert table.column_names == ["id", "name"]
    assert table.schema.field("id").type == pa.int64()
