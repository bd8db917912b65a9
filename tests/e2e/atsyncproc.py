"""``python -m tests.e2e.atsyncproc DISCOVERY STORE SCALE``: one Autotask sync in a process of
its own (the kill tests SIGKILL it), against a simulator served on 127.0.0.1, with the
simulator's default API user (the secrets come from the environment)."""

from __future__ import annotations

import os
import sys

from tests.e2e.atsim import at_connection
from tests.e2e.killed import sync_once
from ticketlake.secret import Secret


def main(discovery: str, store_url: str, scale: str) -> int:
    """Sync once; exit 0 when every stream finished."""
    conn = at_connection(discovery)
    secrets = {"api_secret": Secret(os.environ["AT_SECRET"]),
               "api_tracking_identifier": Secret(os.environ["AT_CODE"])}  # fmt: skip
    return sync_once(type(conn)(conn.name, conn.source, conn.values, secrets), store_url, scale)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
