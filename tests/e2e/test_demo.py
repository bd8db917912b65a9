"""``make demo``, run the way the README says (with a smaller tenant): simulator up, onboarding
checks printed, sync into DuckDB, the report written, the simulator stopped again; for the
TeamDynamix simulator (the default) and for ``SOURCE=autotask``."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from tests.pinned import AS_OF
from ticketlake.sim import autotask
from ticketlake.store import open_store

ROOT = Path(__file__).resolve().parents[2]
TICKETS = 400

pytestmark = pytest.mark.slow


def make_demo(*variables: str) -> str:
    """``make -s demo TICKETS=400 AS_OF=... VARIABLES``: its output, once it succeeded."""
    if shutil.which("make") is None:
        pytest.fail("make is not installed: the README's quickstart needs it")
    (ROOT / "build" / "demo-report.html").unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TICKETLAKE_")}
    done = subprocess.run(
        ["make", "-s", "demo", f"TICKETS={TICKETS}", f"AS_OF={AS_OF.date().isoformat()}",
         *variables],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-3000:]
    return out


def assert_report_and_stopped_simulator(out: str) -> None:
    """The report exists and is self-contained; the simulator's port no longer answers."""
    html = (ROOT / "build" / "demo-report.html").read_text()
    assert "<svg" in html
    assert not re.search(r'(src|href)="https?://', html)  # nothing fetched from a network
    port = int(re.search(r"127\.0\.0\.1:(\d+)", out).group(1))  # type: ignore[union-attr]
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def stored_tickets() -> tuple[int, int, int]:
    """(tickets, distinct ids, events) in the demo's own DuckDB file."""
    store = open_store(f"duckdb:///{ROOT / 'build' / 'demo-home' / 'data.duckdb'}", read_only=True)
    try:
        [(tickets, distinct)] = store.query(
            "SELECT count(*), count(DISTINCT id) FROM tickets WHERE connection = 'demo'"
        ).rows
        [(events,)] = store.query("SELECT count(*) FROM ticket_events").rows
    finally:
        store.close()
    return tickets, distinct, events


def test_make_demo_onboards_syncs_and_reports() -> None:
    out = make_demo()
    # 1. the onboarding's verification report was printed: every check passes but the report
    # one, which warns that the simulated report has no Description column, and says so
    assert re.search(r"Passed with 1 warning \(\d+ pass, 1 warn\)\.", out), out[-3000:]
    consequence = "- Ticket report for details in bulk — every ticket's description will be empty."
    assert consequence in " ".join(out.split())  # the terminal may wrap it
    assert "FAIL" not in out
    # 2. the sync ran every stream and printed its summary
    assert re.search(r"tickets\s+│\s+ok\s+│\s+400\b", out), out[-3000:]
    # elapsed time and the floor depend on how busy the machine is: only that they are shown
    assert re.search(r"elapsed .*?(no floor|x\s+floor)", out, re.S), out[-3000:]
    # 3. the report exists and is self-contained; 5. the simulator was stopped
    assert_report_and_stopped_simulator(out)
    # 4. the data is in the demo's own DuckDB file, one row per ticket
    tickets, distinct, events = stored_tickets()
    assert (tickets, distinct) == (TICKETS, TICKETS)
    assert events > TICKETS
    # 6. what to try next is printed, with commands that exist
    assert "ticketlake query" in out
    assert "ticketlake export demo" in out
    assert f"export TICKETLAKE_HOME={ROOT / 'build' / 'demo-home'}\n" in out  # absolute


def test_make_demo_source_autotask_runs_the_whole_job_on_an_autotask_simulator() -> None:
    out = make_demo("SOURCE=autotask")
    flat = " ".join(out.split())
    assert "Starting a simulated Autotask tenant with 400 tickets" in flat
    # 1. onboarding: the eleven Autotask checks, all passing, through `ticketlake connect`
    assert "All checks passed (11 pass)." in flat
    assert "PASS Zone found for the API user name" in flat
    assert "FAIL" not in out
    # 2. the sync's summary: every ticket the tenant holds (deleted ones are not), run at the
    # simulator's speed (no clock mismatch)
    truth = autotask.Tenant(autotask.SimConfig(tickets=TICKETS, seed=7, as_of=AS_OF))
    held = sum(1 for _ in truth.iter_truth("tickets"))
    assert 0 < held <= TICKETS
    assert re.search(rf"tickets\s+│\s+ok\s+│\s+{held}\b", out), out[-3000:]
    assert "misjudges every rate-limit window" not in flat
    # 3. the report, and the simulator stopped; 4. the tickets are in the demo's DuckDB file
    assert_report_and_stopped_simulator(out)
    tickets, distinct, events = stored_tickets()
    assert (tickets, distinct) == (held, held)
    assert events > held
    assert "sim autotask --list-scenarios" in out


def test_make_demo_source_teamwork_runs_the_whole_job_on_a_teamwork_simulator() -> None:
    out = make_demo("SOURCE=teamwork")
    flat = " ".join(out.split())
    assert "FAIL" not in out
    assert "All checks passed" in flat
    # a Desk connection with Basic auth: every ticket the site holds, deleted ones included
    # (kept and marked deleted)
    tickets, distinct, events = stored_tickets()
    assert (tickets, distinct) == (TICKETS, TICKETS)
    assert events > TICKETS
    assert_report_and_stopped_simulator(out)
    assert "sim teamwork --list-scenarios" in out
