"""``python -m tests.e2e.twsyncproc API_TYPE SITE STORE SCALE``: one Teamwork.com sync in a
process of its own (the kill tests SIGKILL it), against a simulator served on 127.0.0.1, with
the site's API key from the environment."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.e2e.twsim import tw_connection
from ticketlake.store import open_store
from ticketlake.sync.run import run_sync
from ticketlake.transport import ScaledClock


def main(api_type: str, site: str, store_url: str, scale: str) -> int:
    """Sync once; exit 0 when every stream finished."""
    conn = tw_connection(api_type, site, key=os.environ["TW_API_KEY"])
    store = open_store(store_url)
    try:
        summary = asyncio.run(run_sync(conn, store, clock=ScaledClock(float(scale))))
    finally:
        store.close()
    if not summary.ok:
        print(summary.error, file=sys.stderr)
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
