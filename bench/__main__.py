"""`make bench`: run every benchmark, print the figures and write build/bench.json.

Each benchmark module exposes ``run() -> dict`` and measures ticketlake against its peer in the
same run, so the ratios hold on a shared, noisy machine.
"""

from __future__ import annotations

import importlib
import json
import platform
import sys
import time
from pathlib import Path

from bench._sim import AS_OF

BENCHMARKS = (
    "bench.simulator",
    "bench.extraction",
    "bench.plan",
    "bench.throughput",
    "bench.sharing",
    "bench.autotask",
    "bench.teamwork",
    "bench.scale",
    "bench.continued",
)


def main() -> int:
    out = Path("build")
    out.mkdir(exist_ok=True)
    results: dict[str, object] = {
        "machine": {"python": sys.version.split()[0], "platform": platform.platform()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "as_of": AS_OF,  # the simulated tenants' data date: with it the figures reproduce
    }
    failed = False
    for name in BENCHMARKS:
        print(f"== {name}", flush=True)
        try:
            figures = importlib.import_module(name).run()
        except Exception as exc:  # a benchmark that cannot run is reported, not hidden
            figures = {"error": f"{type(exc).__name__}: {exc}"}
            failed = True
        results[name.split(".")[-1]] = figures
        print(json.dumps(figures, indent=2, default=str), flush=True)
    (out / "bench.json").write_text(json.dumps(results, indent=2, default=str))
    print("wrote build/bench.json")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
