"""The embedded DuckDB store: where it lives, and processes taking turns at its file."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from ticketlake.errors import StoreError
from ticketlake.records import Batch
from ticketlake.store import open_store
from ticketlake.store.duckdb import DuckDBStore
from ticketlake.store.locate import duckdb_path

Spawn = Callable[..., "subprocess.Popen[str]"]

TAKE_TURNS = """
import sys
from ticketlake.records import Batch
from ticketlake.store import open_store
store = open_store(sys.argv[1])
store.write(Batch("c1", rows={"accounts": [{"id": 1, "name": "Finance"}]}))
print("ready", flush=True)
sys.stdin.readline()
store.write(Batch("c1", rows={"accounts": [{"id": 3, "name": "Payroll"}]}))
names = store.query("SELECT name FROM accounts ORDER BY name").rows
print(",".join(n for (n,) in names), flush=True)
sys.stdin.read()
store.close()
"""
NEVER_YIELD = """
import sys
from pathlib import Path
from ticketlake.store.turns import Turns
Turns(Path(sys.argv[1])).take(shared=False)
print("ready", flush=True)
sys.stdin.read()
"""
RAW_DUCKDB = """
import sys
import duckdb
con = duckdb.connect(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
con.close()
"""


def test_default_store_is_the_duckdb_file_in_the_home(ticketlake_home: Path) -> None:
    store = open_store()
    try:
        assert isinstance(store, DuckDBStore)
        assert Path(store.path) == ticketlake_home / "data.duckdb"
        assert store.dialect == "duckdb"
    finally:
        store.close()


def test_database_url_environment_variable_chooses_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TICKETLAKE_DATABASE_URL", f"duckdb:///{tmp_path / 'other.duckdb'}")
    store = open_store()
    try:
        assert Path(getattr(store, "path", "")) == tmp_path / "other.duckdb"
    finally:
        store.close()


def test_data_survives_closing_and_reopening(tmp_path: Path) -> None:
    url = f"duckdb:///{tmp_path / 'd.duckdb'}"
    store = open_store(url)
    store.write(Batch("c1", rows={"accounts": [{"id": 1, "name": "Finance"}]}, cursors={"a": 3}))
    store.close()
    store = open_store(url)
    try:
        assert store.query("SELECT name FROM accounts").rows == [("Finance",)]
        assert store.cursor("c1", "a") == 3
    finally:
        store.close()


def test_processes_take_turns_at_the_file_while_each_keeps_its_store_open(
    tmp_path: Path, spawn: Spawn
) -> None:
    url = f"duckdb:///{tmp_path / 'shared.duckdb'}"
    holder = spawn(TAKE_TURNS, url)  # a sync's store: open from start to end
    assert holder.stdin is not None
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "ready"
        store = open_store(url)  # its turn comes while the holder's store stays open
        try:
            assert store.query("SELECT name FROM accounts").rows == [("Finance",)]
            store.write(Batch("c2", rows={"accounts": [{"id": 2, "name": "Legal"}]}))
        finally:
            store.close()
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "Finance,Legal,Payroll"
    finally:
        holder.communicate("")
    assert holder.returncode == 0


def test_a_turn_that_never_comes_is_an_error_naming_the_holder(
    tmp_path: Path, spawn: Spawn
) -> None:
    path = tmp_path / "held.duckdb"
    holder = spawn(NEVER_YIELD, str(path))
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as caught:
            DuckDBStore(path, timeout=0.5)
        assert f"was in use by pid {holder.pid} (" in str(caught.value)
        assert caught.value.fix
    finally:
        holder.communicate("")
    assert holder.returncode == 0
    DuckDBStore(path).close()  # free once the holder is gone


def test_a_process_that_does_not_take_turns_is_waited_for_then_named(
    tmp_path: Path, spawn: Spawn
) -> None:
    path = tmp_path / "raw.duckdb"
    holder = spawn(RAW_DUCKDB, str(path))  # e.g. the duckdb CLI on the same file
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as caught:
            DuckDBStore(path, timeout=0.5)
        assert f"pid {holder.pid}" in str(caught.value)
        assert "in use by another process" in str(caught.value)
    finally:
        holder.communicate("")
    assert holder.returncode == 0


def test_memory_store_for_throwaway_work() -> None:
    store = open_store("duckdb:///:memory:")
    store.write(Batch("c1", rows={"locations": [{"id": 4, "name": "Main"}]}))
    assert store.query("SELECT id, name FROM locations").rows == [(4, "Main")]
    store.close()


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("duckdb:///srv/tl/data.duckdb", "/srv/tl/data.duckdb"),
        ("duckdb:////srv/tl/data.duckdb", "/srv/tl/data.duckdb"),
        ("duckdb://build/data.duckdb", "build/data.duckdb"),
        ("/srv/tl/data.duckdb", "/srv/tl/data.duckdb"),
    ],
)
def test_duckdb_urls_name_files(url: str, path: str) -> None:
    assert duckdb_path(url) == Path(path)


def test_duckdb_memory_urls() -> None:
    assert duckdb_path("duckdb:///:memory:") == ":memory:"


def test_url_query_sets_duckdb_options(tmp_path: Path) -> None:
    store = open_store(f"duckdb://{tmp_path / 'o.duckdb'}?threads=1&memory_limit=200MB")
    try:
        [(threads, limit)] = store.query(
            "SELECT current_setting('threads'), current_setting('memory_limit')"
        ).rows
        assert Path(getattr(store, "path", "")) == tmp_path / "o.duckdb"
    finally:
        store.close()
    assert threads == 1
    assert str(limit).startswith(("190", "200"))


def test_an_invalid_option_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open"):
        open_store(f"duckdb://{tmp_path / 'o.duckdb'}?no_such_option=1")


def test_checkpoints_wait_for_a_large_wal_unless_told_otherwise(tmp_path: Path) -> None:
    default = open_store(f"duckdb://{tmp_path / 'a.duckdb'}")
    chosen = open_store(f"duckdb://{tmp_path / 'b.duckdb'}?checkpoint_threshold=64MB")
    try:
        sql = "SELECT current_setting('checkpoint_threshold')"
        [(big,)] = default.query(sql).rows
        [(small,)] = chosen.query(sql).rows
    finally:
        default.close()
        chosen.close()
    assert (big, small) == ("953.6 MiB", "61.0 MiB")  # 1 GB and 64 MB as DuckDB prints them
