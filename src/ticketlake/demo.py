"""``make demo [SOURCE=autotask]``: the whole job on the embedded default, against a simulated
tenant.

1. start a simulated tenant in the background (``SOURCE``: ``teamdynamix``, the default,
   ``autotask`` or ``teamwork``, a Desk connection with Basic auth; ``TICKETS`` tickets,
   default 3000; its data as of ``AS_OF``, default today);
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
from dataclasses import dataclass
from pathlib import Path

import httpx
from rich.console import Console
from rich.panel import Panel

from ticketlake.sim import autotask as at
from ticketlake.sim import teamdynamix as tdx
from ticketlake.sim import teamwork as tw

console = Console()

CONNECTION = "demo"


@dataclass(frozen=True)
class DemoSource:
    """How the demo runs one source's simulator and connects to it."""

    name: str
    title: str
    ready_path: str
    """A path the simulator answers once it serves (any status)."""
    connect: tuple[str, ...]
    """``ticketlake connect`` arguments after ``--name``; ``{origin}`` stands for the
    simulator's ``http://127.0.0.1:PORT``."""
    secrets: dict[str, str]
    """``TICKETLAKE_<FIELD>`` variables ``connect`` reads the simulator's secrets from."""

    def connect_args(self, origin: str) -> list[str]:
        """``ticketlake connect SOURCE --name demo ...`` for the simulator at ``origin``."""
        flags = [a.format(origin=origin) for a in self.connect]
        return ["connect", self.name, "--name", CONNECTION, *flags, *LOOPBACK]


LOOPBACK = ("--allow-insecure-localhost", "--allow-private-network")
SOURCES = {
    "teamdynamix": DemoSource(
        "teamdynamix", "TeamDynamix", "/TDWebApi/api/auth",
        ("--base-url", "{origin}/TDWebApi", "--app-id", str(tdx.DEFAULT_APP_ID),
         "--auth-mode", "password", "--username", tdx.DEFAULT_USERNAME,
         "--report-id", str(tdx.TICKET_REPORT_ID),
         "--survey-report-id", str(tdx.SURVEY_REPORT_ID),
         "--timezone", tdx.DEFAULT_TIME_ZONE),
        {"TICKETLAKE_PASSWORD": tdx.DEFAULT_PASSWORD},
    ),
    "autotask": DemoSource(
        "autotask", "Autotask", "/ATServicesRest/versioninformation",
        ("--api-username", at.DEFAULT_USERNAME, "--discovery-url", "{origin}/ATServicesRest"),
        {"TICKETLAKE_API_SECRET": at.DEFAULT_SECRET,
         "TICKETLAKE_API_TRACKING_IDENTIFIER": at.DEFAULT_INTEGRATION_CODE},
    ),
    "teamwork": DemoSource(
        "teamwork", "Teamwork.com Desk", f"/us/{tw.DEFAULT_SITE}/desk/api/v2/tickets.json",
        ("--api-type", "desk", "--region", "us", "--site-name", tw.DEFAULT_SITE,
         "--auth-type", "basic", "--site-url", f"{{origin}}/us/{tw.DEFAULT_SITE}"),
        {"TICKETLAKE_API_KEY": tw.DEFAULT_API_KEY},
    ),
}  # fmt: skip
"""Each simulator with its documented demo credentials (``ticketlake sim SOURCE`` prints
them)."""


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
    source: DemoSource,
    port: int,
    tickets: int,
    scale: float,
    env: dict[str, str],
    as_of: str | None,
) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable, "-m", "ticketlake", "sim", source.name,
        "--port", str(port), "--tickets", str(tickets), "--seed", "7",
        "--time-scale", str(scale),
    ]  # fmt: skip
    if as_of:
        cmd += ["--as-of", as_of]
    log = open(Path(env["TICKETLAKE_HOME"]) / "simulator.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 120
    url = f"http://127.0.0.1:{port}{source.ready_path}"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"demo: the simulator exited early; see {log.name}")
        try:
            httpx.get(url, timeout=1.0)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("demo: the simulator did not start within 120 s")


def _source() -> DemoSource:
    name = os.environ.get("SOURCE") or "teamdynamix"
    if name not in SOURCES:
        raise SystemExit(f"demo: SOURCE is one of {', '.join(SOURCES)}, not {name}")
    return SOURCES[name]


def main() -> None:
    """Run the demo end to end."""
    source = _source()
    tickets = int(os.environ.get("TICKETS", "3000"))
    scale = float(os.environ.get("TIME_SCALE", "60"))
    as_of = os.environ.get("AS_OF") or None  # the simulated data's "now" (default: today)
    build = Path.cwd() / "build"
    home = build / "demo-home"
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    report = build / "demo-report.html"
    env = {**os.environ, "TICKETLAKE_HOME": str(home), "TICKETLAKE_TIME_SCALE": str(scale)}
    env |= source.secrets
    env.pop("TICKETLAKE_DATABASE_URL", None)
    port = _free_port()
    started = time.monotonic()
    console.print(Panel.fit(
        f"Starting a simulated {source.title} tenant with {tickets:,} tickets on "
        f"127.0.0.1:{port}\n(time scale {scale:g}: one simulated minute passes every "
        f"{60 / scale:g} s)",
        title="ticketlake demo",
    ))  # fmt: skip
    sim = _start_simulator(source, port, tickets, scale, env, as_of)
    try:
        console.rule("1. Onboard: ticketlake connect (checks run right after saving)")
        _cli(*source.connect_args(f"http://127.0.0.1:{port}"), env=env)
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
    ticketlake = Path(sys.executable).parent / "ticketlake"
    for line in next_steps(home, report, ticketlake, source.name):
        # Plain lines, never wrapped into a box: they are meant to be copied.
        console.print(line, soft_wrap=True, markup=False, highlight=False)


def next_steps(
    home: Path, report: Path, ticketlake: Path, source: str = "teamdynamix"
) -> list[str]:
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
        f"  {tl} sim {source} --list-scenarios",
    ]


if __name__ == "__main__":
    main()
