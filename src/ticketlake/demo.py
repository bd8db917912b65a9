"""``make demo``: the whole job on the embedded default, against a simulated tenant.

1. start a simulated TeamDynamix tenant in the background (``TICKETS`` tickets, default 3000;
   its data as of ``AS_OF``, default today);
2. onboard it with ``ticketlake connect`` (the path a user takes), which prints the checks;
3. ``ticketlake sync`` into DuckDB, with progress bars;
4. ``ticketlake report`` to ``build/demo-report.html``;
5. print where everything is and what to try next; stop the simulator.

Everything lives under ``build/demo-home`` (``TICKETLAKE_HOME``), so the demo never touches your
own ``~/.ticketlake``. The simulator runs with a time scale (one simulated minute per real
second by default): rate limits and waits are those of a real tenant, only faster.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.panel import Panel

console = Console()

CONNECTION = "demo"
SIM_USERNAME = "ticketlake-svc"
SIM_PASSWORD = "sim-password-1"  # noqa: S105 - the simulator's documented demo credential
SIM_APP_ID = "627"
SIM_REPORT_ID = "1"
SIM_SURVEY_REPORT_ID = "3"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str, env: dict[str, str], check: bool = True) -> int:
    """Run ``ticketlake ARGS`` the way a user would, output straight to the terminal."""
    cmd = [sys.executable, "-m", "ticketlake", *args]
    rc = subprocess.call(cmd, env=env)  # noqa: S603 - our own CLI, fixed arguments
    if check and rc != 0:
        raise SystemExit(f"demo: `ticketlake {' '.join(args)}` failed with status {rc}")
    return rc


def _start_simulator(
    port: int, tickets: int, scale: float, env: dict[str, str], as_of: str | None
) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable, "-m", "ticketlake", "sim", "teamdynamix",
        "--port", str(port), "--tickets", str(tickets), "--seed", "7",
        "--time-scale", str(scale),
    ]  # fmt: skip
    if as_of:
        cmd += ["--as-of", as_of]
    log = open(Path(env["TICKETLAKE_HOME"]) / "simulator.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 120
    url = f"http://127.0.0.1:{port}/TDWebApi/api/auth"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"demo: the simulator exited early; see {log.name}")
        try:
            httpx.post(url, json={}, timeout=1.0)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("demo: the simulator did not start within 120 s")


def main() -> None:
    """Run the demo end to end."""
    tickets = int(os.environ.get("TICKETS", "3000"))
    scale = float(os.environ.get("TIME_SCALE", "60"))
    as_of = os.environ.get("AS_OF") or None  # the simulated data's "now" (default: today)
    root = Path.cwd()
    build = root / "build"
    home = build / "demo-home"
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    report = build / "demo-report.html"
    env = {
        **os.environ,
        "TICKETLAKE_HOME": str(home),
        "TICKETLAKE_TIME_SCALE": str(scale),
        "TICKETLAKE_PASSWORD": SIM_PASSWORD,
    }
    env.pop("TICKETLAKE_DATABASE_URL", None)
    port = _free_port()
    started = time.monotonic()
    console.print(Panel.fit(
        f"Starting a simulated TeamDynamix tenant with {tickets:,} tickets on 127.0.0.1:{port}\n"
        f"(time scale {scale:g}: one simulated minute passes every {60 / scale:g} s)",
        title="ticketlake demo",
    ))  # fmt: skip
    sim = _start_simulator(port, tickets, scale, env, as_of)
    try:
        base_url = f"http://127.0.0.1:{port}/TDWebApi"
        console.rule("1. Onboard: ticketlake connect (checks run right after saving)")
        _cli(
            "connect", "teamdynamix", "--name", CONNECTION, "--base-url", base_url,
            "--app-id", SIM_APP_ID, "--auth-mode", "password", "--username", SIM_USERNAME,
            "--report-id", SIM_REPORT_ID, "--survey-report-id", SIM_SURVEY_REPORT_ID,
            "--timezone", "America/New_York",
            "--allow-insecure-localhost", "--allow-private-network",
            env=env,
        )  # fmt: skip
        console.rule("2. Extract: ticketlake sync")
        _cli("sync", CONNECTION, env=env)
        console.rule("3. Report: ticketlake report")
        _cli("report", CONNECTION, "--out", str(report), env=env)
    finally:
        sim.terminate()
        try:
            sim.wait(timeout=10)
        except subprocess.TimeoutExpired:
            sim.kill()
    elapsed = time.monotonic() - started
    console.rule(f"Done in {elapsed:.0f} s")
    for line in next_steps(home, report, Path(sys.executable).parent / "ticketlake"):
        # Plain lines, never wrapped into a box: they are meant to be copied.
        console.print(line, soft_wrap=True, markup=False, highlight=False)


def next_steps(home: Path, report: Path, ticketlake: Path) -> list[str]:
    """Where the demo's files are and what to try next, with absolute paths: a relative
    ``TICKETLAKE_HOME`` run from another folder would silently start an empty home there."""
    home, report = home.resolve(), report.resolve()
    tl = shlex.quote(str(ticketlake.absolute()))
    export_dir = shlex.quote(str(report.parent / "demo-export"))
    return [
        f"  report      {report}  (open it in a browser; works offline)",
        f"  data        {home / 'data.duckdb'}",
        f"  catalog     {home / 'catalog.db'}  (secrets encrypted)",
        f"  master key  {home / 'master.key'}  (mode 0600; keep it apart from backups)",
        "",
        "Try next (the simulator has stopped; queries and exports work on the stored data):",
        f"  export TICKETLAKE_HOME={shlex.quote(str(home))}",
        f"  {tl} connections show {CONNECTION}",
        f'  {tl} query "SELECT status_class, count(*) FROM tickets GROUP BY 1"',
        f"  {tl} export {CONNECTION} --format parquet --out {export_dir}",
        f"  {tl} sim teamdynamix --list-scenarios",
    ]


if __name__ == "__main__":
    main()
