"""``ticketlake connections show`` while a sync runs: who runs it and its live progress."""

from __future__ import annotations

import os
import re

from ticketlake.catalog import open_catalog
from ticketlake.catalog.lease import Leases, this_host
from ticketlake.sync.progress import Live, StreamState

TDX = [
    "connect", "teamdynamix", "--name", "acme",
    "--base-url", "https://acme.teamdynamix.com/TDWebApi",
    "--app-id", "627", "--username", "cioanalytics", "--timezone", "America/Chicago",
    "--no-check",
]  # fmt: skip


def test_show_gives_a_running_syncs_holder_and_progress_per_stream(cli) -> None:
    assert cli(*TDX, env={"TICKETLAKE_PASSWORD": "tdx-Passw0rd-first"}).exit_code == 0
    live = Live(time_scale=60.0)
    tickets = StreamState("tickets", "running", done=3, total=7, rows=2_500, calls=4)
    tickets.eta, tickets.throttled = 1_200.0, 1
    live.update(tickets, 3_600.0)
    live.update(StreamState("people", "ok", done=1, total=1, rows=518, calls=1), 3_600.0)
    with open_catalog() as catalog:
        leases = Leases(catalog)
        lease = leases.acquire("acme", actor="cli:bob")
        leases.renew(lease, live.snapshot())
    result = cli("connections", "show", "acme")
    assert result.exit_code == 0, result.output
    assert f"Syncing now: cli:bob (pid {os.getpid()} on host {this_host()})" in result.stdout
    cells = {
        c[0]: c[1:]
        for r in result.stdout.splitlines()
        if re.match(r"│ (tickets|people) ", r)
        for c in [[x.strip() for x in r.split("│")[1:-1]]]
    }
    # status, rows, done, ETA on the wall clock (1,200 simulated s at 60x), calls, 429s
    assert cells["tickets"] == ["running", "2,500", "3 of 7", "20 s", "4", "1"]
    assert cells["people"] == ["ok", "518", "1 of 1", "", "1", "0"]
    assert "3,018 rows so far, ETA 1 min 00 s (wall clock)" in result.stdout
