"""``python -m tests.e2e.twsyncproc API_TYPE SITE STORE SCALE``: one Teamwork.com sync in a
process of its own (the kill tests SIGKILL it), against a simulator served on 127.0.0.1, with
the site's API key from the environment."""

from __future__ import annotations

import os
import sys

from tests.e2e.killed import sync_once
from tests.e2e.twsim import tw_connection


def main(api_type: str, site: str, store_url: str, scale: str) -> int:
    """Sync once; exit 0 when every stream finished."""
    return sync_once(tw_connection(api_type, site, key=os.environ["TW_API_KEY"]), store_url, scale)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
