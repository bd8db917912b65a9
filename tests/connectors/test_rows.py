"""Source objects read for mapping: fields from JSON text or dicts, and raw as it was sent."""

from __future__ import annotations

import pytest

from ticketlake.connectors.rows import Rows, json_objects


def test_fields_read_from_text_are_the_values_the_objects_hold() -> None:
    texts = json_objects(b'[{"ID": 4, "Name": "A", "Extra": {"deep": [1, 2]}}, {"Name": 5}]')
    columns, raw = Rows(texts).fields(("ID", "Name"))
    assert columns == {"ID": [4, None], "Name": ["A", 5]}
    assert raw.to_pylist() == ['{"ID": 4, "Name": "A", "Extra": {"deep": [1, 2]}}', '{"Name": 5}']


def test_raw_is_the_text_the_api_sent_byte_for_byte() -> None:
    first = r'{"ID":1,  "Title":"caf\u00e9 \"x\" é", "N":1.50}'
    _, raw = Rows(f'[ {first} ,{{"ID":2}}]'.encode()).fields(("ID",))
    assert raw.to_pylist() == [first, '{"ID":2}']


def test_text_that_is_not_utf8_is_read_with_replacement_characters() -> None:
    columns, raw = Rows(b'[{"ID": 1, "Title": "a\xffb"}]').fields(("ID", "Title"))
    assert columns == {"ID": [1], "Title": ["a\ufffdb"]}
    assert raw.to_pylist() == ['{"ID": 1, "Title": "a\ufffdb"}']


def test_a_body_that_is_not_an_array_is_refused() -> None:
    with pytest.raises(ValueError, match="not a JSON array"):
        Rows(b'{"ID": 4}').fields(("ID",))


def test_an_array_of_non_objects_is_refused() -> None:
    with pytest.raises(ValueError, match="not a JSON array of objects"):
        Rows(b"[1, 2]").fields(("ID",))
