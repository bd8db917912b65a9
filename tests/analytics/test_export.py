"""Exporting tables page by page gives every row exactly once."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from ticketlake.analytics.export import export_tables, pages
from ticketlake.model import TABLES
from ticketlake.store import open_store

from . import desk, synthetic
from .filled import fill_default_store


def test_keyset_pages_cover_every_row_once() -> None:
    fill_default_store(desk, synthetic)
    store = open_store()
    try:
        events = [p.num_rows for p in pages(store, TABLES["ticket_events"], desk.C, 4)]
        members = list(pages(store, TABLES["group_members"], synthetic.C, 5))
    finally:
        store.close()
    assert events == [4, 4, 1]
    keys = [(r["group_id"], r["person_id"]) for page in members for r in page.to_pylist()]
    assert len(keys) == len(set(keys)) == len(synthetic.PEOPLE)
    assert keys == sorted(keys)


def test_small_pages_write_the_same_file_as_one_page(tmp_path: Path) -> None:
    fill_default_store(synthetic)
    store = open_store()
    try:
        export_tables(store, synthetic.C, tmp_path / "small", page_rows=100)
        export_tables(store, synthetic.C, tmp_path / "one")
    finally:
        store.close()
    small = pq.read_table(tmp_path / "small" / "tickets.parquet")
    assert small.num_rows > 1000
    assert small.equals(pq.read_table(tmp_path / "one" / "tickets.parquet"))
