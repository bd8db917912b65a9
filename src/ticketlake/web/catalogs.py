"""The server's catalog: opened once, on first use, and shared by every request.

``ticketlake.catalog`` serializes its transactions, so the event loop and the thread pool that
run the server's handlers can share one catalog (and one database connection).
"""

from __future__ import annotations

import threading

from ticketlake.catalog import Catalog, open_catalog


class Catalogs:
    """Opens the catalog lazily (tests and the server decide where it lives first)."""

    def __init__(self, url: str | None = None) -> None:
        self._url = url
        self._catalog: Catalog | None = None
        self._lock = threading.Lock()

    def get(self) -> Catalog:
        """The catalog (opened, and migrated, on first use)."""
        with self._lock:
            if self._catalog is None:
                self._catalog = open_catalog(self._url, actor="web")
            return self._catalog

    def close(self) -> None:
        """Release the catalog's database connection."""
        with self._lock:
            if self._catalog is not None:
                self._catalog.close()
                self._catalog = None
