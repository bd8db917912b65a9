"""One ticketlake throughput run, in its own process so its peak RSS is its own.

    python -m bench._throughput_worker ROWS BATCH DB_PATH MODE

Synthetic search responses (JSON bytes, generated page by page and not timed) go down the path
the tickets stream takes with a search answer, one page per batch and transaction:

- ``parse``: ``json_objects`` (what ``TdxApi.search_tickets`` makes of the body) and the window
  walker's row identities (``row_keys``);
- ``map``: ``mapping.tickets`` on those JSON texts;
- ``load``: ``Store.write`` of the rows with the stream's cursor, and the final checkpoint.

MODE ``sync`` times all three. MODE ``floor`` measures what DuckDB alone needs to store the same
rows: each page is mapped untimed, then inserted by a bare DuckDB connection (same settings, same
table and key, a plain ``INSERT`` of the Arrow table, no cursor): no pipeline on this machine
stores these rows faster than that (the floor hands DuckDB ``raw`` tagged as JSON, as the store
does, so DuckDB does not parse it again). DuckDB runs one thread with a bounded memory
(``threads=1``, ``memory_limit=MEMORY``). Prints one JSON object with CPU time per stage.
"""

from __future__ import annotations

import json
import os
import sys
import time
from zoneinfo import ZoneInfo

import duckdb
import orjson

from bench._measure import cpu_seconds, peak_rss_mb
from bench._tdx_synth import bodies
from ticketlake.connectors.rows import json_objects
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.connectors.teamdynamix.streams.tickets import row_keys
from ticketlake.model import TICKETS
from ticketlake.records import Batch
from ticketlake.store import open_store, sql
from ticketlake.store.duckdb import DEFAULT_SETTINGS, json_typed

CONNECTION = "bench"
MEMORY = "192MB"
STAGES = ("generate", "parse", "map", "load")


class Laps:
    """Wall and CPU seconds per stage, each lap charged to the stage just finished."""

    def __init__(self) -> None:
        self.wall = dict.fromkeys(STAGES, 0.0)
        self.cpu = dict.fromkeys(STAGES, 0.0)
        self._mark = (time.perf_counter(), cpu_seconds())

    def lap(self, stage: str) -> None:
        now = (time.perf_counter(), cpu_seconds())
        self.wall[stage] += now[0] - self._mark[0]
        self.cpu[stage] += now[1] - self._mark[1]
        self._mark = now


def sync_path(rows: int, batch: int, db: str, laps: Laps) -> None:
    tz = ZoneInfo("America/New_York")
    store = open_store(f"duckdb://{db}?threads=1&memory_limit={MEMORY}")
    for last_id, payload in bodies(1, rows, batch, orjson.dumps):  # the API's side, untimed
        laps.lap("generate")
        objects = json_objects(payload)
        row_keys(objects)
        del payload
        laps.lap("parse")
        table = mapping.tickets(objects, connection=CONNECTION, tz=tz)
        del objects
        laps.lap("map")
        store.write(Batch(CONNECTION, rows={"tickets": table}, cursors={"tickets": last_id}))
        del table
        laps.lap("load")
    store.close()  # the final checkpoint is part of loading
    laps.lap("load")


def floor_path(rows: int, batch: int, db: str, laps: Laps) -> None:
    tz = ZoneInfo("America/New_York")
    config = {**DEFAULT_SETTINGS, "threads": "1", "memory_limit": MEMORY}
    con = duckdb.connect(db, config=config)
    con.execute(sql.create_table(TICKETS, "duckdb"))
    for _, payload in bodies(1, rows, batch, orjson.dumps):
        table = mapping.tickets(payload, connection=CONNECTION, tz=tz)
        laps.lap("generate")  # the rows, ready: nothing of this is timed
        con.register("page", json_typed(TICKETS, table))  # raw taken as JSON, as the store does
        con.execute(sql.insert(TICKETS, table.column_names, "page"))
        con.unregister("page")
        laps.lap("load")
    con.close()
    laps.lap("load")


def main(rows: int, batch: int, db: str, mode: str) -> dict[str, object]:
    laps = Laps()
    (sync_path if mode == "sync" else floor_path)(rows, batch, db, laps)
    peak = peak_rss_mb()
    check = open_store(f"duckdb://{db}", read_only=True)
    [(stored,)] = check.query("SELECT count(*) FROM tickets").rows
    check.close()
    work = [s for s in STAGES if s != "generate"]
    wall_s, cpu_s = sum(laps.wall[s] for s in work), sum(laps.cpu[s] for s in work)
    return {
        "mode": mode,
        "rows": rows,
        "batch_rows": batch,
        "rows_in_store": stored,
        "wall_seconds": round(wall_s, 2),
        "cpu_seconds": round(cpu_s, 2),
        "rows_per_s": round(rows / wall_s),
        "rows_per_cpu_s": round(rows / cpu_s),
        "stage_cpu_us_per_row": {s: round(laps.cpu[s] / rows * 1e6, 1) for s in work},
        "peak_rss_mb": peak,
        "duckdb": f"threads=1, memory_limit={MEMORY}",
        "db_mb": round(os.path.getsize(db) / 1e6, 1),
    }


if __name__ == "__main__":
    n, size, path, how = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    print(json.dumps(main(n, size, path, how)))
