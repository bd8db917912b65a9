"""A sync killed with SIGKILL at random points, then resumed: the harness the resume tests
share. Each sync is a process of its own (``python -m ...``), killed once the simulator has
answered a number of its requests, so the kill lands anywhere: mid-page, mid-pass,
mid-transaction. ``sync_once`` is what such a process runs."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ticketlake.connectors.base import ConnectionSettings
from ticketlake.store import open_store
from ticketlake.store.base import Store
from ticketlake.sync.run import run_sync
from ticketlake.transport import ScaledClock

ROOT = Path(__file__).resolve().parents[2]
Start = Callable[[], "subprocess.Popen[bytes]"]


def sync_once(conn: ConnectionSettings, store_url: str, scale: str) -> int:
    """Sync ``conn`` into ``store_url`` once, ``scale`` times faster than real time; 0 when
    every stream finished (else the error goes to stderr and it is 1)."""
    store = open_store(store_url)
    try:
        summary = asyncio.run(run_sync(conn, store, clock=ScaledClock(float(scale))))
    finally:
        store.close()
    if not summary.ok:
        print(summary.error, file=sys.stderr)
    return 0 if summary.ok else 1


def start_module(module: str, *args: str, env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """``python -m module args...`` from the repository's root, ``env`` over ours."""
    return subprocess.Popen([sys.executable, "-m", module, *args], env=os.environ | dict(env),
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def kill_after(proc: subprocess.Popen[bytes], requests: list[object], count: int) -> bool:
    """SIGKILL ``proc`` once the simulator has served ``count`` more requests; False if it
    finished first."""
    target = len(requests) + count
    while len(requests) < target:
        if proc.poll() is not None:
            return False
        time.sleep(0.002)  # polling the simulator's request log, not timing anything
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return True


def killed_then_resumed(
    start: Start, requests: list[object], kill_point: Callable[[], int], kills: int
) -> int:
    """Start a sync and kill it after ``kill_point()`` more of the simulator's ``requests``,
    up to ``kills`` times, then run one to its end (asserting it exits 0); the kills made."""
    made = 0
    while made < kills:
        if not kill_after(start(), requests, kill_point()):
            break  # it finished before the kill point: the rest is resumption anyway
        made += 1
    final = start()
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()[-2000:]
    return made


def differing(
    store: Path, differences: Callable[[Store], Mapping[str, Sequence[Any]]]
) -> dict[str, Sequence[Any]]:
    """The tables in which the DuckDB store at ``store`` differs from the truth."""
    target = open_store(f"duckdb:///{store}")
    try:
        found = differences(target)
    finally:
        target.close()
    return {t: d for t, d in found.items() if d}
