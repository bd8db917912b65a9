"""One ticketlake throughput run, in its own process so its peak RSS is its own.

    python -m bench._throughput_worker ROWS BATCH DB_PATH MODE

Synthetic search responses (JSON bytes, generated page by page and not timed) are mapped to
canonical ``tickets`` and written to DuckDB with their cursor, one page per batch and
transaction. DuckDB runs one thread and a bounded memory (``threads=1``,
``memory_limit=MEMORY``). MODE ``bytes`` hands the response body to the mapping (its JSON reader
parses it: the "map" stage includes parsing); ``objects`` parses it with orjson first ("parse")
and maps the dicts. Prints one JSON object with wall and CPU seconds per stage.
"""

from __future__ import annotations

import json
import os
import sys
import time
from zoneinfo import ZoneInfo

import orjson

from bench._measure import cpu_seconds, peak_rss_mb
from bench._tdx_synth import bodies
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.store import Batch, open_store

CONNECTION = "bench"
MEMORY = "192MB"
STAGES = ("generate", "parse", "map", "load")


def main(rows: int, batch: int, db: str, mode: str) -> dict[str, object]:
    tz = ZoneInfo("America/New_York")
    wall = dict.fromkeys(STAGES, 0.0)
    cpu = dict.fromkeys(STAGES, 0.0)
    store = open_store(f"duckdb://{db}?threads=1&memory_limit={MEMORY}")
    marks = [(time.perf_counter(), cpu_seconds())]

    def lap(stage: str) -> None:
        now = (time.perf_counter(), cpu_seconds())
        wall[stage] += now[0] - marks[-1][0]
        cpu[stage] += now[1] - marks[-1][1]
        marks.append(now)

    for last_id, payload in bodies(1, rows, batch, orjson.dumps):  # the API's side, untimed
        lap("generate")
        parsed = orjson.loads(payload) if mode == "objects" else payload
        del payload
        lap("parse")
        table = mapping.tickets(parsed, connection=CONNECTION, tz=tz)
        del parsed
        lap("map")
        store.write(Batch(CONNECTION, rows={"tickets": table}, cursors={"tickets": last_id}))
        del table
        lap("load")
    store.close()  # the final checkpoint is part of loading
    lap("load")
    peak = peak_rss_mb()
    check = open_store(f"duckdb://{db}", read_only=True)
    [(stored,)] = check.query("SELECT count(*) FROM tickets").rows
    cursor = check.cursor(CONNECTION, "tickets")
    check.close()
    work = [s for s in STAGES if s != "generate"]
    wall_s, cpu_s = sum(wall[s] for s in work), sum(cpu[s] for s in work)
    return {
        "mode": mode,
        "rows": rows,
        "batch_rows": batch,
        "rows_in_store": stored,
        "cursor": cursor,
        "wall_seconds": round(wall_s, 2),
        "cpu_seconds": round(cpu_s, 2),
        "rows_per_s": round(rows / wall_s),
        "rows_per_cpu_s": round(rows / cpu_s),
        "stage_cpu_us_per_row": {s: round(cpu[s] / rows * 1e6, 1) for s in STAGES},
        "peak_rss_mb": peak,
        "duckdb": f"threads=1, memory_limit={MEMORY}",
        "db_mb": round(os.path.getsize(db) / 1e6, 1),
    }


if __name__ == "__main__":
    n, size, path, how = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    print(json.dumps(main(n, size, path, how)))
