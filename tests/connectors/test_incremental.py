"""The overlap-and-dedupe rule of incremental reads."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pyarrow as pa

from ticketlake.connectors.incremental import floor, identities, newest

T0 = datetime(2026, 4, 6, 12, 0, tzinfo=UTC)


def test_a_first_pass_reads_everything_and_a_later_one_from_the_overlap_below_since() -> None:
    assert floor(None, 600.0) is None
    assert floor(T0.timestamp(), 600.0) == T0.timestamp() - 600.0


def test_the_next_since_is_the_newest_date_read_never_an_older_one() -> None:
    later = datetime(2026, 4, 6, 13, 0, tzinfo=UTC)
    rows = pa.table({"modified_at": pa.array([T0, later, None], pa.timestamp("us", tz="UTC"))})
    assert newest(None, rows) == later.timestamp()
    assert newest(later.timestamp() + 1, rows) == later.timestamp() + 1
    assert newest(T0.timestamp(), rows.slice(0, 0)) == T0.timestamp()  # nothing read: kept
    assert newest(None, rows.slice(2, 1)) is None


def test_a_row_is_its_id_and_its_date_from_dicts_or_json_text() -> None:
    keys = identities("id", "lastActivityDate")
    rows = [{"id": 7, "lastActivityDate": "2026-04-06T12:00:00Z"}, {"id": 8}]
    assert keys(rows) == [(7, "2026-04-06T12:00:00Z"), (8, None)]
    texts = [msgspec.Raw(msgspec.json.encode(r)) for r in rows]
    assert keys(texts) == keys(rows)
    edited = [{"id": 7, "lastActivityDate": "2026-04-06T12:05:00Z"}]
    assert keys(edited)[0] not in set(keys(rows))  # an edit is a new row, not a re-read
