"""The data store: canonical tables in DuckDB (embedded default) or PostgreSQL.

store = open_store()                       # $TICKETLAKE_DATABASE_URL, else the DuckDB file
store.write(Batch("tdx-prod", rows={"tickets": table}, cursors={"tickets": cursor}))
store.cursor("tdx-prod", "tickets")

``Batch`` and ``QueryResult`` live in ``ticketlake.records``: connectors build batches without
knowing which store takes them.
"""

from ticketlake.store.base import Store
from ticketlake.store.locate import open_store

__all__ = ["Store", "open_store"]
