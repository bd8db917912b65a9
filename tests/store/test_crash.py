"""A writer killed with SIGKILL at random points loses nothing and duplicates nothing.

The child writes numbered batches; each batch adds new tickets and events and rewrites the
previous batch's titles, and commits its number as the stream cursor. After every kill the
committed rows must match the committed cursor exactly; after the final resume the store must
hold exactly the rows a single uninterrupted run writes.
"""

from __future__ import annotations

import random
import signal
import subprocess
from collections.abc import Callable

from ticketlake.store import open_store

Spawn = Callable[..., "subprocess.Popen[str]"]

BATCHES = 12
ROWS = 1500
KILLS = 8

WRITER = """
import sys
import pyarrow as pa
from ticketlake.records import Batch
from ticketlake.store import open_store

url, batches, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = open_store(url)
done = store.cursor("c1", "load") or 0
print("open", done, flush=True)
for n in range(done, batches):
    ids = list(range(max(0, n - 1) * rows, (n + 1) * rows))
    tickets = pa.table({
        "id": ids,
        "title": [f"{i}@{n}" for i in ids],
        "raw": ['{"pad": "%s"}' % ("x" * 400)] * len(ids),
    })
    fresh = ids[-rows:]
    events = pa.table({"id": [f"e{i}" for i in fresh], "ticket_id": fresh})
    store.write(Batch("c1", rows={"tickets": tickets, "ticket_events": events},
                      cursors={"load": n + 1}))
    print("committed", n + 1, flush=True)
store.close()
print("done", flush=True)
"""


def committed(url: str) -> tuple[int, int, int]:
    """(cursor, tickets, events) as committed in the store."""
    store = open_store(url)
    try:
        cursor = store.cursor("c1", "load") or 0
        [(tickets, events)] = store.query(
            "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_events)"
        ).rows
        return int(cursor), int(str(tickets)), int(str(events))
    finally:
        store.close()


def run_until_killed(spawn: Spawn, url: str, lines: int) -> None:
    child = spawn(WRITER, url, str(BATCHES), str(ROWS))
    assert child.stdout is not None
    for _ in range(lines):
        if not child.stdout.readline():
            break
    child.send_signal(signal.SIGKILL)
    child.communicate()


def test_sigkilled_writer_resumes_to_exactly_the_expected_rows(
    store_url: str, spawn: Spawn
) -> None:
    rnd = random.Random(20260105)
    for _ in range(KILLS):
        # 0 lines: killed while importing/opening/migrating; more: somewhere in a later batch.
        run_until_killed(spawn, store_url, rnd.randrange(0, 4))
        cursor, tickets, events = committed(store_url)
        assert (tickets, events) == (cursor * ROWS, cursor * ROWS)

    child = spawn(WRITER, store_url, str(BATCHES), str(ROWS))
    out, _ = child.communicate()
    assert child.returncode == 0
    assert out.splitlines()[-1] == "done"

    assert committed(store_url) == (BATCHES, BATCHES * ROWS, BATCHES * ROWS)
    store = open_store(store_url)
    try:
        titles = store.query("SELECT id, title FROM tickets ORDER BY id").rows
    finally:
        store.close()
    last = BATCHES - 1
    expected = [(i, f"{i}@{min(i // ROWS + 1, last)}") for i in range(BATCHES * ROWS)]
    assert titles == expected
