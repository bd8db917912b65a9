"""``ticketlake sync`` as a person runs it, against a simulated tenant on 127.0.0.1: while it
runs, a second sync of the connection is refused naming the first, ``query`` reads the store,
``connections show`` gives its progress; Ctrl-C ends it with what it kept, recorded."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ticketlake.catalog import open_catalog
from ticketlake.catalog.lease import Leases

from .simtenant import APP_ID, PASSWORD, TIME_ZONE, USERNAME, make_sim, served

pytestmark = pytest.mark.slow

WAIT = 120.0
"""Seconds to wait for the sync to reach a state (a bound, not a pace: it is reached sooner)."""


def ticketlake(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ticketlake", *args], env=env,
                          capture_output=True, text=True, timeout=WAIT)  # fmt: skip


def running_progress(name: str) -> dict[str, Any]:
    """The sync's live progress once its heartbeat says it committed rows."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with open_catalog() as catalog:
            runs = catalog.history.runs(name, limit=1)
        if runs and runs[0].status == "running" and (runs[0].progress or {}).get("rows"):
            return runs[0].progress or {}
        time.sleep(0.5)
    raise AssertionError(f"the sync of {name} committed nothing within {WAIT:g} s")


def test_ctrl_c_keeps_what_was_committed_and_says_how_to_resume(ticketlake_home: Path) -> None:
    # Real time (scale 1): 300 tickets read one by one at 60 a minute take 5 minutes, so the
    # sync is still running whenever the machine lets this test look at it.
    sim = make_sim(300, scale=1.0)
    env = {**os.environ, "TICKETLAKE_HOME": str(ticketlake_home), "TICKETLAKE_PASSWORD": PASSWORD}
    env.pop("TICKETLAKE_TIME_SCALE", None)
    with served(sim.app) as base_url:
        saved = ticketlake("connect", "teamdynamix", "--name", "sim", "--base-url", base_url,
                           "--app-id", str(APP_ID), "--auth-mode", "password", "--username",
                           USERNAME, "--timezone", TIME_ZONE, "--allow-insecure-localhost",
                           "--no-check", env=env)  # fmt: skip
        assert saved.returncode == 0, saved.stderr
        command = [sys.executable, "-m", "ticketlake", "sync", "sim"]
        sync = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)  # fmt: skip
        try:
            progress = running_progress("sim")
            assert progress["streams"]["tickets"]["calls"] >= 1

            second = ticketlake("sync", "sim", env=env)
            assert second.returncode == 2
            assert "sim is already syncing: run" in second.stderr
            assert f"(pid {sync.pid} on host" in " ".join(second.stderr.split())

            query = ticketlake("query", "SELECT count(*) AS n FROM tickets", "--json", env=env)
            assert query.returncode == 0, query.stderr  # the store is readable mid-sync

            show = ticketlake("connections", "show", "sim", env=env)
            assert "Syncing now: cli:" in show.stdout

            sync.send_signal(signal.SIGINT)
            _, err = sync.communicate(timeout=WAIT)
        finally:
            if sync.poll() is None:
                sync.kill()
    assert sync.returncode == 130, err
    said = re.search(r"interrupted, ([\d,]+) rows kept, run `ticketlake sync sim` to resume", err)
    assert said, err
    kept = int(said[1].replace(",", ""))
    assert kept > 0
    with open_catalog() as catalog:
        run = catalog.history.runs("sim", limit=1)[0]
        assert (run.status, run.rows) == ("interrupted", kept)
        assert Leases(catalog).holder("sim") is None
