"""The data store: canonical tables in DuckDB (embedded default) or PostgreSQL.

store = open_store()                       # $TICKETLAKE_DATABASE_URL, else the DuckDB file
store.write(Batch("tdx-prod", rows={"tickets": table}, cursors={"tickets": cursor}))
store.cursor("tdx-prod", "tickets")
"""

from ticketlake.store.arrow import arrow_schema
from ticketlake.store.base import Batch, QueryResult, Store
from ticketlake.store.locate import open_store

__all__ = ["Batch", "QueryResult", "Store", "arrow_schema", "open_store"]
