"""The simulated TeamDynamix tenant for the sync's end-to-end tests: in-process (ASGI) or served
on 127.0.0.1 by uvicorn in a thread, and a sync run against it."""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from tests.pinned import AS_OF, CLOCK_START
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.secret import Secret
from ticketlake.sim.clock import ScaledClock as SimClock
from ticketlake.store.base import Store
from ticketlake.sync.run import run_sync
from ticketlake.sync.summary import SyncSummary
from ticketlake.transport import ScaledClock

USERNAME = "ticketlake-svc"
PASSWORD = "sim-password-1"
APP_ID = 627
REPORT_ID = 1
TIME_ZONE = "America/New_York"
"""The simulator's default tenant time zone (zone-less time-entry dates are in it)."""


def simulator() -> Any:
    """``ticketlake.sim.teamdynamix``, or a visible skip while it is not in this build."""
    try:
        return importlib.import_module("ticketlake.sim.teamdynamix")
    except ModuleNotFoundError as exc:
        if exc.name and "ticketlake.sim.teamdynamix".startswith(exc.name):
            pytest.skip(
                "the simulated tenant (ticketlake.sim.teamdynamix) is not in this build yet"
            )
        raise


@dataclass
class Sim:
    """A simulated tenant: its ASGI app, its state, and the time scale both sides use."""

    app: Any
    scale: float
    start: float = CLOCK_START
    """Where the tenant's clock started (a client's scaled clock starts there too)."""

    @property
    def tenant(self) -> Any:
        return self.app.state.tenant

    def truth(self, folder: Path) -> Path:
        self.tenant.dump_truth(folder)
        return folder


def make_sim(tickets: int, *, seed: int = 5, scale: float = 1000.0, **config: Any) -> Sim:
    """A tenant as of ``AS_OF`` (or ``as_of``) whose clock starts nine hours later (unless
    given a clock)."""
    sim = simulator()
    as_of = config.setdefault("as_of", AS_OF)
    start = CLOCK_START + (as_of.timestamp() - AS_OF.timestamp())
    if "clock" not in config:
        config["clock"] = SimClock(scale, start=start)
    settings = sim.SimConfig(tickets=tickets, seed=seed, time_scale=scale, **config)
    return Sim(sim.create_app(settings), scale, start)


def connection(base_url: str, name: str = "sim", **values: Any) -> ConnectionSettings:
    fields = {"base_url": base_url, "app_id": APP_ID, "username": USERNAME, "timezone": TIME_ZONE}
    fields |= values
    return ConnectionSettings(name, "teamdynamix", fields, {"password": Secret(PASSWORD)})


def sync_in_process(
    sim: Sim,
    store: Store,
    *,
    http: httpx.AsyncBaseTransport | None = None,
    name: str = "sim",
    **kw: Any,
) -> SyncSummary:
    """``run_sync`` against the app through ``httpx.ASGITransport`` (or ``http`` around it)."""
    values = kw.pop("values", {})
    checked = kw.pop("checked", {})
    clock = kw.pop("clock", None) or ScaledClock(sim.scale, start=sim.start)

    async def go() -> SyncSummary:
        transport = http or httpx.ASGITransport(app=sim.app)
        conn = connection("http://127.0.0.1/TDWebApi", name, **values)
        conn = dataclasses.replace(conn, checked=checked)
        return await run_sync(conn, store, clock=clock, http_transport=transport, **kw)

    return asyncio.run(go())


@contextmanager
def served(app: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port) from a thread; yields the Web API base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = uvicorn.Server(
        # The simulator's own Date (virtual time) only, as `ticketlake sim` serves it: a second,
        # wall-clock Date from uvicorn misleads the client's reading of the server's clock.
        uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="off", date_header=False
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/TDWebApi"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
