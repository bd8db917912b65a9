"""Syncs started from the web: one at a time per connection, run in the server's event loop.

The sync itself records its run (rows, calls, 429s, duration) in the catalog; this only knows
which connections are syncing right now and how the last web-started sync ended.
"""

from __future__ import annotations

import asyncio
import logging

from ticketlake.errors import TicketlakeError
from ticketlake.web.ports import Syncer

log = logging.getLogger(__name__)


class SyncLauncher:
    """Start syncs in the background and say which are running."""

    def __init__(self, syncer: Syncer) -> None:
        self._syncer = syncer
        self._running: dict[str, asyncio.Task[None]] = {}
        self.last_error: dict[str, str] = {}

    def running(self, connection: str) -> bool:
        """True while a sync of the connection runs."""
        return connection in self._running

    def start(self, connection: str, actor: str) -> bool:
        """Start a sync; False when one is already running for this connection."""
        if connection in self._running:
            return False
        self.last_error.pop(connection, None)
        task = asyncio.get_running_loop().create_task(self._drive(connection, actor))
        self._running[connection] = task
        return True

    async def wait(self, connection: str) -> None:
        """Wait for the running sync of a connection to end (tests and shutdown)."""
        task = self._running.get(connection)
        if task is not None:
            await asyncio.shield(task)

    async def _drive(self, connection: str, actor: str) -> None:
        try:
            await self._syncer.sync(connection, actor=actor)
        except TicketlakeError as exc:
            self.last_error[connection] = str(exc)  # the message and its fix
        except Exception as exc:
            log.error("sync of %s stopped: %s", connection, type(exc).__name__)
            self.last_error[connection] = "the sync stopped on an unexpected error"
        finally:
            self._running.pop(connection, None)
