"""Sync leases: one sync per connection, a live holder named, a gone holder taken over."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ticketlake.catalog import Catalog, open_catalog
from ticketlake.catalog.lease import TTL, LeaseHeld, LeaseLost, Leases, this_host

from .samples import tdx_submission

LONG_AGO = datetime(2000, 1, 3, 9, 0, tzinfo=UTC)
"""A wall-clock time whose leases have expired whatever today is."""


def leases_at(catalog: Catalog, when: datetime) -> Leases:
    """Leases on a clock stopped at ``when`` (``History.runs`` reads the wall clock)."""
    return Leases(catalog, now=lambda: when)


def gone_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    return int(child.stdout)


def test_a_live_lease_is_refused_with_its_holder_named(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    first = Leases(catalog).acquire("acme", actor="cli:bob")
    with pytest.raises(LeaseHeld) as refused:
        Leases(catalog).acquire("acme", actor="cli:alice")
    message = str(refused.value)
    assert f"acme is already syncing: run {first.run_id} by cli:bob" in message
    assert f"(pid {os.getpid()} on host {this_host()})" in message
    assert "`ticketlake connections show acme` shows its progress" in message
    run = catalog.history.runs("acme")[0]
    assert (run.id, run.status) == (first.run_id, "running")
    assert run.holder == f"cli:bob (pid {os.getpid()} on host {this_host()})"


def test_an_expired_lease_is_taken_over_and_its_run_marked_interrupted(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    old = leases_at(catalog, LONG_AGO).acquire("acme", actor="cli:bob")
    later = LONG_AGO + timedelta(seconds=TTL + 1)
    new = leases_at(catalog, later).acquire("acme", actor="cli:alice")
    assert new.run_id != old.run_id
    runs = {r.id: r for r in catalog.history.runs("acme")}
    assert runs[old.run_id].status == "interrupted"
    assert runs[old.run_id].finished_at == LONG_AGO  # its last heartbeat
    assert runs[new.run_id].status == "interrupted"  # on the wall clock, long expired too


def test_a_lease_is_alive_until_its_expiry(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    leases_at(catalog, LONG_AGO).acquire("acme", actor="cli:bob")
    with pytest.raises(LeaseHeld):
        leases_at(catalog, LONG_AGO + timedelta(seconds=TTL - 1)).acquire("acme", actor="x")


def test_a_holder_whose_process_is_gone_is_taken_over_at_once(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    old = Leases(catalog).acquire("acme", actor="cli:bob")
    Leases(catalog).renew(old, {"rows": 1_500, "calls": 40, "throttled": 1})
    with catalog.db.transaction() as tx:  # as if a process on this host held it, then died
        tx.execute("UPDATE catalog_leases SET pid = ?", [gone_pid()])
    run = catalog.history.runs("acme")[0]
    assert run.status == "interrupted"  # shown so at once, with its last heartbeat's counts
    assert (run.rows, run.calls, run.throttled) == (1_500, 40, 1)
    new = Leases(catalog).acquire("acme", actor="cli:alice")
    statuses = {r.id: r.status for r in catalog.history.runs("acme")}
    assert statuses == {old.run_id: "interrupted", new.run_id: "running"}


def test_the_heartbeat_stores_progress_and_extends_the_lease(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    leases = leases_at(catalog, LONG_AGO)
    lease = leases.acquire("acme", actor="cli:bob")
    later = LONG_AGO + timedelta(seconds=TTL - 1)
    leases_at(catalog, later).renew(lease, {"version": 1, "rows": 42})
    holder = leases.holder("acme")
    assert holder is not None
    assert holder.heartbeat_at == later
    assert holder.expires_at == later + timedelta(seconds=TTL)
    with pytest.raises(LeaseHeld):  # alive past the first expiry, thanks to the heartbeat
        leases_at(catalog, LONG_AGO + timedelta(seconds=TTL + 1)).acquire("acme", actor="x")
    run = catalog.history.runs("acme")[0]
    assert run.progress == {"version": 1, "rows": 42}
    assert run.heartbeat_at == later


def test_a_lease_taken_over_is_lost_to_its_old_holder(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    old = leases_at(catalog, LONG_AGO).acquire("acme", actor="cli:bob")
    leases_at(catalog, LONG_AGO + timedelta(seconds=TTL + 1)).acquire("acme", actor="cli:alice")
    with pytest.raises(LeaseLost) as lost:
        leases_at(catalog, LONG_AGO + timedelta(seconds=TTL + 2)).renew(old)
    assert "taken over by another process" in str(lost.value)
    assert "cli:alice" in str(lost.value)


def test_a_released_lease_leaves_its_unfinished_run_interrupted(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    leases = Leases(catalog)
    lease = leases.acquire("acme", actor="cli:bob")
    leases.release(lease)
    assert leases.holder("acme") is None
    assert catalog.history.runs("acme")[0].status == "interrupted"
    leases.acquire("acme", actor="cli:bob")  # free again


def test_finishing_a_run_as_interrupted(catalog: Catalog) -> None:
    catalog.create("acme", tdx_submission())
    leases = Leases(catalog)
    lease = leases.acquire("acme", actor="cli:bob")
    catalog.history.finish_run(
        lease.run_id, ok=False, rows=120, calls=9, throttled=0, errors=0, interrupted=True
    )
    leases.release(lease)
    run = catalog.history.runs("acme")[0]
    assert (run.status, run.rows) == ("interrupted", 120)
    assert catalog.audit_log("acme")[0].detail.startswith(f"run {lease.run_id} interrupted")


def test_a_catalog_from_before_leases_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "catalog.db"
    old = sqlite3.connect(path)
    old.executescript(
        """CREATE TABLE catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO catalog_meta VALUES ('schema_version', '1');
        CREATE TABLE catalog_sync_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT, connection_id TEXT NOT NULL, status TEXT NOT NULL,
            started_at TEXT NOT NULL, finished_at TEXT, rows_written BIGINT NOT NULL DEFAULT 0,
            calls BIGINT NOT NULL DEFAULT 0, throttled BIGINT NOT NULL DEFAULT 0,
            errors BIGINT NOT NULL DEFAULT 0, detail TEXT NOT NULL DEFAULT '{}');"""
    )
    old.close()
    catalog = open_catalog(f"sqlite:///{path}", actor="test:alice")
    try:
        catalog.create("acme", tdx_submission())
        lease = Leases(catalog).acquire("acme", actor="cli:bob")
        Leases(catalog).renew(lease, {"version": 1})
        assert catalog.history.runs("acme")[0].progress == {"version": 1}
        with catalog.db.transaction() as tx:
            assert tx.rows("SELECT value FROM catalog_meta") == [("2",)]
    finally:
        catalog.close()
