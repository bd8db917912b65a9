"""One dlt run on the same synthetic tickets, inside the bench venv (build/bench-venv).

    build/bench-venv/bin/python -m bench._dlt_worker ROWS BATCH DB_PATH PIPELINES_DIR

dlt's default pipeline (``dlt.pipeline(destination=duckdb)`` then ``run(data,
table_name="tickets")``, default write disposition, no hints) loads the tickets the API would
return, parsed from the same JSON pages ticketlake parses; page generation is not timed (wall or
CPU). Prints one JSON object.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from typing import Any

from bench._measure import cpu_seconds, peak_rss_mb
from bench._tdx_synth import bodies

try:  # parse with the fastest library available, as ticketlake does
    import orjson

    dumps, loads, parser = orjson.dumps, orjson.loads, "orjson"
except ImportError:  # pragma: no cover - dlt depends on orjson today
    dumps, loads, parser = (lambda o: json.dumps(o).encode()), json.loads, "json"


def main(rows: int, batch: int, db: str, pipelines_dir: str) -> dict[str, object]:
    import dlt

    generating, generating_cpu = 0.0, 0.0

    def tickets() -> Iterator[list[dict[str, Any]]]:
        nonlocal generating, generating_cpu
        t0, c0 = time.perf_counter(), cpu_seconds()
        for _, payload in bodies(1, rows, batch, dumps):  # the API's side, untimed
            generating += time.perf_counter() - t0
            generating_cpu += cpu_seconds() - c0
            yield loads(payload)
            t0, c0 = time.perf_counter(), cpu_seconds()

    pipeline = dlt.pipeline(
        pipeline_name="ticketlake_bench",
        destination=dlt.destinations.duckdb(db),
        dataset_name="tdx",
        pipelines_dir=pipelines_dir,
    )
    t0, c0 = time.perf_counter(), cpu_seconds()
    pipeline.run(tickets(), table_name="tickets")
    seconds = time.perf_counter() - t0 - generating
    cpu = cpu_seconds() - c0 - generating_cpu
    peak = peak_rss_mb()
    import duckdb

    with duckdb.connect(db, read_only=True) as con:
        [(stored,)] = con.execute("SELECT count(*) FROM tdx.tickets").fetchall()
    return {
        "rows": rows,
        "rows_in_store": stored,
        "wall_seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "rows_per_s": round(rows / seconds),
        "rows_per_cpu_s": round(rows / cpu),
        "peak_rss_mb": peak,
        "dlt_version": dlt.__version__,
        "json_parser": parser,
    }


if __name__ == "__main__":
    n, size, path, dirs = sys.argv[1:5]
    print(json.dumps(main(int(n), int(size), path, dirs)))
