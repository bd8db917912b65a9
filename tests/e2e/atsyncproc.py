"""``python -m tests.e2e.atsyncproc DISCOVERY STORE SCALE``: one Autotask sync in a process of
its own (the kill tests SIGKILL it), against a simulator served on 127.0.0.1, with the
simulator's default API user (the secrets come from the environment)."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.e2e.atsim import at_connection
from ticketlake.secret import Secret
from ticketlake.store import open_store
from ticketlake.sync.run import run_sync
from ticketlake.transport import ScaledClock


def main(discovery: str, store_url: str, scale: str) -> int:
    """Sync once; exit 0 when every stream finished."""
    conn = at_connection(discovery)
    secrets = {"api_secret": Secret(os.environ["AT_SECRET"]),
               "api_tracking_identifier": Secret(os.environ["AT_CODE"])}  # fmt: skip
    conn = type(conn)(conn.name, conn.source, conn.values, secrets)
    store = open_store(store_url)
    try:
        summary = asyncio.run(run_sync(conn, store, clock=ScaledClock(float(scale))))
    finally:
        store.close()
    if not summary.ok:
        print(summary.error, file=sys.stderr)
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
