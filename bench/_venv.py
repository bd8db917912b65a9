"""The benchmarks' separate virtual environment (build/bench-venv) for peers' packages.

Peers (dlt, tdxlib) are measured in their own venv so nothing of theirs reaches the project's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH_VENV = Path(__file__).resolve().parent.parent / "build" / "bench-venv"


def bench_python(requirement: str, module: str) -> Path | str:
    """The bench venv's python with ``requirement`` installed (``import module`` works),
    creating the venv and installing when needed; an error text when that is impossible."""
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        made = subprocess.run(
            [sys.executable, "-m", "venv", str(BENCH_VENV)], capture_output=True, text=True
        )
        if made.returncode != 0:
            return f"could not create {BENCH_VENV}: {made.stderr.strip()[-300:]}"
    probe = [str(python), "-c", f"import {module}"]
    if subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", requirement],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if install.returncode != 0 or subprocess.run(probe, capture_output=True).returncode != 0:
        detail = (install.stderr or install.stdout).strip()[-400:]
        return f"{requirement} could not be installed into {BENCH_VENV}: {detail}"
    return python
