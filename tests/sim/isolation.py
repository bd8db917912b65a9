"""A simulator shares nothing with the client: building one loads no client module."""

from __future__ import annotations

import subprocess
import sys


def assert_loads_no_client_code(package: str, config: str) -> None:
    """Import ``package``, build its app from ``SimConfig(config)`` in a fresh interpreter and
    check that nothing of ``ticketlake.transport`` or ``ticketlake.connectors`` got loaded."""
    code = (
        f"import sys, {package} as s; s.create_app(s.SimConfig({config})); "
        "bad = [m for m in sys.modules if m.startswith(('ticketlake.transport', "
        "'ticketlake.connectors'))]; print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
